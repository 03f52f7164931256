"""The transformation of county child welfare institutions into minors' rescue and
protection institutions, and the dated facts of their integration (policy 三, 四（三））."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule
from cwis.institutions.models.registry import Institution

# The year by which every county child welfare institution is transformed (policy 一（三）).
POLICY_DEADLINE = dt.date(2025, 12, 31)


class ChangeReason(models.TextChoices):
    """Why a history row was written, when it was not an ordinary edit (stored as the key in
    `history_change_reason`, shown translated)."""

    TRANSFORMATION_STARTED = "transformation_started", _("Transformation started: handing over")
    TRANSFORMATION_COMPLETED = "transformation_completed", _(
        "Transformation completed: now a minors' rescue and protection institution"
    )


class TransformationState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HANDING_OVER = "handing_over", _("Handing over")
    TRANSFORMED = "transformed", _("Transformed")


class Transformation(TrackedModel):
    """The transformation of one county child welfare institution into a minors' rescue
    and protection institution: planned → handing over → transformed."""

    institution = models.OneToOneField(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="transformation",
    )
    state = models.CharField(
        _("state"),
        max_length=14,
        choices=TransformationState.choices,
        default=TransformationState.PLANNED,
    )
    target_handover_date = models.DateField(_("handover target date"))
    target_completion_date = models.DateField(_("completion target date"))
    new_name = models.CharField(
        _("name after the transformation"), max_length=200, blank=True
    )
    started_on = models.DateField(_("handover started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # The checklist as it read when the transformation was completed: the proof.
    checklist_at_completion = models.JSONField(
        _("checklist at completion"), null=True, blank=True
    )
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="institution__division_code", institution="institution_id")

    class Meta:
        verbose_name = _("transformation")
        verbose_name_plural = _("transformations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_completion_date__gte=models.F("target_handover_date")),
                name="transformation_targets_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution.name}: {self.get_state_display()}"

    @property
    def is_after_policy_deadline(self) -> bool:
        return self.target_completion_date > POLICY_DEADLINE


class IntegrationFactKind(models.TextChoices):
    PREMISES = "premises", _("Premises")
    DUTY = "duty", _("Duty")


class ProtectionDuty(models.TextChoices):
    """The duties of a minors' rescue and protection institution (policy 三（二）)."""

    TEMPORARY_GUARDIANSHIP = "temporary_guardianship", _(
        "Taking in and raising minors under temporary guardianship"
    )
    CASE_ASSISTANCE = "case_assistance", _(
        "Guardianship assessment, case conferences, referrals and emotional care"
    )
    POLICY_PROMOTION = "policy_promotion", _("Promoting minors' protection policy")
    COMMUNITY_CARE = "community_care", _(
        "Care for left-behind children, scattered orphans and children in difficulty"
    )
    WORKSTATION_GUIDANCE = "workstation_guidance", _(
        "Guiding township minors' protection workstations"
    )
    WORKER_TRAINING = "worker_training", _(
        "Training child supervisors and child directors; screening and registering children"
    )


class IntegrationFact(TrackedModel):
    """A dated fact of the integration (policy 三（一）): premises handed to the new
    institution, or one of its duties taken on, with the document that decided it.
    Withdrawn with a reason when entered in error, never deleted."""

    transformation = models.ForeignKey(
        Transformation,
        verbose_name=_("transformation"),
        on_delete=models.PROTECT,
        related_name="facts",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=IntegrationFactKind.choices)
    duty = models.CharField(_("duty"), max_length=30, choices=ProtectionDuty.choices,
                            blank=True)
    effective_on = models.DateField(_("effective on"))
    description = models.TextField(_("description"))
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300,
                                        blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(
        division="transformation__institution__division_code",
        institution="transformation__institution_id",
    )

    class Meta:
        verbose_name = _("integration fact")
        verbose_name_plural = _("integration facts")
        ordering = ["transformation", "effective_on", "pk"]

    def __str__(self) -> str:
        label = self.get_duty_display() if self.kind == IntegrationFactKind.DUTY else (
            self.get_kind_display()
        )
        return f"{label} ({self.effective_on})"
