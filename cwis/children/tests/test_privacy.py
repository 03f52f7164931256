"""The ID number mask and ID-number search (issue 12, item 5)."""

import datetime as dt

import pytest

from cwis.children.models import mask_citizen_id
from cwis.children.tests.factories import BOY_ID, ChildFactory
from cwis.core.models import AccessLog
from cwis.core.permissions import Perm, has_perm

pytestmark = pytest.mark.django_db


def test_the_mask_shows_only_the_province():
    masked = mask_citizen_id(BOY_ID)
    assert masked == "36" + "*" * 16
    # Nothing of the birth date, the sequence (sex) or the check digit is left.
    assert BOY_ID[6:14] not in masked
    assert BOY_ID[-4:] not in masked
    assert mask_citizen_id("") == ""


def test_pages_api_and_lists_show_the_same_mask(staff, api, web):
    child = ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)
    assert api(staff.caregiver).get(f"/children/{child.pk}").json()["citizen_id"] == (
        mask_citizen_id(BOY_ID))
    page = web(staff.caregiver).get("/children/").content.decode()
    assert mask_citizen_id(BOY_ID) in page
    assert BOY_ID[-4:] + "<" not in page


def test_a_prefix_or_the_last_digits_find_nothing_even_for_a_role_that_sees_numbers(
        staff, api, web):
    ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)
    assert has_perm(staff.director, Perm.CHILD_VIEW_ID_NUMBER)
    client = api(staff.director)
    for q in (BOY_ID[:6], BOY_ID[:14], BOY_ID[:17], BOY_ID[-4:], BOY_ID[-8:]):
        assert client.get("/children", q=q).json()["count"] == 0, q
    page = web(staff.director).get("/children/", {"q": BOY_ID[:10]}).content.decode()
    assert BOY_ID not in page


def test_the_whole_number_is_found_only_by_a_role_that_may_see_numbers(staff, api, web):
    child = ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)
    ChildFactory(current_institution=staff.users.institution_a)
    assert not has_perm(staff.caregiver, Perm.CHILD_VIEW_ID_NUMBER)
    found = api(staff.director).get("/children", q=BOY_ID.lower()).json()["items"]
    assert [c["id"] for c in found] == [child.pk]
    assert api(staff.caregiver).get("/children", q=BOY_ID).json()["count"] == 0
    assert api(staff.other_director).get("/children", q=BOY_ID).json()["count"] == 0


# ------------------------------------------------------------------ the duplicate check


def test_the_duplicate_check_is_only_for_roles_that_register(staff, api, make_user):
    partner = make_user("partner_viewer", partner_department="education")
    for user in (partner, staff.doctor, staff.users.overseer):
        response = api(user).get("/children/duplicates", citizen_id=BOY_ID)
        assert response.status_code == 403, user.role
    assert not AccessLog.objects.filter(object_type="duplicate_check").exists()
    # Registering in care or in the community is enough.
    assert api(staff.caregiver).get("/children/duplicates", citizen_id=BOY_ID).status_code == 200
    county = staff.users.in_scope  # registers community children, not children in care
    assert not has_perm(county, Perm.CHILD_REGISTER)
    assert api(county).get("/children/duplicates", citizen_id=BOY_ID).status_code == 200


def test_outside_the_jurisdiction_only_the_exact_id_number_is_told(staff, api):
    elsewhere = ChildFactory(current_institution=staff.users.institution_b, citizen_id=BOY_ID,
                             name="党小安", sex="female", birth_date=dt.date(2015, 3, 8))
    client = api(staff.caregiver)
    answer = client.get("/children/duplicates", citizen_id=BOY_ID).json()
    assert answer == {"candidates": [], "id_number_elsewhere": True}
    # Name, sex and birth date matching a file elsewhere: nothing, not even a count.
    answer = client.get("/children/duplicates", name=elsewhere.name, sex="female",
                        birth_date="2015-03-08").json()
    assert answer == {"candidates": [], "id_number_elsewhere": False}
    assert client.get("/children/duplicates", citizen_id=BOY_ID[:17] + "0").json() == {
        "candidates": [], "id_number_elsewhere": False}


def test_each_check_writes_the_access_log_and_so_does_each_file_it_shows(staff, api):
    near = ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)
    answer = api(staff.caregiver).get("/children/duplicates", citizen_id=BOY_ID).json()
    assert [c["id"] for c in answer["candidates"]] == [near.pk]
    assert answer["id_number_elsewhere"] is False
    check = AccessLog.objects.get(object_type="duplicate_check")
    assert (check.user, check.action) == (staff.caregiver, "duplicate_check")
    assert check.division_code == staff.users.institution_a.division_code
    shown = AccessLog.objects.get(object_type="child", object_id=str(near.pk))
    assert (shown.user, shown.action) == (staff.caregiver, "duplicate_check")


def test_the_edit_page_shows_the_file_and_is_logged(staff, web):
    child = ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)
    assert web(staff.director).get(f"/children/{child.pk}/edit/").status_code == 200
    row = AccessLog.objects.get(object_type="child", object_id=str(child.pk))
    assert (row.user, row.action) == (staff.director, "edit")
