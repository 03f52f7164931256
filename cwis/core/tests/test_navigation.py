"""Issue 13, points 16-17: the navigation shows what each role uses, read from its
permissions, and marks the page the user is on."""

import re

import pytest

from cwis.conftest import COUNTY_A, PROVINCE
from cwis.core.navigation import navigation_for
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.protection.tests.factories import VILLAGE, ensure_divisions

pytestmark = pytest.mark.django_db


def keys(user, path="/") -> set[str]:
    found = set()
    for item in navigation_for(user, path):
        found.add(item["key"])
        found.update(link["key"] for link in item["links"])
    return found


def test_a_village_child_director_sees_home_the_community_registry_and_the_todo_list(
        make_user):
    ensure_divisions()
    user = make_user(Role.CHILD_DIRECTOR, division_code=VILLAGE)
    assert keys(user) == {"home", "community", "todo"}


def test_a_county_officer_sees_the_institutions_children_transfers_and_registry(make_user):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    found = keys(user)
    assert {"home", "institutions", "children", "community", "transfers", "todo",
            "dashboard", "audit", "without-plan"} <= found
    assert not found & {"plans", "reports", "province", "lockouts", "admin"}


def test_a_province_officer_sees_reports_and_the_province_layout(make_user):
    user = make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)
    assert {"plans", "reports", "evaluations", "province", "dashboard"} <= keys(user)


def test_an_institution_director_sees_no_community_registry_or_dashboard(make_user):
    institution = InstitutionFactory(division_code=COUNTY_A, level="county")
    user = make_user(Role.DIRECTOR, division_code=COUNTY_A, institution=institution)
    found = keys(user)
    assert {"children", "transfers", "care", "outside", "todo", "hazards"} <= found
    assert not found & {"community", "dashboard", "province", "plans"}


def test_a_partner_viewer_and_the_security_administrator_see_only_their_pages(make_user):
    assert keys(make_user(Role.PARTNER_VIEWER)) == {"home", "partner-requests"}
    assert keys(make_user(Role.SECURITY_ADMIN)) == {"home", "lockouts", "admin"}


def test_the_current_page_is_marked_for_screen_readers(make_user, web):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    body = web(user).get("/transfers/").content.decode()
    current = re.findall(r'<a [^>]*aria-current="page"[^>]*>', body)
    assert len(current) == 1
    assert 'id="nav-transfers"' in current[0]
    assert 'href="#main"' in body  # the skip link
    assert 'id="main"' in body


def test_the_longest_matching_address_is_the_current_one(make_user):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    items = navigation_for(user, "/care/without-plan/")
    current = [link["key"] for item in items for link in [item, *item["links"]]
               if link.get("current")]
    assert current == ["care", "without-plan"]
    home = navigation_for(user, "/")
    assert [i["key"] for i in home if i.get("current")] == ["home"]


def test_foster_families_and_children_approaching_adulthood_are_under_care(make_user):
    institution = InstitutionFactory(division_code=COUNTY_A, level="county")
    for user in (make_user(Role.SOCIAL_WORKER, division_code=COUNTY_A, institution=institution),
                 make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)):
        assert {"foster", "adulthood"} <= keys(user)
    assert not {"foster", "adulthood"} & keys(make_user(Role.CHILD_DIRECTOR,
                                                          division_code=COUNTY_A))
