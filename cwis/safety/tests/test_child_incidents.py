"""The "Incidents" tab of a child's file: shown and read as protection cases are (the
director and the county officer, each read in the access log); never to the institution's
other staff, the offices above (who open an incident only with a reason) or out of scope."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from cwis.children.tests.factories import ChildFactory
from cwis.core.models import AccessLog
from cwis.safety.services import incidents as services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
MORNING = dt.datetime(2026, 2, 1, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def incident_of(safety):
    child = ChildFactory(current_institution=safety.institution, name="安小宁")
    other = ChildFactory(current_institution=safety.institution, name="许小安")
    incident = services.incident_record(actor=safety.director, child_ids=[child.pk], data={
        "kind": "injury", "serious": False, "occurred_at": MORNING,
        "what_happened": "户外活动时摔伤左臂"})
    return child, other, incident


def test_the_director_and_the_county_read_the_child_incidents_on_the_file(safety, web,
                                                                           incident_of):
    child, other, incident = incident_of
    for reader in (safety.director, safety.officer):
        client = web(reader)
        assert 'id="tab-safety_incidents"' in client.get(f"/children/{child.pk}/"
                                                         ).content.decode()
        page = client.get(f"/safety/children/{child.pk}/incidents/").content.decode()
        assert f"/safety/incidents/{incident.pk}/" in page
        empty = client.get(f"/safety/children/{other.pk}/incidents/").content.decode()
        assert f"/safety/incidents/{incident.pk}/" not in empty
    logged = AccessLog.objects.filter(object_type="safety_incident", object_id=incident.pk)
    assert logged.count() == 2


def test_other_staff_the_offices_above_and_out_of_scope_do_not_see_the_tab(safety, web,
                                                                         incident_of):
    child, _other, _incident = incident_of
    url = f"/safety/children/{child.pk}/incidents/"
    assert url not in web(safety.caregiver).get(f"/children/{child.pk}/").content.decode()
    assert web(safety.caregiver).get(url).status_code == 403
    assert web(safety.province).get(url).status_code == 403
    assert web(safety.prefecture).get(url).status_code == 403
    assert web(safety.other_director).get(url).status_code == 404
    assert not AccessLog.objects.filter(object_type="safety_incident").exists()
