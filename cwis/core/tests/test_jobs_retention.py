"""Job result files are kept CWIS_JOB_RESULT_DAYS: `cwis purge_jobs` then removes the file
and marks the job expired; the job's row stays (who ran what, and when)."""

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from cwis.core.jobs.models import Job, JobState
from cwis.core.jobs.registry import JobFile, job_kind
from cwis.core.jobs.services import job_start
from cwis.core.jobs.testing import run_queued_jobs

pytestmark = pytest.mark.django_db


@job_kind("test.retention", label="Retention")
def retention_job(job, progress):
    progress(1, 1)
    return JobFile("list.xlsx", b"children's data")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def finished(user, *, days_ago: int) -> Job:
    job = job_start(actor=user, kind="test.retention")
    run_queued_jobs()
    Job.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - dt.timedelta(days=days_ago, hours=1))
    job.refresh_from_db()
    assert job.state == JobState.DONE
    return job


def purge() -> str:
    out = io.StringIO()
    call_command("purge_jobs", stdout=out)
    return out.getvalue()


def test_an_old_result_file_is_removed_and_its_job_kept_as_expired(scope_users, web, api,
                                                                   settings):
    settings.CWIS_JOB_RESULT_DAYS = 7
    user = scope_users.in_scope
    old, recent = finished(user, days_ago=8), finished(user, days_ago=6)
    old_file = old.result.name
    assert default_storage.exists(old_file)

    assert "1" in purge()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.state, old.result.name, old.result_name) == (JobState.EXPIRED, "", "list.xlsx")
    assert not default_storage.exists(old_file)
    assert not default_storage.listdir(f"jobs/{old.pk}")[1]
    assert recent.state == JobState.DONE
    assert default_storage.exists(recent.result.name)

    client = web(user)
    assert client.get(f"/jobs/{old.pk}/download/").status_code == 404
    assert api(user).get(f"/jobs/{old.pk}/file").status_code == 404
    assert api(user).get(f"/jobs/{old.pk}").json()["state"] == "expired"
    detail = client.get(f"/jobs/{old.pk}/").content.decode()
    assert 'id="job-expired"' in detail
    assert 'id="job-download"' not in detail
    listing = client.get("/jobs/").content.decode()
    assert f"/jobs/{old.pk}/download/" not in listing
    assert f"/jobs/{recent.pk}/download/" in listing
    assert "0" in purge()  # nothing more to do


def test_the_setting_sets_how_long_and_unfinished_or_failed_jobs_are_left(scope_users,
                                                                          settings):
    user = scope_users.in_scope
    two_days = finished(user, days_ago=2)
    waiting = job_start(actor=user, kind="test.retention")
    failed = job_start(actor=user, kind="test.retention")
    Job.objects.filter(pk=failed.pk).update(
        state=JobState.FAILED, error="x", finished_at=timezone.now() - dt.timedelta(days=30))
    settings.CWIS_JOB_RESULT_DAYS = 3
    purge()
    assert Job.objects.get(pk=two_days.pk).state == JobState.DONE
    settings.CWIS_JOB_RESULT_DAYS = 1
    purge()
    states = dict(Job.objects.values_list("pk", "state"))
    assert states == {two_days.pk: JobState.EXPIRED, waiting.pk: JobState.QUEUED,
                      failed.pk: JobState.FAILED}
