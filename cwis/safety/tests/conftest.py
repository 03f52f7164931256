from dataclasses import dataclass

import pytest

from cwis.accounts.models import User
from cwis.children.tests.conftest import frozen_today  # noqa: F401 - "today" is 2026-02-01
from cwis.conftest import COUNTY_A, PREFECTURE, ScopeUsers
from cwis.core.permissions import Role
from cwis.institutions.models import Institution


@dataclass
class Safety:
    """County A's institution with its director and a caregiver (who reads only), county A's
    officer (who records and checks too), county B's director (out of scope), the
    prefecture's and the province's officers (offices above: read, counts, escalations)."""

    institution: Institution
    director: User
    caregiver: User
    officer: User
    other_director: User
    prefecture: User
    province: User
    users: ScopeUsers


@pytest.fixture
def safety(scope_users, make_user) -> Safety:
    a, b = scope_users.institution_a, scope_users.institution_b
    return Safety(
        institution=a,
        director=make_user(Role.DIRECTOR, institution=a, display_name="周院长"),
        caregiver=make_user(Role.CAREGIVER, institution=a, display_name="吴阿姨"),
        officer=make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, display_name="刘科长"),
        other_director=make_user(Role.DIRECTOR, institution=b),
        prefecture=make_user(Role.PREFECTURE_OFFICER, division_code=PREFECTURE),
        province=scope_users.overseer,
        users=scope_users,
    )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _checklist_items(db):
    """The checklist items migration 0006 seeds: a transactional test before this one may
    have flushed them (pytest-django empties the tables after it), so seed them again."""
    from cwis.safety.services.checklists import checklist_defaults_ensure

    checklist_defaults_ensure()
