"""Checklists of inspections, kept as data, and the photos of what an inspection saw.

A checklist item belongs to an area (fire, electricity, ...) and, when it only concerns one
kind of inspection (the fire service's), to that kind; administrators add and withdraw
items in the admin (a data migration seeds the usual ones). An inspection records one
result per item of its areas: complied, not complied (with what was found) or not
applicable. Items are withdrawn, never deleted: results refer to them.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule
from cwis.safety.models.inspections import InspectionKind, SafetyArea

THROUGH_INSPECTION = ScopeRule(division="inspection__institution__division_code",
                               institution="inspection__institution_id")


class ChecklistItem(models.Model):
    area = models.CharField(pgettext_lazy("safety", "area"), max_length=20,
                            choices=SafetyArea.choices)
    inspection_kind = models.CharField(
        _("only for the kind of inspection"), max_length=20, blank=True,
        choices=InspectionKind.choices,
        help_text=_("Empty: the item is on the checklist of every kind of inspection."))
    text = models.CharField(_("what is checked"), max_length=300)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(
        _("in use"), default=True,
        help_text=_("An item is withdrawn, never deleted: past inspections refer to it."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["area", "position", "id"]

    def __str__(self) -> str:
        return self.text


class ChecklistResultValue(models.TextChoices):
    COMPLIES = "complies", pgettext_lazy("checklist", "Complies")
    FAILS = "fails", pgettext_lazy("checklist", "Does not comply")
    NOT_APPLICABLE = "not_applicable", pgettext_lazy("checklist", "Not applicable")


class ChecklistResult(TrackedModel):
    inspection = models.ForeignKey("safety.Inspection", verbose_name=_("safety inspection"),
                                   on_delete=models.PROTECT, related_name="checklist_results")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("checklist item"),
                             on_delete=models.PROTECT, related_name="+")
    result = models.CharField(pgettext_lazy("checklist", "result"), max_length=20,
                              choices=ChecklistResultValue.choices)
    note = models.CharField(pgettext_lazy("checklist", "what was found"), max_length=500,
                            blank=True)
    history = HistoricalRecords()

    scope_rule = THROUGH_INSPECTION

    class Meta:
        verbose_name = _("checklist result")
        verbose_name_plural = _("checklist results")
        ordering = ["item__area", "item__position", "item_id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"],
                                               name="safety_checklist_one_result")]

    def __str__(self) -> str:
        return f"{self.item} {self.get_result_display()}"


def photo_path(instance: "InspectionPhoto", filename: str) -> str:
    # A random name (cwis.core.uploads already chose one; never the name the user sent).
    suffix = filename.rsplit(".", 1)[-1].lower()[:4] if "." in filename else "bin"
    return f"safety/inspections/{instance.inspection_id}/{uuid.uuid4().hex}.{suffix}"


class InspectionPhoto(TrackedModel):
    """A photo an inspection took (of a finding, or of a hazard it found). Served only
    through a scoped page; withdrawn with a reason, never deleted."""

    inspection = models.ForeignKey("safety.Inspection", verbose_name=_("safety inspection"),
                                   on_delete=models.PROTECT, related_name="photos")
    hazard = models.ForeignKey("safety.Hazard", verbose_name=_("safety hazard"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="photos")
    image = models.FileField(_("photo"), upload_to=photo_path, max_length=200)
    caption = models.CharField(_("what the photo shows"), max_length=300)
    withdrawn_reason = models.CharField(_("withdrawn because"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_rule = THROUGH_INSPECTION

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.caption
