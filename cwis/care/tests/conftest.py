import datetime as dt
from dataclasses import dataclass

import pytest

from cwis.accounts.models import User
from cwis.care.tests.permanency import perm  # noqa: F401 - upbringing and adoption
from cwis.children.models import Child
from cwis.children.tests.conftest import frozen_today  # noqa: F401 - "today" is 2026-02-01
from cwis.children.tests.factories import ChildFactory
from cwis.conftest import ScopeUsers
from cwis.core.permissions import Role


@dataclass
class Care:
    """The staff of county A's institution (in scope), a therapist of county B's (out of
    scope), the province officer (an office above: counts only), and a disabled boy in A."""

    director: User
    caregiver: User
    doctor: User
    therapist: User
    teacher: User
    social_worker: User
    other_therapist: User
    province: User
    child: Child
    users: ScopeUsers


@pytest.fixture
def care(scope_users, make_user) -> Care:
    a, b = scope_users.institution_a, scope_users.institution_b
    return Care(
        director=make_user(Role.DIRECTOR, institution=a, display_name="周院长"),
        caregiver=make_user(Role.CAREGIVER, institution=a, display_name="吴阿姨"),
        doctor=make_user(Role.DOCTOR, institution=a, display_name="郑医生"),
        therapist=make_user(Role.THERAPIST, institution=a, display_name="孙康复师"),
        teacher=make_user(Role.TEACHER, institution=a, display_name="钱老师"),
        social_worker=make_user(Role.SOCIAL_WORKER, institution=a, display_name="冯社工"),
        other_therapist=make_user(Role.THERAPIST, institution=b),
        province=scope_users.overseer,
        child=ChildFactory(current_institution=a, name="康小乐", birth_date=dt.date(2021, 5, 1),
                           disability_type="physical", disability_grade=2),
        users=scope_users,
    )
