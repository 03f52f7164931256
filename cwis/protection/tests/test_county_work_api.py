"""/api/v1 around the cases: direct registration, policy talks, workstations, guidance
visits, figures; 422 with the field, 404 out of scope, 403 read-only, 409 stale."""

import datetime as dt

import pytest

from cwis.children.services import rules
from cwis.protection.services import county_work as services
from cwis.protection.tests.factories import child_found_alone, guidance, talk, workstation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def body(data: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}


def fields(response) -> dict[str, str]:
    return {e["loc"][-1]: e["msg"] for e in response.json()["detail"]}


def test_a_child_is_registered_for_a_case_and_the_case_opened(case_users, api):
    from cwis.protection.tests.factories import found_alone

    worker = api(case_users.worker)
    response = worker.post("/protection/children", body(child_found_alone()))
    assert response.status_code == 201
    child = response.json()
    assert child["status"] == "in_community"
    assert child["birth_date_estimated"] is True
    opened = worker.post(f"/children/{child['id']}/protection-cases", body(found_alone()))
    assert opened.status_code == 201

    refused = worker.post("/protection/children", body(child_found_alone(name="", sex="")))
    assert refused.status_code == 422
    assert fields(refused)["name"] == str(rules.MSG_REQUIRED)
    assert api(case_users.supervisor).post(
        "/protection/children", body(child_found_alone())).status_code == 403


def test_talks_are_recorded_listed_and_corrected(case_users, api):
    worker = api(case_users.worker)
    response = worker.post("/protection/talks", body(talk()))
    assert response.status_code == 201
    talk_id = response.json()["id"]
    assert [t["id"] for t in worker.get("/protection/talks?year=2026").json()["items"]] == [
        talk_id]
    assert worker.get("/protection/talks?year=2025").json()["items"] == []
    patched = worker.patch(f"/protection/talks/{talk_id}", {"version": 1, "audience_count": 99})
    assert patched.json()["audience_count"] == 99
    assert worker.patch(f"/protection/talks/{talk_id}",
                        {"version": 1, "topic": "x"}).status_code == 409
    refused = worker.post("/protection/talks", body(talk(audience_count=0)))
    assert refused.status_code == 422
    assert fields(refused)["audience_count"] == str(services.MSG_AUDIENCE_COUNT)
    assert api(case_users.out_of_scope).get(f"/protection/talks/{talk_id}").status_code == 404
    assert api(case_users.province).post("/protection/talks", body(talk())).status_code == 403
    assert api(case_users.province).get("/protection/talks").json()["items"] == []


def test_workstations_and_guidance_visits_through_the_api(case_users, api):
    worker = api(case_users.worker)
    response = worker.post("/protection/workstations", body(workstation()))
    assert response.status_code == 201
    station = response.json()
    assert station["county_code"] == "360121"
    visit = worker.post(f"/protection/workstations/{station['id']}/guidance-visits",
                        body(guidance()))
    assert visit.status_code == 201
    listed = worker.get("/protection/workstations?guided=yes").json()["items"]
    assert [(s["id"], s["visits_in_year"]) for s in listed] == [(station["id"], 1)]
    supervisor = api(case_users.supervisor)
    assert supervisor.get(f"/protection/workstations/{station['id']}").status_code == 200
    assert [v["id"] for v in supervisor.get("/protection/guidance-visits").json()["items"]] == [
        visit.json()["id"]]
    assert supervisor.patch(f"/protection/workstations/{station['id']}",
                            {"version": 1, "staff_count": 4}).status_code == 403
    assert api(case_users.out_of_scope).get(
        f"/protection/workstations/{station['id']}").status_code == 404
    assert worker.patch(f"/protection/guidance-visits/{visit.json()['id']}",
                        {"version": 2, "findings": "x"}).status_code == 409
    taken = worker.post("/protection/workstations", body(workstation()))
    assert fields(taken)["township"] == str(services.MSG_TOWNSHIP_TAKEN)


def test_the_figures_per_area(case_users, api):
    services.talk_record(actor=case_users.worker, data=talk())
    rows = api(case_users.province).get("/protection/county-work/figures?year=2026").json()
    assert rows == [{"area": "3601", "talks": 1, "audience": 120, "workstations": 0,
                     "guided": 0, "visits": 0}]
    assert api(case_users.supervisor).get(
        "/protection/county-work/figures").status_code == 403
