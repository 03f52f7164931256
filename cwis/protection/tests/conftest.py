import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cwis.accounts.models import User
from cwis.conftest import ScopeUsers
from cwis.core.permissions import Role
from cwis.protection.tests.factories import TOWNSHIP, VILLAGE, ensure_divisions

TODAY = dt.date(2026, 2, 1)


@pytest.fixture
def frozen_today():
    """The tests' 'today': 2026-02-01."""
    with time_machine.travel(dt.datetime(2026, 2, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
                             tick=False):
        yield TODAY


@dataclass
class Community:
    """莲塘村's child director and 莲塘镇's supervisor (in scope), county A's officer (in
    scope, sees overdue items), county B's officer (out of scope), the province's officer
    (read-only overseer)."""

    village_director: User
    supervisor: User
    county_officer: User
    out_of_scope: User
    overseer: User
    users: ScopeUsers


@pytest.fixture
def community(scope_users, make_user) -> Community:
    ensure_divisions()
    return Community(
        village_director=make_user(Role.CHILD_DIRECTOR, division_code=VILLAGE,
                                   display_name="徐主任"),
        supervisor=make_user(Role.CHILD_SUPERVISOR, division_code=TOWNSHIP,
                             display_name="黄督导"),
        county_officer=scope_users.in_scope,
        out_of_scope=scope_users.out_of_scope,
        overseer=scope_users.overseer,
        users=scope_users,
    )
