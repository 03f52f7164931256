"""Writes for plans, yearly reports and evaluations: each one transaction, versioned."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core import uploads
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import field_error
from cwis.core.history import record_change
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Perm, require
from cwis.core.replicas import replica_reads
from cwis.core.scoping import division_in_scope, get_scoped
from cwis.core.validators import check_plausible_dates
from cwis.oversight import figures
from cwis.oversight.models import (
    REPORT_YEARS,
    Correction,
    Evaluation,
    EvaluationOutcome,
    ImplementationPlan,
    PlanAttachment,
    PlanStatus,
    PlanTask,
    ReportStatus,
    YearlyReport,
)

MSG_YEAR_RANGE = _("Progress reports are filed for the years 2022 to 2025.")
MSG_PROVINCE_UNKNOWN = _("Choose a province.")
MSG_PROVINCE_OUTSIDE = _("This province is outside your jurisdiction.")
MSG_REPORT_EXISTS = _("This province already has a report for that year.")
MSG_REPORT_NOT_EDITABLE = _(
    "A submitted or accepted report cannot be edited; the ministry must return it first."
)
MSG_REPORT_INCOMPLETE = _("The report is incomplete: fill in %(fields)s before submitting.")
MSG_WRONG_STATE = _("This action is not possible in the record's current state.")
MSG_RETURN_NEEDS_COMMENT = _("Say what the province must revise.")
MSG_PLAN_EXISTS = _("This province already has an implementation plan; revise it instead.")
MSG_PLAN_NOT_EDITABLE = _("A submitted plan cannot be edited; start a revision first.")
MSG_PLAN_INCOMPLETE = _("The plan is incomplete: fill in %(fields)s before submitting.")
MSG_PLAN_NEEDS_TASKS = _("Add at least one main task with its owner and due date.")
MSG_TITLE_REQUIRED = _("Enter a title.")
MSG_OWNER_REQUIRED = _("Enter the responsible department.")
MSG_SCORE_RANGE = _("The score is between 0 and 100.")
MSG_EVALUATION_EXISTS = _("This province has already been evaluated for that year.")
MSG_CORRECTIONS_REQUIRED = _("List the corrections required, each with a due date.")
MSG_CORRECTION_CLOSED = _("This correction is already closed.")
MSG_NOTE_REQUIRED = _("Enter a note.")

PLAN_DUE_DATE = dt.date(2021, 8, 31)  # policy: plans to the ministry by end of August 2021
REPORT_TEXT_FIELDS = {
    "summary": _("overall progress"),
    "measures": _("main measures and results"),
    "problems": _("problems and difficulties"),
    "next_steps": _("plans for the next year"),
}
PLAN_TEXT_FIELDS = {"goals": _("goals"), "timetable": _("timetable"), "roadmap": _("roadmap")}


def _province(actor: User, code: str | None) -> Division:
    province = Division.objects.filter(
        code=code or "", level=DivisionLevel.PROVINCE, valid_to__isnull=True
    ).first()
    if province is None:
        raise field_error("province", MSG_PROVINCE_UNKNOWN)
    if not division_in_scope(actor, province.code):
        raise field_error("province", MSG_PROVINCE_OUTSIDE)
    return province


def _missing(record, labels: dict) -> list[str]:
    return [str(label) for name, label in labels.items() if not getattr(record, name).strip()]


def _save(record: ImplementationPlan | YearlyReport, actor: User) -> None:
    """A versioned record saved with a new version and the actor in its history row."""
    bump_version(record, actor)
    record_change(record, actor)
    record.save()


# ---------------------------------------------------------------- implementation plans


@transaction.atomic
def plan_create(*, actor: User, province_code: str, title: str, goals: str = "",
                timetable: str = "", roadmap: str = "") -> ImplementationPlan:
    require(actor, Perm.REPORT_EDIT)
    province = _province(actor, province_code)
    if not title.strip():
        raise field_error("title", MSG_TITLE_REQUIRED)
    if ImplementationPlan.objects.filter(division_code=province.code).exists():
        raise field_error("province", MSG_PLAN_EXISTS)
    plan = ImplementationPlan(
        province=province, division_code=province.code, title=title.strip(), goals=goals,
        timetable=timetable, roadmap=roadmap, due_date=PLAN_DUE_DATE,
    )
    record_change(plan, actor)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, actor: User, plan_id: int, version: int, **changes: str) -> ImplementationPlan:
    require(actor, Perm.REPORT_EDIT)
    plan = get_scoped(ImplementationPlan.objects.all(), actor, pk=plan_id, for_update=True)
    check_version(plan, version)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(MSG_PLAN_NOT_EDITABLE, code="not_editable")
    for name in ("title", "goals", "timetable", "roadmap"):
        if name in changes and changes[name] is not None:
            setattr(plan, name, changes[name])
    if not plan.title.strip():
        raise field_error("title", MSG_TITLE_REQUIRED)
    _save(plan, actor)
    return plan


@transaction.atomic
def plan_task_add(*, actor: User, plan_id: int, title: str, owner: str,
                  due_date: dt.date) -> PlanTask:
    require(actor, Perm.REPORT_EDIT)
    plan = get_scoped(ImplementationPlan.objects.all(), actor, pk=plan_id, for_update=True)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(MSG_PLAN_NOT_EDITABLE, code="not_editable")
    if not title.strip():
        raise field_error("title", MSG_TITLE_REQUIRED)
    if not owner.strip():
        raise field_error("owner", MSG_OWNER_REQUIRED)
    check_plausible_dates({"due_date": due_date})
    task = PlanTask(plan=plan, title=title.strip(), owner=owner.strip(), due_date=due_date)
    record_change(task, actor)
    task.save()
    return task


@transaction.atomic
def plan_task_done(*, actor: User, task_id: int, done_on: dt.date) -> PlanTask:
    require(actor, Perm.REPORT_EDIT)
    task = get_scoped(PlanTask.objects.all(), actor, pk=task_id, for_update=True)
    check_plausible_dates({"done_on": done_on}, past={"done_on"})
    task.done_on = done_on
    record_change(task, actor)
    task.save(update_fields=["done_on"])
    return task


MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MSG_ATTACHMENT_EMPTY = _("Choose a file to attach.")
MSG_ATTACHMENT_TOO_BIG = _("An attachment may be at most 20 MB.")


@transaction.atomic
def plan_attachment_add(*, actor: User, plan_id: int, file, name: str = "") -> PlanAttachment:
    """Attach a document to a plan (any state: attachments are kept with every revision)."""
    require(actor, Perm.REPORT_EDIT)
    plan = get_scoped(ImplementationPlan.objects.all(), actor, pk=plan_id, for_update=True)
    if file is None or not getattr(file, "size", 0):
        raise field_error("file", MSG_ATTACHMENT_EMPTY)
    if file.size > MAX_ATTACHMENT_BYTES:
        raise field_error("file", MSG_ATTACHMENT_TOO_BIG)
    original = uploads.store_any(file, "file", max_mb=MAX_ATTACHMENT_BYTES // (1024 * 1024))
    return PlanAttachment.objects.create(
        plan=plan, file=file, name=(name or original)[:200], uploaded_by=actor
    )


@transaction.atomic
def plan_submit(*, actor: User, plan_id: int, version: int) -> ImplementationPlan:
    require(actor, Perm.REPORT_EDIT)
    plan = get_scoped(ImplementationPlan.objects.all(), actor, pk=plan_id, for_update=True)
    check_version(plan, version)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(MSG_WRONG_STATE, code="wrong_state")
    missing = _missing(plan, PLAN_TEXT_FIELDS)
    if missing:
        raise ValidationError(
            MSG_PLAN_INCOMPLETE, code="incomplete", params={"fields": "、".join(missing)}
        )
    if not plan.tasks.exists():
        raise ValidationError(MSG_PLAN_NEEDS_TASKS, code="no_tasks")
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_by = actor
    _save(plan, actor)
    return plan


@transaction.atomic
def plan_receive(*, actor: User, plan_id: int) -> ImplementationPlan:
    require(actor, Perm.REPORT_REVIEW)
    plan = get_scoped(ImplementationPlan.objects.all(), actor, pk=plan_id, for_update=True)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(MSG_WRONG_STATE, code="wrong_state")
    plan.status = PlanStatus.RECEIVED
    plan.received_at = timezone.now()
    plan.received_by = actor
    _save(plan, actor)
    return plan


@transaction.atomic
def plan_revise(*, actor: User, plan_id: int) -> ImplementationPlan:
    """Open a new revision of a submitted or received plan; history keeps the old one."""
    require(actor, Perm.REPORT_EDIT)
    plan = get_scoped(ImplementationPlan.objects.all(), actor, pk=plan_id, for_update=True)
    if plan.status == PlanStatus.DRAFT:
        raise ValidationError(MSG_WRONG_STATE, code="wrong_state")
    plan.status = PlanStatus.DRAFT
    plan.revision += 1
    plan.submitted_at = plan.received_at = None
    plan.submitted_by = plan.received_by = None
    _save(plan, actor)
    return plan


# ---------------------------------------------------------------- yearly reports


def _check_year(year: int) -> None:
    if year not in REPORT_YEARS:
        raise field_error("year", MSG_YEAR_RANGE)


@transaction.atomic
def report_create(*, actor: User, province_code: str, year: int) -> YearlyReport:
    """Open a province's report for `year`, prefilled with the figures as of 31 December."""
    require(actor, Perm.REPORT_EDIT)
    _check_year(year)
    province = _province(actor, province_code)
    if YearlyReport.objects.filter(division_code=province.code, year=year).exists():
        raise field_error("year", MSG_REPORT_EXISTS)
    report = YearlyReport(
        province=province, division_code=province.code, year=year,
    )
    record_change(report, actor)
    _prefill(report)
    report.save()
    return report


