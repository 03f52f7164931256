"""The figures per area stored for the offices above the county (cwis.core.area_figures):
the same numbers as the live figures, within the reader's scope, shown with their time,
refreshed in the background when stale."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from cwis.children.choices import DeadlineKind
from cwis.children.selectors import overdue_deadlines_by_area
from cwis.children.tests.factories import (
    ChildDeadlineFactory,
    ChildFactory,
    CommunityChildFactory,
    PlacementFactory,
)
from cwis.conftest import COUNTY_A, OTHER_PROVINCE_COUNTY, PROVINCE
from cwis.core import area_figures
from cwis.core.models import AreaFigureSet
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.oversight.dashboard_trends import trend_figures, trend_points
from cwis.oversight.tests.test_dashboard_community import (  # noqa: F401 - fixtures
    figures,
    frozen_today,
    panel,
    registry,
    trend_row,
)
from cwis.protection import selectors as community

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 2, 4)


@pytest.fixture(autouse=True)
def _no_refresh_requested():
    cache.clear()  # the refresh requests of an earlier test are not this test's
    yield
    cache.clear()


@pytest.fixture
def country(registry):  # noqa: F811 - the fixture imported above
    """Besides 江西's registry: 长沙县 (湖南) with a left-behind child whose visit is
    overdue, and a child of 长沙县 placed in an institution of 南昌县 (江西)."""
    hunan = CommunityChildFactory(division_code=OTHER_PROVINCE_COUNTY + "100201")
    ChildDeadlineFactory(child=hunan, kind=DeadlineKind.COMMUNITY_VISIT,
                         due_on=dt.date(2026, 1, 5), started_on=dt.date(2025, 10, 7))
    institution = InstitutionFactory(division_code=COUNTY_A, level="county")
    visitor = ChildFactory(current_institution=institution, placed=False,
                           division_code=OTHER_PROVINCE_COUNTY)
    PlacementFactory(child=visitor, institution=institution, started_on=dt.date(2023, 5, 1))


@pytest.fixture
def province(make_user):
    return make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)


@pytest.fixture
def ministry(make_user):
    return make_user(Role.MINISTRY_OFFICER)


def refresh_all() -> None:
    for name in area_figures.families():
        area_figures.refresh(name, today=TODAY)


def test_the_roll_up_sums_each_county_into_its_prefecture_province_and_country():
    counts = area_figures.roll_up({"360121": {"a": 1}, "360124": {"a": 2, "b": 1},
                                   "430121": {"a": 4}})
    assert counts[""] == {"a": 7, "b": 1}
    assert counts["36"] == counts["3601"] == {"a": 3, "b": 1}
    assert counts["43"] == {"a": 4}
    assert counts["360124"] == {"a": 2, "b": 1}


@pytest.mark.parametrize("who", ["province", "ministry"])
def test_the_stored_figures_are_the_live_ones(country, request, who):
    actor = request.getfixturevalue(who)
    prefix, width = ("36", 4) if who == "province" else ("", 2)
    refresh_all()

    stored = area_figures.read("registry", actor=actor, prefix=prefix, width=width, today=TODAY)
    live = community.registry_counts_by_area(actor=actor, prefix=prefix, width=width,
                                             today=TODAY)
    assert stored.by_area == live
    own = community.registry_counts(actor=actor, prefix=prefix)
    assert stored.own == {**own, "overdue": sum(a["overdue"] for a in live.values())}

    stored = area_figures.read("overdue_deadlines", actor=actor, prefix=prefix, width=width,
                               today=TODAY)
    assert stored.by_area == overdue_deadlines_by_area(actor=actor, today=TODAY, width=width)

    for period in ("year", "month"):
        points = trend_points(TODAY, period)
        stored = area_figures.read(f"trends:{period}", actor=actor, prefix=prefix, width=None,
                                   today=TODAY)
        live = trend_figures(actor=actor, prefix=prefix, points=points)
        assert {key: [stored.own[f"{key}:{i}"] for i in range(len(points))]
                for key in live} == live


def test_a_child_in_care_counts_for_an_area_as_its_officer_sees_it(country, province,
                                                                   ministry):
    """The child of 湖南 placed in 南昌县 is not in 江西's scope: the stored figure of 江西
    is the province officer's own, whoever reads it."""
    refresh_all()
    points = trend_points(TODAY, "year")
    expected = trend_figures(actor=province, prefix="36", points=points)["in_care"]
    for actor in (province, ministry):
        stored = area_figures.read("trends:year", actor=actor, prefix="36", width=None,
                                   today=TODAY)
        assert [stored.own[f"in_care:{i}"] for i in range(len(points))] == expected
    country_wide = area_figures.read("trends:year", actor=ministry, prefix="", width=None,
                                     today=TODAY)
    assert country_wide.own[f"in_care:{len(points) - 1}"] == expected[-1] + 1


