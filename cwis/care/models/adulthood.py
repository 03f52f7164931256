"""Placement on reaching adulthood (成年后安置, policy 二(五)): from the child's 16th birthday
an adulthood plan with one or more paths (employment, enlistment, further education,
extreme-poverty support, housing), each with its steps, dates, responsible department and
outcome; after leaving care, the follow-up contacts.

The plan follows the care pattern (cwis/care/models/pattern.py): the social worker's
placement evaluation (the assessment), the plan approved by the director (`PlanStatus`), and
the outcome of each path as the review; it closes with the file, recording the path taken.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.care.choices import CloseReason, PlanStatus
from cwis.care.choices_family import PathKind, PathState, StepKind, SupportMode
from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule

THROUGH_CHILD = ScopeRule(division="child__division_code",
                          institution="child__current_institution_id")


def _user(verbose, related: str = "+") -> models.ForeignKey:
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose, null=True,
                             blank=True, on_delete=models.PROTECT, related_name=related)


class AdulthoodPlan(TrackedModel):
    """The child's plan for adulthood: the placement evaluation, the child's wishes, the
    paths, approved by the director; closed when the child leaves care (with the path
    taken) or withdrawn."""

    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="adulthood_plans")
    evaluation = models.TextField(_("placement evaluation"),
                                  help_text=_("The child's abilities, health, schooling and "
                                              "what support adulthood will need."))
    wishes = models.TextField(_("the child's own wishes"))
    responsible = _user(_("responsible staff"), "adulthood_plans_responsible")
    starts_on = models.DateField(_("starts on"))
    review_due_on = models.DateField(_("review due on"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices,
                              default=PlanStatus.PENDING)
    submitted_on = models.DateField(_("submitted on"))
    approved_by = _user(_("approved by"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason closed"), max_length=16,
                                    choices=CloseReason.choices, blank=True)
    close_note = models.CharField(_("note on closing"), max_length=500, blank=True)
    # Recorded when the child leaves care at adulthood: the path the child took.
    path_taken = models.ForeignKey("care.AdulthoodPath", verbose_name=_("path taken"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    history = HistoricalRecords()

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("adulthood plan")
        verbose_name_plural = _("adulthood plans")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=~Q(status="closed"),
                                    name="adulthood_plan_one_open"),
            models.CheckConstraint(condition=Q(review_due_on__gte=models.F("starts_on")),
                                   name="adulthood_plan_review_after_start"),
        ]

    def __str__(self) -> str:
        return str(_("Adulthood plan from %(day)s") % {"day": self.starts_on})

    @property
    def is_open(self) -> bool:
        return self.status != PlanStatus.CLOSED


class AdulthoodPath(TrackedModel):
    """One path of the plan, with the department that answers for it and its outcome.
    `next_due_on` is stored: the earliest due date of its steps not done, or its target date
    while it has no outcome; a path whose next date is long past is stalled."""

    plan = models.ForeignKey(AdulthoodPlan, verbose_name=_("adulthood plan"),
                             on_delete=models.PROTECT, related_name="paths")
    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="adulthood_paths")
    kind = models.CharField(_("path"), max_length=16, choices=PathKind.choices)
    department = models.CharField(_("responsible department"), max_length=200)
    contact = models.CharField(_("contact at the department"), max_length=200, blank=True)
    target_on = models.DateField(_("outcome expected by"))
    priority = models.BooleanField(
        _("priority applies"), default=False,
        help_text=_("Enlistment priority, or housing priority for orphans."))
    support_mode = models.CharField(_("form of support"), max_length=12,
                                    choices=SupportMode.choices, blank=True)
    support_institution = models.CharField(_("support institution"), max_length=200,
                                           blank=True)
    state = models.CharField(_("state"), max_length=16, choices=PathState.choices,
                             default=PathState.OPEN)
    outcome = models.TextField(_("outcome"), blank=True,
                               help_text=_("The job and employer, the unit, the school, "
                                           "the support decided, the housing granted."))
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    next_due_on = models.DateField(_("next date due"), null=True, blank=True)
    history = HistoricalRecords()

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("adulthood path")
        verbose_name_plural = _("adulthood paths")
        ordering = ["plan", "id"]
        indexes = [
            models.Index(fields=["next_due_on"], name="adulthood_path_due",
                         condition=Q(state="open")),
            models.Index(fields=["kind", "state"], name="adulthood_path_kind"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class AdulthoodStep(TrackedModel):
    """A step of a path: due by a date, done on a date, with what happened."""

    path = models.ForeignKey(AdulthoodPath, verbose_name=_("path"), on_delete=models.PROTECT,
                             related_name="steps")
    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("step"), max_length=24, choices=StepKind.choices)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("what happened"), blank=True)
    history = HistoricalRecords()

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("adulthood step")
        verbose_name_plural = _("adulthood steps")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class AdulthoodFollowUp(TrackedModel):
    """A contact with the young adult after leaving care (at 6 and 12 months): due, done,
    how they are."""

    # The plan the young adult left care with (none when the child left without one).
    plan = models.ForeignKey(AdulthoodPlan, verbose_name=_("adulthood plan"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="follow_ups")
    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="adulthood_follow_ups")
    months = models.PositiveSmallIntegerField(_("months after leaving"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("contacted on"), null=True, blank=True)
    done_by = _user(_("contacted by"))
    how = models.CharField(_("how"), max_length=100, blank=True)
    situation = models.TextField(_("how the young adult is doing"), blank=True)
    history = HistoricalRecords()

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("follow-up after leaving care")
        verbose_name_plural = _("follow-ups after leaving care")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on"], name="adulthood_follow_up_due",
                                condition=Q(done_on__isnull=True))]

    def __str__(self) -> str:
        return str(_("Follow-up at %(months)d months") % {"months": self.months})