def _prefill(report: YearlyReport) -> None:
    moment = figures.year_end(report.year)
    with replica_reads():  # figures of a whole province, as of a year's end (ADR 0019)
        report.figures = figures.compute_all(prefix=report.province.scope_prefix,
                                             moment=moment)
    report.figures_as_of = moment.date()


def _editable_report(actor: User, report_id: int, version: int) -> YearlyReport:
    require(actor, Perm.REPORT_EDIT)
    report = get_scoped(YearlyReport.objects.all(), actor, pk=report_id, for_update=True)
    check_version(report, version)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ValidationError(MSG_REPORT_NOT_EDITABLE, code="not_editable")
    return report


@transaction.atomic
def report_refresh_figures(*, actor: User, report_id: int, version: int) -> YearlyReport:
    report = _editable_report(actor, report_id, version)
    _prefill(report)
    _save(report, actor)
    return report


@transaction.atomic
def report_update(*, actor: User, report_id: int, version: int, **texts: str) -> YearlyReport:
    report = _editable_report(actor, report_id, version)
    for name in REPORT_TEXT_FIELDS:
        if texts.get(name) is not None:
            setattr(report, name, texts[name])
    _save(report, actor)
    return report


@transaction.atomic
def report_submit(*, actor: User, report_id: int, version: int, **texts: str) -> YearlyReport:
    """Submit to the ministry, saving any text given with it; all or nothing."""
    report = _editable_report(actor, report_id, version)
    for name in REPORT_TEXT_FIELDS:
        if texts.get(name) is not None:
            setattr(report, name, texts[name])
    missing = _missing(report, REPORT_TEXT_FIELDS)
    if missing:
        raise ValidationError(
            MSG_REPORT_INCOMPLETE, code="incomplete", params={"fields": "、".join(missing)}
        )
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    _save(report, actor)
    return report