def test_an_office_reads_no_figures_of_another_province(country, province, make_user):
    refresh_all()
    stored = area_figures.read("registry", actor=province, prefix="", width=2, today=TODAY)
    assert stored is not None
    assert set(stored.by_area) == {"36"}  # 湖南's row is out of its scope
    assert stored.own == {}  # the country's row too
    hunan = make_user(Role.PROVINCE_OFFICER, division_code="430000")
    stored = area_figures.read("registry", actor=hunan, prefix="43", width=4, today=TODAY)
    assert set(stored.by_area) == {"4301"}
    assert stored.own["total"] == 1


def test_a_county_and_below_read_live_figures(country, make_user):
    refresh_all()
    county = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    assert area_figures.read("registry", actor=county, prefix=COUNTY_A, width=9,
                             today=TODAY) is None
    assert not area_figures.stores("36", 9)
    assert area_figures.stores("36", 4)


def _refresh_requests() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="refresh_task").count()


def test_a_stale_set_is_still_shown_and_refreshed_once_in_the_background(country, province,
                                                                         settings):
    settings.CWIS_AREA_FIGURES_MAX_AGE = 600
    refresh_all()
    read = area_figures.read("registry", actor=province, prefix="36", width=4, today=TODAY)
    assert _refresh_requests() == 0
    with time_machine.travel(dt.timedelta(minutes=11)):
        again = area_figures.read("registry", actor=province, prefix="36", width=4,
                                  today=TODAY)
        area_figures.read("registry", actor=province, prefix="36", width=4, today=TODAY)
    assert again == read  # the old set meanwhile
    assert _refresh_requests() == 1  # asked for once, not once per read
    area_figures.read("registry", actor=province, prefix="36", width=4,
                      today=TODAY + dt.timedelta(days=1))  # an earlier day's set: stale
    assert _refresh_requests() == 1  # (still asked for, within the period)


def test_the_refresh_task_computes_unless_a_newer_set_is_there(country):
    area_figures.refresh_task.call(name="registry", requested_at="2026-02-04T01:00:00+00:00")
    first = AreaFigureSet.objects.get(family="registry")
    area_figures.refresh_task.call(name="registry", requested_at="2026-02-04T01:00:00+00:00")
    assert AreaFigureSet.objects.get(family="registry") == first  # newer than asked: skipped
    area_figures.refresh_task.call(name="registry", requested_at="2026-02-04T03:00:00+00:00")
    assert AreaFigureSet.objects.get(family="registry") != first  # one set per family


def test_the_province_home_page_and_dashboard_show_the_stored_figures_with_their_time(
        country, province, web):
    refresh_all()
    CommunityChildFactory.create_batch(2, division_code=COUNTY_A + "100201")  # after it
    client = web(province)
    home = client.get("/").content.decode()
    assert 'id="panel-overdue_by_area-as-of"' in home
    assert "2026-02-04 10:00" in home
    page = client.get("/oversight/dashboard/").content.decode()
    assert 'id="panel-community-as-of"' in page
    assert 'id="community-areas-as-of"' in page
    assert 'id="trends-as-of"' in page
    assert dict(figures(panel(page, "community")))["/community/?division=36"] == 5  # not 7
    assert trend_row(page, "registry")[-1] == 5
    refresh_all()
    page = client.get("/oversight/dashboard/").content.decode()
    assert dict(figures(panel(page, "community")))["/community/?division=36"] == 7


def test_without_a_stored_set_the_figures_are_computed_live(country, province, web):
    page = web(province).get("/oversight/dashboard/").content.decode()
    assert dict(figures(panel(page, "community")))["/community/?division=36"] == 5
    assert "as-of" not in page
    # asked for in the background: the registry (once for the panel and the areas), the
    # trends of the period shown and the care panels' figures (once for the three panels)
    assert _refresh_requests() == 3


def test_the_command_refreshes_every_family_or_the_named_ones(country):
    call_command("refresh_figures", "--family", "registry")
    assert list(AreaFigureSet.objects.values_list("family", flat=True)) == ["registry"]
    call_command("refresh_figures")
    assert set(AreaFigureSet.objects.values_list("family", flat=True)) == set(
        area_figures.families())
    with pytest.raises(CommandError, match="unknown families: nothing"):
        call_command("refresh_figures", "--family", "nothing")
