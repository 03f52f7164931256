"""The pages and API of inspections and hazards: the director's flow, each refusal beside its
field (422), the out-of-scope director (404), the read-only caregiver and province (403), and
the operations in the OpenAPI."""

import datetime as dt

import pytest

from cwis.safety.models import Hazard, HazardState, Inspection
from cwis.safety.services import hazards as services
from cwis.safety.tests.factories import HazardFactory, hazard_data, inspection_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_a_director_records_a_check_a_hazard_and_its_fix_on_the_pages(safety, web):
    client = web(safety.director)
    response = client.post("/safety/inspections/new/", {
        "kind": "self_check", "frequency": "daily", "areas": ["fire", "food"],
        "inspected_on": "2026-02-01", "inspectors": "周院长"})
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert inspection.areas == ["fire", "food"]
    response = client.post(f"/safety/inspections/{inspection.pk}/hazards/new/", {
        "area": "fire", "level": "general", "description": "安全出口堵塞",
        "responsible": "王师傅"})
    hazard = Hazard.objects.get()
    assert response.url == f"/safety/hazards/{hazard.pk}/"
    page = client.get(f"/safety/hazards/{hazard.pk}/").content.decode()
    assert 'id="hazard-fix"' in page
    client.post(f"/safety/hazards/{hazard.pk}/fix/", {
        "fix_description": "已清理", "fixed_on": "2026-02-01", "version": 1})
    assert Hazard.objects.get().state == HazardState.FIXED
    page = client.get(f"/safety/hazards/{hazard.pk}/").content.decode()
    assert 'id="hazard-check"' not in page
    assert 'id="check-by-another"' in page

    officer = web(safety.officer)
    assert 'id="hazard-check"' in officer.get(f"/safety/hazards/{hazard.pk}/").content.decode()
    officer.post(f"/safety/hazards/{hazard.pk}/check/", {"accepted": "yes", "version": 2})
    assert Hazard.objects.get().state == HazardState.CLOSED


def test_the_refusals_show_beside_their_fields(safety, web):
    client = web(safety.director)
    response = client.post("/safety/inspections/new/", {"kind": "self_check"})
    assert response.status_code == 422
    assert response.context["form"].errors["areas"]
    hazard = HazardFactory(inspection__institution=safety.institution)
    response = client.post(f"/safety/hazards/{hazard.pk}/check/", {"accepted": "yes",
                                                                   "version": 1})
    assert response.status_code == 422
    assert str(services.MSG_NO_FIX) in response.content.decode()


def test_the_lists_show_the_scope_only_and_the_overdue_filter(safety, web):
    mine = HazardFactory(inspection__institution=safety.institution,
                         due_on=dt.date(2026, 1, 31))
    HazardFactory(inspection__institution=safety.users.institution_b)
    response = web(safety.director).get("/safety/hazards/", {"state": "overdue"})
    assert [h.pk for h in response.context["page"]] == [mine.pk]
    response = web(safety.province).get("/safety/hazards/")
    assert len(response.context["page"]) == 2
    response = web(safety.director).get("/safety/inspections/")
    assert response.status_code == 200
    response = web(safety.director).get("/safety/hazards/export.xlsx")
    assert response.status_code == 200


def test_out_of_scope_gets_404_and_readers_403(safety, web):
    hazard = HazardFactory(inspection__institution=safety.institution)
    other = web(safety.other_director)
    for url in (f"/safety/hazards/{hazard.pk}/", f"/safety/inspections/{hazard.inspection_id}/",
                f"/safety/hazards/{hazard.pk}/fix/"):
        assert other.get(url).status_code == 404
    for reader in (safety.caregiver, safety.province):
        client = web(reader)
        assert client.get(f"/safety/hazards/{hazard.pk}/").status_code == 200
        assert client.get("/safety/inspections/new/").status_code == 403
        assert client.post(f"/safety/hazards/{hazard.pk}/fix/", {
            "fix_description": "x", "fixed_on": "2026-02-01", "version": 1}).status_code == 403
    assert Hazard.objects.get().state == HazardState.OPEN


def test_the_api_records_fixes_and_checks_with_its_refusals(safety, api):
    director, officer = api(safety.director), api(safety.officer)
    response = director.post("/safety/inspections", inspection_data(inspected_on="2026-02-01"))
    assert response.status_code == 201
    inspection_id = response.json()["id"]
    response = director.post(f"/safety/inspections/{inspection_id}/hazards", hazard_data())
    assert response.status_code == 201
    hazard = response.json()
    assert hazard["due_on"] == "2026-03-03"
    response = officer.post(f"/safety/hazards/{hazard['id']}/check",
                            {"version": 1, "accepted": True})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == str(services.MSG_NO_FIX)
    director.post(f"/safety/hazards/{hazard['id']}/fix",
                  {"version": 1, "fix_description": "已清理", "fixed_on": "2026-02-01"})
    response = director.post(f"/safety/hazards/{hazard['id']}/check",
                             {"version": 2, "accepted": True})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == str(services.MSG_SAME_PERSON)
    response = officer.post(f"/safety/hazards/{hazard['id']}/check",
                            {"version": 2, "accepted": True})
    assert response.json()["state"] == "closed"
    assert api(safety.other_director).get(f"/safety/hazards/{hazard['id']}").status_code == 404
    assert api(safety.caregiver).post(f"/safety/inspections/{inspection_id}/hazards",
                                      hazard_data()).status_code == 403
    listing = api(safety.province).get("/safety/hazards", state="closed").json()
    assert [h["id"] for h in listing["items"]] == [hazard["id"]]


def test_the_operations_are_in_the_openapi(safety, api):
    paths = api(safety.director).get("/openapi.json").json()["paths"]
    for path in ("/api/v1/safety/inspections", "/api/v1/safety/hazards",
                 "/api/v1/safety/hazards/{hazard_id}/fix",
                 "/api/v1/safety/hazards/{hazard_id}/check"):
        assert path in paths
