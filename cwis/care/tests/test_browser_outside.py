"""Through the pages in headless Chromium: a county office agrees that the prefecture
institution serves a disabled child living at home; the institution's director opens the
service and only then sees the child's summary; its therapist records an assessment on the
service's page; the county closes the service and the institution's access ends. Then a
county institution's director agrees a service for a child in its care; the delivering
institution opens it, writes and approves a plan, records a session, reads the summary and
closes the service itself, after which its pages answer "not found"."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cwis.care.choices import OutsideState
from cwis.care.models import CareAssessment, CarePlan, CareSession, OutsideService
from cwis.children.tests.factories import ChildFactory, CommunityChildFactory
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import COUNTY_A, PREFECTURE
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import InstitutionFactory, LicenceFactory
from cwis.protection.tests.factories import ensure_divisions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_service_to_a_child_at_home_is_agreed_opened_used_and_closed(live_server,
                                                                        make_user, page):
    ensure_divisions()
    home = InstitutionFactory(name="南昌市儿童福利院", division_code=PREFECTURE,
                              level="prefecture")
    LicenceFactory(institution=home)
    make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="county",
              display_name="县民政")
    make_user(Role.DIRECTOR, institution=home, username="zhou", display_name="周院长")
    make_user(Role.THERAPIST, institution=home, username="sun", display_name="孙康复师")
    today = timezone.localdate()
    child = CommunityChildFactory(name="李小康", birth_date=today - dt.timedelta(days=5 * 365),
                                  disability_type="intellectual", disability_grade=2,
                                  guardian_name="李奶奶", guardian_phone="13900000000")

    # The county office agrees, from the child's rehabilitation tab; refusals come first.
    sign_in(page, live_server, "county")
    page.goto(f"{live_server.url}/care/child/{child.pk}/rehabilitation/")
    page.click("#outside-agree")
    page.click("#action-submit")
    page.wait_for_selector("#error-provider_id")
    expect(page.locator("#error-purpose")).to_have_count(1)
    page.select_option("#id_provider_id", str(home.pk))
    page.select_option("#id_line", "rehabilitation")
    page.fill("#id_purpose", "每周两次认知训练")
    page.fill("#id_agreement_reference", "县民发〔2026〕3号")
    page.click("#action-submit")
    page.wait_for_selector("#service-state")
    service = OutsideService.objects.get(child=child)
    assert service.state == OutsideState.AGREED

    # The institution's director finds it, sees what to deliver but not yet the summary.
    sign_in(page, live_server, "zhou")
    page.goto(f"{live_server.url}/care/outside/")
    page.click(f"#outside-services a[href='/care/outside/{service.pk}/']")
    page.wait_for_selector("#summary-waits")
    assert "每周两次认知训练" in page.locator("#service").inner_text()
    assert "李奶奶" not in page.content()
    page.click("#service-open")
    page.click("#action-submit")
    page.wait_for_selector("#child-summary")
    assert "李奶奶" in page.locator("#child-summary").inner_text()

    # The therapist records an assessment on the service's page.
    sign_in(page, live_server, "sun")
    page.goto(f"{live_server.url}/care/outside/{service.pk}/")
    page.click("#outside-assessment-new")
    page.fill("#id_method", "PEP-3")
    page.fill("#id_findings", "认知发育迟缓")
    page.click("#action-submit")
    page.wait_for_selector("#service-assessments")
    assert "PEP-3" in page.locator("#service-assessments").inner_text()
    assert CareAssessment.objects.filter(outside_service=service).count() == 1

    # The county closes it; the institution's staff get "not found" from then on.
    sign_in(page, live_server, "county")
    page.goto(f"{live_server.url}/care/outside/{service.pk}/")
    page.click("#service-close")
    page.fill("#id_note", "家长带回老家")
    page.click("#action-submit")
    page.wait_for_load_state()
    service.refresh_from_db()
    assert service.state == OutsideState.CLOSED
    sign_in(page, live_server, "sun")
    response = page.goto(f"{live_server.url}/care/outside/{service.pk}/")
    assert response.status == 404


def test_the_delivering_institution_opens_works_on_and_closes_a_service(live_server,
                                                                       make_user, page):
    home = InstitutionFactory(name="南昌市儿童福利院", division_code=PREFECTURE,
                              level="prefecture")
    LicenceFactory(institution=home)
    own = InstitutionFactory(name="东湖区儿童福利院", division_code=COUNTY_A, level="county")
    make_user(Role.DIRECTOR, institution=own, username="wang", display_name="王院长")
    make_user(Role.DIRECTOR, institution=home, username="zhou", display_name="周院长")
    make_user(Role.THERAPIST, institution=home, username="sun", display_name="孙康复师")
    today = timezone.localdate()
    child = ChildFactory(current_institution=own, name="康小乐",
                         birth_date=today - dt.timedelta(days=6 * 365),
                         disability_type="physical", disability_grade=2,
                         guardian_name="东湖区儿童福利院", guardian_phone="0791-86660000")

    # The child's institution agrees, from the child's rehabilitation tab.
    sign_in(page, live_server, "wang")
    page.goto(f"{live_server.url}/care/child/{child.pk}/rehabilitation/")
    page.click("#outside-agree")
    page.select_option("#id_provider_id", str(home.pk))
    page.select_option("#id_line", "rehabilitation")
    page.fill("#id_purpose", "每周一次步态训练")
    page.click("#action-submit")
    expect(page.locator("#service-state")).to_have_count(1)
    service = OutsideService.objects.get(child=child)

    # The delivering director: the service and what to deliver, no summary until it opens.
    sign_in(page, live_server, "zhou")
    page.goto(f"{live_server.url}/care/outside/{service.pk}/")
    expect(page.locator("#summary-waits")).to_have_count(1)
    expect(page.locator("#child-summary")).to_have_count(0)
    assert "0791-86660000" not in page.content()
    page.click("#service-open")
    expect(page.locator("#action-child")).to_have_count(1)
    assert "0791-86660000" not in page.content()
    page.click("#action-submit")
    expect(page.locator("#child-summary")).to_have_count(1)

    # Its therapist reads the summary and writes a plan on the service's page.
    sign_in(page, live_server, "sun")
    page.goto(f"{live_server.url}/care/outside/{service.pk}/")
    expect(page.locator("#child-summary")).to_have_count(1)
    assert "0791-86660000" in page.locator("#child-summary").inner_text()
    page.click("#outside-plan-new")
    page.fill("#id_goals", "独立上下楼梯")
    page.fill("#id_services", "步态训练")
    page.fill("#id_frequency", "每周1次")
    page.fill("#id_review_due_on", (today + dt.timedelta(days=90)).isoformat())
    page.click("#action-submit")
    expect(page.locator("#plan-status")).to_have_count(1)
    plan = CarePlan.objects.get(outside_service=service)

    # The delivering director approves it; the therapist records a session.
    sign_in(page, live_server, "zhou")
    page.goto(f"{live_server.url}/care/plans/{plan.pk}/")
    page.click("#plan-approve")
    page.click("#action-submit")
    expect(page.locator("#approved")).to_have_count(1)
    sign_in(page, live_server, "sun")
    page.goto(f"{live_server.url}/care/plans/{plan.pk}/")
    page.click("#session-new")
    page.fill("#id_duration_minutes", "45")
    page.fill("#id_activity", "步态训练")
    page.click("#action-submit")
    expect(page.locator("#sessions tbody tr")).to_have_count(1)
    assert CareSession.objects.filter(plan=plan).count() == 1
    page.goto(f"{live_server.url}/care/outside/{service.pk}/")
    expect(page.locator(f"#service-plans a[href='/care/plans/{plan.pk}/']")).to_have_count(1)

    # The delivering director closes the service: from then on, "not found".
    sign_in(page, live_server, "zhou")
    page.goto(f"{live_server.url}/care/outside/{service.pk}/")
    page.click("#service-close")
    page.fill("#id_note", "训练目标已达到")
    page.click("#action-submit")
    expect(page.locator("#outside-services")).to_have_count(1)  # back to the list
    service.refresh_from_db()
    assert service.state == OutsideState.CLOSED
    sign_in(page, live_server, "sun")
    for url in (f"/care/outside/{service.pk}/", f"/care/plans/{plan.pk}/"):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 404

    # The child's institution still sees the closed service and its plan on the file.
    sign_in(page, live_server, "wang")
    response = page.goto(f"{live_server.url}/care/plans/{plan.pk}/")
    assert response.status == 200
