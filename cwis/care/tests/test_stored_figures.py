"""The care panels of the offices above the county read their figures stored per area
and the counties (cwis.care.stored, family "care"): the same numbers as counted live, within
the reader's scope, with their time."""

import datetime as dt

import pytest
from django.core.cache import cache

from cwis.care.tests.factories import PlanFactory
from cwis.children.tests.factories import ChildFactory
from cwis.conftest import OTHER_PROVINCE_COUNTY
from cwis.core import area_figures
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.oversight.dashboard import dashboard

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
TODAY = dt.date(2026, 2, 1)
CARE_PANELS = ("care", "care_upbringing", "care_family")


@pytest.fixture(autouse=True)
def _no_refresh_requested():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def country(care):
    """Two children with a rehabilitation plan in 江西, one in 湖南."""
    PlanFactory(child=care.child, approved_on=dt.date(2026, 1, 10))
    ChildFactory(current_institution=care.users.institution_a, disability_type="visual",
                 disability_grade=1)
    other = ChildFactory(current_institution=care.users.institution_b)
    PlanFactory(child=other, approved_on=dt.date(2026, 1, 12))
    hunan = InstitutionFactory(division_code=OTHER_PROVINCE_COUNTY, level="county")
    PlanFactory(child=ChildFactory(current_institution=hunan,
                                   division_code=OTHER_PROVINCE_COUNTY),
                approved_on=dt.date(2026, 1, 15))
    return care


def panels(actor) -> dict[str, list]:
    return {p.key: p for p in dashboard(actor=actor)["panels"] if p.key in CARE_PANELS}


def values(actor) -> dict[str, list[int]]:
    return {key: [cell.value for cell in panel.cells] for key, panel in panels(actor).items()}


@pytest.mark.parametrize("who", ["province", "ministry"])
def test_the_stored_care_panels_show_the_live_figures_with_their_time(country, make_user, who):
    actor = country.province if who == "province" else make_user(Role.MINISTRY_OFFICER)
    live = values(actor)
    assert all(panel.as_of is None for panel in panels(actor).values())
    area_figures.refresh("care", today=TODAY)

    assert values(actor) == live
    assert all(panel.as_of is not None for panel in panels(actor).values())
    plans = live["care"][1]  # "Children with a rehabilitation plan"
    assert plans == (2 if who == "province" else 3)


def test_a_province_reads_its_own_row_only(country, make_user):
    area_figures.refresh("care", today=TODAY)
    hunan = make_user(Role.PROVINCE_OFFICER, division_code="430000")
    assert values(hunan)["care"][1] == 1
    assert values(country.province)["care"][1] == 2


def test_a_county_reads_its_row_too(country, make_user):
    county = make_user(Role.COUNTY_OFFICER,
                       division_code=country.users.institution_a.division_code)
    live = values(county)
    area_figures.refresh("care", today=TODAY)
    assert all(panel.as_of is not None for panel in panels(county).values())
    assert values(county) == live
