"""Reads of the community children registry, scoped through the child registry's selectors
(which use cwis.core.scoping): a village child director sees the village, a township
supervisor the township, a county its county, overseers their province or the country."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from cwis.accounts.models import User
from cwis.children import selectors as child_selectors
from cwis.children.choices import ChildStatus, DeadlineKind
from cwis.children.models import Child, ChildDeadline
from cwis.core.errors import NotFoundError
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import actor_prefix
from cwis.protection.models import CommunityVisit

COMMUNITY_STATUSES = (ChildStatus.IN_COMMUNITY, ChildStatus.OFF_REGISTER)
FILTER_KEYS = ("q", "status", "category", "division", "overdue", "sex")


def _open_visit_deadlines() -> QuerySet[ChildDeadline]:
    return ChildDeadline.objects.filter(
        child=OuterRef("pk"), kind=DeadlineKind.COMMUNITY_VISIT, closed_on__isnull=True
    )


def community_list(*, actor: User, filters: Mapping[str, Any] | None = None,
                   today: dt.date | None = None, order: str = "") -> QuerySet[Child]:
    """Community files in scope: those on the registry unless `status` says otherwise.

    Filters: `q` (name, pinyin, initials or a whole ID number, as the children's list), `category`,
    `division` (township or village code prefix), `sex`, `overdue` (visit overdue on `today`).
    Each row carries `visit_due` (the open visit deadline) and `last_visit_on`. `order` is
    a key of `children.selectors.ORDERS` (the name by default).
    """
    filters = filters or {}
    status = filters.get("status") or ChildStatus.IN_COMMUNITY
    if status not in COMMUNITY_STATUSES:
        return Child.objects.none()
    passed = {k: filters[k] for k in ("q", "category", "division", "sex") if filters.get(k)}
    children = child_selectors.child_list(actor=actor, filters={**passed, "status": status},
                                          order=order)
    if filters.get("overdue"):
        today = today or timezone.localdate()
        children = children.filter(Exists(_open_visit_deadlines().filter(due_on__lt=today)))
    return children.annotate(
        visit_due=Subquery(_open_visit_deadlines().values("due_on")[:1]),
        last_visit_on=Subquery(
            CommunityVisit.objects.filter(child=OuterRef("pk")).order_by("-visited_on")
            .values("visited_on")[:1]
        ),
    )


def community_get(*, actor: User, child_id: int) -> Child:
    """A file that is or was on the community registry, in scope; NotFoundError otherwise."""
    child = child_selectors.child_get(actor=actor, child_id=child_id)
    if child.registered_on is None:
        raise NotFoundError()
    return child


def community_visits(*, child: Child) -> QuerySet[CommunityVisit]:
    return child.community_visits.select_related("visited_by").order_by("-visited_on", "-id")


def community_visit_due(*, child: Child) -> dt.date | None:
    deadline = child.deadlines.filter(kind=DeadlineKind.COMMUNITY_VISIT,
                                      closed_on__isnull=True).first()
    return deadline.due_on if deadline else None


def community_follow_up_due(*, child: Child) -> dt.date | None:
    """When the follow-up a visit asked for is due (None when none is waiting)."""
    deadline = child.deadlines.filter(kind=DeadlineKind.COMMUNITY_FOLLOW_UP,
                                      closed_on__isnull=True).first()
    return deadline.due_on if deadline else None


@dataclass(frozen=True)
class CommunityActions:
    """What the actor may do to this community file, for showing buttons. The services
    check again."""

    edit: bool
    visit: bool
    remove: bool
    take_into_care: bool  # a county office or protection worker, into an institution


def community_actions(*, actor: User, child: Child) -> CommunityActions:
    on_register = child.status == ChildStatus.IN_COMMUNITY
    register = on_register and has_perm(actor, Perm.COMMUNITY_REGISTER)
    return CommunityActions(
        edit=register,
        visit=on_register and has_perm(actor, Perm.COMMUNITY_VISIT),
        remove=register,
        # Intake is decided at county level or above: their jurisdiction holds institutions.
        take_into_care=register and len(actor_prefix(actor) or "123456789") <= 6,
    )
