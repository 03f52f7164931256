"""Through the pages in headless Chromium: a child assessed as adoptable, the director's
confirmation, an application and its adopter assessment, the match, the registration, and
the child's file closed (left care: adopted)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cwis.care.models import AdopterApplication, AdoptionMatch, UpbringingAssessment
from cwis.children.models import Child
from cwis.children.tests.factories import ChildFactory
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import PREFECTURE
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import InstitutionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page) -> None:
    page.click("#action-submit")


def test_from_the_upbringing_assessment_to_the_adoption_registered(live_server, make_user,
                                                                    page):
    home = InstitutionFactory(name="南昌市儿童福利院", division_code=PREFECTURE,
                              level="prefecture")
    make_user(Role.SOCIAL_WORKER, institution=home, username="feng", display_name="冯社工")
    make_user(Role.DIRECTOR, institution=home, username="zhou", display_name="周院长")
    today = timezone.localdate()
    child = ChildFactory(current_institution=home, name="林小语", sex="female",
                         birth_date=today - dt.timedelta(days=4 * 365), is_orphan=True,
                         guardianship_since=today - dt.timedelta(days=60))

    # The social worker assesses the child from the file's tab: adoptable, adoption.
    sign_in(page, live_server, "feng")
    page.goto(f"{live_server.url}/children/{child.pk}/")
    page.click("#tab-care_upbringing")
    page.click("#upbringing-new")
    page.select_option("#id_path", "adoption")
    page.select_option("#id_legal_status", "not_eligible")
    submit(page)
    page.wait_for_selector("#error-path")  # refused beside the field: not adoptable
    page.select_option("#id_occasion", "intake")
    page.fill("#id_situation", "父母双亡，无其他亲属可监护")
    page.select_option("#id_legal_status", "orphan")
    page.fill("#id_health", "健康")
    page.fill("#id_attachment", "与照料者依恋良好")
    page.select_option("#id_wish", "too_young")
    page.fill("#id_reasons", "孤儿，健康，适合家庭收养")
    submit(page)
    expect(page.locator("#upbringing-status")).to_have_count(1)
    expect(page.locator("#upbringing-confirm")).to_have_count(0)
    assessment = UpbringingAssessment.objects.get(child=child)

    # The director confirms it from the to-do list: the child's adoption opens.
    sign_in(page, live_server, "zhou")
    page.click(f"#todo-list a[href='/care/upbringing/{assessment.pk}/']")
    page.click("#upbringing-confirm")
    submit(page)
    expect(page.locator("#adoption-cases a")).to_have_count(1)

    # The social worker records an application and its adopter assessment ...
    sign_in(page, live_server, "feng")
    page.goto(f"{live_server.url}/care/adoption/")
    page.click("#application-new")
    page.select_option("#id_kind", "domestic")
    page.fill("#id_applicants", "张伟、李娜")
    page.fill("#id_address", "南昌市红谷滩区某路1号")
    page.fill("#id_household", "夫妻二人，无子女，收入稳定")
    submit(page)
    page.click("#application-assess")
    page.select_option("#id_assessed_by", "entrusted")
    page.select_option("#id_outcome", "suitable")
    page.fill("#id_assessment_summary", "家庭和睦，适合收养")
    submit(page)
    page.wait_for_selector("#error-assessor_name")
    page.fill("#id_assessor_name", "南昌市阳光社会工作服务中心")
    submit(page)
    expect(page.locator("#assessment-outcome")).to_have_count(1)
    assert AdopterApplication.objects.get().state == "suitable"

    # ... lists the child and makes the match with the reasons.
    page.goto(f"{live_server.url}/care/adoption/")
    page.click("#adoption-cases a")
    page.click("#case-list")
    submit(page)
    page.click("#match-new")
    page.select_option("#id_application_id", index=1)
    page.fill("#id_reasons", "申请人希望收养女孩，融合期互动良好")
    submit(page)
    expect(page.locator("#match-state")).to_have_count(1)
    expect(page.locator("#match-register")).to_have_count(0)  # the director's
    match = AdoptionMatch.objects.get()

    # The director registers the adoption: the child's file closes, the visits fall due.
    sign_in(page, live_server, "zhou")
    page.goto(f"{live_server.url}/care/adoption/matches/{match.pk}/")
    page.click("#match-register")
    page.fill("#id_registration_office", "南昌市民政局")
    page.fill("#id_certificate_number", "赣洪收登字2026-0001")
    submit(page)
    expect(page.locator("#registration")).to_have_count(1)
    expect(page.locator("#follow-ups tbody tr")).to_have_count(3)
    child = Child.objects.get(pk=child.pk)
    assert (child.status, child.leave_reason) == ("left_care", "adoption")
    page.goto(f"{live_server.url}/children/{child.pk}/")
    expect(page.locator("#leave-link")).to_have_count(0)
    expect(page.locator("#child-status")).to_have_count(1)
