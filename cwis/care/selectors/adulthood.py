"""Reads of adulthood plans, scoped through the child's file: the institution's staff read
the plans; the offices above read who approaches adulthood and by which path (the lists
and the departments' Excel lists), not the evaluation or the wishes."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet

from cwis.accounts.models import User
from cwis.care.choices import PlanStatus
from cwis.care.choices_family import PathState
from cwis.care.models import AdulthoodFollowUp, AdulthoodPath, AdulthoodPlan, AdulthoodStep
from cwis.care.services.rules import require_any
from cwis.children import selectors as child_selectors
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.children.services import add_years
from cwis.core.errors import PermissionDeniedError
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import get_scoped, scope

READ = (Perm.CARE_VIEW, Perm.CARE_FIGURES)
ADULT_AGE = 18


def stalled_before(today: dt.date) -> dt.date:
    """An open path whose next date is before this day is stalled."""
    return today - dt.timedelta(days=settings.CWIS_ADULTHOOD_STALLED_DAYS)


def is_stalled(path: AdulthoodPath, today: dt.date) -> bool:
    return (path.state == PathState.OPEN and path.next_due_on is not None
            and path.next_due_on < stalled_before(today))


@dataclass
class Adulthood:
    """The child's adulthood on the file's tab: the plan (open, else the latest), its
    paths and steps, the follow-ups, and what is due."""

    plan: AdulthoodPlan | None
    paths: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    plan_from: dt.date | None = None  # the day a plan is due (16th birthday)
    turns_18: dt.date | None = None
    stalled: list = field(default_factory=list)
    detail: bool = False  # the evaluation and the wishes (institution staff)


def adulthood_of_child(*, actor: User, child: Child, today: dt.date) -> Adulthood:
    require_any(actor, READ)
    steps = AdulthoodStep.objects.order_by("due_on", "id")
    plan = scope(AdulthoodPlan.objects.filter(child=child), actor).select_related(
        "responsible", "approved_by", "path_taken").order_by(
        F("closed_on").asc(nulls_first=True), "-starts_on", "-id").first()  # open first
    paths = list(plan.paths.prefetch_related(Prefetch("steps", queryset=steps))
                 ) if plan else []
    follow_ups = list(scope(AdulthoodFollowUp.objects.filter(child=child), actor)
                      .select_related("done_by"))
    return Adulthood(
        plan=plan, paths=paths, follow_ups=follow_ups,
        plan_from=add_years(child.birth_date, settings.CWIS_ADULTHOOD_PLAN_AGE),
        turns_18=add_years(child.birth_date, ADULT_AGE),
        stalled=[p for p in paths if is_stalled(p, today)],
        detail=has_perm(actor, Perm.CARE_VIEW))


def adulthood_plan_get(*, actor: User, plan_id: int) -> AdulthoodPlan:
    if not has_perm(actor, Perm.CARE_VIEW):
        raise PermissionDeniedError()
    steps = AdulthoodStep.objects.order_by("due_on", "id")
    return get_scoped(AdulthoodPlan.objects.select_related(
        "child__current_institution", "responsible", "approved_by", "path_taken")
        .prefetch_related(Prefetch("paths__steps", queryset=steps)), actor, pk=plan_id)


def adulthood_path_get(*, actor: User, path_id: int) -> AdulthoodPath:
    if not has_perm(actor, Perm.CARE_VIEW):
        raise PermissionDeniedError()
    return get_scoped(AdulthoodPath.objects.select_related("plan", "child"), actor,
                      pk=path_id)


def adulthood_step_get(*, actor: User, step_id: int) -> AdulthoodStep:
    if not has_perm(actor, Perm.CARE_VIEW):
        raise PermissionDeniedError()
    return get_scoped(AdulthoodStep.objects.select_related("path__plan", "child"), actor,
                      pk=step_id)


def follow_up_get(*, actor: User, follow_up_id: int) -> AdulthoodFollowUp:
    if not has_perm(actor, Perm.CARE_VIEW):
        raise PermissionDeniedError()
    return get_scoped(AdulthoodFollowUp.objects.select_related("child", "plan"), actor,
                      pk=follow_up_id)


def open_plan_exists():
    return Exists(AdulthoodPlan.objects.filter(child=OuterRef("pk")).exclude(
        status=PlanStatus.CLOSED))


def approaching_adulthood(*, actor: User, today: dt.date, division: str = "",
                          path: str = "", without_plan: bool = False) -> QuerySet[Child]:
    """Children in care in scope from their 16th birthday (`CWIS_ADULTHOOD_PLAN_AGE`):
    with an open path of `path` when given (the list a department receives), or with no
    open plan (`without_plan`). Names, birth dates and institutions only."""
    require_any(actor, READ)
    filters = {"status": ChildStatus.IN_CARE}
    if division:
        filters["division"] = division
    children = child_selectors.child_list(actor=actor, filters=filters).filter(
        birth_date__lte=add_years(today, -settings.CWIS_ADULTHOOD_PLAN_AGE))
    if path:
        children = children.filter(Exists(AdulthoodPath.objects.filter(
            child=OuterRef("pk"), kind=path, state=PathState.OPEN,
            plan__status__in=(PlanStatus.PENDING, PlanStatus.ACTIVE))))
    if without_plan:
        children = children.filter(~open_plan_exists())
    return children.select_related("current_institution").order_by("birth_date", "id")


def open_paths_prefetch(path: str = "") -> Prefetch:
    """The open paths of each child listed, as `open_paths` (one query for a page)."""
    paths = AdulthoodPath.objects.filter(
        state=PathState.OPEN, plan__status__in=(PlanStatus.PENDING, PlanStatus.ACTIVE)
    ).order_by("id")
    if path:
        paths = paths.filter(kind=path)
    return Prefetch("adulthood_paths", queryset=paths, to_attr="open_paths")


def open_paths_of(children: list[Child], path: str = "") -> dict[int, list[AdulthoodPath]]:
    """The open paths of a page of children (one query), for the list and the Excel."""
    paths = AdulthoodPath.objects.filter(
        child__in=children, state=PathState.OPEN,
        plan__status__in=(PlanStatus.PENDING, PlanStatus.ACTIVE)).order_by("id")
    if path:
        paths = paths.filter(kind=path)
    found: dict[int, list[AdulthoodPath]] = {c.pk: [] for c in children}
    for p in paths:
        found[p.child_id].append(p)
    return found




def paths_for_departments(*, actor: User, today: dt.date, path: str = "",
                          division: str = "") -> QuerySet[AdulthoodPath]:
    """The open paths of the children approaching adulthood (from 16, in care, in scope),
    of one kind when given: the Excel list the employment, army, housing or support
    department receives."""
    require_any(actor, READ)
    paths = scope(AdulthoodPath.objects.filter(
        state=PathState.OPEN, plan__status__in=(PlanStatus.PENDING, PlanStatus.ACTIVE),
        child__status=ChildStatus.IN_CARE,
        child__birth_date__lte=add_years(today, -settings.CWIS_ADULTHOOD_PLAN_AGE)), actor)
    if path:
        paths = paths.filter(kind=path)
    if division:
        paths = paths.filter(child__division_code__startswith=division)
    return paths.select_related("child__current_institution").order_by(
        "kind", "child__birth_date", "id")
