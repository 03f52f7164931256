"""/api/v1 protection cases: open, read (access log), correct, assess, confirm, counts, the
reasoned read, refusals (422 with the field), 404 out of scope, 403 read-only, 409 stale."""

import datetime as dt

import pytest

from cwis.core.models import AccessLog
from cwis.protection.models import CaseAccessReason
from cwis.protection.services import cases as services
from cwis.protection.tests.factories import found_alone, guardian_able

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def body(data: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}


def fields(response) -> dict[str, str]:
    return {e["loc"][-1]: e["msg"] for e in response.json()["detail"]}


def test_a_case_is_opened_read_assessed_and_confirmed(case_users, api):
    worker, officer = api(case_users.worker), api(case_users.officer)
    response = worker.post(f"/children/{case_users.child.pk}/protection-cases",
                           body(found_alone()))
    assert response.status_code == 201
    case = response.json()
    assert case["first_assessment_due"] == "2026-03-01"

    read = officer.get(f"/protection/cases/{case['id']}")
    assert read.status_code == 200
    assert AccessLog.objects.filter(object_type="protection_case",
                                    user=case_users.officer).count() == 1

    assessment = worker.post(f"/protection/cases/{case['id']}/assessments",
                             body(guardian_able()))
    assert assessment.status_code == 201
    confirmed = officer.post(f"/protection/assessments/{assessment.json()['id']}/confirm",
                             {"version": 1})
    assert confirmed.status_code == 200
    assert confirmed.json()["confirmed_on"] == "2026-02-01"
    assert [c["id"] for c in worker.get("/protection/cases").json()["items"]] == [case["id"]]


def test_refusals_name_their_fields(case_users, api):
    response = api(case_users.worker).post(
        f"/children/{case_users.child.pk}/protection-cases",
        body(found_alone(situation="", safety_check="")))
    assert response.status_code == 422
    assert fields(response)["safety_check"] == str(services.MSG_TEXT_REQUIRED)
    assert "situation" in fields(response)


def test_out_of_scope_is_not_found_and_read_only_is_forbidden(case_users, api):
    case = services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                              data=found_alone())
    assert api(case_users.out_of_scope).get(f"/protection/cases/{case.pk}").status_code == 404
    assert api(case_users.village_director).get(
        f"/protection/cases/{case.pk}").status_code == 404
    assert api(case_users.prefecture).get(f"/protection/cases/{case.pk}").status_code == 404
    assert api(case_users.province).patch(f"/protection/cases/{case.pk}",
                                          {"version": 1}).status_code == 403
    assert api(case_users.province).post(f"/protection/cases/{case.pk}/assessments",
                                         body(guardian_able())).status_code == 403


def test_a_stale_version_answers_409(case_users, api):
    case = services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                              data=found_alone())
    client = api(case_users.officer)
    assert client.patch(f"/protection/cases/{case.pk}",
                        {"version": 1, "placement": "relatives"}).status_code == 200
    assert client.patch(f"/protection/cases/{case.pk}",
                        {"version": 1, "placement": "foster_family"}).status_code == 409


def test_the_offices_above_count_and_read_with_a_reason(case_users, api):
    case = services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                              data=found_alone())
    for user in (case_users.prefecture, case_users.province, case_users.ministry):
        assert api(user).get("/protection/cases/counts").json() == [
            {"county_code": "360121", "open_cases": 1}]
        assert api(user).get("/protection/cases").json()["items"] == []
    client = api(case_users.province)
    refused = client.post(f"/protection/cases/{case.pk}/open-with-reason", {"reason": ""})
    assert refused.status_code == 422
    assert "reason" in fields(refused)
    opened = client.post(f"/protection/cases/{case.pk}/open-with-reason",
                         {"reason": "核查舆情"})
    assert opened.status_code == 200
    assert CaseAccessReason.objects.get().reason == "核查舆情"
    assert api(case_users.ministry).post(f"/protection/cases/{case.pk}/open-with-reason",
                                         {"reason": "抽查"}).status_code == 403


def test_a_conference_and_its_decisions_through_the_api(case_users, api):
    case = services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                              data=found_alone())
    client = api(case_users.worker)
    refused = client.post(f"/protection/cases/{case.pk}/conferences", {
        "held_on": "2026-01-31", "situation": "x", "participants": [],
        "decisions": [{"action": "a", "department": "court", "responsible": "", "due_on":
                       "2026-02-10"}]})
    assert refused.status_code == 422
    assert set(fields(refused)) == {"participants", "decisions.0.responsible"}
    created = client.post(f"/protection/cases/{case.pk}/conferences", {
        "held_on": "2026-01-31", "situation": "父亲失联",
        "participants": [{"department": "school", "name": "李老师"}],
        "decisions": [{"action": "安排心理辅导", "department": "social_organisation",
                       "responsible": "阳光社工站", "due_on": "2026-02-10"}]})
    assert created.status_code == 201
    decision_id = created.json()["decisions"][0]["id"]
    done = client.post(f"/protection/decisions/{decision_id}/done",
                       {"version": 1, "done_on": "2026-02-01", "note": "每周一次"})
    assert done.status_code == 200
    assert client.post(f"/protection/decisions/{decision_id}/done",
                       {"version": 1, "done_on": "2026-02-01", "note": "x"}).status_code == 409
    read = client.get(f"/protection/cases/{case.pk}").json()
    assert read["conferences"][0]["decisions"][0]["done_note"] == "每周一次"
    assert api(case_users.out_of_scope).post(
        f"/protection/decisions/{decision_id}/done",
        {"version": 2, "done_on": "2026-02-01", "note": "x"}).status_code == 404
