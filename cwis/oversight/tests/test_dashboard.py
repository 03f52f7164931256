import datetime as dt
import re

import pytest

from cwis.children.tests.factories import ChildFactory
from cwis.conftest import COUNTY_A, PREFECTURE, PROVINCE
from cwis.core.permissions import Role
from cwis.institutions.models import Institution
from cwis.institutions.tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r'<a href="([^"]+)" class="figure-link" data-value="(\d+)"')
ROW = re.compile(r'href="/(?:institutions|children|community)/\d+/"')


@pytest.fixture
def institutions():
    InstitutionFactory(division_code=PROVINCE, level="province", name="省福利院")
    InstitutionFactory(division_code=PREFECTURE, level="prefecture", name="市福利院")
    InstitutionFactory(division_code=COUNTY_A, level="county", name="县福利院")
    InstitutionFactory(division_code="360124", level="county", kind="minors_protection")
    InstitutionFactory(division_code="360731", level="county")
    InstitutionFactory(division_code="430121", level="county", name="外省县福利院")
    county = Institution.objects.get(name="县福利院")
    prefecture = Institution.objects.get(name="市福利院")
    ChildFactory(current_institution=county, is_orphan=True, birth_date=dt.date(2012, 3, 1))
    ChildFactory(current_institution=prefecture, disability_type="intellectual",
                 disability_grade=2, birth_date=dt.date(2022, 5, 1))
    ChildFactory(current_institution=prefecture, is_parents_not_found=True,
                 birth_date=dt.date(2025, 12, 1))


def figures(page: str) -> list[tuple[str, int]]:
    return [(url.replace("&amp;", "&"), int(value)) for url, value in FIGURE.findall(page)]


@pytest.mark.parametrize(
    ("role", "division", "expected_title"),
    [
        (Role.MINISTRY_OFFICER, None, "全国"),
        (Role.PROVINCE_OFFICER, PROVINCE, "江西省"),
        (Role.PREFECTURE_OFFICER, PREFECTURE, "南昌市"),
        (Role.COUNTY_OFFICER, COUNTY_A, "南昌县"),
    ],
)
def test_every_figure_equals_the_length_of_the_list_it_links_to(
    institutions, make_user, web, role, division, expected_title
):
    client = web(make_user(role, division_code=division))
    page = client.get("/oversight/dashboard/").content.decode()
    assert expected_title in page
    found = figures(page)
    assert found
    for url, value in found:
        listing = client.get(url).content.decode()
        assert len(ROW.findall(listing)) == value, url


def test_the_province_dashboard_counts_its_own_institutions_only(institutions, make_user, api):
    data = api(make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)).get("/dashboard").json()
    goals = next(p for p in data["panels"] if p["key"] == "goals")
    assert [c["value"] for c in goals["cells"]] == [1, 3]
    assert {r["code"] for r in data["drilldown"]} >= {"360100", "360700"}


def test_the_ministry_drills_down_to_a_county(institutions, make_user, web):
    client = web(make_user(Role.MINISTRY_OFFICER))
    for code in ("360000", "360100", "360121"):
        response = client.get("/oversight/dashboard/", {"division": code})
        assert response.status_code == 200
    page = client.get("/oversight/dashboard/", {"division": "360121"}).content.decode()
    assert dict(figures(page))  # the county's own figures link to lists


def test_a_county_officer_cannot_open_another_countys_dashboard(scope_users, web, api):
    assert web(scope_users.in_scope).get(
        "/oversight/dashboard/", {"division": "360124"}).status_code == 404
    assert api(scope_users.in_scope).get("/dashboard", division="360124").status_code == 404
    assert api(scope_users.in_scope).get("/dashboard", division="360100").status_code == 404


def test_institution_staff_have_no_dashboard(make_user, scope_users, web):
    caregiver = make_user(Role.CAREGIVER, institution=scope_users.institution_a)
    assert web(caregiver).get("/oversight/dashboard/").status_code == 404


def test_the_children_panels_count_the_children_in_care(institutions, make_user, api):
    data = api(make_user(Role.PREFECTURE_OFFICER, division_code=PREFECTURE)).get(
        "/dashboard").json()
    panels = {p["key"]: {c["label"]: c["value"] for c in p["cells"]} for p in data["panels"]}
    assert sum(panels["children_age"].values()) == 3
    assert next(iter(panels["children_category"].values())) == 3
    assert sum(panels["children_disability"].values()) == 1
    assert sum(panels["children_residence"].values()) == 3
