import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cwis.accounts.models import User
from cwis.children.models import Child
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


@dataclass
class CaseUsers:
    """County A's protection worker and officer (the case's county), county B's officer (out
    of scope), the prefecture's and province's officers (open with a reason), the ministry
    (counts), 莲塘村's director and 莲塘镇's supervisor (the badge only), and a 莲塘村 child."""

    worker: User
    officer: User
    out_of_scope: User
    prefecture: User
    province: User
    ministry: User
    village_director: User
    supervisor: User
    child: Child


@pytest.fixture
def case_users(community, make_user) -> CaseUsers:
    from cwis.children.tests.factories import CommunityChildFactory
    from cwis.conftest import COUNTY_A, PREFECTURE

    return CaseUsers(
        worker=make_user(Role.PROTECTION_WORKER, division_code=COUNTY_A,
                         display_name="周社工"),
        officer=community.county_officer,
        out_of_scope=community.out_of_scope,
        prefecture=make_user(Role.PREFECTURE_OFFICER, division_code=PREFECTURE),
        province=community.overseer,
        ministry=make_user(Role.MINISTRY_OFFICER, division_code=None),
        village_director=community.village_director,
        supervisor=community.supervisor,
        child=CommunityChildFactory(name="王小安", division_code=VILLAGE),
    )
