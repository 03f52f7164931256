from django.db.models import Prefetch, QuerySet

from cwis.accounts.models import User
from cwis.core.scoping import get_scoped, scope
from cwis.oversight import figures
from cwis.oversight.models import (
    REPORT_YEARS,
    Correction,
    Evaluation,
    ImplementationPlan,
    PlanAttachment,
    PlanTask,
    YearlyReport,
)


def plan_list(*, actor: User) -> QuerySet[ImplementationPlan]:
    return scope(ImplementationPlan.objects.select_related("province"), actor)


def plan_get(*, actor: User, plan_id: int) -> ImplementationPlan:
    plans = ImplementationPlan.objects.select_related("province").prefetch_related(
        Prefetch("tasks", queryset=PlanTask.objects.order_by("due_date", "pk")), "attachments"
    )
    return get_scoped(plans, actor, pk=plan_id)


def plan_attachment_get(*, actor: User, attachment_id: int) -> PlanAttachment:
    return get_scoped(PlanAttachment.objects.select_related("plan"), actor, pk=attachment_id)


def report_list(*, actor: User, year: int | None = None, status: str | None = None
                ) -> QuerySet[YearlyReport]:
    reports = scope(YearlyReport.objects.select_related("province"), actor)
    if year:
        reports = reports.filter(year=year)
    if status:
        reports = reports.filter(status=status)
    return reports


def report_year_to_open(*, actor: User) -> int | None:
    """The first report year without a report among those the actor sees (its province):
    what a new report proposes. None once every year has its report."""
    done = set(scope(YearlyReport.objects.all(), actor).values_list("year", flat=True))
    return next((year for year in REPORT_YEARS if year not in done), None)


def report_get(*, actor: User, report_id: int) -> YearlyReport:
    return get_scoped(
        YearlyReport.objects.select_related("province", "submitted_by", "reviewed_by"),
        actor,
        pk=report_id,
    )


def report_figure_rows(report: YearlyReport) -> list[dict]:
    """The report's figures in registry order, grouped by section, with their labels."""
    rows = []
    for figure in figures.figure_list():
        if figure.key in report.figures:
            rows.append(
                {
                    "key": figure.key,
                    "section": str(figures.SECTIONS[figure.section]),
                    "label": str(figure.label),
                    "value": report.figures[figure.key],
                    "url": figure.drill(report.province.scope_prefix, report.year)
                    if figure.drill else "",
                }
            )
    return rows


def evaluation_list(*, actor: User) -> QuerySet[Evaluation]:
    return scope(
        Evaluation.objects.select_related("province").prefetch_related("corrections"), actor
    )


def evaluation_get(*, actor: User, evaluation_id: int) -> Evaluation:
    return get_scoped(
        Evaluation.objects.select_related("province").prefetch_related("corrections"),
        actor,
        pk=evaluation_id,
    )


def correction_get(*, actor: User, correction_id: int) -> Correction:
    return get_scoped(Correction.objects.select_related("evaluation"), actor, pk=correction_id)
