"""The referral and emotional care pages of a protection case: send, answer, deliver and close
a referral; record a session, make and review a plan; the timeline in date order; refusals
beside their fields; 404 out of scope; 403 for the roles that do not write cases; the village
and township see nothing of it; the prefecture's escalated item leads to the reason form."""

import datetime as dt

import pytest
import time_machine

from cwis.core.errors import MSG_STALE_VERSION
from cwis.core.models import AccessLog
from cwis.protection.models import InterventionPlan, Referral, ReferralState
from cwis.protection.services import cases as case_services
from cwis.protection.services import emotional_care as care_services
from cwis.protection.services import referrals as services
from cwis.protection.tests.factories import (
    SHANGHAI,
    care_session,
    counselling,
    found_alone,
    intervention_plan,
)
from cwis.protection.tests.test_case_pages import form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def case(case_users):
    return case_services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                                   data=found_alone())


def test_a_worker_refers_the_child_and_records_each_step(case_users, web, case):
    client = web(case_users.worker)
    page = client.get(f"/protection/cases/{case.pk}/").content.decode()
    assert 'id="refer-link"' in page
    assert 'id="care-link"' in page
    response = client.post(f"/protection/cases/{case.pk}/refer/", form(counselling()))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.answer_due == dt.date(2026, 2, 15)

    response = client.post(f"/protection/cases/referrals/{referral.pk}/answer/", {
        "version": 1, "answer": "yes", "answered_on": "2026-02-01", "note": "李老师确认"})
    assert response.status_code == 302
    response = client.post(f"/protection/cases/referrals/{referral.pk}/deliver/", {
        "version": 2, "delivered_on": "2026-02-01", "outcome": "完成首次咨询"})
    assert response.status_code == 302
    response = client.post(f"/protection/cases/referrals/{referral.pk}/close/", {
        "version": 3, "closed_on": "2026-02-01", "note": "转介完成"})
    assert response.status_code == 302
    assert Referral.objects.get().state == ReferralState.CLOSED

    html = client.get(f"/protection/cases/{case.pk}/").content.decode()
    order = [html.index(f'id="{key}-{referral.pk}"') for key in (
        "referral", "referral-answer", "referral-delivered", "referral-closed")]
    assert order == sorted(order)
    assert html.index('class="list-group-item timeline-opened"') < order[0]
    assert "完成首次咨询" in html
    assert "转介完成" in html


def test_the_referral_forms_show_every_refusal_and_a_stale_version(case_users, web, case):
    client = web(case_users.worker)
    response = client.post(f"/protection/cases/{case.pk}/refer/", form(counselling(
        service="", recipient_name="", request="")))
    assert response.status_code == 422
    html = response.content.decode()
    assert str(services.MSG_RECIPIENT_REQUIRED) in html
    assert html.count("is-invalid") >= 3
    assert not Referral.objects.exists()

    referral = services.referral_send(actor=case_users.worker, case_id=case.pk,
                                      data=counselling())
    response = client.post(f"/protection/cases/referrals/{referral.pk}/answer/", {
        "version": 1, "answer": "no", "answered_on": "2026-02-01", "decline_reason": ""})
    assert response.status_code == 422
    assert str(services.MSG_DECLINE_REASON) in response.content.decode()
    response = client.post(f"/protection/cases/referrals/{referral.pk}/deliver/", {
        "version": 1, "delivered_on": "2026-02-01", "outcome": "x"})
    assert response.status_code == 422
    assert str(services.MSG_DELIVER_NOT_ALLOWED % {
        "state": ReferralState.SENT.label}) in response.content.decode()
    response = client.post(f"/protection/cases/referrals/{referral.pk}/answer/", {
        "version": 0, "answer": "yes", "answered_on": "2026-02-01"})
    assert response.status_code == 422
    assert str(MSG_STALE_VERSION) in response.content.decode()
    assert Referral.objects.get().state == ReferralState.SENT


def test_care_sessions_and_the_plan_on_the_case_page(case_users, web, case):
    client = web(case_users.worker)
    response = client.post(f"/protection/cases/{case.pk}/care/", form(care_session()))
    assert response.status_code == 302
    html = client.get(f"/protection/cases/{case.pk}/").content.decode()
    assert 'id="needs-plan"' in html
    assert 'id="plan-link"' in html
    refused = client.post(f"/protection/cases/{case.pk}/plan/", form(intervention_plan(
        goals="")))
    assert refused.status_code == 422
    response = client.post(f"/protection/cases/{case.pk}/plan/", form(intervention_plan()))
    assert response.status_code == 302
    plan = InterventionPlan.objects.get()
    html = client.get(f"/protection/cases/{case.pk}/").content.decode()
    assert 'id="needs-plan"' not in html
    assert html.index('id="care-session-') < html.index(f'id="plan-{plan.pk}"')
    response = client.post(f"/protection/cases/plans/{plan.pk}/review/", {
        "version": 1, "reviewed_on": "2026-02-01", "findings": "好转"})
    assert response.status_code == 302
    assert InterventionPlan.objects.get().ended_on == dt.date(2026, 2, 1)
    assert "好转" in client.get(f"/protection/cases/{case.pk}/").content.decode()


def test_out_of_scope_gets_404_and_other_roles_403(case_users, web, case):
    referral = services.referral_send(actor=case_users.worker, case_id=case.pk,
                                      data=counselling())
    plan = care_services.intervention_plan_make(actor=case_users.worker, case_id=case.pk,
                                                data=intervention_plan())
    urls = [f"/protection/cases/{case.pk}/refer/", f"/protection/cases/{case.pk}/care/",
            f"/protection/cases/{case.pk}/plan/",
            f"/protection/cases/referrals/{referral.pk}/answer/",
            f"/protection/cases/referrals/{referral.pk}/deliver/",
            f"/protection/cases/referrals/{referral.pk}/close/",
            f"/protection/cases/plans/{plan.pk}/review/"]
    for url in urls:
        assert web(case_users.out_of_scope).get(url).status_code == 404
        for user in (case_users.prefecture, case_users.village_director, case_users.ministry):
            assert web(user).get(url).status_code == 403
            assert web(user).post(url, {"version": 1}).status_code == 403
    assert Referral.objects.get().state == ReferralState.SENT
    assert not AccessLog.objects.filter(user=case_users.out_of_scope).exists()


def test_the_village_and_township_see_nothing_of_referrals_or_care(case_users, web, case):
    services.referral_send(actor=case_users.worker, case_id=case.pk, data=counselling())
    care_services.care_session_record(actor=case_users.worker, case_id=case.pk,
                                      data=care_session())
    for user in (case_users.village_director, case_users.supervisor):
        client = web(user)
        for url in (f"/community/{case_users.child.pk}/", "/oversight/todo/"):
            html = client.get(url).content.decode()
            assert "阳光社工站" not in html
            assert "不想活了" not in html
        assert client.get(f"/protection/cases/{case.pk}/").status_code == 404


def test_the_prefecture_follows_an_escalated_item_to_the_reason_form(case_users, web, case):
    services.referral_send(actor=case_users.worker, case_id=case.pk, data=counselling())
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, 0, tzinfo=SHANGHAI), tick=False):
        html = web(case_users.prefecture).get("/oversight/todo/").content.decode()
        assert f'href="/protection/cases/{case.pk}/"' in html
        assert "王小安" not in html
        assert "阳光社工站" not in html
        page = web(case_users.prefecture).get(f"/protection/cases/{case.pk}/")
        assert 'id="reason-form"' in page.content.decode()
        assert "阳光社工站" not in page.content.decode()
