import pytest

from cwis.conftest import OTHER_PROVINCE
from cwis.core.permissions import Role


@pytest.fixture
def province(scope_users):
    """The province's officer (江西省): files its plan and reports; the scope users'
    overseer."""
    return scope_users.overseer


@pytest.fixture
def other_province(make_user):
    """Another province's officer: sees none of 江西省's records."""
    return make_user(Role.PROVINCE_OFFICER, division_code=OTHER_PROVINCE)


@pytest.fixture
def ministry(make_user):
    return make_user(Role.MINISTRY_OFFICER)
