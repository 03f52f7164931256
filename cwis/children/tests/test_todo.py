"""The children's deadlines on the to-do list: who sees which, and from when."""

import datetime as dt

import pytest

from cwis.children import services
from cwis.children.tests.factories import ChildFactory, registration
from cwis.core.todo import todo_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def kinds(actor, today) -> list[tuple[str, dt.date]]:
    """The child registry's items (other modules add their own to the same list)."""
    return [(item.kind, item.due) for item in todo_for(actor, today=today)
            if item.kind.startswith("child.")]


@pytest.fixture
def infant(staff):
    return services.child_register(actor=staff.caregiver,
                                   **registration(staff.users.institution_a))


def test_the_institution_sees_every_deadline_overdue_first(staff, infant, frozen_today):
    assert kinds(staff.caregiver, frozen_today) == [
        ("child.identity_insurance", dt.date(2026, 1, 21)),
        ("child.search_notice", dt.date(2026, 2, 5)),
        ("child.intake_documents", dt.date(2026, 2, 5)),  # 30 days after the intake
    ]
    item = todo_for(staff.caregiver, today=frozen_today)[0]
    assert item.url == f"/children/{infant.pk}/"
    assert item.institution == staff.users.institution_a.name
    assert infant.name in item.title


def test_the_supervising_office_sees_only_what_is_overdue(staff, infant, frozen_today):
    assert [k for k, _due in kinds(staff.users.in_scope, frozen_today)] == [
        "child.identity_insurance"]


def test_the_office_above_the_county_sees_a_routine_deadline_only_once_escalated(
        staff, infant, frozen_today, settings):
    settings.CWIS_ESCALATION_DAYS = {**settings.CWIS_ESCALATION_DAYS,
                                     "child.identity_insurance": 30}
    [(_kind, due)] = kinds(staff.users.in_scope, frozen_today)
    assert kinds(staff.users.overseer, frozen_today) == []  # counted per area on its home
    assert kinds(staff.users.overseer, due + dt.timedelta(days=30)) == []
    assert kinds(staff.users.overseer, due + dt.timedelta(days=31)) == [
        ("child.identity_insurance", due)]


def test_another_jurisdiction_and_partners_see_nothing(staff, infant, frozen_today, make_user):
    partner = make_user("partner_viewer", partner_department="education")
    for user in (staff.other_caregiver, staff.users.out_of_scope, partner):
        assert kinds(user, frozen_today) == []


def test_turning_18_shows_half_a_year_ahead_and_follows_the_birth_date(staff, frozen_today):
    child = ChildFactory(current_institution=staff.users.institution_a,
                         birth_date=dt.date(2008, 9, 1))
    child = services.child_update(actor=staff.caregiver, child_id=child.pk,
                                  version=child.version, changes={"school_name": "南昌县一中"})
    assert kinds(staff.caregiver, frozen_today) == []
    assert kinds(staff.caregiver, dt.date(2026, 3, 4)) == []
    assert kinds(staff.caregiver, dt.date(2026, 3, 5)) == [("child.turns_18", dt.date(2026, 9, 1))]
    services.child_update(actor=staff.caregiver, child_id=child.pk, version=child.version,
                          changes={"birth_date": dt.date(2008, 5, 1)})
    assert kinds(staff.caregiver, frozen_today) == [("child.turns_18", dt.date(2026, 5, 1))]
