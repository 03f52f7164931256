"""Care deadlines on the to-do list: approvals for the director; reviews coming due and
sessions overdue for the staff responsible and the director; nothing for the offices above
or the caregiver."""

import datetime as dt

import pytest

from cwis.care.choices import CareLine, PlanStatus
from cwis.care.tests.factories import PlanFactory
from cwis.core.todo import todo_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


PLAN_KINDS = ("care.approve", "care.review", "care.session")


def kinds(user, today) -> list[tuple[str, str]]:
    return [(i.kind, i.url) for i in todo_for(user, today=today) if i.kind in PLAN_KINDS]


def test_the_director_and_the_responsible_staff_see_their_care_deadlines(care, frozen_today):
    pending = PlanFactory(child=care.child, status=PlanStatus.PENDING, approved_on=None,
                          responsible=care.therapist, submitted_on=dt.date(2026, 1, 20))
    review_due = PlanFactory(child=care.child, responsible=care.therapist,
                             review_due_on=dt.date(2026, 2, 10), next_session_due=None)
    later = PlanFactory(child=care.child, responsible=care.therapist,
                        review_due_on=dt.date(2026, 6, 1), next_session_due=None)
    overdue = PlanFactory(child=care.child, line=CareLine.MEDICAL, responsible=care.doctor,
                          next_session_due=dt.date(2026, 1, 25))
    director = kinds(care.director, frozen_today)
    assert ("care.approve", f"/care/plans/{pending.pk}/") in director
    assert ("care.review", f"/care/plans/{review_due.pk}/") in director
    assert ("care.session", f"/care/plans/{overdue.pk}/") in director
    assert all(url != f"/care/plans/{later.pk}/" for _, url in director)
    approval = next(i for i in todo_for(care.director, today=frozen_today)
                    if i.kind == "care.approve")
    assert approval.due == dt.date(2026, 1, 27)
    assert approval.is_overdue(frozen_today)
    assert kinds(care.therapist, frozen_today) == [
        ("care.review", f"/care/plans/{review_due.pk}/")]
    assert kinds(care.doctor, frozen_today) == [("care.session", f"/care/plans/{overdue.pk}/")]
    assert kinds(care.caregiver, frozen_today) == []
    assert kinds(care.province, frozen_today) == []
    assert kinds(care.other_therapist, frozen_today) == []


def test_the_to_do_page_links_the_plan(care, web):
    plan = PlanFactory(child=care.child, responsible=care.therapist,
                       next_session_due=dt.date(2026, 1, 20))
    page = web(care.therapist).get("/oversight/todo/").content.decode()
    assert f'href="/care/plans/{plan.pk}/"' in page
