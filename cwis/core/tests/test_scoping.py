import pytest

from cwis.conftest import COUNTY_A, OTHER_PROVINCE_COUNTY, PREFECTURE, PROVINCE
from cwis.core.errors import NotFoundError
from cwis.core.permissions import Role
from cwis.core.scoping import division_in_scope, get_scoped, scope
from cwis.institutions.models import Institution
from cwis.institutions.tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def institutions(scope_users):
    return {
        "a": scope_users.institution_a,
        "b": scope_users.institution_b,
        "prefecture": InstitutionFactory(division_code=PREFECTURE, level="prefecture"),
        "province": InstitutionFactory(division_code=PROVINCE, level="province"),
        "elsewhere": InstitutionFactory(division_code=OTHER_PROVINCE_COUNTY),
    }


def visible(user) -> set[int]:
    return set(scope(Institution.objects.all(), user).values_list("pk", flat=True))


def test_a_county_officer_sees_only_their_county(scope_users, institutions):
    assert visible(scope_users.in_scope) == {institutions["a"].pk}
    assert visible(scope_users.out_of_scope) == {institutions["b"].pk}


def test_a_province_officer_sees_the_whole_province_and_nothing_else(
    scope_users, institutions
):
    expected = {institutions[k].pk for k in ("a", "b", "prefecture", "province")}
    assert visible(scope_users.overseer) == expected


def test_a_prefecture_officer_sees_the_prefecture_but_not_the_province(
    make_user, institutions
):
    officer = make_user(Role.PREFECTURE_OFFICER, division_code=PREFECTURE)
    assert visible(officer) == {institutions[k].pk for k in ("a", "b", "prefecture")}


def test_the_ministry_sees_everything(make_user, institutions):
    assert visible(make_user(Role.MINISTRY_OFFICER)) == {i.pk for i in institutions.values()}


def test_institution_staff_see_only_their_institution(make_user, institutions):
    caregiver = make_user(
        Role.CAREGIVER, division_code=COUNTY_A, institution=institutions["a"]
    )
    assert visible(caregiver) == {institutions["a"].pk}


def test_scoping_fails_closed(make_user, institutions):
    no_division = make_user(Role.COUNTY_OFFICER)
    no_institution = make_user(Role.CAREGIVER)
    partner = make_user(Role.PARTNER_VIEWER)
    inactive = make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE, is_active=False)
    for user in (no_division, no_institution, partner, inactive):
        assert visible(user) == set(), user.role


def test_out_of_scope_and_missing_records_raise_the_same_error(scope_users):
    queryset = Institution.objects.all()
    with pytest.raises(NotFoundError) as out_of_scope:
        get_scoped(queryset, scope_users.in_scope, pk=scope_users.institution_b.pk)
    with pytest.raises(NotFoundError) as missing:
        get_scoped(queryset, scope_users.in_scope, pk=999_999)
    assert str(out_of_scope.value) == str(missing.value)


def test_division_in_scope_follows_the_prefix(scope_users):
    assert division_in_scope(scope_users.in_scope, "360121100")
    assert not division_in_scope(scope_users.in_scope, "360124")
    assert division_in_scope(scope_users.overseer, "360124")
    assert not division_in_scope(scope_users.overseer, "430121")
