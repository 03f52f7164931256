"""The one pattern every care line follows: assessment -> plan (approved by the director) ->
sessions -> review. Each step is versioned (TrackedModel) and keeps its history; nothing is
deleted: a plan closes (reviewed, withdrawn, the child left care), a session entered by
mistake is marked so with a reason.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.care.choices import CareLine, CloseReason, GoalsMet, PlanStatus, ProviderKind
from cwis.care.models.scope import care_scope
from cwis.core.models import TrackedModel

SCOPE = care_scope("outside_service")


def _user(verbose: str, related: str = "+", *, null: bool = True) -> models.ForeignKey:
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose, null=null,
                             blank=null, on_delete=models.PROTECT, related_name=related)


def _service() -> models.ForeignKey:
    return models.ForeignKey(
        "care.OutsideService", verbose_name=_("service to a child outside the institution"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )


class CareAssessment(TrackedModel):
    """What the child needs in one line: by whom, how (method or tool), what was found."""

    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="care_assessments")
    line = models.CharField(_("service line"), max_length=16, choices=CareLine.choices)
    outside_service = _service()
    assessed_on = models.DateField(_("assessed on"))
    assessor = _user(_("assessor"))
    method = models.CharField(_("method or tool"), max_length=200)
    findings = models.TextField(_("findings"))
    needs = models.TextField(_("needs"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason closed"), max_length=16,
                                    choices=CloseReason.choices, blank=True)
    history = HistoricalRecords()

    scope_rule = SCOPE

    class Meta:
        verbose_name = _("care assessment")
        verbose_name_plural = _("care assessments")
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["child", "line", "assessed_on"],
                                name="care_assessment_child")]

    def __str__(self) -> str:
        return f"{self.get_line_display()} {self.assessed_on}"


class CarePlan(TrackedModel):
    """Goals, services and their frequency, who is responsible, from when, and when it is
    reviewed. Approved by the director before sessions are recorded on it."""

    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="care_plans")
    line = models.CharField(_("service line"), max_length=16, choices=CareLine.choices)
    outside_service = _service()
    assessment = models.ForeignKey(CareAssessment, verbose_name=_("assessment"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="plans")
    goals = models.TextField(_("goals"))
    services = models.TextField(_("services"))
    frequency = models.CharField(_("frequency"), max_length=100)
    # Days between sessions the plan expects: the next session falls due this long after the
    # latest (stored in `next_session_due`, the to-do list's "session overdue").
    session_interval_days = models.PositiveSmallIntegerField(
        _("days between sessions"), null=True, blank=True,
        help_text=_("Leave empty when the plan has no regular sessions."),
    )
    responsible = _user(_("responsible staff"), "care_plans_responsible")
    starts_on = models.DateField(_("starts on"))
    review_due_on = models.DateField(_("review due on"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices,
                              default=PlanStatus.PENDING)
    submitted_on = models.DateField(_("submitted on"))
    approved_by = _user(_("approved by"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    next_session_due = models.DateField(_("next session due"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason closed"), max_length=16,
                                    choices=CloseReason.choices, blank=True)
    close_note = models.CharField(_("note on closing"), max_length=500, blank=True)
    history = HistoricalRecords()

    scope_rule = SCOPE

    class Meta:
        verbose_name = _("care plan")
        verbose_name_plural = _("care plans")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["child", "line", "status"], name="care_plan_child"),
            # The to-do list: open plans by their dates (reviews, sessions, approvals).
            models.Index(fields=["review_due_on"], name="care_plan_review_due",
                         condition=Q(status="active")),
            models.Index(fields=["next_session_due"], name="care_plan_session_due",
                         condition=Q(status="active")),
            models.Index(fields=["submitted_on"], name="care_plan_pending",
                         condition=Q(status="pending")),
            models.Index(fields=["responsible", "status"], name="care_plan_responsible"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_due_on__gte=models.F("starts_on")),
                name="care_plan_review_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="care_plan_closed_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_line_display()} {self.starts_on}"

    @property
    def is_open(self) -> bool:
        return self.status != PlanStatus.CLOSED


class CareSession(TrackedModel):
    """One session or record of service under a plan: when, by whom (staff or an outside
    provider by name), how long, what was done, the progress, remote or in person."""

    plan = models.ForeignKey(CarePlan, verbose_name=_("plan"), on_delete=models.PROTECT,
                             related_name="sessions")
    # The plan's child, line and service, copied: the timeline and the scope read them here.
    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="care_sessions")
    line = models.CharField(_("service line"), max_length=16, choices=CareLine.choices)
    outside_service = _service()
    held_on = models.DateField(_("date"))
    staff = _user(_("staff"))
    provider_kind = models.CharField(_("outside provider"), max_length=16,
                                     choices=ProviderKind.choices, blank=True)
    provider_name = models.CharField(_("provider's name"), max_length=200, blank=True)
    # The provider from the registry of social organisations (cwis.safety); sessions from
    # before the registry keep the free-text name alone.
    provider_organisation = models.ForeignKey(
        "safety.SocialOrganisation", verbose_name=_("provider organisation"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="care_sessions")
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)])
    activity = models.TextField(_("what was done"))
    progress = models.TextField(_("progress"), blank=True)
    remote = models.BooleanField(_("remote"), default=False)
    entered_in_error = models.CharField(
        _("entered in error because"), max_length=300, blank=True,
        help_text=_("A session is never deleted; a wrong one is marked with a reason."),
    )
    history = HistoricalRecords()

    scope_rule = SCOPE

    class Meta:
        verbose_name = _("care session")
        verbose_name_plural = _("care sessions")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["plan", "held_on"], name="care_session_plan"),
            models.Index(fields=["child", "line", "held_on"], name="care_session_child"),
        ]

    def __str__(self) -> str:
        return f"{self.get_line_display()} {self.held_on}"


class CareReview(TrackedModel):
    """The review that closes a plan: the outcome, whether the goals were met, what next."""

    plan = models.OneToOneField(CarePlan, verbose_name=_("plan"), on_delete=models.PROTECT,
                                related_name="review")
    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="care_reviews")
    line = models.CharField(_("service line"), max_length=16, choices=CareLine.choices)
    outside_service = _service()
    reviewed_on = models.DateField(_("reviewed on"))
    reviewer = _user(_("reviewer"))
    goals_met = models.CharField(_("goals"), max_length=8, choices=GoalsMet.choices)
    outcome = models.TextField(_("outcome"))
    next_step = models.TextField(_("next step"), blank=True,
                                 help_text=_("A new plan, or why none is needed."))
    history = HistoricalRecords()

    scope_rule = SCOPE

    class Meta:
        verbose_name = _("care review")
        verbose_name_plural = _("care reviews")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_line_display()} {self.reviewed_on}"
