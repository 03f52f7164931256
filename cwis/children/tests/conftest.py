import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cwis.accounts.models import User
from cwis.conftest import ScopeUsers
from cwis.core.permissions import Role

TODAY = dt.date(2026, 2, 1)


@pytest.fixture
def frozen_today():
    """The tests' 'today': 2026-02-01, a month after the found infant's intake."""
    with time_machine.travel(dt.datetime(2026, 2, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
                             tick=False):
        yield TODAY


@dataclass
class Staff:
    """People of county A's institution (in scope) and county B's (out of scope)."""

    caregiver: User
    director: User
    doctor: User
    other_caregiver: User
    other_director: User
    users: ScopeUsers


@pytest.fixture
def staff(scope_users, make_user) -> Staff:
    a, b = scope_users.institution_a, scope_users.institution_b
    return Staff(
        caregiver=make_user(Role.CAREGIVER, institution=a, display_name="吴阿姨"),
        director=make_user(Role.DIRECTOR, institution=a, display_name="周院长"),
        doctor=make_user(Role.DOCTOR, institution=a),
        other_caregiver=make_user(Role.CAREGIVER, institution=b),
        other_director=make_user(Role.DIRECTOR, institution=b),
        users=scope_users,
    )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
