"""The exit pages and API: the child goes home (the follow-up visits on the case and the
community page), a follow-up visit recorded by the village director (who sees the visit,
not the case), long-term guardianship and the receiver's intake; refusals beside the fields,
404 out of scope, 403 read-only."""

import datetime as dt

import pytest

from cwis.core.models import AccessLog
from cwis.protection.models import CaseState, ProtectionCase, Recommendation
from cwis.protection.services import cases as services
from cwis.protection.services import exits
from cwis.protection.tests.factories import found_alone, guardian_able

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def case(case_users) -> ProtectionCase:
    case = services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                              data=found_alone())
    assessment = services.assessment_record(actor=case_users.worker, case_id=case.pk,
                                            data=guardian_able())
    services.assessment_confirm(actor=case_users.officer, assessment_id=assessment.pk,
                                version=1)
    case.refresh_from_db()
    return case


def exit_form(case, **overrides) -> dict:
    data = {"version": case.version, "outcome": "returned", "exit_on": "2026-02-01",
            "note": "", "follow_up_months": "2", "visit_every_months": "1"}
    data.update(overrides)
    return data


def test_the_worker_sends_the_child_home_from_the_case_page(case_users, case, web):
    client = web(case_users.worker)
    page = client.get(f"/protection/cases/{case.pk}/").content.decode()
    assert 'id="exit-link"' in page
    assert 'id="long-term-link"' in page
    assert client.get(f"/protection/cases/{case.pk}/exit/").status_code == 200
    response = client.post(f"/protection/cases/{case.pk}/exit/", exit_form(case))
    assert response.status_code == 302
    page = client.get(f"/protection/cases/{case.pk}/").content.decode()
    assert 'id="case-outcome"' in page
    assert 'id="exit-link"' not in page
    assert page.count('class="case-follow-up"') == 2
    assert "timeline-exit" in page


def test_a_refused_exit_shows_each_reason_beside_its_field(case_users, case, web):
    response = web(case_users.worker).post(f"/protection/cases/{case.pk}/exit/", exit_form(
        case, outcome="entrusted", exit_on="2026-02-05", follow_up_months="40"))
    assert response.status_code == 422
    page = response.content.decode()
    for message in (exits.MSG_NOT_RECOMMENDED, exits.MSG_RELATIVES,
                    exits.MSG_FOLLOW_UP_MONTHS):
        assert str(message) in page
    case.refresh_from_db()
    assert case.outcome == ""


def test_the_exit_pages_refuse_other_users(case_users, case, web):
    for path in (f"/protection/cases/{case.pk}/exit/", f"/protection/cases/{case.pk}/long-term/"):
        assert web(case_users.out_of_scope).get(path).status_code == 404
        assert web(case_users.province).get(path).status_code == 403
        assert web(case_users.village_director).get(path).status_code == 403


