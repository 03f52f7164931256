"""Operations other apps' checked services compose: no role or scope check of their own,
the file's rules still apply. And every checked write scopes before it locks."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cwis.children import services
from cwis.children.models import Child
from cwis.children.services import internal
from cwis.children.tests.factories import registration
from cwis.core.errors import NotFoundError
from cwis.core.permissions import Role
from cwis.institutions.models import InstitutionStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def infant(staff) -> Child:
    return services.child_register(actor=staff.caregiver,
                                   **registration(staff.users.institution_a))


def test_a_move_to_another_institution_checks_no_role_and_no_scope(staff, infant, make_user):
    # A partner department's viewer may do nothing with a child and sees none: the caller
    # (a transfer receipt) has checked once, so the operation does not check again.
    viewer = make_user(Role.PARTNER_VIEWER)
    placement = internal.child_move(actor=viewer, child=infant,
                                    to_institution=staff.users.institution_b,
                                    on=dt.date(2026, 1, 25), reason="移交")
    assert placement.institution == staff.users.institution_b
    assert infant.current_institution == staff.users.institution_b  # refreshed
    assert infant.division_code == staff.users.institution_b.division_code
    assert infant.history.first().history_user == viewer


def test_a_move_still_follows_the_rules_of_the_file(staff, infant):
    with pytest.raises(ValidationError) as info:
        internal.child_move(actor=staff.other_director, child=infant,
                            to_institution=staff.users.institution_b,
                            on=dt.date(2026, 1, 1), reason="移交")
    assert info.value.message_dict["on"] == [services.MSG_MOVE_BEFORE_PLACEMENT]
    staff.users.institution_b.status = InstitutionStatus.CLOSED
    staff.users.institution_b.save()
    with pytest.raises(ValidationError) as info:
        internal.child_move(actor=staff.other_director, child=infant,
                            to_institution=staff.users.institution_b,
                            on=dt.date(2026, 1, 25), reason="移交")
    assert info.value.message_dict["institution"] == [services.MSG_INSTITUTION_NOT_OPERATING]
    assert Child.objects.get(pk=infant.pk).current_institution == staff.users.institution_a


def test_a_move_out_of_scope_locks_nothing_the_actor_cannot_see(staff, infant):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks")
    with CaptureQueriesContext(connection) as queries, pytest.raises(NotFoundError):
        services.child_move(actor=staff.other_caregiver, child=infant,
                            on=dt.date(2026, 1, 20), reason="换床", bed="2-01")
    locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert locks  # the one query that finds, scopes and locks
    assert all("current_institution_id" in sql for sql in locks)
