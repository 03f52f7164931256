"""The dashboard's community registry panel, its figures per area and the trends (issue 13
point 13)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cwis.children.choices import DeadlineKind
from cwis.children.tests.factories import (
    ChildDeadlineFactory,
    ChildFactory,
    CommunityChildFactory,
    PlacementFactory,
)
from cwis.conftest import COUNTY_A, PROVINCE
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.protection.tests.factories import (
    OTHER_TOWNSHIP,
    OTHER_VILLAGE,
    TOWNSHIP,
    VILLAGE,
    ensure_divisions,
)

pytestmark = pytest.mark.django_db
FIGURE = re.compile(r'<a href="([^"]+)" class="figure-link" data-value="(\d+)"')
ROW = re.compile(r'href="/(?:institutions|children|community)/\d+/"')


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 2, 4, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
                             tick=False):
        yield


@pytest.fixture
def registry():
    """莲塘村: two left-behind children (one registered in 2025, one visit overdue), a
    scattered orphan; 东村: a child in difficulty; 民和镇 (county B): one left-behind child.
    A child in care in county A since 2020."""
    ensure_divisions()
    first = CommunityChildFactory(division_code=VILLAGE, registered_on=dt.date(2024, 3, 1))
    CommunityChildFactory(division_code=VILLAGE, registered_on=dt.date(2025, 6, 1))
    CommunityChildFactory(division_code=VILLAGE, is_left_behind=False, left_behind_situation="",
                          is_orphan=True)
    CommunityChildFactory(division_code=OTHER_VILLAGE, is_left_behind=False,
                          left_behind_situation="", is_in_difficulty=True)
    CommunityChildFactory(division_code=OTHER_TOWNSHIP + "201")
    ChildDeadlineFactory(child=first, kind=DeadlineKind.COMMUNITY_VISIT,
                         due_on=dt.date(2026, 1, 10), started_on=dt.date(2025, 10, 12))
    institution = InstitutionFactory(division_code=COUNTY_A, level="county")
    child = ChildFactory(current_institution=institution, placed=False, is_left_behind=True)
    PlacementFactory(child=child, institution=institution, started_on=dt.date(2020, 1, 1))


def figures(page: str) -> list[tuple[str, int]]:
    return [(url.replace("&amp;", "&"), int(value)) for url, value in FIGURE.findall(page)]


def panel(page: str, key: str) -> str:
    start = page.index(f'id="panel-{key}"')
    return page[start:page.index("</table>", start)]


@pytest.mark.parametrize(("role", "division"), [
    (Role.COUNTY_OFFICER, COUNTY_A), (Role.CHILD_SUPERVISOR, TOWNSHIP),
    (Role.CHILD_DIRECTOR, VILLAGE), (Role.PROVINCE_OFFICER, PROVINCE)])
def test_every_registry_figure_equals_the_length_of_the_list_it_links_to(
        registry, make_user, web, role, division):
    client = web(make_user(role, division_code=division))
    page = client.get("/oversight/dashboard/").content.decode()
    community = panel(page, "community")
    found = figures(community) + figures(page[page.find('id="community-areas"'):])
    assert any("/community/" in url for url, _ in found)
    for url, value in found:
        if "/community/" not in url:
            continue
        listing = client.get(url).content.decode()
        assert len(set(ROW.findall(listing))) == value, url


def test_the_county_panel_counts_its_registry_by_category(registry, scope_users, web):
    page = web(scope_users.in_scope).get("/oversight/dashboard/").content.decode()
    counts = dict(figures(panel(page, "community")))
    assert counts["/community/?division=360121"] == 4
    assert counts["/community/?division=360121&category=left_behind"] == 2
    assert counts["/community/?division=360121&category=orphan"] == 1
    assert counts["/community/?division=360121&category=in_difficulty"] == 1
    assert counts["/community/?division=360121&overdue=1"] == 1
    areas = page[page.index('id="community-areas"'):]
    assert "莲塘镇" in areas
    assert "民和镇" not in areas  # county B's township


def test_children_in_care_no_longer_show_left_behind(registry, scope_users, web):
    page = web(scope_users.in_scope).get("/oversight/dashboard/").content.decode()
    in_care = panel(page, "children_category")
    assert "留守儿童" not in in_care
    assert "Left-behind" not in in_care


def test_a_township_supervisor_sees_its_registry_not_empty_institution_charts(
        registry, make_user, web):
    page = web(make_user(Role.CHILD_SUPERVISOR, division_code=TOWNSHIP)).get(
        "/oversight/dashboard/").content.decode()
    assert 'id="panel-community"' in page
    assert 'id="panel-institutions"' not in page
    assert 'id="panel-children_age"' not in page
    areas = page[page.index('id="community-areas"'):]
    assert "莲塘村委会" in areas
    assert "东村村委会" in areas
    assert 'id="trend-in_care"' not in page
    assert 'id="trend-registry"' in page


def test_a_village_director_sees_its_village(registry, make_user, web):
    response = web(make_user(Role.CHILD_DIRECTOR, division_code=VILLAGE)).get(
        "/oversight/dashboard/")
    assert response.status_code == 200
    counts = dict(figures(panel(response.content.decode(), "community")))
    assert counts[f"/community/?division={VILLAGE}"] == 3


def test_another_county_cannot_open_the_townships_dashboard(registry, scope_users, web):
    client = web(scope_users.out_of_scope)
    assert client.get("/oversight/dashboard/", {"division": TOWNSHIP}).status_code == 404


def test_the_county_drills_down_to_a_township(registry, scope_users, web):
    client = web(scope_users.in_scope)
    page = client.get("/oversight/dashboard/", {"division": TOWNSHIP}).content.decode()
    assert 'id="panel-institutions"' not in page
    counts = dict(figures(panel(page, "community")))
    assert counts[f"/community/?division={TOWNSHIP}"] == 4


def trend_row(page: str, key: str) -> list[int]:
    row = page[page.index(f'id="trend-{key}"'):]
    row = row[:row.index("</tr>")]
    return [int(v) for v in re.findall(r'<td class="text-end">(\d+)</td>', row)]


def test_the_trends_read_the_timelines_by_year(registry, scope_users, web):
    page = web(scope_users.in_scope).get("/oversight/dashboard/").content.decode()
    # year ends 2022, 2023, 2024, 2025, then today
    assert trend_row(page, "registry") == [0, 0, 3, 4, 4]
    assert trend_row(page, "left_behind") == [0, 0, 1, 2, 2]
    assert trend_row(page, "in_care") == [1, 1, 1, 1, 1]
    assert "<polyline" in page


def test_the_trends_by_month_keep_the_area_in_the_url(registry, scope_users, web):
    client = web(scope_users.in_scope)
    page = client.get("/oversight/dashboard/", {"division": TOWNSHIP, "trend": "month"})
    page = page.content.decode()
    assert len(trend_row(page, "registry")) == 12
    assert f'href="?division={TOWNSHIP}&amp;trend=year"' in page


def test_the_dashboard_reads_a_bounded_number_of_queries(
        registry, make_user, web, django_assert_max_num_queries):
    client = web(make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE))
    client.get("/oversight/dashboard/")
    # The stored figures' three lookups (cwis.core.area_figures), the protection cases'
    # one query per kind of record counted (seven) for the panel and for the table per area,
    # and two per care figure (the records' child ids, then the count: cwis.care.figures.among)
    # in the care, upbringing and family-care panels (live while no stored set of the "care"
    # family exists, which they ask for); the safety panel's five; the partner requests' and
    # data-quality figures. A fixed number: more data below reads no more.
    with django_assert_max_num_queries(100), CaptureQueriesContext(connection) as before:
        client.get("/oversight/dashboard/")
    for village in (VILLAGE, OTHER_VILLAGE, OTHER_TOWNSHIP + "202"):
        CommunityChildFactory.create_batch(3, division_code=village, is_in_difficulty=True)
    client.get("/oversight/dashboard/")
    with CaptureQueriesContext(connection) as after:
        client.get("/oversight/dashboard/")
    assert len(after.captured_queries) <= len(before.captured_queries)


def test_the_area_figures_are_cached_when_configured(registry, make_user, web, settings):
    from django.core.cache import cache

    settings.CWIS_FIGURES_CACHE_SECONDS = 300
    cache.clear()
    client = web(make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE))
    with CaptureQueriesContext(connection) as first:
        client.get("/oversight/dashboard/")
    with CaptureQueriesContext(connection) as second:
        page = client.get("/oversight/dashboard/").content.decode()
    assert len(second.captured_queries) < len(first.captured_queries)
    assert dict(figures(panel(page, "community")))["/community/?division=36"] == 5
    cache.clear()


def test_the_api_gives_the_same_registry_figures_and_trends(registry, scope_users, api):
    data = api(scope_users.in_scope).get("/dashboard", trend="month").json()
    community = next(p for p in data["panels"] if p["key"] == "community")
    assert community["cells"][0]["value"] == 4
    assert [a["name"] for a in data["community_areas"]] == ["莲塘镇"]
    assert data["trend_period"] == "month"
    assert len(data["trend_points"]) == 12
    registry_trend = next(t for t in data["trends"] if t["key"] == "registry")
    assert registry_trend["values"][-1] == 4
    assert api(scope_users.out_of_scope).get("/dashboard", division=TOWNSHIP).status_code == 404
