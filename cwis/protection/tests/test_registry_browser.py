"""The registry's new pages in headless Chromium, in Chinese: the county officer's coverage,
training and flag panel on a laptop, and the village director's child page with its flags
and the flag panel on a 375 px phone (no horizontal scrolling). Screenshots go to /tmp."""

import datetime as dt
import tempfile
from pathlib import Path

import pytest

from cwis.children.tests.test_browser import sign_in
from cwis.conftest import COUNTY_A
from cwis.core.permissions import Role
from cwis.protection import services
from cwis.protection.services import training
from cwis.protection.tests.factories import TOWNSHIP, VILLAGE, ensure_divisions, left_behind_boy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir())
NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def area(make_user):
    ensure_divisions()
    officer = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="guan")
    director = make_user(Role.CHILD_DIRECTOR, division_code=VILLAGE, username="xu",
                         display_name="徐主任")
    make_user(Role.CHILD_SUPERVISOR, division_code=TOWNSHIP, username="huang",
              display_name="黄督导")
    boy = services.community_register(actor=director, data=left_behind_boy(
        citizen_id="", education_status="not_attending", guardian_relation="none",
        guardian_name="", registered_on=dt.date.today() - dt.timedelta(days=120)))
    training.training_course_record(actor=officer, data={
        "topic": "儿童主任工作实务", "held_on": dt.date.today(), "hours": 3,
        "trainer": "周老师", "place": "县民政局会议室"}, attendee_ids=[director.pk])
    return officer, director, boy


def _zh(browser, width: int, height: int, **extra):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height},
                                  **extra)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def test_the_county_reads_coverage_training_and_flags_on_a_laptop(live_server, browser,
                                                                  area):
    context, page = _zh(browser, 1366, 900)
    sign_in(page, live_server, "guan")
    page.goto(f"{live_server.url}/community/coverage/?township={TOWNSHIP}")
    page.wait_for_selector("#village-table")
    assert "无" in page.inner_text("#village-table")  # 东村 has no director
    page.screenshot(path=SHOTS / "registry-coverage.png", full_page=True)
    page.goto(f"{live_server.url}/community/training/")
    assert "儿童主任工作实务" in page.inner_text("#course-table")
    assert page.inner_text("#supervisors-untrained").strip() == "1 / 1"
    page.screenshot(path=SHOTS / "registry-training.png", full_page=True)
    page.goto(f"{live_server.url}/community/flags/")
    assert page.inner_text("#flag-out_of_school .flag-count").strip() == "1"
    page.screenshot(path=SHOTS / "registry-flags.png", full_page=True)
    context.close()


def test_the_village_director_sees_the_flags_on_a_phone(live_server, browser, area):
    _officer, _director, boy = area
    context, page = _zh(browser, 375, 812, is_mobile=True, has_touch=True)
    sign_in(page, live_server, "xu")
    page.goto(f"{live_server.url}/community/{boy.pk}/")
    page.wait_for_selector("#risk-flags")
    flags = page.locator("#risk-flags .risk-flag")
    # visit overdue, out of school, nobody looks after the child, no ID number after 120 days
    assert flags.count() == 4
    assert page.evaluate(NO_OVERFLOW)
    page.screenshot(path=SHOTS / "registry-child-phone.png", full_page=True)
    page.locator("#risk-flags .flag-step").first.click()
    page.wait_for_url(f"**/community/{boy.pk}/visit/")
    page.goto(f"{live_server.url}/community/flags/")
    assert page.evaluate(NO_OVERFLOW)
    page.screenshot(path=SHOTS / "registry-flags-phone.png", full_page=True)
    context.close()
