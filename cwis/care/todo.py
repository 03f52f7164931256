"""Care deadlines on the to-do list (DESIGN.md rule 6), from the dates stored on the records:
plans awaiting approval (the director), reviews coming due and sessions overdue (the staff
member responsible for the plan, and the director); health checks due, rehabilitation
assistance not yet applied for (from the date the institution became the guardian), the
year's school-age report (the line's profession, and the director).

The offices above get no item here: these are routine deadlines of the institution, which
they read as counts (the dashboard's care panel), never one child's plan.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.care.choices import AssistanceState, CareLine, PlanStatus, ReportState
from cwis.care.models import CarePlan, HealthCheck, RehabAssistance, SchoolAgeReport
from cwis.care.services.lines import ASSISTANCE_AGE_LIMIT
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.children.services import add_years
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
    due = _plans(actor, status=PlanStatus.ACTIVE).filter(
        Q(review_due_on__lte=notice) | Q(next_session_due__lt=today)).order_by(
        "review_due_on", "id")[:MAX_ITEMS]
    for plan in due:  # one query: the reviews coming due and the sessions overdue
        if plan.review_due_on <= notice:
            items.append(_item("care.review", _("%(child)s: review the %(line)s plan"), plan,
                               plan.review_due_on, plan.approved_on or plan.starts_on))
        if plan.next_session_due is not None and plan.next_session_due < today:
            items.append(_item("care.session", _("%(child)s: %(line)s session overdue"),
                               plan, plan.next_session_due, plan.next_session_due))
    return items


# ------------------------------------------------------------------ what the lines add

CHECK_NOTICE_DAYS = 14
REPORT_SHOWN_FROM = (5, 1)  # the school-age report shows from 1 May ...
REPORT_DUE = (6, 30)  # ... and is due by 30 June, before the school year's places are set


def _responsible(actor: User, perm: Perm) -> bool:
    return has_perm(actor, perm) or has_perm(actor, Perm.CARE_APPROVE)


@register
def care_lines_todo(actor: User, today: dt.date) -> list[TodoItem]:
    """Health checks coming due (doctors), disabled children aged 0-6 not yet applied for
    rehabilitation assistance (therapists), the year's school-age report (teachers); and
    all of them for the director."""
    if not has_perm(actor, Perm.CARE_VIEW):
        return []
    items: list[TodoItem] = []
    if _responsible(actor, Perm.CARE_MEDICAL):
        items += _health_checks(actor, today)
    if _responsible(actor, Perm.CARE_REHABILITATION):
        items += _assistance_not_applied(actor, today)
    if _responsible(actor, Perm.CARE_EDUCATION):
        items += _school_report(actor, today)
    return items


def _health_checks(actor: User, today: dt.date) -> list[TodoItem]:
    checks = scope(HealthCheck.objects.filter(
        done_on__isnull=True, cancelled_reason="",
        due_on__lte=today + dt.timedelta(days=CHECK_NOTICE_DAYS)), actor)
    checks = checks.select_related("child", "child__current_institution").order_by(
        "due_on", "id")[:MAX_ITEMS]
    return [TodoItem(kind="care.health_check",
                     title=_("%(child)s: health check") % {"child": c.child.name},
                     due=c.due_on, url=reverse("care_tab", kwargs={
                         "child_id": c.child_id, "line": CareLine.MEDICAL}),
                     institution=_institution_name(c.child), since=c.created_at.date())
            for c in checks]


def _assistance_not_applied(actor: User, today: dt.date) -> list[TodoItem]:
    wait = dt.timedelta(days=settings.CWIS_REHAB_ASSISTANCE_DAYS)
    applied = RehabAssistance.objects.filter(
        child=OuterRef("pk"), state__in=(AssistanceState.APPLIED, AssistanceState.APPROVED))
    children = scope(Child.objects.filter(
        status=ChildStatus.IN_CARE, birth_date__gt=add_years(today, -ASSISTANCE_AGE_LIMIT),
    ).exclude(disability_type="").filter(~Exists(applied)), actor)
    children = children.select_related("current_institution").order_by(
        "guardianship_since", "id")[:MAX_ITEMS]
    return [TodoItem(kind="care.assistance",
                     title=_("%(child)s: apply for rehabilitation assistance") % {
                         "child": c.name},
                     due=c.guardianship_since + wait, url=reverse("care_tab", kwargs={
                         "child_id": c.pk, "line": CareLine.REHABILITATION}),
                     institution=_institution_name(c), since=c.guardianship_since)
            for c in children]


def _school_report(actor: User, today: dt.date) -> list[TodoItem]:
    shown = dt.date(today.year, *REPORT_SHOWN_FROM)
    if today < shown or actor.institution_id is None:
        return []
    reported = scope(SchoolAgeReport.objects.filter(
        institution_id=actor.institution_id, year=today.year,
        state=ReportState.REPORTED), actor).exists()
    if reported:
        return []
    return [TodoItem(kind="care.school_report",
                     title=_("Report the school-age children of %(year)s to the education "
                             "department") % {"year": today.year},
                     due=dt.date(today.year, *REPORT_DUE), url=reverse("care_school_reports"),
                     institution=actor.institution.name, since=shown)]


def _institution_name(child: Child) -> str:
    return child.current_institution.name if child.current_institution else ""
