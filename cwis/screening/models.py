"""A screening campaign (摸底排查) of a county's community registry, and the children each
campaign saw.

A campaign belongs to the county that runs it (scoped by its 6-digit code) and covers some of
its townships. A `ScreeningRecord` says that the campaign saw a child: written by the
import's commit, once per child and campaign whatever the number of workbooks, so the
children of the last campaign that this one did not see can be listed for checking.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule


class Campaign(TrackedModel):
    county_code = models.CharField(_("county"), max_length=6)
    name = models.CharField(pgettext_lazy("screening campaign", "Name"), max_length=200)
    starts_on = models.DateField(pgettext_lazy("screening campaign", "starts on"))
    ends_on = models.DateField(pgettext_lazy("screening campaign", "ends on"))
    # The 9-digit codes of the townships the campaign covers.
    township_codes = models.JSONField(_("townships covered"), default=list)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="county_code")

    class Meta:
        verbose_name = _("screening campaign")
        verbose_name_plural = _("screening campaigns")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["county_code", "starts_on"],
                                name="screening_campaign_county")]

    def __str__(self) -> str:
        return self.name


class RecordAction(models.TextChoices):
    CREATED = "created", _("Registered by the campaign")
    SEEN = "seen", _("Already registered, seen again")


class ScreeningRecord(models.Model):
    """The campaign saw the child (one row per child and campaign)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="records")
    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="screening_records")
    division_code = models.CharField(_("village"), max_length=12)
    action = models.CharField(_("what the campaign did"), max_length=8,
                              choices=RecordAction.choices)
    batch = models.ForeignKey("imports.ImportBatch", verbose_name=_("spreadsheet import"),
                              null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    scope_rule = ScopeRule(division="campaign__county_code")

    class Meta:
        verbose_name = _("screened child")
        verbose_name_plural = _("screened children")
        constraints = [models.UniqueConstraint(fields=["campaign", "child"],
                                               name="screening_record_once")]
        indexes = [models.Index(fields=["campaign", "division_code"],
                                name="screening_record_area")]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.child_id}"
