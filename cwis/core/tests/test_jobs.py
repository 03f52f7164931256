"""Background jobs: run, fail, retried after their worker died, seen only by their owner."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cwis.core.jobs import runner, selectors, services
from cwis.core.jobs.models import Job, JobState
from cwis.core.jobs.registry import JobFile, job_kind
from cwis.core.jobs.testing import run_queued_jobs

pytestmark = pytest.mark.django_db


@job_kind("test.rows", label="Rows")
def rows_job(job, progress):
    total = job.params["rows"]
    for done in range(1, total + 1):
        progress(done, total)
    return JobFile("rows.txt", b"row\n" * total)


@job_kind("test.refused", label="Refused")
def refused_job(job, progress):
    raise ValidationError("Nothing to export for this filter.")


@job_kind("test.broken", label="Broken")
def broken_job(job, progress):
    raise RuntimeError("secret internals")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def start(user, kind="test.rows", rows=3) -> Job:
    return services.job_start(actor=user, kind=kind, params={"rows": rows})


def test_a_job_runs_and_its_owner_downloads_the_file(scope_users, web):
    job = start(scope_users.in_scope, rows=4)
    assert job.state == JobState.QUEUED
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.READY
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert (job.state, job.attempts, job.progress_done, job.progress_total) == (
        JobState.DONE, 1, 4, 4)
    assert job.result.name.startswith(f"jobs/{job.pk}/")
    response = web(scope_users.in_scope).get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rows.txt"'
    assert b"".join(response.streaming_content) == b"row\n" * 4


def test_a_job_is_run_once_even_if_its_task_comes_twice(scope_users):
    job = start(scope_users.in_scope)
    runner.job_run(job_id=job.pk, worker="a")
    runner.job_run(job_id=job.pk, worker="b")
    job.refresh_from_db()
    assert (job.attempts, job.worker) == (1, "a")


def test_a_refusal_fails_the_job_with_its_own_words(scope_users, web):
    job = start(scope_users.in_scope, kind="test.refused")
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "Nothing to export for this filter."
    page = web(scope_users.in_scope).get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="job-error"' in page
    assert 'id="job-download"' not in page
    assert web(scope_users.in_scope).get(f"/jobs/{job.pk}/download/").status_code == 404


def test_an_unexpected_error_fails_the_job_without_showing_internals(scope_users):
    job = start(scope_users.in_scope, kind="test.broken")
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "secret" not in job.error
    with runner.translation.override(job.language):
        assert job.error == str(runner.MSG_JOB_ERROR)


def test_a_kind_nobody_registered_is_refused_at_start(scope_users):
    with pytest.raises(KeyError):
        services.job_start(actor=scope_users.in_scope, kind="test.nobody", params={})
    assert not Job.objects.exists()


def _die_while_running(job: Job, worker: str = "dead") -> int:
    """The job is claimed by a worker that then stops renewing its lease."""
    attempt = runner._claim(job.pk, worker)
    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    return attempt


def test_a_job_whose_worker_died_is_queued_again_and_then_runs(scope_users):
    job = start(scope_users.in_scope)
    first_task = job.task_id
    DBTaskResult.objects.filter(id=first_task).update(status=TaskResultStatus.RUNNING)
    _die_while_running(job)
    assert services.jobs_reap_stale() == 1
    job.refresh_from_db()
    assert (job.state, job.attempts, job.worker) == (JobState.QUEUED, 1, "")
    assert job.task_id != first_task
    assert DBTaskResult.objects.get(id=first_task).status == TaskResultStatus.FAILED
    run_queued_jobs()
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.DONE, 2)


def test_a_job_whose_worker_keeps_dying_fails_after_the_last_attempt(scope_users, settings):
    settings.CWIS_JOB_MAX_ATTEMPTS = 2
    job = start(scope_users.in_scope)
    for _ in range(2):
        _die_while_running(job)
        services.jobs_reap_stale()
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.FAILED, 2)
    with runner.translation.override(job.language):
        assert job.error == str(services.MSG_WORKER_LOST)


def test_a_renewed_lease_is_not_taken_back(scope_users):
    job = start(scope_users.in_scope)
    _die_while_running(job, worker="alive")
    assert services.jobs_heartbeat(worker="alive") == 1
    assert services.jobs_reap_stale() == 0
    assert Job.objects.get(pk=job.pk).state == JobState.RUNNING


def test_an_attempt_taken_back_writes_nothing_more(scope_users):
    job = start(scope_users.in_scope)
    old = _die_while_running(job)
    services.jobs_reap_stale()
    new = runner._claim(job.pk, "second")
    assert new == old + 1
    job.refresh_from_db()
    with pytest.raises(runner.JobLostError):
        runner._Reporter(job, old, None)(1, 3)
    with pytest.raises(runner.JobLostError):
        runner._finish(job, old, JobFile("late.txt", b"late"))
    job.refresh_from_db()
    assert (job.state, job.progress_done, job.result.name) == (JobState.RUNNING, 0, "")
    assert job.attempts == new


def test_progress_is_written_once_per_whole_percent(scope_users, django_assert_num_queries):
    job = start(scope_users.in_scope)
    attempt = runner._claim(job.pk, "w")
    report = runner._Reporter(job, attempt, None)
    with django_assert_num_queries(2):
        for done in range(0, 201):
            report(done, 20_000)  # 0 % and 1 %: two writes for two hundred reports
    assert Job.objects.get(pk=job.pk).progress_done == 200


def test_another_user_gets_404_for_the_job_its_poll_and_its_file(scope_users, web):
    job = start(scope_users.in_scope)
    run_queued_jobs()
    other = web(scope_users.out_of_scope)
    assert other.get(f"/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).status_code == 404
    assert other.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert f"/jobs/{job.pk}/" not in other.get("/jobs/").content.decode()
    assert f"/jobs/{job.pk}/" in web(scope_users.in_scope).get("/jobs/").content.decode()


def test_the_read_only_overseer_has_jobs_of_their_own_and_sees_no_one_elses(scope_users,
                                                                             web):
    mine = start(scope_users.overseer)
    theirs = start(scope_users.in_scope)
    run_queued_jobs()
    client = web(scope_users.overseer)
    assert client.get(f"/jobs/{mine.pk}/download/").status_code == 200
    assert client.get(f"/jobs/{theirs.pk}/").status_code == 404
    assert list(selectors.job_list(actor=scope_users.overseer)) == [mine]


def test_a_deactivated_owner_no_longer_sees_the_job(scope_users):
    job = start(scope_users.in_scope)
    scope_users.in_scope.is_active = False
    scope_users.in_scope.save(update_fields=["is_active"])
    with pytest.raises(selectors.NotFoundError):
        selectors.job_get(actor=scope_users.in_scope, job_id=job.pk)


def test_the_page_polls_while_the_job_runs_and_stops_when_it_is_done(scope_users, web):
    job = start(scope_users.in_scope)
    client = web(scope_users.in_scope)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every' in page
    assert 'id="nav-jobs"' in page
    run_queued_jobs()
    poll = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert poll.startswith('<div id="job-progress" data-state="done"')
    assert "hx-trigger" not in poll
    assert 'aria-valuenow="100"' in poll
    assert 'id="job-download"' in poll


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_what_is_queued_and_exits(scope_users):
    jobs = [start(scope_users.in_scope, rows=n) for n in (2, 5)]
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    for job in jobs:
        job.refresh_from_db()
        assert job.state == JobState.DONE
        assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.SUCCESSFUL
        assert job.worker == DBTaskResult.objects.get(id=job.task_id).worker_ids[-1]


def test_the_api_follows_a_job_and_fetches_its_file_for_its_owner_only(scope_users, api):
    job = start(scope_users.in_scope, rows=2)
    owner, other = api(scope_users.in_scope), api(scope_users.out_of_scope)
    body = owner.get(f"/jobs/{job.pk}").json()
    assert (body["state"], body["kind"], body["file_name"]) == ("queued", "test.rows", "")
    assert owner.get(f"/jobs/{job.pk}/file").status_code == 404
    run_queued_jobs()
    body = owner.get(f"/jobs/{job.pk}").json()
    assert (body["state"], body["percent"], body["file_name"]) == ("done", 100, "rows.txt")
    file = owner.get(f"/jobs/{job.pk}/file")
    assert file["Content-Disposition"] == 'attachment; filename="rows.txt"'
    assert [item["id"] for item in owner.get("/jobs").json()["items"]] == [job.pk]
    assert other.get(f"/jobs/{job.pk}").status_code == 404
    assert other.get(f"/jobs/{job.pk}/file").status_code == 404
    assert other.get("/jobs").json()["items"] == []
