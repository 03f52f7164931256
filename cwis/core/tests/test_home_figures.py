"""The home page's figures per role (issue 13 point 11): counts from aggregate queries,
scoped, the offices above the county seeing routine deadlines as counts per area."""

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
)
from cwis.conftest import COUNTY_A, COUNTY_B, PREFECTURE, PROVINCE
from cwis.core.permissions import Role
from cwis.institutions.models import InstitutionLevel
from cwis.institutions.tests.factories import InstitutionFactory, TransformationFactory
from cwis.protection.tests.factories import OTHER_TOWNSHIP, VILLAGE, ensure_divisions
from cwis.transfers.models import TransferStatus
from cwis.transfers.tests.factories import TransferFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 2, 4)  # a Wednesday: the week ends on Sunday 8 February
FIGURE = re.compile(r'id="figure-([a-z_0-9]+)" data-value="(\d+)"')


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 2, 4, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
                             tick=False):
        yield TODAY


def figures_of(client) -> dict[str, int]:
    page = client.get("/").content.decode()
    return {key: int(value) for key, value in FIGURE.findall(page)}


def visit(child, due: dt.date, kind=DeadlineKind.COMMUNITY_VISIT):
    return ChildDeadlineFactory(child=child, kind=kind, due_on=due,
                                started_on=due - dt.timedelta(days=90))


@pytest.fixture
def registry():
    """莲塘村: one child due this week, one overdue, one due next month (an orphan); 民和镇
    (county B): one overdue."""
    ensure_divisions()
    week = CommunityChildFactory(division_code=VILLAGE)
    late = CommunityChildFactory(division_code=VILLAGE)
    later = CommunityChildFactory(division_code=VILLAGE, is_left_behind=False,
                                  left_behind_situation="", is_orphan=True)
    outside = CommunityChildFactory(division_code=OTHER_TOWNSHIP + "201")
    visit(week, dt.date(2026, 2, 7))
    visit(late, dt.date(2026, 1, 20))
    visit(later, dt.date(2026, 3, 10))
    visit(outside, dt.date(2026, 1, 1))
    visit(late, dt.date(2026, 1, 30), kind=DeadlineKind.COMMUNITY_FOLLOW_UP)


def test_a_village_director_sees_the_children_to_visit_this_week(registry, make_user, web):
    director = make_user(Role.CHILD_DIRECTOR, division_code=VILLAGE)
    client = web(director)
    figures = figures_of(client)
    assert figures["visit_week"] == 2  # this week's and the overdue one
    assert figures["visit_overdue"] == 1
    assert figures["follow_up_overdue"] == 1
    assert figures["registry"] == 3
    assert figures["left_behind"] == 2
    assert figures["orphan"] == 1
    page = client.get("/").content.decode()
    assert "/community/new/" in page
    listed = client.get("/community/", {"due_week": "1"}).content.decode()
    assert len(set(re.findall(r'href="/community/(\d+)/"', listed))) == 2


def test_a_county_officer_sees_its_registry_and_its_todo(registry, scope_users, web):
    figures = figures_of(web(scope_users.in_scope))
    assert figures["registry"] == 3
    assert figures["visit_overdue"] == 1
    assert figures["todo"] >= 1  # its overdue visit


def test_another_countys_officer_counts_only_its_own_registry(registry, scope_users, web):
    figures = figures_of(web(scope_users.out_of_scope))
    assert figures["registry"] == 1
    assert figures["visit_overdue"] == 1
    assert figures["visit_week"] == 1


def test_a_director_sees_the_children_arriving_and_the_overdue_deadlines(make_user, web):
    receiver = InstitutionFactory(division_code=PREFECTURE, level=InstitutionLevel.PREFECTURE)
    director = make_user(Role.DIRECTOR, institution=receiver)
    TransferFactory(to_institution=receiver, status=TransferStatus.SENT,
                    approved_on=dt.date(2026, 1, 20), sent_on=dt.date(2026, 1, 25))
    TransferFactory(to_institution=receiver, status=TransferStatus.DRAFTED)
    child = ChildFactory(current_institution=receiver)
    ChildDeadlineFactory(child=child, kind=DeadlineKind.INTAKE_DOCUMENTS,
                         due_on=dt.date(2026, 1, 31))
    figures = figures_of(web(director))
    assert figures["arriving"] == 1
    assert figures["in_care"] == 1
    assert figures["overdue"] >= 1


