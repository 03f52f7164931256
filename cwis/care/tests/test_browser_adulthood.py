"""Through the pages in headless Chromium: a boy of 17 gets an adulthood plan with an
employment path, the director approves it, the social worker follows the path through its
steps to a job; at 18 the director records his leaving care, which records the path."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from cwis.care.choices_family import PathState
from cwis.care.models import AdulthoodFollowUp, AdulthoodPlan
from cwis.children.services import add_years
from cwis.children.tests.factories import ChildFactory
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import PREFECTURE
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import InstitutionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = dt.date(2026, 2, 1)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI))


def test_a_boy_of_17_follows_an_employment_path_to_a_job_and_leaves_care_with_it(
        live_server, make_user, page):
    home = InstitutionFactory(name="南昌市儿童福利院", division_code=PREFECTURE,
                              level="prefecture")
    make_user(Role.SOCIAL_WORKER, institution=home, username="feng", display_name="冯社工")
    make_user(Role.DIRECTOR, institution=home, username="zhou", display_name="周院长")
    birth = add_years(TODAY, -18) + dt.timedelta(days=10)  # 18 in ten days
    child = ChildFactory(current_institution=home, name="陈志远", birth_date=birth)

    with at(TODAY):
        # The social worker writes the plan from the child's file.
        sign_in(page, live_server, "feng")
        page.goto(f"{live_server.url}/children/{child.pk}/")
        page.click("#tab-care_family")
        expect(page.locator("#adulthood-plan")).to_have_count(1)
        page.click("#adulthood-new")
        page.fill("#id_evaluation", "身体健康，中职汽修专业")
        page.click("#action-submit")
        page.wait_for_selector("#error-wishes")  # refused beside the field
        page.fill("#id_wishes", "想做汽修工作")
        page.fill("#id_review_due_on", (TODAY + dt.timedelta(days=90)).isoformat())
        page.click("#action-submit")
        page.wait_for_selector("#plan-status")
        page.click("#path-new")
        page.select_option("#id_kind", "employment")
        page.fill("#id_department", "南昌市人力资源和社会保障局")
        page.fill("#id_target_on", (TODAY + dt.timedelta(days=8)).isoformat())
        page.click("#action-submit")
        expect(page.locator("#path-employment")).to_have_count(1)
        plan = AdulthoodPlan.objects.get(child=child)

        # The director approves it from the to-do list's turning-18 alert's file.
        sign_in(page, live_server, "zhou")
        page.goto(f"{live_server.url}/care/adulthood/{plan.pk}/")
        page.click("#plan-approve")
        page.click("#action-submit")
        page.wait_for_selector("#approved")

        # The social worker follows the path: training done, then the job.
        sign_in(page, live_server, "feng")
        page.goto(f"{live_server.url}/care/adulthood/{plan.pk}/")
        page.click("#path-employment .step-new")
        page.select_option("#id_kind", "vocational_training")
        page.fill("#id_due_on", (TODAY + dt.timedelta(days=5)).isoformat())
        page.fill("#id_note", "汽车维修中级工")
        page.click("#action-submit")
        expect(page.locator("#path-employment .steps li")).to_have_count(1)
        page.click("#path-employment .step-done")
        page.click("#action-submit")
        expect(page.locator("#path-employment .step-done")).to_have_count(0)
        page.click("#path-employment .path-outcome")
        page.select_option("#id_state", "achieved")
        page.fill("#id_outcome", "南昌某汽修厂学徒，签订劳动合同")
        page.click("#action-submit")
        expect(page.locator("#path-employment .path-outcome-text")).to_have_count(1)
        assert plan.paths.get().state == PathState.ACHIEVED

    # Eleven days later he is 18: the director records his leaving care at adulthood.
    with at(TODAY + dt.timedelta(days=11)):
        sign_in(page, live_server, "zhou")
        page.goto(f"{live_server.url}/children/{child.pk}/")
        page.click("#leave-link")
        page.select_option("#id_reason", "adulthood")
        page.select_option("#id_adult_placement", "employment")
        page.click("#action-submit")
        page.wait_for_selector("#left-care")
        page.goto(f"{live_server.url}/care/family/child/{child.pk}/")
        expect(page.locator("#path-taken")).to_have_count(1)
        expect(page.locator("#follow-ups li")).to_have_count(2)
    plan.refresh_from_db()
    assert plan.path_taken.kind == "employment"
    assert AdulthoodFollowUp.objects.filter(child=child).count() == 2
