"""Care deadlines on the to-do list (DESIGN.md rule 6), from the dates stored on the plans:
plans awaiting approval (the director), reviews coming due and sessions overdue (the staff
member responsible for the plan, and the director).

The offices above get no item here: these are routine deadlines of the institution, which
they read as counts (the dashboard's care panel), never one child's plan.
"""

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.care.choices import PlanStatus
from cwis.care.models import CarePlan
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.core.todo import TodoItem, register

MAX_ITEMS = 200


def _plans(actor: User, **filters) -> QuerySet[CarePlan]:
    plans = scope(CarePlan.objects.filter(**filters), actor)
    if not has_perm(actor, Perm.CARE_APPROVE):
        plans = plans.filter(responsible=actor)  # a professional: the plans in their charge
    return plans.select_related("child", "outside_service__provider",
                                "child__current_institution")


def _item(kind: str, title: str, plan: CarePlan, due: dt.date, since: dt.date) -> TodoItem:
    service = plan.outside_service
    institution = service.provider if service else plan.child.current_institution
    return TodoItem(kind=kind, title=title % {"child": plan.child.name,
                                              "line": plan.get_line_display()},
                    due=due, url=reverse("care_plan_detail", args=[plan.pk]),
                    institution=institution.name if institution else "", since=since)


@register
def care_plans_todo(actor: User, today: dt.date) -> list[TodoItem]:
    if not has_perm(actor, Perm.CARE_VIEW):
        return []
    items: list[TodoItem] = []
    approver = has_perm(actor, Perm.CARE_APPROVE)
    writer = approver or any(has_perm(actor, p) for p in (
        Perm.CARE_MEDICAL, Perm.CARE_REHABILITATION, Perm.CARE_EDUCATION,
        Perm.CARE_SOCIAL_WORK))
    if not writer:
        return []
    if approver:
        wait = dt.timedelta(days=settings.CWIS_CARE_APPROVAL_DAYS)
        for plan in _plans(actor, status=PlanStatus.PENDING).order_by(
                "submitted_on", "id")[:MAX_ITEMS]:
            items.append(_item("care.approve", _("%(child)s: approve the %(line)s plan"),
                               plan, plan.submitted_on + wait, plan.submitted_on))
    notice = today + dt.timedelta(days=settings.CWIS_CARE_REVIEW_NOTICE_DAYS)
    for plan in _plans(actor, status=PlanStatus.ACTIVE, review_due_on__lte=notice).order_by(
            "review_due_on", "id")[:MAX_ITEMS]:
        items.append(_item("care.review", _("%(child)s: review the %(line)s plan"), plan,
                           plan.review_due_on, plan.approved_on or plan.starts_on))
    for plan in _plans(actor, status=PlanStatus.ACTIVE, next_session_due__lt=today).order_by(
            "next_session_due", "id")[:MAX_ITEMS]:
        items.append(_item("care.session", _("%(child)s: %(line)s session overdue"), plan,
                           plan.next_session_due, plan.next_session_due))
    return items
