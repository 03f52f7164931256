"""Upbringing assessment and adoption deadlines on the to-do list (DESIGN.md rule 6).

- `care.upbringing_due`: a child in care with no current assessment, due
  CWIS_UPBRINGING_INTAKE_DAYS after the institution became the guardian, then a year after
  the last assessment; shown CWIS_UPBRINGING_NOTICE_DAYS ahead (the director and the social
  workers);
- `care.upbringing_confirm`: an assessment awaiting the director's confirmation;
- `care.adoption_stalled`: a child recommended for adoption with no step for
  CWIS_ADOPTION_PROGRESS_MONTHS (the director and the social workers);
- `care.adoption_follow_up`: a visit to the adoptive family coming due.

The offices above (prefecture, province, ministry) get the first and the third one by one
only once overdue past their escalation point (CWIS_ESCALATION_DAYS); they name the child,
never the adopters.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.care.choices_adoption import UpbringingStatus
from cwis.care.models import AdoptionCase, AdoptionFollowUp, UpbringingAssessment
from cwis.care.selectors.upbringing import OPEN_CASE, with_last_due
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.core.todo import TodoItem, counts_only, escalation_cutoff, register

MAX_ITEMS = 200
FOLLOW_UP_NOTICE_DAYS = 14


def _institution(child: Child) -> str:
    return child.current_institution.name if child.current_institution else ""


def children_due(actor: User, until: dt.date, *, before: bool = False):
    """Children in care in scope whose upbringing assessment is due by `until` (before it,
    with `before`), each with `last_due`; the to-do list's query and its bench case."""
    intake = dt.timedelta(days=settings.CWIS_UPBRINGING_INTAKE_DAYS)
    children = with_last_due(scope(Child.objects.filter(status=ChildStatus.IN_CARE), actor))
    if before:
        due = Q(last_due__lt=until) | Q(last_due__isnull=True,
                                        guardianship_since__lt=until - intake)
    else:
        due = Q(last_due__lte=until) | Q(last_due__isnull=True,
                                         guardianship_since__lte=until - intake)
    return children.filter(due).select_related("current_institution").order_by(
        "guardianship_since", "pk")


def _due_items(actor: User, today: dt.date, escalated: bool) -> list[TodoItem]:
    intake = dt.timedelta(days=settings.CWIS_UPBRINGING_INTAKE_DAYS)
    if escalated:
        cutoff = escalation_cutoff("care.upbringing_due", today)
        if cutoff is None:
            return []
        children = children_due(actor, cutoff, before=True)
    else:
        notice = dt.timedelta(days=settings.CWIS_UPBRINGING_NOTICE_DAYS)
        children = children_due(actor, today + notice)
    items = []
    for child in children[:MAX_ITEMS]:
        due = child.last_due or child.guardianship_since + intake
        items.append(TodoItem(
            kind="care.upbringing_due",
            title=_("%(child)s: upbringing assessment due") % {"child": child.name},
            due=due, url=reverse("care_upbringing_child", kwargs={"child_id": child.pk}),
            institution=_institution(child), since=child.last_due or child.guardianship_since))
    return items


def _stalled_items(actor: User, today: dt.date, escalated: bool) -> list[TodoItem]:
    if escalated:
        cutoff = escalation_cutoff("care.adoption_stalled", today)
        if cutoff is None:
            return []
        condition = Q(progress_due_on__lt=cutoff)
    else:
        condition = Q(progress_due_on__lte=today + dt.timedelta(
            days=settings.CWIS_UPBRINGING_NOTICE_DAYS))
    cases = scope(AdoptionCase.objects.filter(condition, state__in=OPEN_CASE), actor)
    cases = cases.select_related("child", "child__current_institution").order_by(
        "progress_due_on", "pk")[:MAX_ITEMS]
    return [TodoItem(kind="care.adoption_stalled",
                     title=_("%(child)s: no progress towards adoption") % {
                         "child": c.child.name},
                     due=c.progress_due_on, url=reverse("care_adoption_case", args=[c.pk]),
                     institution=_institution(c.child), since=c.opened_on)
            for c in cases]


def _confirm_items(actor: User) -> list[TodoItem]:
    wait = dt.timedelta(days=settings.CWIS_CARE_APPROVAL_DAYS)
    pending = scope(UpbringingAssessment.objects.filter(status=UpbringingStatus.PENDING),
                    actor).select_related("child", "child__current_institution").order_by(
        "assessed_on", "pk")[:MAX_ITEMS]
    return [TodoItem(kind="care.upbringing_confirm",
                     title=_("%(child)s: confirm the upbringing assessment") % {
                         "child": a.child.name},
                     due=a.created_at.date() + wait,
                     url=reverse("care_upbringing_detail", args=[a.pk]),
                     institution=_institution(a.child), since=a.created_at.date())
            for a in pending]


def _follow_up_items(actor: User, today: dt.date) -> list[TodoItem]:
    visits = scope(AdoptionFollowUp.objects.filter(
        visited_on__isnull=True, due_on__lte=today + dt.timedelta(days=FOLLOW_UP_NOTICE_DAYS)),
        actor).select_related("match__child", "institution").order_by("due_on", "pk")
    return [TodoItem(kind="care.adoption_follow_up",
                     title=_("%(child)s: visit the adoptive family") % {
                         "child": v.match.child.name},
                     due=v.due_on, url=reverse("care_adoption_match", args=[v.match_id]),
                     institution=v.institution.name, since=v.match.registered_on)
            for v in visits[:MAX_ITEMS]]


@register
def upbringing_todo(actor: User, today: dt.date) -> list[TodoItem]:
    director = has_perm(actor, Perm.CARE_APPROVE)
    staff = director or has_perm(actor, Perm.CARE_SOCIAL_WORK)
    if staff:
        items = _due_items(actor, today, False) + _stalled_items(actor, today, False)
        if director:
            items += _confirm_items(actor)
        if has_perm(actor, Perm.ADOPTION_RECORD):
            items += _follow_up_items(actor, today)
        return items
    if counts_only(actor) and has_perm(actor, Perm.CARE_FIGURES):
        return _due_items(actor, today, True) + _stalled_items(actor, today, True)
    return []
