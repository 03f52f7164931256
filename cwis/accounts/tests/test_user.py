import pytest
from django.core.exceptions import ValidationError

from cwis.accounts.models import User
from cwis.conftest import COUNTY_A, PROVINCE, division
from cwis.core.permissions import PERMISSIONS, SCOPE, Perm, Role, has_perm

pytestmark = pytest.mark.django_db


def test_every_role_has_a_scope_and_a_permission_set():
    assert set(SCOPE) == set(Role.values)
    assert set(PERMISSIONS) == set(Role.values)


def test_a_staff_role_needs_an_institution():
    user = User(username="x", role=Role.CAREGIVER, division=division(COUNTY_A))
    with pytest.raises(ValidationError) as info:
        user.full_clean()
    assert "institution" in info.value.message_dict


def test_an_officer_needs_a_division_of_the_right_level():
    user = User(username="x", role=Role.COUNTY_OFFICER, division=division(PROVINCE))
    with pytest.raises(ValidationError) as info:
        user.full_clean()
    assert "division" in info.value.message_dict


def test_an_inactive_user_has_no_permission(make_user):
    user = make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE, is_active=False)
    assert not has_perm(user, Perm.INSTITUTION_VIEW)


def test_user_changes_are_versioned(make_user):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    user.display_name = "新名字"
    user.save()
    assert user.history.count() == 2
