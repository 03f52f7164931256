"""The county protection institution's work around the cases (policy 三(二)): policy talks
(宣讲) given in the county, and the township protection workstations (未成年人保护工作站) it
guides, with its guidance visits to them.

Talks are scoped by the county that gave them; a workstation by its township (9-digit
statistical code), so the township's child supervisor sees their own station and the county
every station of the county. Offices above read counts per area. Nothing is deleted.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule


class AudienceKind(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    PARENTS = "parents", _("Parents and guardians")
    PUPILS = "pupils", _("Pupils and students")
    SCHOOL_STAFF = "school_staff", _("Teachers and school staff")
    CHILD_WORKERS = "child_workers", _("Child supervisors and directors")
    OFFICIALS = "officials", _("Village and township officials")
    OTHER = "other", _("Other audience")


class PolicyTalk(TrackedModel):
    """A public session explaining minors' protection policy (政策宣讲), given by the county."""

    county_code = models.CharField(_("county"), max_length=6)
    held_on = models.DateField(_("held on"))
    place = models.CharField(pgettext_lazy("talk", "place"), max_length=200)
    audience_kind = models.CharField(_("audience"), max_length=16,
                                     choices=AudienceKind.choices)
    audience_count = models.PositiveIntegerField(_("audience count"))
    topic = models.CharField(_("topic"), max_length=300)
    speakers = models.CharField(_("given by"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="county_code")

    class Meta:
        verbose_name = _("policy talk")
        verbose_name_plural = _("policy talks")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["county_code", "held_on"], name="policy_talk_county")]

    def __str__(self) -> str:
        return f"{self.topic} {self.held_on}"


class WorkstationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")


class Workstation(TrackedModel):
    """A township's minors' protection workstation, guided by the county institution."""

    county_code = models.CharField(_("county"), max_length=6, editable=False)
    township_code = models.CharField(_("township"), max_length=9)
    name = models.CharField(pgettext_lazy("not a person", "Name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=WorkstationStatus.choices,
                              default=WorkstationStatus.PLANNED)
    set_up_on = models.DateField(_("set up on"), null=True, blank=True)
    staff_names = models.CharField(_("staff"), max_length=500, blank=True)
    staff_count = models.PositiveSmallIntegerField(_("number of staff"), default=0)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="township_code")

    class Meta:
        verbose_name = _("township protection workstation")
        verbose_name_plural = _("township protection workstations")
        ordering = ["township_code", "id"]
        indexes = [models.Index(fields=["county_code", "status"], name="workstation_county")]
        constraints = [
            # One workstation per township: a second one would split its guidance visits.
            models.UniqueConstraint(fields=["township_code"], name="workstation_one_per_township"),
            models.CheckConstraint(condition=Q(status="planned") | Q(set_up_on__isnull=False),
                                   name="workstation_set_up_has_date"),
        ]

    def __str__(self) -> str:
        return self.name


class GuidanceVisit(TrackedModel):
    """The county institution's guidance visit to a workstation (指导): who went, what they
    found, what is to follow."""

    workstation = models.ForeignKey(Workstation, verbose_name=_("workstation"),
                                    on_delete=models.PROTECT, related_name="guidance_visits")
    visited_on = models.DateField(_("visited on"))
    visitors = models.CharField(_("who visited"), max_length=300)
    findings = models.TextField(_("findings"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="workstation__township_code")

    class Meta:
        verbose_name = _("guidance visit")
        verbose_name_plural = _("guidance visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["workstation", "visited_on"],
                                name="guidance_visit_station")]

    def __str__(self) -> str:
        return f"{self.workstation_id} {self.visited_on}"
