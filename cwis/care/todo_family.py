"""Deadlines of foster care and adult placement on the to-do list (DESIGN.md rule 6):
foster visits coming due (the social workers and the director), children from 16 with no
adulthood plan (the director), follow-up contacts after leaving care at 18; and the alert
of a child turning 18 with no plan or with a stalled path, to the director and, serious by
nature, to the office above at once, from the 18th birthday: the civil affairs office that
runs the institution (its founding department: a province institution's province office, a
prefecture institution's prefecture office, a county institution's county office), not the
offices above that one nor a county office of the district where it stands.

The routine kinds are listed in CWIS_ESCALATION_DAYS with no escalation point (the offices
read them as counts); "care.adulthood_at_18" is not, so it reaches the offices one by one.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.care.choices import PlanStatus
from cwis.care.choices_family import PathState
from cwis.care.models import AdulthoodFollowUp, AdulthoodPath, FosterPlacement
from cwis.care.selectors.adulthood import ADULT_AGE, open_plan_exists, stalled_before
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.children.services import add_years
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope, scope_running_office
from cwis.core.todo import TodoItem, register

MAX_ITEMS = 200
VISIT_NOTICE_DAYS = 7
FOLLOW_UP_NOTICE_DAYS = 14
PLAN_NOTICE_DAYS = 30  # the plan shows a month before the 16th birthday
AT_18_NOTICE_DAYS = 90  # the director sees the alert three months ahead


def _institution(child: Child) -> str:
    return child.current_institution.name if child.current_institution else ""


@register
def foster_visits_todo(actor: User, today: dt.date) -> list[TodoItem]:
    if not has_perm(actor, Perm.CARE_FAMILY):
        return []
    fosters = scope(FosterPlacement.objects.filter(
        ended_on__isnull=True, placement__ended_on__isnull=True,
        next_visit_due__lte=today + dt.timedelta(days=VISIT_NOTICE_DAYS)), actor)
    fosters = fosters.select_related("child__current_institution", "family").order_by(
        "next_visit_due", "id")[:MAX_ITEMS]
    return [TodoItem(kind="care.foster_visit",
                     title=_("%(child)s: visit in the foster family %(family)s") % {
                         "child": f.child.name, "family": f.family.household},
                     due=f.next_visit_due, url=reverse("care_foster_placement", args=[f.pk]),
                     institution=_institution(f.child), since=f.started_on)
            for f in fosters]


def _children(actor: User, today: dt.date, *, up_to_birthday: dt.date,
              scoped=scope) -> QuerySet[Child]:
    """Children in care in scope born on or before `up_to_birthday`."""
    return scoped(Child.objects.filter(status=ChildStatus.IN_CARE,
                                       birth_date__lte=up_to_birthday), actor)


def _plans_due(actor: User, today: dt.date) -> list[TodoItem]:
    """From a month before the 16th birthday to the 18th, a child with no open plan."""
    age = settings.CWIS_ADULTHOOD_PLAN_AGE
    children = _children(actor, today, up_to_birthday=add_years(
        today + dt.timedelta(days=PLAN_NOTICE_DAYS), -age)).filter(
        birth_date__gt=add_years(today, -ADULT_AGE)).filter(~open_plan_exists())
    children = children.select_related("current_institution").order_by(
        "birth_date", "id")[:MAX_ITEMS]
    return [TodoItem(kind="care.adulthood_plan",
                     title=_("%(child)s: write the adulthood plan") % {"child": c.name},
                     due=add_years(c.birth_date, age),
                     url=reverse("care_family_tab", args=[c.pk]),
                     institution=_institution(c), since=add_years(c.birth_date, age))
            for c in children]


def at_18_alerts(actor: User, today: dt.date, *, notice_days: int,
                 scoped=scope) -> list[TodoItem]:
    """Children in care turning 18 within `notice_days` (or past it, still in care) with no
    open adulthood plan or with a path stalled, among the children `scoped` gives."""
    stalled = Exists(AdulthoodPath.objects.filter(
        child=OuterRef("pk"), state=PathState.OPEN,
        plan__status__in=(PlanStatus.PENDING, PlanStatus.ACTIVE),
        next_due_on__lt=stalled_before(today)))
    children = _children(actor, today, up_to_birthday=add_years(
        today + dt.timedelta(days=notice_days), -ADULT_AGE), scoped=scoped).annotate(
        has_plan=open_plan_exists(), stalled=stalled).filter(Q(has_plan=False) | Q(stalled=True))
    children = children.select_related("current_institution").order_by(
        "birth_date", "id")[:MAX_ITEMS]
    items = []
    for c in children:
        title = (_("%(child)s turns 18 with no adulthood plan") if not c.has_plan
                 else _("%(child)s turns 18 with an adulthood path stalled"))
        turns = add_years(c.birth_date, ADULT_AGE)
        items.append(TodoItem(kind="care.adulthood_at_18", title=title % {"child": c.name},
                              due=turns, url=reverse("child_detail", args=[c.pk]),
                              institution=_institution(c), since=turns))
    return items


def _follow_ups(actor: User, today: dt.date) -> list[TodoItem]:
    follow_ups = scope(AdulthoodFollowUp.objects.filter(
        done_on__isnull=True,
        due_on__lte=today + dt.timedelta(days=FOLLOW_UP_NOTICE_DAYS)), actor)
    follow_ups = follow_ups.select_related("child__current_institution").order_by(
        "due_on", "id")[:MAX_ITEMS]
    return [TodoItem(kind="care.adulthood_follow_up",
                     title=_("%(child)s: follow-up %(months)d months after leaving care") % {
                         "child": f.child.name, "months": f.months},
                     due=f.due_on, url=reverse("care_adulthood_follow_up", args=[f.pk]),
                     institution=_institution(f.child), since=f.child.left_care_on)
            for f in follow_ups]


@register
def adulthood_todo(actor: User, today: dt.date) -> list[TodoItem]:
    """The director: plans due, the 18th-birthday alerts, follow-ups; a social worker:
    follow-ups; the civil affairs office that runs the institution (not every office above
    it, nor the ministry): the alerts from the 18th birthday."""
    if has_perm(actor, Perm.CARE_ADULTHOOD):
        items = _follow_ups(actor, today)
        if has_perm(actor, Perm.CARE_APPROVE):
            items += _plans_due(actor, today)
            items += at_18_alerts(actor, today, notice_days=AT_18_NOTICE_DAYS)
        return items
    if actor.institution_id is None and has_perm(actor, Perm.CARE_FIGURES):
        return at_18_alerts(actor, today, notice_days=0, scoped=scope_running_office)
    return []
