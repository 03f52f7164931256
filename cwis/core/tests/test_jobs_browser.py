"""The issue's "done when" for jobs, in headless Chromium: an export of more rows than the
threshold becomes a job, its progress bar moves while the job runs step by step, and the
file downloads when it is ready."""

import io

import pytest
from openpyxl import load_workbook

from cwis.children.tests.factories import ChildFactory
from cwis.conftest import TEST_PASSWORD
from cwis.core.jobs.models import Job
from cwis.core.jobs.testing import JobStepper
from cwis.core.permissions import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def bar(page) -> int:
    return int(page.locator("#job-bar").get_attribute("aria-valuenow"))


def test_a_large_export_runs_as_a_job_whose_bar_moves_and_whose_file_downloads(
        live_server, scope_users, make_user, page, settings):
    settings.CWIS_EXPORT_SYNC_MAX_ROWS = 2
    settings.CWIS_JOB_POLL_MS = 200
    make_user(Role.CAREGIVER, institution=scope_users.institution_a, username="wu")
    for number in range(5):
        ChildFactory(current_institution=scope_users.institution_a, name=f"李{number}")

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "wu")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.click("#nav-children")
    page.click("#export-link")
    page.wait_for_selector("#job-progress[data-state=queued]")
    job = Job.objects.get()
    assert page.url == f"{live_server.url}/jobs/{job.pk}/"

    stepper = JobStepper(job.pk).start()  # running, first report: 0 of 5
    try:
        page.wait_for_selector("#job-progress[data-state=running]")
        before = bar(page)
        stepper.step()  # one more row written
        page.wait_for_function(
            "n => Number(document.querySelector('#job-bar').getAttribute('aria-valuenow')) > n",
            arg=before)
        assert before < bar(page) < 100
        assert page.locator("#job-download").count() == 0
        stepper.finish()
    finally:
        stepper.release()

    page.wait_for_selector("#job-download")
    assert bar(page) == 100
    with page.expect_download() as info:
        page.click("#job-download")
    download = info.value
    assert download.suggested_filename.startswith("children-")
    with open(download.path(), "rb") as file:
        rows = list(load_workbook(io.BytesIO(file.read())).active.iter_rows(values_only=True))
    assert sorted(row[0] for row in rows[1:]) == [f"李{n}" for n in range(5)]

    page.click("#nav-jobs")
    assert page.locator(f"#job-table a[href='/jobs/{job.pk}/']").count() == 1
