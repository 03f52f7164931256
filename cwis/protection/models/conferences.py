"""Case conferences (个案会商): a meeting of the departments around one child's case, what
was discussed, and the decisions, each a follow-up item with who does it and by when (on the
case workers' to-do list until marked done with a note). Nothing is deleted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule


class DepartmentKind(models.TextChoices):
    SCHOOL = "school", _("School")
    VILLAGE_COMMITTEE = "village_committee", _("Village or residents' committee")
    POLICE = "police", _("Police")
    HEALTH = "health", _("Health")
    COURT = "court", _("Court")
    SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs")
    OTHER = "other", _("Other")


class CaseConference(TrackedModel):
    case = models.ForeignKey("protection.ProtectionCase", verbose_name=_("case"),
                             on_delete=models.PROTECT, related_name="conferences")
    held_on = models.DateField(_("held on"))
    situation = models.TextField(_("situation discussed"))
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="case__county_code")

    class Meta:
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"


class ConferenceParticipant(models.Model):
    conference = models.ForeignKey(CaseConference, verbose_name=_("case conference"),
                                   on_delete=models.PROTECT, related_name="participants")
    department = models.CharField(_("department"), max_length=20,
                                  choices=DepartmentKind.choices)
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=100, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="conference__case__county_code")

    class Meta:
        verbose_name = _("conference participant")
        verbose_name_plural = _("conference participants")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ConferenceDecision(TrackedModel):
    """Who does what by when; done with a note."""

    conference = models.ForeignKey(CaseConference, verbose_name=_("case conference"),
                                   on_delete=models.PROTECT, related_name="decisions")
    action = models.TextField(_("what is to be done"))
    department = models.CharField(_("by which department"), max_length=20,
                                  choices=DepartmentKind.choices)
    responsible = models.CharField(_("who"), max_length=100)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("how it was done"), blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("marked done by"),
                                null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="conference__case__county_code")

    class Meta:
        verbose_name = _("conference decision")
        verbose_name_plural = _("conference decisions")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="protection_decision_open")]

    def __str__(self) -> str:
        return self.action[:50]
