"""Every figure of the safety panel and of the yearly report equals the list it leads to
(the drill-down), for the reader of the dashboard or report; the offices above reach the
incidents' counts by kind, never a list of incidents."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from cwis.oversight import dashboard
from cwis.oversight import figures as report
from cwis.safety import oversight
from cwis.safety.models import Drill, Incident
from cwis.safety.tests.factories import HazardFactory, InspectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
YEAR = 2025
END = report.year_end(YEAR)


def closed(safety, **fields):
    return HazardFactory(state="closed", fixed_by=safety.director, fix_description="已修",
                         checked_by=safety.officer, **fields)


@pytest.fixture
def records(safety):
    a, b = safety.institution, safety.users.institution_b
    found = {"found_on": dt.date(YEAR, 6, 1), "inspection__inspected_on": dt.date(YEAR, 6, 1)}
    HazardFactory(inspection__institution=a, due_on=dt.date(YEAR, 7, 1), **found)  # overdue
    HazardFactory(inspection__institution=b, due_on=dt.date(YEAR, 12, 20), state="fixed",
                  fixed_by=safety.director, fix_description="已修",
                  fixed_on=dt.date(YEAR + 1, 1, 10), **found)  # overdue at the year's end
    closed(safety, inspection__institution=a, due_on=dt.date(YEAR, 7, 1),
           fixed_on=dt.date(YEAR, 6, 5), checked_on=dt.date(YEAR, 6, 6), **found)
    closed(safety, inspection__institution=a, fixed_on=dt.date(2026, 1, 31),
           checked_on=dt.date(2026, 2, 1))  # found and closed in 2026: another year
    InspectionFactory(institution=a, inspected_on=dt.date(YEAR, 3, 1))
    Drill.objects.create(institution=a, held_on=dt.date(YEAR, 5, 1), scenario="fire",
                         participants="全体", participant_count=30, duration_minutes=20)
    moment = dt.datetime(YEAR, 8, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    for kind, serious in (("injury", False), ("child_missing", True)):
        Incident.objects.create(institution=a, kind=kind, serious=serious, occurred_at=moment,
                                what_happened="……", report_due_at=moment)


def figure(key: str) -> report.Figure:
    return next(f for f in report.figure_list() if f.key == key)


def listed(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


@pytest.mark.parametrize(("key", "value"), [
    ("safety_inspections", 4), ("safety_hazards_found", 3), ("safety_hazards_closed", 1),
    ("safety_hazards_overdue", 2), ("safety_drills", 1)])
def test_each_report_figure_equals_the_list_it_leads_to(safety, web, records, key, value):
    found = report.compute(key, prefix="36", moment=END)
    assert found == value
    assert listed(web(safety.province), figure(key).drill("36", YEAR)) == value


def test_the_incidents_by_kind_lead_the_province_to_counts_and_the_county_to_the_list(
        safety, web, records):
    assert report.compute("safety_incidents", prefix="36", moment=END) == 2
    assert report.compute("safety_incidents_serious", prefix="36", moment=END) == 1
    assert report.compute("safety_incidents_child_missing", prefix="36", moment=END) == 1
    url = figure("safety_incidents_serious").drill("36", YEAR)
    page = web(safety.province).get(url)
    assert page.status_code == 200
    assert "/safety/incidents/?" not in page.content.decode()  # counts only above the county
    assert '<td class="text-end" id="serious-count">1</td>' in page.content.decode()
    county = web(safety.officer).get(figure("safety_incidents").drill("360121", YEAR))
    links = [u for _label, _n, u in county.context["rows"] if u]
    assert len(links) == len(county.context["rows"])
    assert listed(web(safety.officer), county.context["serious_url"]) == 1
    assert web(safety.caregiver).get(url).status_code == 403


def test_the_safety_section_is_in_the_report_and_every_figure_drills_down():
    keys = [f.key for f in report.figure_list() if f.section == "safety"]
    assert "safety_volunteer_hours" in keys
    assert "safety_organisations" in keys
    assert all(figure(k).drill is not None for k in keys)


def test_every_panel_figure_leads_to_a_list_of_its_length(safety, web, records):
    cache.clear()
    InspectionFactory(institution=safety.institution, inspected_on=dt.date(2026, 1, 20))
    closed(safety, inspection__institution=safety.users.institution_b,
           fixed_on=dt.date(2026, 1, 31), checked_on=dt.date(2026, 2, 1))
    for user in (safety.prefecture, safety.officer):
        area = dashboard.dashboard_area(actor=user, division_code=None)
        for cell in oversight.safety_panel(user, area).cells:
            if "incident" in cell.url and "figures" in cell.url:
                page = web(user).get(cell.url)
                assert page.status_code == 200
                continue
            assert listed(web(user), cell.url) == cell.value, (user, cell.label, cell.url)
