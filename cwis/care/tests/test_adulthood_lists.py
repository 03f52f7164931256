"""The Excel lists of children approaching adulthood that the employment (人社), army,
housing and extreme-poverty support departments receive: one list per path, each holding
that path's children only, for the institution and the offices above it; nothing of another
county; not for staff without the care lists."""

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from cwis.care.choices_family import PathKind
from cwis.care.tests.factories import AdulthoodPathFactory, AdulthoodPlanFactory
from cwis.children.tests.factories import ChildFactory
from cwis.conftest import COUNTY_A
from cwis.core.permissions import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

DEPARTMENTS = {
    PathKind.EMPLOYMENT: "南昌县人社局",
    PathKind.ENLISTMENT: "南昌县人武部",
    PathKind.HOUSING: "南昌县住建局",
    PathKind.EXTREME_POVERTY: "南昌县民政局",
}


@pytest.fixture
def paths(care):
    """A boy of 17 with a path of each kind the departments take, and a girl of 17 in county
    B's institution with an employment path."""
    youth = ChildFactory(
        current_institution=care.users.institution_a, name="赵小军", birth_date=dt.date(2009, 1, 1)
    )
    plan = AdulthoodPlanFactory(child=youth)
    for kind, department in DEPARTMENTS.items():
        AdulthoodPathFactory(
            plan=plan,
            kind=kind,
            department=department,
            priority=kind in (PathKind.ENLISTMENT, PathKind.HOUSING),
        )
    other = ChildFactory(
        current_institution=care.users.institution_b, name="钱小红", birth_date=dt.date(2009, 2, 1)
    )
    AdulthoodPathFactory(plan=AdulthoodPlanFactory(child=other), department="进贤县人社局")
    return youth, other


def rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)


@pytest.mark.parametrize("kind", list(DEPARTMENTS))
def test_each_department_gets_its_path_only(care, paths, web, kind):
    youth, other = paths
    for user in (care.director, care.users.in_scope, care.province):
        table = rows(web(user).get(f"/care/adulthood/export.xlsx?path={kind}"))
        body = table[1:]
        assert [r[0] for r in body] == (
            [youth.name, other.name]
            if user == care.province and kind == "employment"
            else [youth.name]
        ), (user, kind)
        assert DEPARTMENTS[kind] in body[0]
        assert str(PathKind(kind).label) in body[0]


def test_another_county_and_staff_without_the_lists(care, paths, web, make_user):
    table = rows(web(care.users.out_of_scope).get("/care/adulthood/export.xlsx?path=housing"))
    assert len(table) == 1  # the header only: county B's office sees no child of A
    village = make_user(Role.CHILD_DIRECTOR, division_code=COUNTY_A)  # no care lists
    assert web(village).get("/care/adulthood/export.xlsx?path=housing").status_code == 403


def test_the_list_page_links_each_path_to_its_excel_list(care, paths, web):
    page = web(care.province).get("/care/adulthood/?path=enlistment").content.decode()
    assert "export.xlsx?path=enlistment" in page
    assert "赵小军" in page
    assert "钱小红" not in page
