"""Reads of the community children registry, scoped through the child registry's selectors
(which use cwis.core.scoping): a village child director sees the village, a township
supervisor the township, a county its county, overseers their province or the country."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.utils import timezone

from cwis.accounts.models import User
from cwis.children import selectors as child_selectors
from cwis.children.choices import ChildStatus, DeadlineKind
from cwis.children.models import CATEGORY_FIELDS, Child, ChildDeadline
from cwis.core.errors import NotFoundError
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import actor_prefix, scope
from cwis.protection.flags import RULES
from cwis.protection.models import CommunityVisit

COMMUNITY_STATUSES = (ChildStatus.IN_COMMUNITY, ChildStatus.OFF_REGISTER)
FILTER_KEYS = ("q", "status", "category", "division", "overdue", "due_week", "sex", "flag")


def _open_visit_deadlines() -> QuerySet[ChildDeadline]:
    return ChildDeadline.objects.filter(
        child=OuterRef("pk"), kind=DeadlineKind.COMMUNITY_VISIT, closed_on__isnull=True
    )


def community_list(*, actor: User, filters: Mapping[str, Any] | None = None,
                   today: dt.date | None = None, order: str = "") -> QuerySet[Child]:
    """Community files in scope: those on the registry unless `status` says otherwise.

    Filters: `q` (name, pinyin, initials or a whole ID number, as the children's list), `category`,
    `division` (township or village code prefix), `sex`, `overdue` (visit overdue on `today`),
    `due_week` (visit due by the end of `today`'s week, overdue ones included), `flag` (a
    risk flag's rule code, cwis.protection.flags).
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
    today = today or timezone.localdate()
    if filters.get("overdue"):
        children = children.filter(Exists(_open_visit_deadlines().filter(due_on__lt=today)))
    if filters.get("due_week"):
        children = children.filter(Exists(_open_visit_deadlines().filter(
            due_on__lte=week_end(today))))
    if filters.get("flag") in RULES:
        children = RULES[filters["flag"]].flagged(children, today)
    return children.annotate(
        visit_due=Subquery(_open_visit_deadlines().values("due_on")[:1]),
        last_visit_on=Subquery(
            CommunityVisit.objects.filter(child=OuterRef("pk")).order_by("-visited_on")
            .values("visited_on")[:1]
        ),
    )


def week_end(today: dt.date) -> dt.date:
    """The Sunday that ends `today`'s week."""
    return today + dt.timedelta(days=6 - today.weekday())


REGISTRY_CATEGORIES = ("left_behind", "orphan", "de_facto_unsupported", "in_difficulty")


def registry_counts(*, actor: User, prefix: str | None = None) -> dict[str, int]:
    """Files on the community registry in scope (under `prefix` if given): in all and per
    category (a file may be in several), in one aggregate query."""
    filters = {"status": ChildStatus.IN_COMMUNITY, "division": prefix}
    children = child_selectors.child_list(actor=actor, filters=filters)
    return children.order_by().aggregate(total=Count("id"), **{
        key: Count("id", filter=Q(**{CATEGORY_FIELDS[key]: True}))
        for key in REGISTRY_CATEGORIES})


def visit_counts(*, actor: User, today: dt.date, prefix: str | None = None) -> dict[str, int]:
    """Open visit deadlines of files on the registry in scope: due by the end of the week
    (overdue included), overdue; and follow-ups overdue; in one aggregate query."""
    if not has_perm(actor, Perm.CHILD_VIEW):
        return {"week": 0, "overdue": 0, "follow_up_overdue": 0}
    deadlines = scope(ChildDeadline.objects.filter(
        closed_on__isnull=True, child__status=ChildStatus.IN_COMMUNITY,
        kind__in=(DeadlineKind.COMMUNITY_VISIT, DeadlineKind.COMMUNITY_FOLLOW_UP),
        due_on__lte=week_end(today)), actor)
    if prefix:
        deadlines = deadlines.filter(child__division_code__startswith=prefix)
    visit = Q(kind=DeadlineKind.COMMUNITY_VISIT)
    return deadlines.aggregate(
        week=Count("id", filter=visit),
        overdue=Count("id", filter=visit & Q(due_on__lt=today)),
        follow_up_overdue=Count("id", filter=Q(kind=DeadlineKind.COMMUNITY_FOLLOW_UP,
                                               due_on__lt=today)))


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


def registry_counts_by_area(*, actor: User, prefix: str, width: int, today: dt.date
                            ) -> dict[str, dict[str, int]]:
    """{area prefix of `width` digits: {total, each category, overdue}} for the registry
    under `prefix` in scope: two aggregate queries grouped by area, however many areas."""
    if not has_perm(actor, Perm.CHILD_VIEW):
        return {}
    children = child_selectors.child_list(
        actor=actor, filters={"status": ChildStatus.IN_COMMUNITY, "division": prefix})
    rows = children.order_by().annotate(area=Substr("division_code", 1, width)).values(
        "area").annotate(total=Count("id"), **{
            key: Count("id", filter=Q(**{CATEGORY_FIELDS[key]: True}))
            for key in REGISTRY_CATEGORIES})
    counts = {row.pop("area"): {**row, "overdue": 0} for row in rows}
    overdue = scope(ChildDeadline.objects.filter(
        closed_on__isnull=True, kind=DeadlineKind.COMMUNITY_VISIT, due_on__lt=today,
        child__status=ChildStatus.IN_COMMUNITY,
        child__division_code__startswith=prefix), actor).order_by().annotate(
        area=Substr("child__division_code", 1, width)).values("area").annotate(n=Count("id"))
    for row in overdue:
        area = counts.setdefault(row["area"], {"total": 0, "overdue": 0,
                                               **dict.fromkeys(REGISTRY_CATEGORIES, 0)})
        area["overdue"] = row["n"]
    return counts
