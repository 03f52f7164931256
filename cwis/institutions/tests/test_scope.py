"""A county officer can neither read nor change another county's institution, by page or API."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_list_page_shows_only_records_in_scope(scope_users, web):
    page = web(scope_users.in_scope).get("/institutions/").content.decode()
    assert scope_users.institution_a.name in page
    assert scope_users.institution_b.name not in page


def test_the_detail_page_answers_404_out_of_scope(scope_users, web):
    client = web(scope_users.in_scope)
    assert client.get(f"/institutions/{scope_users.institution_a.pk}/").status_code == 200
    assert client.get(f"/institutions/{scope_users.institution_b.pk}/").status_code == 404


def test_the_overseer_sees_both_counties(scope_users, web):
    client = web(scope_users.overseer)
    for institution in (scope_users.institution_a, scope_users.institution_b):
        assert client.get(f"/institutions/{institution.pk}/").status_code == 200


def test_the_api_list_and_detail_are_scoped(scope_users, api):
    client = api(scope_users.in_scope)
    items = client.get("/institutions").json()["items"]
    assert [i["id"] for i in items] == [scope_users.institution_a.pk]
    assert client.get(f"/institutions/{scope_users.institution_b.pk}").status_code == 404
    assert client.get("/institutions/999999").status_code == 404
