"""Emergency and evacuation plans and the drills that practise them (policy 四(二): fire
safety training, evacuation plans and drills, with the fire service). A drill may find
problems: each one that is a hazard enters the same flow as an inspection's
(`Hazard.drill`). No drill in `CWIS_SAFETY_DRILL_MONTHS` months is an alert."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.safety.models.inspections import INSTITUTION_SCOPE


def plan_path(instance: "EmergencyPlan", filename: str) -> str:
    # cwis.core.uploads gave the upload a random name with the extension of its real type.
    return f"safety/plans/{instance.institution_id}/{filename}"


class PlanKind(models.TextChoices):
    EVACUATION = "evacuation", _("Fire and evacuation plan")
    NATURAL_DISASTER = "natural_disaster", _("Natural disaster plan")
    PUBLIC_HEALTH = "public_health", _("Public health emergency plan")
    FOOD_POISONING = "food_poisoning", _("Food poisoning plan")
    CHILD_MISSING = "child_missing", _("Missing child plan")
    OTHER = "other", pgettext_lazy("plan", "Other emergency plan")


class EmergencyPlan(TrackedModel):
    """The institution's plan of one kind, approved on a day, to be reviewed by a day; a new
    plan of the same kind replaces it (the old one stays, `replaced_on`)."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=_("institution"),
                                    on_delete=models.PROTECT, related_name="emergency_plans")
    kind = models.CharField(_("kind of plan"), max_length=20, choices=PlanKind.choices)
    title = models.CharField(pgettext_lazy("plan", "title"), max_length=200)
    approved_on = models.DateField(_("approved on"))
    review_on = models.DateField(_("to be reviewed by"))
    document = models.CharField(_("where the document is kept"), max_length=300, blank=True)
    file = models.FileField(_("plan file"), upload_to=plan_path, blank=True, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    summary = models.TextField(_("summary of the plan"), blank=True)
    replaced_on = models.DateField(_("replaced on"), null=True, blank=True)
    history = HistoricalRecords()

    scope_rule = INSTITUTION_SCOPE

    class Meta:
        verbose_name = _("emergency plan")
        verbose_name_plural = _("emergency plans")
        ordering = ["kind", "-approved_on", "-id"]
        indexes = [models.Index(fields=["institution", "kind"], name="safety_plan_inst")]

    def __str__(self) -> str:
        return self.title


class DrillScenario(models.TextChoices):
    FIRE = "fire", _("Fire evacuation")
    EARTHQUAKE = "earthquake", _("Earthquake")
    FLOOD = "flood", _("Flood or storm")
    FOOD_POISONING = "food_poisoning", _("Food poisoning")
    CHILD_MISSING = "child_missing", _("A child missing")
    OTHER = "other", pgettext_lazy("drill", "Other scenario")


class Drill(TrackedModel):
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("institution"),
                                    on_delete=models.PROTECT, related_name="drills")
    plan = models.ForeignKey(EmergencyPlan, verbose_name=_("plan practised"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="drills")
    held_on = models.DateField(_("drill date"))
    scenario = models.CharField(_("scenario"), max_length=20, choices=DrillScenario.choices)
    description = models.TextField(_("how the drill went"), blank=True)
    participants = models.CharField(_("participants"), max_length=300)
    participant_count = models.PositiveIntegerField(_("number of participants"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    with_fire_service = models.BooleanField(_("with the fire service"), default=False)
    problems = models.TextField(_("problems found"), blank=True)
    history = HistoricalRecords()

    scope_rule = INSTITUTION_SCOPE

    class Meta:
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["institution", "held_on"], name="safety_drill_inst")]

    def __str__(self) -> str:
        return f"{self.get_scenario_display()} {self.held_on}"
