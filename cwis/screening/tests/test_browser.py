"""A screening campaign in headless Chromium, in Chinese: the county officer uploads a
workbook with two bad rows, sees the refusals by row and column, uploads the corrected
file, imports it; the village director then finds the children in the registry with their
visit deadlines. Pages at 1366 and 375 px without horizontal scrolling, English leftovers or
blocking axe-core violations (the county work's `zh` and `check`); screenshots in
$CWIS_SHOTS (default /tmp/shots-around)."""

import pytest
from django.utils.translation import override

from cwis.children.models import Child
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import COUNTY_A
from cwis.core.imports import workbook
from cwis.core.jobs.testing import run_queued_jobs
from cwis.core.permissions import Role
from cwis.protection.tests.factories import VILLAGE, ensure_divisions
from cwis.protection.tests.test_county_work_browser import SHOTS, check
from cwis.screening.imports import MSG_VILLAGE_OTHER_COUNTY
from cwis.screening.tests.factories import (
    campaign_for,
    child_row,
    label,
    screening_workbook,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LOADED_MACHINE_MS = 90_000  # the jobs run on a busy test machine


def _open(zh, width: int):
    page = zh(width)
    page.set_default_timeout(LOADED_MACHINE_MS)
    return page


def _upload(page, campaign, rows, name: str) -> None:
    path = SHOTS / name
    SHOTS.mkdir(parents=True, exist_ok=True)
    path.write_bytes(screening_workbook(campaign, rows))
    page.set_input_files("#id_file", str(path))
    page.click("#upload-submit")
    page.wait_for_selector("#batch-progress")
    run_queued_jobs()  # the worker's part; the page polls and reloads when it is done
    page.wait_for_selector("#batch-counts")


def test_an_officer_fixes_two_bad_rows_imports_and_the_director_sees_the_children(
        live_server, make_user, zh):
    ensure_divisions()
    officer = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="liu",
                        display_name="刘股长")
    make_user(Role.CHILD_DIRECTOR, division_code=VILLAGE, username="xu",
              display_name="徐主任")
    campaign = campaign_for(officer)
    good = [child_row(1), child_row(2)]
    bad = [child_row(3, name=""), child_row(4, village="360124100201")]

    page = _open(zh, 1366)
    sign_in(page, live_server, "liu")
    page.goto(f"{live_server.url}/screening/{campaign.pk}/")
    assert "莲塘镇" in page.inner_text("#campaign-townships")
    check(page, "campaign-1366")
    _upload(page, campaign, good + bad, "with-errors.xlsx")
    refusals = page.locator("#batch-rows tr.refusal")
    assert refusals.count() == 2
    assert page.inner_text("#count-refused") == "2"
    text = page.inner_text("#batch-rows")
    with override("zh-hans"):
        assert label("name") in text
        assert str(workbook.MSG_CELL_REQUIRED) in text
        assert label("village") in text
        assert str(MSG_VILLAGE_OTHER_COUNTY) in text
    check(page, "refusals-1366")

    page.click("#batch-reupload")
    fixed = [*good, child_row(3), child_row(4)]
    _upload(page, campaign, fixed, "fixed.xlsx")
    assert page.inner_text("#count-refused") == "0"
    assert page.inner_text("#count-create") == "4"
    page.click("#batch-commit")
    page.wait_for_selector("#batch-progress")
    run_queued_jobs()
    page.wait_for_selector("#count-created")
    assert page.inner_text("#count-created") == "4"
    check(page, "imported-1366")
    assert Child.objects.filter(registered_on__isnull=False).count() == 4

    phone = _open(zh, 375)
    sign_in(phone, live_server, "xu")
    phone.goto(f"{live_server.url}/community/")
    listing = phone.inner_text("main")
    for row in fixed:
        assert row["name"] in listing
    assert "2026-04-15" in listing  # registered 15 January: first visit due in 90 days
    check(phone, "director-registry-375")
    page.goto(f"{live_server.url}/screening/{campaign.pk}/")
    assert page.inner_text("#figures-total").split()[1:3] == ["4", "4"]
    check(page, "figures-1366")
    wide = _open(zh, 375)
    sign_in(wide, live_server, "liu")
    wide.goto(f"{live_server.url}/screening/{campaign.pk}/")
    check(wide, "campaign-375")
