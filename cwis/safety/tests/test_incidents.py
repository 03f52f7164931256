"""Incidents, read as protection cases are: the director and the county officer with the
children involved; the prefecture and province only with a stated reason (access log) and a
serious incident on their to-do list at once; the ministry and other staff never one by one.
Every refusal, the report deadline with frozen time, pages and API."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cwis.children.tests.factories import ChildFactory
from cwis.conftest import COUNTY_B
from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.models import AccessLog
from cwis.core.permissions import Role
from cwis.core.todo import todo_for
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.safety.models import Incident, IncidentAccessReason, IncidentState
from cwis.safety.selectors import incidents as selectors
from cwis.safety.services import incidents as services
from cwis.safety.services import rules

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNING = dt.datetime(2026, 2, 1, 8, 0, tzinfo=SHANGHAI)


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


@pytest.fixture
def child(safety):
    return ChildFactory(current_institution=safety.institution, name="安小宁")


def injury(**changes) -> dict:
    return {"kind": "injury", "serious": False, "occurred_at": MORNING,
            "what_happened": "户外活动时摔伤左臂，已送医", **changes}


def test_a_director_records_reports_and_closes_an_incident(safety, child, settings):
    settings.CWIS_SAFETY_INCIDENT_REPORT_HOURS = 24
    incident = services.incident_record(actor=safety.director, data=injury(),
                                        child_ids=[child.pk])
    assert list(incident.children.all()) == [child]
    assert incident.report_due_at == MORNING + dt.timedelta(hours=24)
    assert not incident.serious
    errors = refusal(lambda: services.incident_close(
        actor=safety.director, incident_id=incident.pk, version=1, handling=""))
    assert errors["handling"] == [str(services.MSG_HANDLING)]
    assert errors["reported_at"] == [str(services.MSG_NOT_REPORTED)]
    services.incident_report(actor=safety.director, incident_id=incident.pk, version=1,
                             reported_at=MORNING + dt.timedelta(hours=1),
                             reported_to="南昌县民政局刘科长")
    closed = services.incident_close(actor=safety.director, incident_id=incident.pk,
                                     version=2, handling="送医治疗，加强户外看护")
    assert (closed.state, closed.closed_on) == (IncidentState.CLOSED, dt.date(2026, 2, 1))


def test_every_refusal_of_an_incident_at_once(safety):
    other_child = ChildFactory(current_institution=safety.users.institution_b)
    errors = refusal(lambda: services.incident_record(
        actor=safety.director, data=injury(kind="", what_happened="",
                                           occurred_at=MORNING + dt.timedelta(days=2)),
        child_ids=[other_child.pk]))
    assert errors["kind"] == [str(rules.MSG_CHOOSE)]
    assert errors["what_happened"] == [str(rules.MSG_REQUIRED)]
    assert errors["occurred_at"] == [str(MSG_DATE_FUTURE)]
    assert errors["child_ids"] == [str(services.MSG_CHILDREN)]
    incident = services.incident_record(actor=safety.director, data=injury())
    errors = refusal(lambda: services.incident_report(
        actor=safety.director, incident_id=incident.pk, version=1,
        reported_at=MORNING - dt.timedelta(hours=1), reported_to=""))
    assert errors["reported_at"] == [str(services.MSG_REPORT_BEFORE)]
    assert errors["reported_to"] == [str(services.MSG_REPORTED_TO)]
    assert Incident.objects.count() == 1


def test_who_reads_an_incident(safety, child, make_user):
    incident = services.incident_record(actor=safety.director, data=injury(),
                                        child_ids=[child.pk])
    assert selectors.incident_get(actor=safety.officer, incident_id=incident.pk) == incident
    for nobody in (safety.caregiver, safety.other_director,
                   make_user(Role.COUNTY_OFFICER, division_code=COUNTY_B)):
        with pytest.raises(NotFoundError):
            selectors.incident_needs_reason(actor=nobody, incident_id=incident.pk)
    ministry = make_user(Role.MINISTRY_OFFICER)
    with pytest.raises(NotFoundError):  # counts only
        selectors.incident_needs_reason(actor=ministry, incident_id=incident.pk)
    assert selectors.incident_needs_reason(actor=safety.province, incident_id=incident.pk)
    with pytest.raises(NotFoundError):
        selectors.incident_get(actor=safety.province, incident_id=incident.pk)
    errors = refusal(lambda: services.incident_open_with_reason(
        actor=safety.province, incident_id=incident.pk, reason=" "))
    assert errors["reason"] == [str(services.MSG_REASON)]
    opened = services.incident_open_with_reason(actor=safety.province,
                                                incident_id=incident.pk, reason="舆情核查")
    assert opened == incident
    assert IncidentAccessReason.objects.get().reason == "舆情核查"
    assert AccessLog.objects.get().action == "view_with_reason"
    for reader in (safety.caregiver, safety.province):
        with pytest.raises(PermissionDeniedError):
            services.incident_record(actor=reader, institution_id=safety.institution.pk,
                                     data=injury())
    counts = selectors.incident_counts(actor=ministry, prefix="", year=2026)
    assert (counts["injury"], counts["serious"], counts["open"]) == (1, 0, 1)


def todo(user, on: dt.datetime) -> list:
    with time_machine.travel(on, tick=False):
        return [(i.kind, i.due) for i in todo_for(user) if i.kind.startswith("safety.inc")]


def test_a_serious_incident_reaches_the_offices_above_at_once_and_the_report_is_due(
        safety, child, settings):
    settings.CWIS_SAFETY_SERIOUS_INCIDENT_REPORT_HOURS = 2
    incident = services.incident_record(actor=safety.director, data=injury(
        kind="child_missing"), child_ids=[child.pk])
    assert incident.serious  # by its kind
    assert incident.report_due_at == MORNING + dt.timedelta(hours=2)
    moment = MORNING + dt.timedelta(hours=1)
    assert todo(safety.director, moment) == [("safety.incident_report", dt.date(2026, 2, 1))]
    for office in (safety.prefecture, safety.province):
        items = [i for i in todo_for(office, today=dt.date(2026, 2, 1))
                 if i.kind == "safety.incident_serious"]
        assert len(items) == 1
        assert "安小宁" not in items[0].title
    assert todo(safety.caregiver, moment) == []
    services.incident_report(actor=safety.director, incident_id=incident.pk, version=1,
                             reported_at=moment, reported_to="县民政局")
    assert todo(safety.director, moment) == []


def test_the_pages_and_api_of_incidents(safety, child, web, api):
    client = web(safety.director)
    response = client.post("/safety/incidents/new/", {
        "kind": "injury", "occurred_at": "2026-02-01T08:00", "what_happened": "摔伤",
        "child_ids": [child.pk]})
    incident = Incident.objects.get()
    assert response.url == f"/safety/incidents/{incident.pk}/"
    assert "安小宁" in client.get(response.url).content.decode()
    assert client.post("/safety/incidents/new/", {"kind": "injury"}).status_code == 422
    assert client.post(f"/safety/incidents/{incident.pk}/report/", {
        "reported_at": "2026-02-01T09:00", "reported_to": "县民政局", "version": 1}
    ).status_code == 302
    province = web(safety.province)
    page = province.get(f"/safety/incidents/{incident.pk}/").content.decode()
    assert 'id="reason-form"' in page
    assert "安小宁" not in page
    page = province.post(f"/safety/incidents/{incident.pk}/", {"reason": "核查"}
                         ).content.decode()
    assert "安小宁" in page
    assert web(safety.other_director).get(f"/safety/incidents/{incident.pk}/"
                                          ).status_code == 404
    assert web(safety.caregiver).get("/safety/incidents/").status_code == 403

    director = api(safety.director)
    response = director.post("/safety/incidents", {
        "kind": "public_opinion", "occurred_at": "2026-02-01T07:00:00+08:00",
        "what_happened": "网络传播不实信息", "child_ids": []})
    assert response.status_code == 201
    assert response.json()["serious"] is True
    assert api(safety.province).get(f"/safety/incidents/{incident.pk}").status_code == 404
    response = api(safety.province).post(f"/safety/incidents/{incident.pk}/open-with-reason",
                                         {"reason": "核查"})
    assert response.json()["child_ids"] == [child.pk]
    assert api(safety.caregiver).post("/safety/incidents", {}).status_code == 403
