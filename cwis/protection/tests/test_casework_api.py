"""/api/v1 referrals and emotional care of a protection case: the whole referral, a session
and a plan with its review, the case's casework read (access log), refusals (422 with the
field), 404 out of scope, 403 for the roles that do not write cases, 409 stale."""


import pytest

from cwis.core.models import AccessLog
from cwis.protection.services import cases as case_services
from cwis.protection.tests.factories import (
    care_session,
    counselling,
    found_alone,
    intervention_plan,
)
from cwis.protection.tests.test_case_api import body, fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def case(case_users):
    return case_services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                                   data=found_alone())


def test_a_referral_is_sent_accepted_delivered_and_closed(case_users, api, case):
    worker = api(case_users.worker)
    sent = worker.post(f"/protection/cases/{case.pk}/referrals", body(counselling()))
    assert sent.status_code == 201
    referral = sent.json()
    assert (referral["state"], referral["answer_due"]) == ("sent", "2026-02-15")
    rid = referral["id"]
    steps = [("answer", {"version": 1, "accepted": True, "answered_on": "2026-02-01"}),
             ("deliver", {"version": 2, "delivered_on": "2026-02-01", "outcome": "完成"}),
             ("close", {"version": 3, "closed_on": "2026-02-01", "note": "结束"})]
    for step, payload in steps:
        response = worker.post(f"/protection/referrals/{rid}/{step}", payload)
        assert response.status_code == 200, response.content
    assert response.json()["state"] == "closed"
    read = api(case_users.officer).get(f"/protection/cases/{case.pk}/casework")
    assert read.status_code == 200
    assert [r["state"] for r in read.json()["referrals"]] == ["closed"]
    assert AccessLog.objects.filter(object_type="protection_case",
                                    user=case_users.officer).count() == 1


def test_refusals_stale_versions_and_wrong_steps(case_users, api, case):
    worker = api(case_users.worker)
    refused = worker.post(f"/protection/cases/{case.pk}/referrals",
                          body(counselling(service="", recipient_name="")))
    assert refused.status_code == 422
    assert set(fields(refused)) >= {"service", "recipient_name"}
    rid = worker.post(f"/protection/cases/{case.pk}/referrals", body(counselling())).json()["id"]
    assert worker.post(f"/protection/referrals/{rid}/answer", {
        "version": 7, "accepted": True, "answered_on": "2026-02-01"}).status_code == 409
    wrong = worker.post(f"/protection/referrals/{rid}/close", {
        "version": 1, "closed_on": "2026-02-01", "note": "x"})
    assert wrong.status_code == 422


def test_care_sessions_and_plans(case_users, api, case):
    worker = api(case_users.worker)
    assert worker.post(f"/protection/cases/{case.pk}/care-sessions",
                       body(care_session())).status_code == 201
    assert worker.get(f"/protection/cases/{case.pk}/casework").json()["needs_plan"] is True
    refused = worker.post(f"/protection/cases/{case.pk}/care-sessions",
                          body(care_session(risk_level="")))
    assert refused.status_code == 422
    assert "risk_level" in fields(refused)
    plan = worker.post(f"/protection/cases/{case.pk}/intervention-plans",
                       body(intervention_plan()))
    assert plan.status_code == 201
    reviewed = worker.post(f"/protection/intervention-plans/{plan.json()['id']}/reviews", {
        "version": 1, "reviewed_on": "2026-02-01", "findings": "稳定",
        "next_review_on": "2026-03-01"})
    assert reviewed.status_code == 201
    assert reviewed.json()["review_on"] == "2026-03-01"
    assert len(reviewed.json()["reviews"]) == 1
    casework = worker.get(f"/protection/cases/{case.pk}/casework").json()
    assert (casework["at_risk"], casework["needs_plan"]) == (True, False)


def test_out_of_scope_404_and_other_roles_refused(case_users, api, case):
    rid = api(case_users.worker).post(f"/protection/cases/{case.pk}/referrals",
                                      body(counselling())).json()["id"]
    outside = api(case_users.out_of_scope)
    assert outside.get(f"/protection/cases/{case.pk}/casework").status_code == 404
    assert outside.post(f"/protection/cases/{case.pk}/referrals",
                        body(counselling())).status_code == 404
    assert outside.post(f"/protection/referrals/{rid}/answer", {
        "version": 1, "accepted": True, "answered_on": "2026-02-01"}).status_code == 404
    for user in (case_users.prefecture, case_users.village_director):
        client = api(user)
        assert client.get(f"/protection/cases/{case.pk}/casework").status_code == 404
        assert client.post(f"/protection/cases/{case.pk}/care-sessions",
                           body(care_session())).status_code == 403
        assert client.post(f"/protection/referrals/{rid}/answer", {
            "version": 1, "accepted": True, "answered_on": "2026-02-01"}).status_code == 403
