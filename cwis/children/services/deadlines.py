"""The deadlines of a child's file (DESIGN.md rule 6), kept in line with the file.

Called by the services that change the file, inside their transaction, on a child row they
have locked; the community registry opens and closes its visit deadline through them too.
"""

import datetime as dt

from django.conf import settings

from cwis.accounts.models import User
from cwis.children import selectors
from cwis.children.choices import (
    PARENTS_NOT_FOUND_CATEGORIES,
    ChildStatus,
    DeadlineKind,
    DeadlineOutcome,
    IdentityStatus,
    InsuranceStatus,
)
from cwis.children.models import Child, ChildDeadline, Intake
from cwis.children.services.rules import add_years
from cwis.core.history import record_change

TURNS_18_NOTICE_DAYS = 180  # the adult placement needs planning months ahead


def deadline_open(child: Child, kind: str, *, start: dt.date, due: dt.date,
                  visible_from: dt.date | None = None, actor: User | None = None) -> None:
    """Open a deadline of this kind unless one is open already."""
    if child.deadlines.filter(kind=kind, closed_on__isnull=True).exists():
        return
    deadline = ChildDeadline(child=child, kind=kind, started_on=start, due_on=due,
                             visible_from=visible_from or start)
    record_change(deadline, actor)
    deadline.save()


def deadline_close(child: Child, kind: str, *, on: dt.date, outcome: str, actor: User) -> None:
    for deadline in child.deadlines.filter(kind=kind, closed_on__isnull=True):
        deadline.closed_on, deadline.outcome = on, outcome
        record_change(deadline, actor)
        deadline.save(update_fields=["closed_on", "outcome", "updated_by", "updated_at"])


def deadlines_cancel_all(child: Child, *, on: dt.date, actor: User) -> None:
    for kind in DeadlineKind.values:
        deadline_close(child, kind, on=on, outcome=DeadlineOutcome.CANCELLED, actor=actor)


def deadlines_refresh(child: Child, *, actor: User, today: dt.date) -> None:
    """Bring the stored deadlines in line with the file: close what is done, date what moved."""
    if child.status != ChildStatus.IN_CARE:
        return
    if child.formally_admitted_on:
        deadline_close(child, DeadlineKind.SEARCH_NOTICE, on=child.formally_admitted_on,
                       outcome=DeadlineOutcome.DONE, actor=actor)
    if (child.identity_status != IdentityStatus.PENDING
            and child.insurance_status == InsuranceStatus.ENROLLED):
        deadline_close(child, DeadlineKind.IDENTITY_INSURANCE, on=today,
                       outcome=DeadlineOutcome.DONE, actor=actor)
    _documents_refresh(child, actor=actor, today=today)
    _turns_18_refresh(child, actor=actor)


def _documents_refresh(child: Child, *, actor: User, today: dt.date) -> None:
    intake = child.intakes.order_by("-intake_on", "-id").first()
    if intake is None:
        return
    if selectors.child_missing_documents(child=child, intake=intake):
        # Time to complete them after the intake: not due the day the child arrives.
        due = intake.intake_on + dt.timedelta(days=settings.CWIS_INTAKE_DOCUMENTS_DAYS)
        deadline_open(child, DeadlineKind.INTAKE_DOCUMENTS, start=intake.intake_on, due=due,
                      actor=actor)
    else:
        deadline_close(child, DeadlineKind.INTAKE_DOCUMENTS, on=today,
                       outcome=DeadlineOutcome.DONE, actor=actor)


def _turns_18_refresh(child: Child, *, actor: User) -> None:
    due = add_years(child.birth_date, 18)
    visible = due - dt.timedelta(days=TURNS_18_NOTICE_DAYS)
    deadline = child.deadlines.filter(kind=DeadlineKind.TURNS_18, closed_on__isnull=True).first()
    if deadline is None:
        deadline_open(child, DeadlineKind.TURNS_18, start=child.birth_date, due=due,
                      visible_from=visible, actor=actor)
    elif deadline.due_on != due:
        deadline.due_on, deadline.visible_from = due, visible
        record_change(deadline, actor)
        deadline.save(update_fields=["due_on", "visible_from", "updated_by", "updated_at"])


def intake_deadlines(child: Child, intake: Intake, *, actor: User) -> None:
    """A child whose parents cannot be found: the search notice and the identity and
    insurance check run from the intake."""
    if intake.category not in PARENTS_NOT_FOUND_CATEGORIES:
        return
    start = intake.intake_on
    deadline_open(child, DeadlineKind.SEARCH_NOTICE, start=start,
                  due=start + dt.timedelta(days=settings.CWIS_SEARCH_NOTICE_DAYS), actor=actor)
    deadline_open(child, DeadlineKind.IDENTITY_INSURANCE, start=start,
                  due=start + dt.timedelta(days=settings.CWIS_IDENTITY_INSURANCE_CHECK_DAYS),
                  actor=actor)
