"""Incidents at an institution (policy 四(三): no safety accidents, no public-opinion
incidents): what happened, the children involved, who was told and when (the office above
within `CWIS_SAFETY_INCIDENT_REPORT_HOURS`), the handling and the closure.

The children involved make an incident as sensitive as a protection case: the institution's
director and the county officer read it; the prefecture and province open one only with a
stated reason (`IncidentAccessReason`, beside the access log row); the ministry counts.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.core.models import ImmutableQuerySet, TrackedModel
from cwis.safety.models.inspections import INSTITUTION_SCOPE


class IncidentKind(models.TextChoices):
    INJURY = "injury", _("Injury")
    ILLNESS_OUTBREAK = "illness_outbreak", _("Illness outbreak")
    CHILD_MISSING = "child_missing", _("A child missing")
    ABUSE_ALLEGATION = "abuse_allegation", _("Abuse allegation")
    FIRE = "fire", _("Fire")
    FOOD_POISONING = "food_poisoning", _("Food poisoning")
    PUBLIC_OPINION = "public_opinion", _("Public-opinion incident")
    OTHER = "other", pgettext_lazy("incident", "Other incident")


# Kinds that are serious by nature: they reach the offices above at once.
ALWAYS_SERIOUS = frozenset({IncidentKind.CHILD_MISSING, IncidentKind.ABUSE_ALLEGATION,
                            IncidentKind.PUBLIC_OPINION})


class IncidentState(models.TextChoices):
    OPEN = "open", pgettext_lazy("incident", "Being handled")
    CLOSED = "closed", pgettext_lazy("incident", "Closed")


class Incident(TrackedModel):
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("institution"),
                                    on_delete=models.PROTECT, related_name="incidents")
    kind = models.CharField(_("kind of incident"), max_length=20, choices=IncidentKind.choices)
    serious = models.BooleanField(_("serious incident"), default=False)
    occurred_at = models.DateTimeField(_("happened at"))
    what_happened = models.TextField(_("what happened"))
    children = models.ManyToManyField("children.Child", verbose_name=_("children involved"),
                                      blank=True, related_name="safety_incidents")
    report_due_at = models.DateTimeField(_("report to the office above due by"))
    reported_at = models.DateTimeField(_("reported to the office above at"), null=True,
                                       blank=True)
    reported_to = models.CharField(_("reported to"), max_length=200, blank=True)
    handling = models.TextField(_("handling"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=IncidentState.choices,
                             default=IncidentState.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("note on closing"), blank=True)
    history = HistoricalRecords()

    scope_rule = INSTITUTION_SCOPE

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["institution", "state"], name="safety_incident_inst"),
                   models.Index(fields=["serious", "state"], name="safety_incident_serious")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class IncidentAccessReason(models.Model):
    """Why an office above the county opened an incident; hangs on its access log row.
    Append-only."""

    access = models.OneToOneField("core.AccessLog", verbose_name=_("access"),
                                  on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"),
                              on_delete=models.PROTECT, related_name="+")

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("reason for opening an incident")
        verbose_name_plural = _("reasons for opening incidents")

    def __str__(self) -> str:
        return self.reason[:50]
