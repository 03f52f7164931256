"""To-do items from plans, reports and evaluations (DESIGN.md rule 6)."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.core.models import DivisionLevel
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.core.todo import TodoItem, register
from cwis.oversight.models import (
    REPORT_YEARS,
    Correction,
    ImplementationPlan,
    PlanStatus,
    PlanTask,
    ReportStatus,
    YearlyReport,
)
from cwis.oversight.services import PLAN_DUE_DATE


@register
def reports_due(actor: User, today: dt.date):
    """A province officer's reports not yet submitted; overdue after 31 December."""
    if not has_perm(actor, Perm.REPORT_EDIT) or actor.division_id is None:
        return
    if actor.division.level != DivisionLevel.PROVINCE:
        return
    reports = {
        r.year: r
        for r in scope(YearlyReport.objects.all(), actor).filter(
            division_code=actor.division.code
        )
    }
    for year in REPORT_YEARS:
        if year > today.year:
            continue
        report = reports.get(year)
        if report is not None and report.status in (ReportStatus.SUBMITTED,
                                                     ReportStatus.ACCEPTED):
            continue
        url = (reverse("report_detail", args=[report.pk]) if report
               else reverse("report_list") + f"?year={year}")
        title = (_("Revise the %(year)s progress report returned by the ministry")
                 if report is not None and report.status == ReportStatus.RETURNED
                 else _("File the %(year)s progress report to the ministry"))
        yield TodoItem(kind="report.due", title=title % {"year": year},
                       due=dt.date(year, 12, 31), url=url)


@register
def plan_items(actor: User, today: dt.date):
    if has_perm(actor, Perm.REPORT_EDIT):
        for plan in scope(ImplementationPlan.objects.all(), actor).filter(
            status=PlanStatus.DRAFT
        ):
            yield TodoItem(kind="plan.submit",
                           title=_("Submit the implementation plan to the ministry"),
                           due=PLAN_DUE_DATE if plan.revision == 1 else plan.updated_at.date(),
                           url=reverse("plan_detail", args=[plan.pk]))
        tasks = scope(PlanTask.objects.select_related("plan"), actor).filter(
            done_on__isnull=True, due_date__lte=today + dt.timedelta(days=30)
        )
        for task in tasks:
            yield TodoItem(kind="plan.task", title=_("Plan task: %(task)s") % {"task": task.title},
                           due=task.due_date, url=reverse("plan_detail", args=[task.plan_id]))
    if has_perm(actor, Perm.REPORT_REVIEW):
        for plan in scope(ImplementationPlan.objects.select_related("province"), actor).filter(
            status=PlanStatus.SUBMITTED
        ):
            yield TodoItem(kind="plan.receive",
                           title=_("Receive %(province)s's implementation plan")
                           % {"province": plan.province.name},
                           due=plan.submitted_at.date() + dt.timedelta(days=review_days()),
                           url=reverse("plan_detail", args=[plan.pk]))


def review_days() -> int:
    return getattr(settings, "CWIS_REPORT_REVIEW_DAYS", 30)


@register
def reports_to_review(actor: User, today: dt.date):
    if not has_perm(actor, Perm.REPORT_REVIEW):
        return
    submitted = scope(YearlyReport.objects.select_related("province"), actor).filter(
        status=ReportStatus.SUBMITTED
    )
    for report in submitted:
        yield TodoItem(kind="report.review",
                       title=_("Review %(province)s's %(year)s progress report")
                       % {"province": report.province.name, "year": report.year},
                       due=report.submitted_at.date() + dt.timedelta(days=review_days()),
                       url=reverse("report_detail", args=[report.pk]),
                       since=report.submitted_at.date())


@register
def open_corrections(actor: User, today: dt.date):
    if not (has_perm(actor, Perm.REPORT_EDIT) or has_perm(actor, Perm.EVALUATION_RECORD)):
        return
    corrections = scope(
        Correction.objects.select_related("evaluation__province"), actor
    ).filter(closed_at__isnull=True)
    for correction in corrections:
        evaluation = correction.evaluation
        yield TodoItem(kind="evaluation.correction",
                       title=_("Correction for %(province)s (%(year)s): %(text)s")
                       % {"province": evaluation.province.name, "year": evaluation.year,
                          "text": correction.description[:60]},
                       due=correction.due_date,
                       url=reverse("evaluation_detail", args=[evaluation.pk]))
