"""Issue 19's "done when" in headless Chromium: a director records a fire drill with the
fire service that finds a blocked exit; the clock moves past the hazard's deadline; the
prefecture's dashboard shows one overdue hazard (and leads to it); the director records
the fix, the county officer checks it, and the count goes back to zero."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from cwis.children.tests.test_browser import sign_in
from cwis.conftest import COUNTY_A, PREFECTURE
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.safety.models import Hazard, HazardState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def overdue_figure(page, live_server):
    page.goto(f"{live_server.url}/oversight/dashboard/")
    return page.locator("#panel-safety a.figure-link").first


def test_a_drill_finds_a_blocked_exit_that_goes_overdue_and_is_fixed_and_checked(
        live_server, make_user, page, settings):
    settings.CWIS_SAFETY_HAZARD_FIX_DAYS = {"general": 30, "major": 7}
    settings.CWIS_FIGURES_CACHE_SECONDS = 0
    home = InstitutionFactory(name="南昌县儿童福利院", division_code=COUNTY_A, level="county")
    make_user(Role.DIRECTOR, institution=home, username="zhou")
    make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="liu")
    make_user(Role.PREFECTURE_OFFICER, division_code=PREFECTURE, username="chen")
    today = timezone.localdate()

    # The director records a fire drill with the fire service; it finds a blocked exit.
    sign_in(page, live_server, "zhou")
    page.goto(f"{live_server.url}/safety/drills/")
    page.click("#drill-new")
    page.select_option("#id_scenario", "fire")
    page.check("#id_with_fire_service")
    page.fill("#id_participants", "全体职工和儿童，南昌县消防救援大队")
    page.fill("#id_participant_count", "86")
    page.fill("#id_duration_minutes", "25")
    page.fill("#id_problems", "二楼东侧安全出口被杂物堵塞，疏散延误")
    page.click("#safety-submit")
    expect(page.locator("#drill-title")).to_have_count(1)
    page.click("#drill-hazard-new")
    page.select_option("#id_area", "fire")
    page.select_option("#id_level", "general")
    page.fill("#id_description", "二楼东侧安全出口被杂物堵塞")
    page.fill("#id_responsible", "后勤王师傅")
    page.click("#safety-submit")
    expect(page.locator("#hazard-table tr.hazard")).to_have_count(1)
    hazard = Hazard.objects.get()
    assert hazard.due_on == today + dt.timedelta(days=30)

    # Before the deadline the prefecture sees no overdue hazard.
    sign_in(page, live_server, "chen")
    expect(overdue_figure(page, live_server)).to_have_attribute("data-value", "0")

    # The clock moves past the deadline.
    later = today + dt.timedelta(days=31)
    with time_machine.travel(dt.datetime(later.year, later.month, later.day, 9, 0,
                                         tzinfo=SHANGHAI), tick=True):
        sign_in(page, live_server, "chen")
        figure = overdue_figure(page, live_server)
        expect(figure).to_have_attribute("data-value", "1")
        expect(page.locator("#safety_hazards-areas tbody tr")).to_have_count(1)
        figure.click()
        expect(page.locator("#hazard-table tr.hazard-overdue")).to_have_count(1)

        # The director records the fix; the check is for someone else.
        sign_in(page, live_server, "zhou")
        page.goto(f"{live_server.url}/safety/hazards/{hazard.pk}/")
        expect(page.locator("#hazard-overdue")).to_have_count(1)
        page.click("#hazard-fix")
        page.fill("#id_fix_description", "杂物已清理，张贴禁止堆放标识，每日巡查")
        page.click("#safety-submit")
        expect(page.locator("#check-by-another")).to_have_count(1)
        expect(page.locator("#hazard-check")).to_have_count(0)

        # The county officer checks the fix and closes the hazard.
        sign_in(page, live_server, "liu")
        page.goto(f"{live_server.url}/safety/hazards/{hazard.pk}/")
        page.click("#hazard-check")
        page.check("#id_accepted_0")
        page.click("#safety-submit")
        expect(page.locator("#hazard-state")).to_have_text(
            str(HazardState.CLOSED.label))

        # The prefecture's count is back to zero.
        sign_in(page, live_server, "chen")
        expect(overdue_figure(page, live_server)).to_have_attribute("data-value", "0")
    assert Hazard.objects.get().state == HazardState.CLOSED