def test_the_village_director_records_the_follow_up_without_reading_the_case(case_users, case,
                                                                           web):
    exits.case_exit_home(actor=case_users.worker, case_id=case.pk, version=case.version,
                         outcome="returned", exit_on=dt.date(2026, 2, 1), follow_up_months=1,
                         visit_every_months=1)
    visit = case.follow_ups.get()
    client = web(case_users.village_director)
    community = client.get(f"/community/{case_users.child.pk}/").content.decode()
    assert 'id="open-case-badge"' in community
    assert 'id="case-follow-ups"' in community
    page = client.get(f"/protection/cases/follow-ups/{visit.pk}/").content.decode()
    assert 'id="follow-up-form"' in page
    # Nothing of the case: no link to it, no assessment, no circumstances.
    assert 'id="case-link"' not in page
    for secret in (guardian_able()["guardian_situation"], found_alone()["circumstances"]):
        assert secret not in page
        assert secret not in community
    assert client.get(f"/protection/cases/{case.pk}/").status_code == 404
    assert AccessLog.objects.filter(user=case_users.village_director,
                                    object_type="protection_case", action="follow_up").exists()

    refused = client.post(f"/protection/cases/follow-ups/{visit.pk}/", {
        "version": visit.version, "visited_on": "2026-02-01", "method": "", "situation": ""})
    assert refused.status_code == 422
    assert str(services.MSG_TEXT_REQUIRED) in refused.content.decode()
    response = client.post(f"/protection/cases/follow-ups/{visit.pk}/", {
        "version": visit.version, "visited_on": "2026-02-01", "method": "home",
        "situation": "与父亲同住"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert web(case_users.out_of_scope).get(
        f"/protection/cases/follow-ups/{visit.pk}/").status_code == 404
    assert web(case_users.province).get(
        f"/protection/cases/follow-ups/{visit.pk}/").status_code == 403


def test_the_case_list_shows_closed_cases_with_their_outcome(case_users, case, web):
    exits.case_exit_home(actor=case_users.worker, case_id=case.pk, version=case.version,
                         outcome="returned", exit_on=dt.date(2026, 2, 1), follow_up_months=1,
                         visit_every_months=1)
    visit = case.follow_ups.get()
    exits.follow_up_record(actor=case_users.worker, follow_up_id=visit.pk, version=1,
                           visited_on=dt.date(2026, 2, 1), method="home", situation="好")
    client = web(case_users.worker)
    assert case_users.child.name not in client.get("/protection/cases/").content.decode()
    page = client.get("/protection/cases/?state=closed").content.decode()
    assert case_users.child.name in page
    assert "case-outcome" in page


def test_the_exit_through_the_api(case_users, case, api):
    worker = api(case_users.worker)
    refused = worker.post(f"/protection/cases/{case.pk}/exit", {
        "version": case.version, "outcome": "entrusted", "exit_on": "2026-02-01"})
    assert refused.status_code == 422
    assert {e["loc"][-1] for e in refused.json()["detail"]} == {"outcome", "note"}
    assert api(case_users.out_of_scope).post(f"/protection/cases/{case.pk}/exit", {
        "version": case.version}).status_code == 404
    assert api(case_users.province).post(f"/protection/cases/{case.pk}/exit", {
        "version": case.version}).status_code == 403
    response = worker.post(f"/protection/cases/{case.pk}/exit", {
        "version": case.version, "outcome": "returned", "exit_on": "2026-02-01",
        "follow_up_months": 1, "visit_every_months": 1})
    assert response.status_code == 200
    assert response.json()["outcome"] == "returned"
    stale = worker.post(f"/protection/cases/{case.pk}/exit", {"version": case.version})
    assert stale.status_code == 409

    director = api(case_users.village_director)
    due = director.get("/protection/follow-ups").json()
    assert [(v["due_on"], v["child_name"]) for v in due["items"]] == [
        ("2026-03-01", case_users.child.name)]
    visit_id = due["items"][0]["id"]
    assert api(case_users.out_of_scope).post(f"/protection/follow-ups/{visit_id}/visit", {
        "version": 1}).status_code == 404
    done = director.post(f"/protection/follow-ups/{visit_id}/visit", {
        "version": 1, "visited_on": "2026-02-01", "method": "home", "situation": "好"})
    assert done.status_code == 200
    assert ProtectionCase.objects.get(pk=case.pk).state == CaseState.CLOSED


def test_long_term_through_the_api_refuses_without_a_ground(case_users, api):
    case = services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                              data=found_alone())
    assessment = services.assessment_record(
        actor=case_users.worker, case_id=case.pk,
        data=guardian_able(recommendation=Recommendation.LONG_TERM))
    services.assessment_confirm(actor=case_users.officer, assessment_id=assessment.pk,
                                version=1)
    case.refresh_from_db()
    response = api(case_users.worker).post(f"/protection/cases/{case.pk}/long-term", {
        "version": case.version, "decided_on": "2026-02-01"})
    assert response.status_code == 422
    assert "ground" in {e["loc"][-1] for e in response.json()["detail"]}
