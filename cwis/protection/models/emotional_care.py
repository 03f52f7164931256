"""Emotional care and psychological intervention (精神关怀) on a protection case: sessions
with the child (who delivered it, what was done, risk notes and a risk level). A child whose
latest session flags a risk gets an intervention plan (goals, measures, who, a review date on
the to-do list); each review sets the next date or ends the plan. Nothing is deleted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule


class RiskLevel(models.TextChoices):
    NONE = "none", _("No risk seen")
    LOW = "low", _("Low risk")
    ELEVATED = "elevated", _("Elevated risk")
    HIGH = "high", _("High risk (immediate danger)")


# The levels that flag the child at risk: an intervention plan is needed.
AT_RISK_LEVELS = (RiskLevel.ELEVATED, RiskLevel.HIGH)


def _user(verbose, *, null: bool = False) -> models.ForeignKey:
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose, null=null,
                             blank=null, on_delete=models.PROTECT, related_name="+")


class CareSession(TrackedModel):
    """One session of emotional care or psychological intervention with the child."""

    case = models.ForeignKey("protection.ProtectionCase", verbose_name=_("case"),
                             on_delete=models.PROTECT, related_name="care_sessions")
    held_on = models.DateField(_("held on"))
    delivered_by = models.CharField(_("delivered by"), max_length=200)
    content = models.TextField(_("what was done"))
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    risk_notes = models.TextField(_("risk notes"), blank=True)
    recorded_by = _user(_("recorded by"))
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="case__county_code")

    class Meta:
        verbose_name = _("emotional care session")
        verbose_name_plural = _("emotional care sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"

    @property
    def at_risk(self) -> bool:
        return self.risk_level in AT_RISK_LEVELS


class InterventionPlan(TrackedModel):
    """The plan for a child flagged at risk: goals, measures, who carries them out, the next
    review (`review_on`); ended by a review that needs no further one."""

    case = models.ForeignKey("protection.ProtectionCase", verbose_name=_("case"),
                             on_delete=models.PROTECT, related_name="intervention_plans")
    made_on = models.DateField(_("made on"))
    made_by = _user(_("made by"))
    goals = models.TextField(_("goals of the intervention"))
    measures = models.TextField(_("measures"))
    responsible = models.CharField(_("who carries it out"), max_length=200)
    review_on = models.DateField(_("review on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="case__county_code")

    class Meta:
        verbose_name = _("intervention plan")
        verbose_name_plural = _("intervention plans")
        ordering = ["-made_on", "-id"]
        indexes = [models.Index(fields=["ended_on", "review_on"],
                                name="protection_plan_review")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.made_on}"


class InterventionReview(models.Model):
    """A review of an intervention plan: what was found, and the next review date (none:
    the plan ends)."""

    plan = models.ForeignKey(InterventionPlan, verbose_name=_("intervention plan"),
                             on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("plan reviewed on"))
    reviewed_by = _user(_("plan reviewed by"))
    findings = models.TextField(_("what the review found"))
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="plan__case__county_code")

    class Meta:
        verbose_name = _("intervention plan review")
        verbose_name_plural = _("intervention plan reviews")
        ordering = ["reviewed_on", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.reviewed_on}"
