"""Every page and API endpoint: the user in scope gets it, the user of another county gets
404 (never 403: no existence leak), and read-only roles may not write."""

import pytest

from cwis.conftest import COUNTY_A, PREFECTURE
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import (
    FactFactory,
    InstitutionFactory,
    LicenceFactory,
    ReceiverFactory,
    ResidenceFactory,
    StaffFactory,
    TransformationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(scope_users):
    institution = scope_users.institution_a
    plan = TransformationFactory(institution=institution, state="handing_over")
    fact = FactFactory(transformation=plan)
    residence = ResidenceFactory(institution=institution, name="1号")
    receiver = InstitutionFactory(level="prefecture", division_code=PREFECTURE)
    ReceiverFactory(county_code=COUNTY_A, receiver=receiver)
    return {
        "i": institution.pk, "licence": LicenceFactory(institution=institution).pk,
        "staff": StaffFactory(institution=institution).pk, "residence": residence.pk,
        "fact": fact.pk,
    }


PAGES = [
    "/institutions/{i}/", "/institutions/{i}/edit/", "/institutions/{i}/licences/new/",
    "/institutions/licences/{licence}/edit/", "/institutions/{i}/residences/new/",
    "/institutions/residences/{residence}/edit/", "/institutions/{i}/staff/",
    "/institutions/{i}/staff/new/", "/institutions/staff/{staff}/",
    "/institutions/staff/{staff}/edit/", "/institutions/staff/{staff}/outcome/",
    "/institutions/staff/{staff}/qualifications/new/",
    "/institutions/staff/{staff}/trainings/new/", "/institutions/{i}/transformation/",
    "/institutions/{i}/transformation/facts/new/", "/institutions/facts/{fact}/withdraw/",
]


@pytest.mark.parametrize("url", PAGES)
def test_each_page_opens_in_scope_and_is_not_found_outside(scope_users, records, web, url):
    url = url.format(**records)
    assert web(scope_users.in_scope).get(url).status_code == 200
    assert web(scope_users.out_of_scope).get(url).status_code == 404


def test_the_planning_pages_are_for_the_province(scope_users, records, web):
    plan_url = f"/institutions/{records['i']}/transformation/plan/"
    assert web(scope_users.overseer).get(plan_url).status_code == 200
    assert web(scope_users.overseer).get("/institutions/province/360000/plan/").status_code == 200
    assert web(scope_users.in_scope).get(plan_url).status_code == 403
    assert web(scope_users.out_of_scope).get(plan_url).status_code == 404


API_WRITES = [
    ("patch", "/institutions/{i}", {"version": 1, "beds": 1}),
    ("post", "/institutions/{i}/licences", {"kind": "school", "number": "1",
                                            "valid_from": "2024-01-01"}),
    ("put", "/licences/{licence}", {"version": 1, "kind": "school", "number": "1",
                                    "valid_from": "2024-01-01"}),
    ("put", "/institutions/{i}/posts/nurse", {"headcount_set": 1}),
    ("post", "/institutions/{i}/residences", {"name": "2号", "capacity": 2,
                                              "carer_father": "a", "carer_mother": "b"}),
    ("put", "/residences/{residence}", {"version": 1, "name": "1号", "capacity": 2,
                                        "carer_father": "a", "carer_mother": "b"}),
    ("post", "/institutions/{i}/staff", {"name": "x", "post_type": "nurse",
                                         "started_on": "2024-01-01"}),
    ("put", "/staff/{staff}", {"version": 1, "name": "x", "post_type": "nurse",
                               "started_on": "2018-03-01"}),
    ("post", "/staff/{staff}/outcome", {"version": 1, "outcome": "retained",
                                        "decided_on": "2024-01-01"}),
    ("post", "/staff/{staff}/qualifications", {"kind": "nurse", "number": "1",
                                               "issued_on": "2024-01-01"}),
    ("post", "/staff/{staff}/trainings", {"title": "t", "started_on": "2024-01-01",
                                          "ended_on": "2024-01-02"}),
    ("post", "/institutions/{i}/transformation/facts", {"kind": "premises",
                                                        "effective_on": "2024-01-01",
                                                        "description": "x"}),
    ("post", "/transformation-facts/{fact}/withdraw", {"version": 1, "reason": "x"}),
    ("post", "/institutions/{i}/transformation/complete", {"version": 1}),
]


@pytest.mark.parametrize(("method", "path", "body"), API_WRITES)
def test_each_api_write_succeeds_in_scope_404_outside_403_read_only(
    scope_users, records, api, make_user, method, path, body
):
    path = path.format(**records)
    outside = getattr(api(scope_users.out_of_scope), method)(path, body)
    assert outside.status_code == 404, outside.json()
    ministry = getattr(api(make_user(Role.MINISTRY_OFFICER)), method)(path, body)
    assert ministry.status_code == 403, ministry.json()
    inside = getattr(api(scope_users.in_scope), method)(path, body)
    if path.endswith("/complete"):  # reached, and refused for its open items
        assert inside.status_code == 422, inside.json()
    else:
        assert inside.status_code in (200, 201), inside.json()


API_READS = ["/institutions/{i}", "/institutions/{i}/staff", "/institutions/{i}/transformation"]


@pytest.mark.parametrize("path", API_READS)
def test_each_api_read_is_scoped(scope_users, records, api, path):
    path = path.format(**records)
    assert api(scope_users.in_scope).get(path).status_code == 200
    assert api(scope_users.out_of_scope).get(path).status_code == 404
