"""Implementation plans, yearly progress reports and evaluations (policy part 四).

Each belongs to a province: `division_code` is the province's six-digit code, so the
province's officers and the ministry see it and nobody below the province does.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule

REPORT_YEARS = (2022, 2023, 2024, 2025)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the ministry")
    RECEIVED = "received", _("Received by the ministry")


class ImplementationPlan(TrackedModel):
    """A province's implementation plan (实施方案): goals, tasks, timetable, roadmap."""

    province = models.ForeignKey(
        "core.Division", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    division_code = models.CharField(_("division code"), max_length=12, editable=False)
    title = models.CharField(_("title"), max_length=200)
    goals = models.TextField(_("goals"), blank=True)
    timetable = models.TextField(_("timetable"), blank=True)
    roadmap = models.TextField(_("roadmap"), blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("submitted by"),
    )
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("received by"),
    )
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="division_code")

    class Meta:
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")
        ordering = ["division_code"]
        constraints = [
            models.UniqueConstraint(fields=["division_code"], name="one_plan_per_province"),
        ]

    def __str__(self) -> str:
        return self.title


class PlanTask(models.Model):
    """A main task of a plan, with who owns it and when it is due."""

    plan = models.ForeignKey(
        ImplementationPlan, on_delete=models.PROTECT, related_name="tasks",
        verbose_name=_("implementation plan"),
    )
    title = models.CharField(_("task"), max_length=300)
    owner = models.CharField(_("responsible department"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="plan__division_code")

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanAttachment(models.Model):
    plan = models.ForeignKey(
        ImplementationPlan, on_delete=models.PROTECT, related_name="attachments",
        verbose_name=_("implementation plan"),
    )
    file = models.FileField(_("file"), upload_to="plans/%Y/")
    name = models.CharField(pgettext_lazy("not a person", "name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("uploaded by"),
    )

    scope_rule = ScopeRule(division="plan__division_code")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the ministry")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


class YearlyReport(TrackedModel):
    """A province's yearly progress report (工作进展情况), 2022–2025, due 31 December."""

    province = models.ForeignKey(
        "core.Division", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    division_code = models.CharField(_("division code"), max_length=12, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # The figures as CWIS computed them for 31 December of `year`: {key: number}.
    figures = models.JSONField(_("figures"), default=dict)
    figures_as_of = models.DateField(_("figures as of"), null=True, blank=True)
    summary = models.TextField(_("overall progress"), blank=True)
    measures = models.TextField(_("main measures and results"), blank=True)
    problems = models.TextField(_("problems and difficulties"), blank=True)
    next_steps = models.TextField(_("plans for the next year"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("reviewed by"),
    )
    review_comment = models.TextField(_("ministry's comment"), blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="division_code")

    class Meta:
        verbose_name = _("yearly progress report")
        verbose_name_plural = _("yearly progress reports")
        ordering = ["-year", "division_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["division_code", "year"], name="one_report_per_province_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province.name} {self.year}"


class EvaluationOutcome(models.TextChoices):
    COMMENDED = "commended", _("Commended")
    SATISFACTORY = "satisfactory", _("Satisfactory")
    CORRECTIONS = "corrections", _("Corrections required")


class Evaluation(models.Model):
    """The ministry's yearly evaluation of a province's work."""

    province = models.ForeignKey(
        "core.Division", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    division_code = models.CharField(_("division code"), max_length=12, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    outcome = models.CharField(_("outcome"), max_length=12, choices=EvaluationOutcome.choices)
    comment = models.TextField(_("comment"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="division_code")

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-year", "division_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["division_code", "year"], name="one_evaluation_per_province_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province.name} {self.year}"


class Correction(models.Model):
    """A correction the ministry requires, followed up until it is closed."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.PROTECT, related_name="corrections",
        verbose_name=_("evaluation"),
    )
    description = models.TextField(_("required correction"))
    due_date = models.DateField(_("due date"))
    progress_note = models.TextField(_("progress reported by the province"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("closed by"),
    )
    closure_note = models.TextField(_("closure note"), blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="evaluation__division_code")

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:50]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
