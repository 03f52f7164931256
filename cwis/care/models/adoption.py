"""Adoption (送养, policy 二(一)): a child recommended for adoption and listed; the adopters'
applications with their assessment (收养评估); the match of a child with applicants; the
adoption registration that closes the child's care; the visits after the placement.

A child's adoption (`AdoptionCase`) is part of the child's file and scoped as the file.
Everything that names the adopters is sensitive: seen by the institution (its director and
social workers, by role) and by the civil affairs office that runs the institution, never by
the offices above it (`ScopeRule.office_only`); those count it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.care.choices_adoption import (
    AdoptionKind,
    AdoptionState,
    ApplicationState,
    AssessedBy,
    AssessmentOutcome,
    MatchState,
)
from cwis.care.models.upbringing import CHILD_SCOPE
from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule

ADOPTER_SCOPE = ScopeRule(division="institution__division_code", institution="institution_id",
                          office_only=True)


def _user(verbose) -> models.ForeignKey:
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose, null=True,
                             blank=True, on_delete=models.PROTECT, related_name="+")


def _institution() -> models.ForeignKey:
    return models.ForeignKey("institutions.Institution", verbose_name=_("institution"),
                             on_delete=models.PROTECT, related_name="+")


class AdoptionCase(TrackedModel):
    """One child's way to adoption, opened when the director confirms an upbringing
    assessment recommending it. `progress_due_on`: with no step by then, the adoption is
    stalled (the to-do list)."""

    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="adoption_cases")
    assessment = models.ForeignKey("care.UpbringingAssessment",
                                   verbose_name=_("upbringing assessment"),
                                   on_delete=models.PROTECT, related_name="adoption_cases")
    opened_on = models.DateField(_("recommended on"))
    listed_on = models.DateField(_("listed for adoption on"), null=True, blank=True)
    state = models.CharField(_("status"), max_length=12, choices=AdoptionState.choices,
                             default=AdoptionState.RECOMMENDED)
    progress_due_on = models.DateField(_("next step due by"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_note = models.CharField(_("note on closing"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_rule = CHILD_SCOPE

    class Meta:
        verbose_name = _("child's adoption")
        verbose_name_plural = _("children's adoptions")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["progress_due_on"], name="adoption_case_due",
                         condition=Q(state__in=("recommended", "listed", "matched"))),
            models.Index(fields=["child", "state"], name="adoption_case_child"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.opened_on}"

    @property
    def is_open(self) -> bool:
        return self.state in (AdoptionState.RECOMMENDED, AdoptionState.LISTED,
                              AdoptionState.MATCHED)


class AdopterApplication(TrackedModel):
    """Applicants who wish to adopt a child of the institution, their household and the
    adopter assessment (by the institution or an entrusted organisation)."""

    institution = _institution()
    kind = models.CharField(_("kind of adoption"), max_length=12, choices=AdoptionKind.choices)
    received_on = models.DateField(_("application received on"))
    applicants = models.CharField(_("applicants"), max_length=200,
                                  help_text=_("The names of the adoptive parent or parents."))
    country = models.CharField(_("country of residence"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    household = models.TextField(_("household"),
                                 help_text=_("Members, marriage, health, income, housing."))
    child_sought = models.TextField(_("child they hope to adopt"), blank=True)
    state = models.CharField(_("status"), max_length=10, choices=ApplicationState.choices,
                             default=ApplicationState.RECEIVED)
    assessed_by = models.CharField(_("assessed by"), max_length=12, choices=AssessedBy.choices,
                                   blank=True)
    assessor_name = models.CharField(_("entrusted organisation"), max_length=200, blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    outcome = models.CharField(_("assessment outcome"), max_length=10,
                               choices=AssessmentOutcome.choices, blank=True)
    assessment_summary = models.TextField(_("assessment report"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_note = models.CharField(_("note on closing"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_rule = ADOPTER_SCOPE

    class Meta:
        verbose_name = _("adoption application")
        verbose_name_plural = _("adoption applications")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["institution", "state"], name="adopter_app_state")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.received_on}"


class AdoptionMatch(TrackedModel):
    """A child matched with applicants, with the reasons; the adoption registration
    (registration office, certificate number, date) closes the child's care."""

    case = models.ForeignKey(AdoptionCase, verbose_name=_("child's adoption"),
                             on_delete=models.PROTECT, related_name="matches")
    application = models.ForeignKey(AdopterApplication, verbose_name=_("adoption application"),
                                    on_delete=models.PROTECT, related_name="matches")
    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="+")
    institution = _institution()
    matched_on = models.DateField(_("matched on"))
    matched_by = _user(_("matched by"))
    reasons = models.TextField(_("reasons for the match"))
    state = models.CharField(_("status"), max_length=10, choices=MatchState.choices,
                             default=MatchState.MATCHED)
    registration_office = models.CharField(_("registration office"), max_length=200,
                                           blank=True)
    certificate_number = models.CharField(_("adoption certificate number"), max_length=60,
                                          blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why the match ended"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_rule = ADOPTER_SCOPE

    class Meta:
        verbose_name = _("adoption match")
        verbose_name_plural = _("adoption matches")
        ordering = ["-matched_on", "-id"]
        indexes = [models.Index(fields=["institution", "state"], name="adoption_match_state")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.matched_on}"


class AdoptionFollowUp(TrackedModel):
    """A visit to the adoptive family after the registration, due on a date."""

    match = models.ForeignKey(AdoptionMatch, verbose_name=_("adoption match"),
                              on_delete=models.PROTECT, related_name="follow_ups")
    institution = _institution()
    due_on = models.DateField(_("visit due on"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    visitor = _user(_("visited by"))
    findings = models.TextField(_("what the visit found"), blank=True)
    history = HistoricalRecords()

    scope_rule = ADOPTER_SCOPE

    class Meta:
        verbose_name = _("post-adoption visit")
        verbose_name_plural = _("post-adoption visits")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on"], name="adoption_follow_up_due",
                                condition=Q(visited_on__isnull=True))]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.due_on}"
