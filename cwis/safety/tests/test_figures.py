"""The dashboard's safety panel and its table of overdue hazards per area: each figure
equals the list it links to, the prefecture reads its counties, a county officer its own
county, the offices above see no incident one by one; bounded queries."""

import datetime as dt

import pytest
from django.core.cache import cache

from cwis.conftest import PREFECTURE
from cwis.oversight import dashboard
from cwis.safety import oversight
from cwis.safety.selectors import figures
from cwis.safety.tests.factories import HazardFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
TODAY = dt.date(2026, 2, 1)


@pytest.fixture
def hazards(safety):
    a, b = safety.institution, safety.users.institution_b
    return [HazardFactory(inspection__institution=a, due_on=dt.date(2026, 1, 31)),
            HazardFactory(inspection__institution=a),
            HazardFactory(inspection__institution=b, due_on=dt.date(2026, 1, 20)),
            HazardFactory(inspection__institution=b, state="closed", due_on=dt.date(2026, 1, 1),
                          fixed_by=safety.director, fixed_on=dt.date(2026, 1, 2),
                          fix_description="已修", checked_by=safety.officer,
                          checked_on=dt.date(2026, 1, 3))]


def area_of(user, code=None):
    return dashboard.dashboard_area(actor=user, division_code=code)


def test_the_panel_figures_equal_the_lists_they_lead_to(safety, hazards, web):
    cache.clear()
    panel = oversight.safety_panel(safety.prefecture, area_of(safety.prefecture))
    cells = {c.label: c for c in panel.cells}
    overdue = cells[str(figures.PANEL[0][1])]
    assert (overdue.value, cells[str(figures.PANEL[1][1])].value) == (2, 3)
    assert cells[str(figures.PANEL[3][1])].value == 1
    listing = web(safety.prefecture).get(overdue.url)
    assert len(listing.context["page"]) == overdue.value
    county = oversight.safety_panel(safety.officer, area_of(safety.officer))
    assert county.cells[0].value == 1
    assert oversight.safety_panel(safety.director, area_of(safety.prefecture)).cells == []


def test_the_table_per_area_counts_each_county_and_leads_to_its_hazards(safety, hazards, web):
    table = oversight.overdue_hazards_by_area(safety.prefecture, area_of(safety.prefecture))
    rows = {row.code: [cell.value for cell in row.cells] for row in table.rows}
    assert rows == {"360121": [1, 2], "360124": [1, 1]}
    url = table.rows[0].cells[0].url
    assert len(web(safety.prefecture).get(url).context["page"]) == 1
    province = oversight.overdue_hazards_by_area(safety.province, area_of(safety.province))
    assert [(r.code, [c.value for c in r.cells]) for r in province.rows] == [
        ("360100", [2, 3])]
    assert oversight.overdue_hazards_by_area(safety.officer, area_of(safety.officer)) is None


def test_the_dashboard_page_shows_the_panel_and_the_table(safety, hazards, web):
    body = web(safety.prefecture).get("/oversight/dashboard/").content.decode()
    assert 'id="panel-safety"' in body
    assert 'id="safety_hazards-areas"' in body
    assert web(safety.prefecture).get(
        f"/oversight/dashboard/?division={PREFECTURE}").status_code == 200


def test_the_figures_read_in_a_fixed_number_of_queries(safety, hazards,
                                                      django_assert_num_queries):
    with django_assert_num_queries(4):
        figures.safety_figures(actor=safety.province, prefix="36", today=TODAY)
    with django_assert_num_queries(1):
        figures.hazards_by_area(actor=safety.province, prefix="36", width=4, today=TODAY)
