"""The pages around the cases: direct registration (then the case-open page), policy talks,
workstations, guidance visits and the year's figures; refusals beside their fields, 404
outside the county, 403 for read-only roles, the supervisor's read-only workstation."""

import datetime as dt

import pytest

from cwis.children.services import rules
from cwis.core.errors import MSG_STALE_VERSION
from cwis.core.permissions import Role
from cwis.protection.models import GuidanceVisit, PolicyTalk, Workstation
from cwis.protection.services import county_work as services
from cwis.protection.tests.factories import (
    OTHER_TOWNSHIP,
    child_found_alone,
    guidance,
    talk,
    workstation,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def form(data: dict) -> dict:
    out = {}
    for key, value in data.items():
        if isinstance(value, dt.date):
            out[key] = value.isoformat()
        elif value is True:
            out[key] = "on"
        elif value not in (None, False):
            out[key] = str(value)
    return out


def test_a_worker_registers_a_child_found_alone_and_lands_on_the_case_form(case_users, web):
    from cwis.children.models import Child

    client = web(case_users.worker)
    assert 'id="case-register-child"' in client.get("/protection/cases/").content.decode()
    assert client.get("/protection/children/new/").status_code == 200
    response = client.post("/protection/children/new/", form(child_found_alone()))
    child = Child.objects.get(name="莲塘镇待查女童")
    assert response.status_code == 302
    assert response["Location"] == f"/protection/cases/open/{child.pk}/"
    assert client.get(response["Location"]).status_code == 200


def test_the_registration_form_shows_each_refusal_and_the_duplicates(case_users, web):
    from cwis.children.tests.factories import CommunityChildFactory

    client = web(case_users.worker)
    response = client.post("/protection/children/new/", form(child_found_alone(
        name="", birth_date=None)))
    assert response.status_code == 422
    page = response.content.decode()
    assert page.count(str(rules.MSG_REQUIRED)) >= 2  # the name and the birth date
    CommunityChildFactory(name="莲塘镇待查女童", sex="female", birth_date=dt.date(2020, 7, 1))
    response = client.post("/protection/children/new/", form(child_found_alone()))
    assert 'id="duplicates"' in response.content.decode()


@pytest.mark.parametrize("who", ["supervisor", "province"])
def test_read_only_roles_cannot_register_a_child_for_a_case(case_users, web, who):
    assert web(getattr(case_users, who)).get("/protection/children/new/").status_code == 403


def test_a_worker_records_lists_exports_and_corrects_a_talk(case_users, web):
    client = web(case_users.worker)
    assert client.get("/protection/talks/new/").status_code == 200
    response = client.post("/protection/talks/new/", form(talk()))
    recorded = PolicyTalk.objects.get()
    assert response["Location"] == f"/protection/talks/{recorded.pk}/"
    listing = client.get("/protection/talks/?year=2026&audience_kind=parents&q=未成年人")
    assert "未成年人保护法与家庭监护责任" in listing.content.decode()
    assert 'id="talk-count"' in listing.content.decode()
    empty = client.get("/protection/talks/?audience_kind=pupils").content.decode()
    assert "未成年人保护法与家庭监护责任" not in empty
    export = client.get("/protection/talks/export.xlsx?year=2026")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(f"/protection/talks/{recorded.pk}/").status_code == 200

    response = client.post(f"/protection/talks/{recorded.pk}/edit/",
                           form({**talk(audience_count=90), "version": 1}))
    assert response.status_code == 302
    stale = client.post(f"/protection/talks/{recorded.pk}/edit/",
                        form({**talk(audience_count=80), "version": 1}))
    assert stale.status_code == 422
    assert str(MSG_STALE_VERSION) in stale.content.decode()


def test_a_refused_talk_shows_the_message_beside_the_field(case_users, web):
    response = web(case_users.worker).post("/protection/talks/new/",
                                           form(talk(audience_count=0, topic="")))
    assert response.status_code == 422
    assert str(services.MSG_AUDIENCE_COUNT) in response.content.decode()
    assert not PolicyTalk.objects.exists()


def test_talks_are_not_found_outside_the_county_and_forbidden_to_read_only_roles(case_users,
                                                                                web):
    recorded = services.talk_record(actor=case_users.worker, data=talk())
    assert web(case_users.out_of_scope).get(
        f"/protection/talks/{recorded.pk}/").status_code == 404
    assert web(case_users.out_of_scope).post(f"/protection/talks/{recorded.pk}/edit/", form(
        {**talk(), "version": 1})).status_code == 404
    for who in ("province", "supervisor"):
        client = web(getattr(case_users, who))
        assert client.get("/protection/talks/").status_code == 403
        assert client.get("/protection/talks/new/").status_code == 403
        assert client.get(f"/protection/talks/{recorded.pk}/").status_code == 403


def test_a_worker_registers_a_workstation_and_records_a_guidance_visit(case_users, web):
    client = web(case_users.worker)
    assert client.get("/protection/workstations/new/").status_code == 200
    response = client.post("/protection/workstations/new/", form(workstation()))
    station = Workstation.objects.get()
    assert response["Location"] == f"/protection/workstations/{station.pk}/"
    assert client.get(f"/protection/workstations/{station.pk}/guidance/").status_code == 200
    response = client.post(f"/protection/workstations/{station.pk}/guidance/",
                           form(guidance()))
    assert response.status_code == 302
    visit = GuidanceVisit.objects.get()
    page = client.get(f"/protection/workstations/{station.pk}/").content.decode()
    assert "台账齐全" in page
    assert "莲塘镇" in page
    listing = client.get("/protection/workstations/?guided=yes").content.decode()
    assert "莲塘镇未成年人保护工作站" in listing
    assert "莲塘镇未成年人保护工作站" not in client.get(
        "/protection/workstations/?guided=no").content.decode()
    assert "台账齐全" in client.get("/protection/guidance/?year=2026").content.decode()
    for url in ("/protection/workstations/export.xlsx", "/protection/guidance/export.xlsx"):
        assert client.get(url)["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.post(f"/protection/guidance/{visit.pk}/edit/", form(
        {**guidance(findings="已整改"), "version": 1}))
    assert response.status_code == 302
    response = client.post(f"/protection/workstations/{station.pk}/edit/", form(
        {**workstation(status="suspended"), "version": 1}))
    assert response.status_code == 302
    assert Workstation.objects.get().status == "suspended"


