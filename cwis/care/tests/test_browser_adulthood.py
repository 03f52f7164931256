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
from cwis.institutions.tests.factories import InstitutionFactory, ResidenceFactory

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


def test_the_family_care_pages_are_translated_accessible_and_fit(live_server, make_user,
                                                                  page):
    from cwis.care.services import adulthood, foster
    from cwis.care.tests.factories import FosterFamilyFactory
    from cwis.core.tests.a11y import axe_violations, overflow, untranslated

    home = InstitutionFactory(name="南昌市儿童福利院", division_code=PREFECTURE,
                              level="prefecture")
    worker = make_user(Role.SOCIAL_WORKER, institution=home, username="feng",
                       display_name="冯社工")
    with at(TODAY):
        youth = ChildFactory(current_institution=home, name="陈志远",
                             birth_date=add_years(TODAY, -17))
        young = ChildFactory(current_institution=home, name="李浩然",
                             birth_date=dt.date(2014, 5, 1))
        family = FosterFamilyFactory(institution=home)
        placed = foster.foster_place(actor=worker, child_id=young.pk, family_id=family.pk,
                                     on=TODAY, reason="适合家庭养育")
        plan = adulthood.adulthood_plan_create(actor=worker, child_id=youth.pk, data={
            "evaluation": "健康", "wishes": "就业", "starts_on": TODAY,
            "review_due_on": TODAY + dt.timedelta(days=90)})
        adulthood.adulthood_path_add(actor=worker, plan_id=plan.pk, data={
            "kind": "employment", "department": "人社局",
            "target_on": TODAY + dt.timedelta(days=200)})
        residence = ResidenceFactory(institution=home)
        couple = foster.couple_record(actor=worker, residence_id=residence.pk, data={
            "father_name": "陈国华", "mother_name": "李春梅", "started_on": TODAY})
        sign_in(page, live_server, "feng")
        problems = []
        for width in (1280, 375):  # a desktop and a phone
            page.set_viewport_size({"width": width, "height": 900})
            for path in ("/care/foster/", f"/care/foster/{family.pk}/",
                         f"/care/foster/placements/{placed.pk}/",
                         f"/care/family/child/{youth.pk}/", f"/care/adulthood/{plan.pk}/",
                         "/care/adulthood/", "/care/residences/",
                         f"/care/residences/{residence.pk}/", f"/care/couples/{couple.pk}/"):
                page.goto(f"{live_server.url}{path}")
                page.wait_for_load_state("load")
                if (extra := overflow(page)) > 0:
                    problems.append(f"{path} at {width}px: {extra} px too wide")
                if english := untranslated(page):
                    problems.append(f"{path}: untranslated {english}")
                if width == 1280:
                    problems += [f"{path}: axe {v}" for v in axe_violations(page)]
        assert problems == []
