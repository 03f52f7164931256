"""Through the pages in headless Chromium: a therapist assesses a child and writes a plan,
the director approves it, the therapist records sessions and the review closes the plan."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cwis.care.choices import PlanStatus
from cwis.care.models import CarePlan
from cwis.children.tests.factories import ChildFactory
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import PREFECTURE
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import InstitutionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_plan_from_assessment_through_approval_and_sessions_to_review(live_server,
                                                                        make_user, page):
    home = InstitutionFactory(name="南昌市儿童福利院", division_code=PREFECTURE,
                              level="prefecture")
    make_user(Role.THERAPIST, institution=home, username="sun", display_name="孙康复师")
    make_user(Role.DIRECTOR, institution=home, username="zhou", display_name="周院长")
    today = timezone.localdate()
    child = ChildFactory(current_institution=home, name="康小乐",
                         birth_date=today - dt.timedelta(days=4 * 365),
                         disability_type="physical", disability_grade=2)

    # The therapist opens the child's rehabilitation tab and records an assessment.
    sign_in(page, live_server, "sun")
    page.goto(f"{live_server.url}/children/{child.pk}/")
    page.click("#tab-care_rehabilitation")
    page.click("#assessment-new")
    page.fill("#id_method", "GMFM-88")
    page.click("#action-submit")
    page.wait_for_selector("#error-findings")  # refused beside the field
    page.fill("#id_findings", "下肢肌张力高，可扶站")
    page.fill("#id_needs", "步行训练")
    page.click("#action-submit")
    page.wait_for_selector("#care-timeline")
    assert "GMFM-88" in page.locator("#care-timeline").inner_text()

    # ...and writes a plan resting on it, which waits for the director.
    page.click("#plan-new")
    page.select_option("#id_assessment_id", index=1)
    page.fill("#id_goals", "独立行走10米")
    page.fill("#id_services", "运动疗法、平衡训练")
    page.fill("#id_frequency", "每周3次")
    page.fill("#id_session_interval_days", "3")
    page.fill("#id_review_due_on", (today + dt.timedelta(days=90)).isoformat())
    page.click("#action-submit")
    page.wait_for_selector("#plan-status")
    plan = CarePlan.objects.get(child=child)
    assert plan.status == PlanStatus.PENDING
    expect(page.locator("#session-new")).to_have_count(0)

    # The director finds it on the to-do list and approves it.
    sign_in(page, live_server, "zhou")
    page.click(f"#todo-list a[href='/care/plans/{plan.pk}/']")
    page.click("#plan-approve")
    page.click("#action-submit")
    page.wait_for_selector("#approved")
    assert "周院长" in page.locator("#approved").inner_text()

    # The therapist records two sessions, one by an outside provider.
    sign_in(page, live_server, "sun")
    page.goto(f"{live_server.url}/care/plans/{plan.pk}/")
    page.click("#session-new")
    page.fill("#id_duration_minutes", "40")
    page.fill("#id_activity", "平衡训练")
    page.fill("#id_progress", "可扶走5米")
    page.click("#action-submit")
    page.wait_for_selector("#sessions")
    page.click("#session-new")
    page.fill("#id_duration_minutes", "60")
    page.fill("#id_activity", "水疗")
    page.select_option("#id_staff_id", "")
    page.select_option("#id_provider_kind", "rehabilitation")
    page.fill("#id_provider_name", "南昌爱心康复中心")
    page.check("#id_remote")
    page.click("#action-submit")
    page.wait_for_selector("#sessions")
    rows = page.locator("#sessions tbody tr")
    expect(rows).to_have_count(2)
    assert "南昌爱心康复中心" in page.locator("#sessions").inner_text()

    # The review closes the plan; the tab's timeline tells the whole story.
    page.click("#review-new")
    page.select_option("#id_goals_met", "partly")
    page.fill("#id_outcome", "可独立行走3米")
    page.fill("#id_next_step", "新方案：独立行走10米")
    page.click("#action-submit")
    page.wait_for_selector("#review")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    expect(page.locator("#session-new")).to_have_count(0)
    page.goto(f"{live_server.url}/care/child/{child.pk}/rehabilitation/")
    timeline = page.locator("#care-timeline li")
    expect(timeline).to_have_count(6)  # assessment, plan, approval, two sessions, review