@pytest.fixture
def province():
    """Two county institutions of 江西省 behind plan (one county each), one on time, one of
    another province behind plan; deadlines overdue by a few days and by months."""
    behind = InstitutionFactory(division_code=COUNTY_A, level=InstitutionLevel.COUNTY)
    TransformationFactory(institution=behind, target_handover_date=dt.date(2026, 1, 1),
                          target_completion_date=dt.date(2026, 6, 30))
    behind_b = InstitutionFactory(division_code=COUNTY_B, level=InstitutionLevel.COUNTY)
    TransformationFactory(institution=behind_b, state="handing_over",
                          target_handover_date=dt.date(2025, 6, 1),
                          target_completion_date=dt.date(2025, 12, 31))
    on_time = InstitutionFactory(division_code="360731", level=InstitutionLevel.COUNTY)
    TransformationFactory(institution=on_time, target_handover_date=dt.date(2026, 6, 1),
                          target_completion_date=dt.date(2026, 12, 31))
    other = InstitutionFactory(division_code="430121", level=InstitutionLevel.COUNTY)
    TransformationFactory(institution=other, target_handover_date=dt.date(2026, 1, 1),
                          target_completion_date=dt.date(2026, 6, 30))
    # In care since January: its first upbringing assessment is not due yet (30 days).
    child = ChildFactory(current_institution=on_time, name="刚过期",
                         guardianship_since=dt.date(2026, 1, 20))
    ChildDeadlineFactory(child=child, kind=DeadlineKind.INTAKE_DOCUMENTS,
                         due_on=dt.date(2026, 2, 1))  # 3 days overdue: routine
    late = ChildFactory(current_institution=behind_b, name="久过期")
    ChildDeadlineFactory(child=late, kind=DeadlineKind.INTAKE_DOCUMENTS,
                         due_on=dt.date(2025, 11, 1))  # three months: escalated
    adult = ChildFactory(current_institution=behind_b, name="满十八")
    ChildDeadlineFactory(child=adult, kind=DeadlineKind.TURNS_18,
                         due_on=dt.date(2026, 2, 3))  # serious by nature
    return behind


def test_a_province_officer_sees_the_counties_behind_plan(province, make_user, web):
    client = web(make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE))
    figures = figures_of(client)
    assert figures["counties_behind"] == 2
    assert figures["county_total"] == 3
    listed = client.get("/institutions/", {"level": "county", "transformation": "behind",
                                           "division": "36", "status": "operating"})
    assert len(set(re.findall(r'href="/institutions/(\d+)/"', listed.content.decode()))) == 2


def test_the_province_sees_routine_deadlines_as_counts_and_escalated_ones_by_name(
        province, make_user, web):
    page = web(make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)).get("/")
    html = page.content.decode()
    todo = html[html.index('id="todo-list"'):] if 'id="todo-list"' in html else ""
    assert "久过期" in todo
    assert "满十八" in todo
    assert "刚过期" not in todo
    table = html[html.index('id="table-overdue_by_area"'):]
    table = table[:table.index("</table>")]
    assert re.search(r"南昌市</a></td><td[^>]*>1</td><td[^>]*>1</td><td[^>]*>0</td>", table)
    assert re.search(r"赣州市</a></td><td[^>]*>1</td><td[^>]*>0</td><td[^>]*>0</td>", table)


def test_a_county_officer_still_sees_each_overdue_deadline(province, make_user, web):
    html = web(make_user(Role.COUNTY_OFFICER, division_code="360731")).get("/")
    html = html.content.decode()
    assert "刚过期" in html
    assert 'id="table-overdue_by_area"' not in html


def test_the_prefecture_counts_per_county(province, make_user, web):
    html = web(make_user(Role.PREFECTURE_OFFICER, division_code=PREFECTURE)).get("/")
    html = html.content.decode()
    table = html[html.index('id="table-overdue_by_area"'):]
    table = table[:table.index("</table>")]
    assert "进贤县" in table
    assert "于都县" not in table  # in 赣州市


@pytest.mark.parametrize(("role", "division"), [
    (Role.PROVINCE_OFFICER, PROVINCE), (Role.MINISTRY_OFFICER, None),
    (Role.COUNTY_OFFICER, COUNTY_A), (Role.CHILD_DIRECTOR, VILLAGE)])
def test_the_home_page_reads_a_bounded_number_of_queries(
        province, registry, make_user, web, django_assert_max_num_queries, role, division):
    client = web(make_user(role, division_code=division))
    client.get("/")  # warm the place names and the session
    with django_assert_max_num_queries(40), CaptureQueriesContext(connection) as before:
        assert client.get("/").status_code == 200
    more = [InstitutionFactory(division_code=code, level=InstitutionLevel.COUNTY)
            for code in ("360123", "360730", "360681")]
    for institution in more:
        TransformationFactory(institution=institution, target_handover_date=dt.date(2026, 1, 1),
                              target_completion_date=dt.date(2026, 6, 30))
        child = ChildFactory(current_institution=institution)
        ChildDeadlineFactory(child=child, kind=DeadlineKind.INTAKE_DOCUMENTS,
                             due_on=dt.date(2026, 1, 10))
        visit(CommunityChildFactory(division_code=VILLAGE), dt.date(2026, 1, 2))
    client.get("/")
    with CaptureQueriesContext(connection) as after:
        assert client.get("/").status_code == 200
    # More places, children and deadlines: not one query more.
    assert len(after.captured_queries) <= len(before.captured_queries)


def test_the_todo_page_of_the_province_counts_routine_deadlines_per_area(
        province, make_user, web, scope_users):
    page = web(make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)).get(
        "/oversight/todo/").content.decode()
    assert 'id="todo-by-area"' in page
    assert "久过期" in page
    assert "刚过期" not in page
    county = web(scope_users.in_scope).get("/oversight/todo/").content.decode()
    assert 'id="todo-by-area"' not in county
