"""Inspections of an institution's safety and the hazards they find (安全隐患排查整治).

An inspection is the institution's own check (daily, monthly...) or an office's inspection:
who, when, which areas, what was found. Each finding that is a hazard gets a level, a
responsible person and a deadline (a setting per level); it is closed only once a fix is
recorded and checked by someone other than who recorded it. Nothing is deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule

INSTITUTION_SCOPE = ScopeRule(division="institution__division_code",
                              institution="institution_id")


class SafetyArea(models.TextChoices):
    FIRE = "fire", _("Fire safety")
    ELECTRICITY = "electricity", _("Electrical safety")
    FOOD = "food", _("Food safety")
    BUILDING = "building", _("Buildings and facilities")
    MEDICINE = "medicine", _("Medicines")
    CHILD_SAFETY = "child_safety", _("Children's safety")


class InspectionKind(models.TextChoices):
    SELF_CHECK = "self_check", _("The institution's own check")
    OFFICE = "office", _("Inspection by the civil affairs office")
    FIRE_SERVICE = "fire_service", _("Inspection by the fire service")
    MARKET_SUPERVISION = "market_supervision", _("Inspection by market supervision")


class InspectionFrequency(models.TextChoices):
    DAILY = "daily", pgettext_lazy("inspection", "Daily")
    WEEKLY = "weekly", pgettext_lazy("inspection", "Weekly")
    MONTHLY = "monthly", pgettext_lazy("inspection", "Monthly")
    QUARTERLY = "quarterly", pgettext_lazy("inspection", "Quarterly")
    SPECIAL = "special", pgettext_lazy("inspection", "Special (one-off)")


class Inspection(TrackedModel):
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("institution"),
                                    on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(_("kind of inspection"), max_length=20,
                            choices=InspectionKind.choices)
    frequency = models.CharField(_("frequency"), max_length=10,
                                 choices=InspectionFrequency.choices)
    areas = models.JSONField(_("areas inspected"), default=list)
    inspected_on = models.DateField(_("inspected on"))
    inspectors = models.CharField(_("inspected by"), max_length=300)
    findings = models.TextField(_("findings"), blank=True)
    history = HistoricalRecords()

    scope_rule = INSTITUTION_SCOPE

    class Meta:
        verbose_name = _("safety inspection")
        verbose_name_plural = _("safety inspections")
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["institution", "inspected_on"],
                                name="safety_inspection_inst")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.inspected_on}"

    def area_labels(self) -> list[str]:
        labels = dict(SafetyArea.choices)
        return [str(labels.get(area, area)) for area in self.areas]


class HazardLevel(models.TextChoices):
    GENERAL = "general", _("General hazard")
    MAJOR = "major", _("Major hazard")


class HazardState(models.TextChoices):
    OPEN = "open", pgettext_lazy("hazard", "Awaiting its fix")
    FIXED = "fixed", pgettext_lazy("hazard", "Fixed, awaiting the check")
    CLOSED = "closed", pgettext_lazy("hazard", "Closed")


class Hazard(TrackedModel):
    """A hazard found by an inspection (or a drill), followed to its closure."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=_("institution"),
                                    on_delete=models.PROTECT, related_name="hazards")
    inspection = models.ForeignKey(Inspection, verbose_name=_("found by the inspection"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="hazards")
    drill = models.ForeignKey("safety.Drill", verbose_name=_("found by the drill"), null=True,
                              blank=True, on_delete=models.PROTECT, related_name="hazards")
    area = models.CharField(pgettext_lazy("safety", "area"), max_length=20,
                            choices=SafetyArea.choices)
    description = models.TextField(_("hazard found"))
    level = models.CharField(_("level"), max_length=10, choices=HazardLevel.choices)
    responsible = models.CharField(_("person responsible for the fix"), max_length=100)
    found_on = models.DateField(_("found on"))
    due_on = models.DateField(_("fix due by"))
    state = models.CharField(_("state"), max_length=10, choices=HazardState.choices,
                             default=HazardState.OPEN)
    fix_description = models.TextField(_("fix"), blank=True)
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True)
    fixed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("fix recorded by"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("fix checked by"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    check_note = models.TextField(_("note of the check"), blank=True)
    history = HistoricalRecords()

    scope_rule = INSTITUTION_SCOPE

    class Meta:
        verbose_name = _("safety hazard")
        verbose_name_plural = _("safety hazards")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["institution", "state", "due_on"], name="safety_hazard_inst"),
            models.Index(fields=["state", "due_on"], name="safety_hazard_due"),
        ]
        constraints = [
            # Closed only with a fix, checked by someone other than who recorded it.
            models.CheckConstraint(
                condition=~Q(state="closed") | (
                    Q(fixed_by__isnull=False, checked_by__isnull=False, fixed_on__isnull=False)
                    & ~Q(checked_by=F("fixed_by"))),
                name="safety_hazard_closed_checked"),
            models.CheckConstraint(condition=Q(state="open") | Q(fixed_by__isnull=False),
                                   name="safety_hazard_fixed_by"),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    def is_overdue(self, today) -> bool:
        return self.state == HazardState.OPEN and self.due_on < today
