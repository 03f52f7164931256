"""County protection casework (policy 三(二); Minors Protection Law art. 92-94): a case per
episode of temporary guardianship on the child's one file, with its intake and emergency
placement, and the guardianship assessments that decide how it ends.

A case is scoped by the county that holds it (`county_code`), not by where the child lives:
a village child director or township supervisor has the child in scope but not the case, and
learns only that an open case exists (a badge on the community file). Nothing is deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.children.choices import SITUATION_KIND, GuardianKind, GuardianshipSituation
from cwis.core.models import ImmutableQuerySet, TrackedModel
from cwis.core.scoping import ScopeRule
from cwis.protection.models import VisitMethod  # defined before this module is imported


class Art92Situation(models.TextChoices):
    """Minors Protection Law art. 92: when civil affairs takes temporary guardianship."""

    UNIDENTIFIED = "unidentified", _(
        "Vagrant, begging or unidentified child whose parents cannot be found for now")
    GUARDIAN_MISSING = "guardian_missing", _(
        "Guardian's whereabouts unknown and nobody else can be guardian")
    GUARDIAN_UNABLE = "guardian_unable", _(
        "Guardian cannot act (objective reasons, disaster, accident or public-health emergency)")
    NEGLECT = "neglect", _("Guardian refuses or neglects care, leaving the child unattended")
    CRIME = "crime", _("Guardian incites or uses the child to commit crimes")
    SERIOUS_HARM = "serious_harm", _(
        "Serious harm from the guardian or a threat to safety: emergency placement needed")
    OTHER = "other", _("Other situation set by law")


class ReporterKind(models.TextChoices):
    POLICE = "police", _("Police")
    SCHOOL = "school", _("School")
    VILLAGE_COMMITTEE = "village_committee", _("Village or residents' committee")
    HOSPITAL = "hospital", _("Hospital")
    SELF = "self", _("The child themself")
    OTHER = "other", _("Other")


class EmergencyPlacement(models.TextChoices):
    """Art. 93: where the child is put at once (应急处置)."""

    INSTITUTION = "institution", _("In the protection institution")
    RELATIVES = "relatives", _("With relatives")
    FOSTER_FAMILY = "foster_family", _("In a foster family")


class CaseState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CaseOutcome(models.TextChoices):
    """How a case ends (art. 93-94): home with follow-up visits, or long-term guardianship."""

    RETURNED = "returned", _("Returned to the guardian")
    ENTRUSTED = "entrusted", _("Entrusted to relatives")
    LONG_TERM = "long_term", _("Long-term guardianship")


class Recommendation(models.TextChoices):
    RETURN_TO_GUARDIAN = "return_to_guardian", _("Return to the guardian")
    ENTRUST_RELATIVES = "entrust_relatives", _("Entrust to relatives")
    LONG_TERM = "long_term", _("Apply for long-term guardianship (art. 94)")
    OTHER = "other", _("Other")


# Art. 94 (GLOSSARY 长期监护): the situations of long-term guardianship, as the child's file
# names them (its guardianship situation once the receiving institution takes the child).
LONG_TERM_GROUNDS = [(value, label) for value, label in GuardianshipSituation.choices
                     if SITUATION_KIND.get(value) == GuardianKind.LONG_TERM]


def _user(verbose, *, null: bool = False) -> models.ForeignKey:
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose, null=null,
                             blank=null, on_delete=models.PROTECT, related_name="+")


CASE_SCOPE = ScopeRule(division="county_code")
# A long-term exit's transfer in these states (transfers.TransferStatus) may be drafted again:
# the receiving institution returned it, or it was cancelled; the case stays open.
TRANSFER_REDRAFTABLE = ("returned", "cancelled")


class ProtectionCase(TrackedModel):
    """One episode of temporary guardianship: intake, emergency placement, the first
    assessment's deadline (`first_assessment_due`, on the worker's to-do list)."""

    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="protection_cases")
    # The county whose protection institution holds the case: its scope (see module doc).
    county_code = models.CharField(_("county"), max_length=6, db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=CaseState.choices,
                             default=CaseState.OPEN)
    opened_on = models.DateField(_("opened on"))
    opened_by = _user(_("opened by"))
    situation = models.CharField(_("situation (art. 92)"), max_length=20,
                                 choices=Art92Situation.choices)
    reported_by = models.CharField(_("brought or reported by"), max_length=20,
                                   choices=ReporterKind.choices)
    reporter_name = models.CharField(_("name of the person or unit"), max_length=200,
                                     blank=True)
    reported_at = models.DateTimeField(_("when reported"))
    circumstances = models.TextField(_("circumstances"))
    police_reference = models.CharField(_("police reference"), max_length=100, blank=True)
    safety_check = models.TextField(_("immediate safety and health check"))
    placement = models.CharField(_("emergency placement"), max_length=20,
                                 choices=EmergencyPlacement.choices)
    placed_at = models.DateTimeField(_("placed at"))
    placement_note = models.TextField(_("where and with whom"), blank=True)
    first_assessment_due = models.DateField(_("first guardianship assessment due"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = _user(_("closed by"), null=True)
    # The exit (services/exits.py): set once; the case stays open through the follow-up
    # visits (return, entrust) or until the long-term institution takes the child in.
    outcome = models.CharField(_("outcome"), max_length=12, choices=CaseOutcome.choices,
                               blank=True)
    exit_on = models.DateField(_("exit decided on"), null=True, blank=True)
    exit_by = _user(_("exit recorded by"), null=True)
    exit_note = models.TextField(_("about the exit"), blank=True)
    follow_up_months = models.PositiveSmallIntegerField(_("follow-up for (months)"),
                                                        null=True, blank=True)
    visit_every_months = models.PositiveSmallIntegerField(_("a visit every (months)"),
                                                          null=True, blank=True)
    # Long-term guardianship (art. 94): the ground, the court decision where a court revoked
    # the guardian, the county's receiving institution and, for a child in the protection
    # institution, the transfer that takes the child there.
    long_term_ground = models.CharField(_("ground (art. 94)"), max_length=10, blank=True,
                                        choices=LONG_TERM_GROUNDS)
    court_name = models.CharField(_("court"), max_length=200, blank=True)
    court_decided_on = models.DateField(_("court decision of"), null=True, blank=True)
    court_reference = models.CharField(_("court decision reference"), max_length=100,
                                       blank=True)
    receiver = models.ForeignKey("institutions.Institution",
                                 verbose_name=_("long-term institution"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    transfer = models.ForeignKey("transfers.Transfer", verbose_name=_("transfer"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    scope_rule = CASE_SCOPE

    class Meta:
        verbose_name = _("protection case")
        verbose_name_plural = _("protection cases")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["county_code", "state", "opened_on"],
                                name="protection_case_county")]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=Q(state="open"),
                                    name="protection_case_one_open_per_child"),
        ]

    def __str__(self) -> str:
        return f"{self.child} {self.opened_on}"


class GuardianshipAssessment(TrackedModel):
    """Whether the guardian can (again) care for the child (监护评估); confirmed by the county
    officer as a separate step; `reassess_on` is the next deadline."""

    case = models.ForeignKey(ProtectionCase, verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = _user(_("assessed by"))
    assessors = models.CharField(_("who else assessed"), max_length=300, blank=True)
    guardian_situation = models.TextField(_("the guardian's situation"))
    guardian_capacity = models.TextField(_("the guardian's capacity to care"))
    risks = models.TextField(_("risks"))
    child_views = models.TextField(_("the child's views"))
    recommendation = models.CharField(_("recommendation"), max_length=20,
                                      choices=Recommendation.choices)
    recommendation_note = models.TextField(_("about the recommendation"), blank=True)
    reassess_on = models.DateField(_("reassess on"))
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    confirmed_by = _user(_("confirmed by"), null=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="case__county_code")

    class Meta:
        verbose_name = _("guardianship assessment")
        verbose_name_plural = _("guardianship assessments")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.assessed_on}"


class CaseAccessReason(models.Model):
    """Why an office above the county opened a case (DESIGN.md: only with a stated reason).
    The access log row has no room for it, so it hangs on the row here. Append-only."""

    access = models.OneToOneField("core.AccessLog", verbose_name=_("access"),
                                  on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("reason for opening a case")
        verbose_name_plural = _("reasons for opening cases")

    def __str__(self) -> str:
        return self.reason[:50]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("a reason for access is never changed")
        super().save(*args, **kwargs)


class CaseFollowUp(TrackedModel):
    """A follow-up visit after the child went home (return or entrust), due by a date; the
    last one recorded closes the case. Seen by the county's case workers and by the village
    and township workers of the child's area (the visit, never the rest of the case)."""

    case = models.ForeignKey(ProtectionCase, verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="follow_ups")
    due_on = models.DateField(_("due"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    visited_by = _user(_("visited by"), null=True)
    method = models.CharField(_("how"), max_length=10, blank=True,
                              choices=VisitMethod.choices)
    situation = models.TextField(_("how the child lives now"), blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="case__county_code",
                           also=(("case__child__division_code", None),))

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["visited_on", "due_on"],
                                name="protection_follow_up_open")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.due_on}"


class CountyCaseSettings(TrackedModel):
    """A county's own follow-up period after a child went home from a case (issue 16: "for a
    period set by the county"): the defaults of the exit, which each case may change
    (`ProtectionCase.follow_up_months`). A county without a row uses the global settings
    CWIS_CASE_FOLLOW_UP_MONTHS and CWIS_CASE_FOLLOW_UP_EVERY_MONTHS."""

    county_code = models.CharField(_("county"), max_length=6, unique=True)
    follow_up_months = models.PositiveSmallIntegerField(_("follow-up for (months)"))
    visit_every_months = models.PositiveSmallIntegerField(_("a visit every (months)"))
    history = HistoricalRecords()

    scope_rule = CASE_SCOPE

    class Meta:
        verbose_name = _("county follow-up period")
        verbose_name_plural = _("county follow-up periods")

    def __str__(self) -> str:
        return f"{self.county_code} {self.follow_up_months}/{self.visit_every_months}"