def test_a_refused_workstation_shows_the_messages(case_users, web):
    response = web(case_users.worker).post("/protection/workstations/new/", form(
        workstation(set_up_on=None, staff_names="")))
    assert response.status_code == 422
    page = response.content.decode()
    assert str(services.MSG_SET_UP_REQUIRED) in page
    assert str(services.MSG_STAFF_NAMED) in page


def test_the_supervisor_reads_their_workstation_and_changes_nothing(case_users, web,
                                                                     make_user):
    station = services.workstation_register(actor=case_users.worker, data=workstation())
    visit = services.guidance_visit_record(actor=case_users.worker,
                                           workstation_id=station.pk, data=guidance())
    client = web(case_users.supervisor)
    page = client.get(f"/protection/workstations/{station.pk}/").content.decode()
    assert "台账齐全" in page
    assert 'id="workstation-edit"' not in page
    assert 'id="guidance-new"' not in page
    assert client.get("/protection/workstations/").status_code == 200
    assert client.get(f"/protection/workstations/{station.pk}/edit/").status_code == 403
    assert client.get(f"/protection/workstations/{station.pk}/guidance/").status_code == 403
    assert client.get(f"/protection/guidance/{visit.pk}/edit/").status_code == 403
    assert client.get("/protection/workstations/new/").status_code == 403

    other = make_user(Role.CHILD_SUPERVISOR, division_code=OTHER_TOWNSHIP)
    assert web(other).get(f"/protection/workstations/{station.pk}/").status_code == 404
    assert web(case_users.out_of_scope).get(
        f"/protection/workstations/{station.pk}/").status_code == 404
    assert web(case_users.out_of_scope).get(
        f"/protection/guidance/{visit.pk}/edit/").status_code == 404
    assert web(case_users.province).get("/protection/workstations/").status_code == 403


def test_the_offices_above_read_the_figures_per_area(case_users, web):
    services.talk_record(actor=case_users.worker, data=talk())
    page = web(case_users.prefecture).get("/protection/figures/?year=2026").content.decode()
    assert "南昌县" in page
    assert ">120<" in page
    assert web(case_users.ministry).get("/protection/figures/").status_code == 200
    assert web(case_users.worker).get("/protection/figures/").status_code == 200
    assert web(case_users.supervisor).get("/protection/figures/").status_code == 403
