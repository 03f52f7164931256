"""The ID number mask and ID-number search (issue 12, item 5)."""

import pytest

from cwis.children.models import mask_citizen_id
from cwis.children.tests.factories import BOY_ID, ChildFactory
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
