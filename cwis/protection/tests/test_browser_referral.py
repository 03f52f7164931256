"""Through the pages in headless Chromium: a county protection worker refers the child of an
open case for psychological counselling (心理咨询), records that the social work station
accepted it, then the delivery with its outcome; the timeline shows each step in order.

`refer_for_counselling` is a step of the whole-flow test of issue 16: call it on a page
signed in as a protection worker, showing the case."""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from cwis.children.tests.factories import CommunityChildFactory
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import COUNTY_A
from cwis.core.permissions import Role
from cwis.core.tests.a11y import axe_violations, overflow, untranslated
from cwis.protection.models import Referral, ReferralState
from cwis.protection.services import cases as case_services
from cwis.protection.tests.factories import VILLAGE, ensure_divisions, found_alone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def refer_for_counselling(page: Page, *, recipient: str = "阳光社工站",
                          outcome: str = "完成四次心理咨询，夜间能安睡") -> None:
    """From the case page: refer for counselling, record the acceptance, then the delivery
    with its outcome (dates left at today)."""
    page.click("#refer-link")
    page.select_option("#id_service", "psychological")
    page.select_option("#id_recipient_kind", "organisation")
    page.select_option("#id_department", "social_organisation")
    page.fill("#id_recipient_name", recipient)
    page.fill("#id_contact", "李老师 13900000000")
    page.fill("#id_request", "儿童受惊吓，夜间哭闹，请安排心理咨询")
    page.click("#case-submit")
    referral = page.locator("li.referral").last
    expect(referral.locator(".referral-state")).to_have_count(1)
    referral.locator(".referral-answer-link").click()
    page.select_option("#id_answer", "yes")
    page.fill("#id_note", "李老师电话确认，每周二下午咨询")
    page.click("#case-submit")
    expect(page.locator("li.referral-answer")).to_have_count(1)
    page.locator("li.referral").last.locator(".referral-deliver-link").click()
    page.fill("#id_outcome", outcome)
    page.click("#case-submit")
    expect(page.locator("li.referral-delivered .referral-outcome")).to_contain_text(outcome)


def test_a_worker_refers_a_child_for_counselling_accepted_then_delivered(live_server,
                                                                          make_user, page):
    ensure_divisions()
    worker = make_user(Role.PROTECTION_WORKER, division_code=COUNTY_A, username="zhou",
                       display_name="周社工")
    child = CommunityChildFactory(name="王小安", division_code=VILLAGE)
    case = case_services.case_open(actor=worker, child_id=child.pk, data=found_alone())

    sign_in(page, live_server, "zhou")
    page.goto(f"{live_server.url}/protection/cases/{case.pk}/")
    refer_for_counselling(page)

    # A refusal shows beside its field: a referral needs the organisation's name.
    page.click("#refer-link")
    page.select_option("#id_service", "medical")
    page.click("#case-submit")
    expect(page.locator("#error-recipient_name")).to_have_count(1)

    referral = Referral.objects.get()
    assert (referral.state, referral.delivered_by_id) == (ReferralState.DELIVERED, worker.pk)
    page.goto(f"{live_server.url}/protection/cases/{case.pk}/")
    steps = page.locator("#case-timeline > li")
    expect(steps.filter(has_text="阳光社工站")).to_have_count(3)  # sent, accepted, delivered
    # The timeline in Chinese: nothing left in English, no horizontal scrolling, no serious
    # axe-core violation.
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "zh-hans",
                               "url": live_server.url}])
    page.reload()
    expect(page.locator("li.referral-delivered")).to_contain_text("服务已提供")
    assert untranslated(page) == []
    assert overflow(page) == 0
    assert axe_violations(page) == []