def _review(actor: User, report_id: int, status: str, comment: str) -> YearlyReport:
    require(actor, Perm.REPORT_REVIEW)
    report = get_scoped(YearlyReport.objects.all(), actor, pk=report_id, for_update=True)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(MSG_WRONG_STATE, code="wrong_state")
    report.status = status
    report.review_comment = comment
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    _save(report, actor)
    return report


@transaction.atomic
def report_accept(*, actor: User, report_id: int, comment: str = "") -> YearlyReport:
    return _review(actor, report_id, ReportStatus.ACCEPTED, comment.strip())


@transaction.atomic
def report_return(*, actor: User, report_id: int, comment: str) -> YearlyReport:
    if not (comment or "").strip():
        raise field_error("comment", MSG_RETURN_NEEDS_COMMENT)
    return _review(actor, report_id, ReportStatus.RETURNED, comment.strip())


# ---------------------------------------------------------------- evaluations


@transaction.atomic
def evaluation_record(*, actor: User, province_code: str, year: int, score: Decimal, outcome: str,
                      comment: str = "",
                      corrections: list[tuple[str, dt.date]] | None = None) -> Evaluation:
    """The ministry's evaluation of a province for a year, with corrections to follow up."""
    require(actor, Perm.EVALUATION_RECORD)
    _check_year(year)
    province = _province(actor, province_code)
    score = Decimal(score)
    if not Decimal(0) <= score <= Decimal(100):
        raise field_error("score", MSG_SCORE_RANGE)
    corrections = [(d.strip(), due) for d, due in (corrections or []) if d and d.strip()]
    if outcome == EvaluationOutcome.CORRECTIONS and not corrections:
        raise field_error("corrections", MSG_CORRECTIONS_REQUIRED)
    for _description, due_date in corrections:
        check_plausible_dates({"corrections": due_date})
    if Evaluation.objects.filter(division_code=province.code, year=year).exists():
        raise field_error("year", MSG_EVALUATION_EXISTS)
    evaluation = Evaluation(
        province=province, division_code=province.code, year=year, score=score,
        outcome=outcome, comment=comment, recorded_by=actor,
    )
    evaluation.full_clean()
    record_change(evaluation, actor)
    evaluation.save()
    for description, due_date in corrections:
        correction = Correction(evaluation=evaluation, description=description,
                                due_date=due_date)
        record_change(correction, actor)
        correction.save()
    return evaluation


@transaction.atomic
def correction_report_progress(*, actor: User, correction_id: int, note: str) -> Correction:
    require(actor, Perm.REPORT_EDIT)
    correction = get_scoped(Correction.objects.all(), actor, pk=correction_id, for_update=True)
    if not correction.is_open:
        raise ValidationError(MSG_CORRECTION_CLOSED, code="closed")
    if not (note or "").strip():
        raise field_error("note", MSG_NOTE_REQUIRED)
    correction.progress_note = note.strip()
    record_change(correction, actor)
    correction.save(update_fields=["progress_note"])
    return correction


@transaction.atomic
def correction_close(*, actor: User, correction_id: int, note: str) -> Correction:
    require(actor, Perm.EVALUATION_RECORD)
    correction = get_scoped(Correction.objects.all(), actor, pk=correction_id, for_update=True)
    if not correction.is_open:
        raise ValidationError(MSG_CORRECTION_CLOSED, code="closed")
    if not (note or "").strip():
        raise field_error("note", MSG_NOTE_REQUIRED)
    correction.closed_at = timezone.now()
    correction.closed_by = actor
    correction.closure_note = note.strip()
    record_change(correction, actor)
    correction.save(update_fields=["closed_at", "closed_by", "closure_note"])
    return correction
