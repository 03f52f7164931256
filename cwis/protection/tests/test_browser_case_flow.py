"""Issue 16 in headless Chromium, the whole case: a protection worker opens a case for a
child found alone, places the child, holds a case conference with two decisions, refers the
child for counselling (accepted, delivered), assesses the guardian as able again, the county
officer confirms, the worker returns the child home and records the follow-up visit that
closes the case. Then the new pages in Chinese on a 375 px wide phone, as screenshots
(CWIS_SCREENSHOTS=<dir> keeps them)."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cwis.children.tests.factories import CommunityChildFactory
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import COUNTY_A
from cwis.core.permissions import Role
from cwis.protection.models import CaseState, ProtectionCase
from cwis.protection.tests.factories import VILLAGE, ensure_divisions
from cwis.protection.tests.test_browser_referral import refer_for_counselling

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_from_a_child_found_alone_to_the_follow_up_that_closes_it(
        live_server, make_user, page, browser):
    ensure_divisions()
    make_user(Role.PROTECTION_WORKER, division_code=COUNTY_A, username="zhou")
    make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="liu")
    child = CommunityChildFactory(name="王小安", division_code=VILLAGE)
    today = timezone.localdate()

    # The worker opens the case from the community file and places the child.
    sign_in(page, live_server, "zhou")
    page.goto(f"{live_server.url}/community/{child.pk}/")
    page.click("#open-case-link")
    page.select_option("#id_situation", "neglect")
    page.select_option("#id_reported_by", "village_committee")
    page.fill("#id_reporter_name", "莲塘村委会")
    page.fill("#id_circumstances", "儿童独自在家三天，父亲外出务工失联")
    page.fill("#id_safety_check", "无外伤，轻度营养不良")
    page.select_option("#id_placement", "institution")
    page.click("#case-submit")
    page.wait_for_selector("#case-title")
    case = ProtectionCase.objects.get(child=child)
    assert case.placement == "institution"

    # A case conference with two decisions.
    page.click("#conference-link")
    page.fill("#id_situation", "父亲已联系上，商定返乡时间")
    page.select_option("#id_participant_0_department", "school")
    page.fill("#id_participant_0_name", "莲塘小学李老师")
    page.select_option("#id_participant_1_department", "village_committee")
    page.fill("#id_participant_1_name", "王主任")
    for i, (action, department, who) in enumerate([
            ("安排复学", "school", "李老师"), ("每周家访", "village_committee", "王主任")]):
        page.fill(f"#id_decision_{i}_action", action)
        page.select_option(f"#id_decision_{i}_department", department)
        page.fill(f"#id_decision_{i}_responsible", who)
        page.fill(f"#id_decision_{i}_due_on", (today + dt.timedelta(days=14)).isoformat())
    page.click("#conference-submit")
    page.wait_for_selector("#case-title")
    expect(page.locator("#case-timeline .decision")).to_have_count(2)

    # The child is referred for counselling; the organisation accepts and delivers it.
    refer_for_counselling(page)
    expect(page.locator("li.referral-delivered")).to_have_count(1)

    # The guardian is assessed as able again.
    page.click("#assess-link")
    page.fill("#id_guardian_situation", "父亲已返乡，在县城就业")
    page.fill("#id_guardian_capacity", "有稳定收入和住所，愿意照顾")
    page.fill("#id_risks", "父亲再次外出的可能")
    page.fill("#id_child_views", "愿意回家")
    page.select_option("#id_recommendation", "return_to_guardian")
    page.fill("#id_reassess_on", (today + dt.timedelta(days=90)).isoformat())
    page.click("#case-submit")
    page.wait_for_selector("#case-title")
    expect(page.locator("#exit-link")).to_have_count(1)

    # The county officer confirms.
    sign_in(page, live_server, "liu")
    page.goto(f"{live_server.url}/protection/cases/{case.pk}/")
    page.click(".confirm-assessment")
    page.wait_for_selector("#case-title")
    expect(page.locator(".assessment .badge.bg-success")).to_have_count(1)

    # The worker returns the child home: one follow-up visit, a month on.
    sign_in(page, live_server, "zhou")
    page.goto(f"{live_server.url}/protection/cases/{case.pk}/exit/")
    page.select_option("#id_outcome", "returned")
    page.fill("#id_follow_up_months", "1")
    page.fill("#id_visit_every_months", "1")
    page.click("#case-submit")
    page.wait_for_selector("#case-outcome")
    expect(page.locator("#case-follow-ups .case-follow-up")).to_have_count(1)

    # The follow-up visit closes the case.
    page.click("#case-follow-ups .case-follow-up a")
    page.wait_for_selector("#follow-up-form")
    page.select_option("#id_method", "home")
    page.fill("#id_situation", "与父亲同住，按时上学")
    page.click("#follow-up-submit")
    page.wait_for_selector("#follow-up-recorded")
    case.refresh_from_db()
    assert (case.state, case.outcome, case.closed_on) == (CaseState.CLOSED, "returned", today)
    page.goto(f"{live_server.url}/protection/cases/{case.pk}/")
    expect(page.locator("#case-timeline .timeline-closed")).to_have_count(1)
    expect(page.locator("#exit-link")).to_have_count(0)

    # The new pages in Chinese on a phone.
    shots = os.environ.get("CWIS_SCREENSHOTS")
    phone = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800},
                                extra_http_headers={"Accept-Language": "zh-Hans"})
    try:
        small = phone.new_page()
        sign_in(small, live_server, "zhou")
        for name, path in (("case", f"/protection/cases/{case.pk}/"),
                           ("follow_up", f"/protection/cases/follow-ups/"
                                         f"{case.follow_ups.get().pk}/"),
                           ("closed_list", "/protection/cases/?state=closed"),
                           ("exit_form", f"/protection/cases/{case.pk}/exit/")):
            small.goto(f"{live_server.url}{path}")
            overflow = small.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, name
            if shots:
                small.screenshot(path=os.path.join(shots, f"{name}.png"), full_page=True)
    finally:
        phone.close()
