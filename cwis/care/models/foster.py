"""Family foster care (家庭寄养, 民政部令第54号) and the couples of family-style residences.

A foster family is registered by the institution that places children with it. The
conditions the measures set are checked and the check is dated; a family takes children
only while it is checked, its agreement runs and it has room. A child goes to a family
through the children app's own placement (`children.Placement`, kind `foster_family`);
`FosterPlacement` adds the family, the visits and the evaluation. Family-style residences
(institutions.FamilyResidence) keep their couples, with training and evaluations, the same
way. Nothing is deleted: a family, a couple or a placement ends with a date and a reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.care.choices_family import CarerEducation, Evaluation, FamilyState, FosterEndReason
from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule

# The measures allow two foster children per family at most.
MAX_FOSTER_CHILDREN = 2


def _user(verbose, related: str = "+") -> models.ForeignKey:
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose, null=True,
                             blank=True, on_delete=models.PROTECT, related_name=related)


class FosterFamily(TrackedModel):
    """A household registered to foster children of one institution."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=_("institution"),
                                    on_delete=models.PROTECT, related_name="foster_families")
    household = models.CharField(_("household"), max_length=100,
                                 help_text=_("How the family is known, e.g. the Wang family "
                                             "of Liantang village."))
    address = models.CharField(_("home address"), max_length=300)
    village_code = models.CharField(_("township or village"), max_length=12, blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    carer_name = models.CharField(_("main carer"), max_length=100)
    carer_birth_date = models.DateField(_("main carer's date of birth"))
    carer_education = models.CharField(_("main carer's schooling"), max_length=16,
                                       choices=CarerEducation.choices)
    second_carer_name = models.CharField(_("second carer"), max_length=100, blank=True)
    members = models.PositiveSmallIntegerField(_("members of the household"), default=2)
    # The conditions of the measures, as found by the institution.
    local_hukou_fixed_home = models.BooleanField(_("local hukou and a fixed home"),
                                                 default=False)
    income_at_least_middle = models.BooleanField(
        _("income at least the local middle level"), default=False)
    no_disqualifying_illness = models.BooleanField(
        _("no illness that rules out caring for a child"), default=False)
    no_disqualifying_record = models.BooleanField(
        _("no criminal record or conduct that rules out fostering"), default=False)
    youngest_own_child_born = models.DateField(
        _("youngest own child born on"), null=True, blank=True,
        help_text=_("Leave empty when the family has no child of its own under 18."))
    capacity = models.PositiveSmallIntegerField(
        _("foster children it may take"), default=1,
        help_text=_("At most two, by the foster care measures."))
    conditions_checked_on = models.DateField(_("conditions checked on"), null=True, blank=True)
    conditions_checked_by = _user(_("conditions checked by"))
    agreement_number = models.CharField(_("foster care agreement no."), max_length=50,
                                        blank=True)
    agreement_from = models.DateField(_("agreement from"), null=True, blank=True)
    agreement_to = models.DateField(_("agreement until"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=FamilyState.choices,
                             default=FamilyState.ACTIVE)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason it ended"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="institution__division_code", institution="institution_id")

    class Meta:
        verbose_name = _("foster family")
        verbose_name_plural = _("foster families")
        ordering = ["household", "id"]
        indexes = [models.Index(fields=["institution", "state"], name="foster_family_inst")]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1, capacity__lte=MAX_FOSTER_CHILDREN),
                                   name="foster_family_capacity"),
            models.CheckConstraint(
                condition=Q(agreement_to__isnull=True) | Q(agreement_from__isnull=True)
                | Q(agreement_to__gte=models.F("agreement_from")),
                name="foster_family_agreement_order"),
        ]

    def __str__(self) -> str:
        return self.household


class ResidenceCouple(TrackedModel):
    """The qualified couple raising the children of a family-style residence, for a time."""

    residence = models.ForeignKey("institutions.FamilyResidence",
                                  verbose_name=_("family-style residence"),
                                  on_delete=models.PROTECT, related_name="couples")
    father_name = models.CharField(_("carer (father)"), max_length=100)
    mother_name = models.CharField(_("carer (mother)"), max_length=100)
    started_on = models.DateField(_("living in the residence from"))
    qualified_on = models.DateField(_("couple confirmed as qualified on"), null=True,
                                    blank=True)
    qualified_by = _user(_("confirmed by"))
    qualification_note = models.CharField(_("how the couple qualifies"), max_length=500,
                                          blank=True)
    ended_on = models.DateField(_("left the residence on"), null=True, blank=True)
    end_reason = models.CharField(_("reason it ended"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="residence__institution__division_code",
                           institution="residence__institution_id")

    class Meta:
        verbose_name = _("family-style residence couple")
        verbose_name_plural = _("family-style residence couples")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["residence"], condition=Q(ended_on__isnull=True),
                                    name="residence_one_couple"),
        ]

    def __str__(self) -> str:
        return f"{self.father_name}、{self.mother_name}"


class CarerTraining(TrackedModel):
    """Training a foster family or a residence couple received."""

    family = models.ForeignKey(FosterFamily, verbose_name=_("foster family"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="trainings")
    couple = models.ForeignKey(ResidenceCouple, verbose_name=_("couple"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="trainings")
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    provider = models.CharField(_("given by"), max_length=200, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="family__institution__division_code",
                           institution="family__institution_id",
                           also=(("couple__residence__institution__division_code",
                                  "couple__residence__institution_id"),))

    class Meta:
        verbose_name = _("carer training")
        verbose_name_plural = _("carer trainings")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(family__isnull=False, couple__isnull=True)
                | Q(family__isnull=True, couple__isnull=False),
                name="carer_training_one_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class CarerEvaluation(TrackedModel):
    """The institution's evaluation of a foster family or a residence couple."""

    family = models.ForeignKey(FosterFamily, verbose_name=_("foster family"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="evaluations")
    couple = models.ForeignKey(ResidenceCouple, verbose_name=_("couple"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="evaluations")
    evaluated_on = models.DateField(_("evaluated on"))
    evaluator = _user(_("evaluated by"))
    result = models.CharField(pgettext_lazy("evaluation", "result"), max_length=8,
                              choices=Evaluation.choices)
    findings = models.TextField(_("findings"))
    history = HistoricalRecords()

    scope_rule = CarerTraining.scope_rule

    class Meta:
        verbose_name = _("carer evaluation")
        verbose_name_plural = _("carer evaluations")
        ordering = ["-evaluated_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(family__isnull=False, couple__isnull=True)
                | Q(family__isnull=True, couple__isnull=False),
                name="carer_evaluation_one_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluated_on} {self.get_result_display()}"


class FosterPlacement(TrackedModel):
    """A child living with a foster family: the children app's placement, the family, the
    visits due, the evaluation and how it ended."""

    placement = models.OneToOneField("children.Placement", verbose_name=_("placement"),
                                     on_delete=models.PROTECT, related_name="foster")
    family = models.ForeignKey(FosterFamily, verbose_name=_("foster family"),
                               on_delete=models.PROTECT, related_name="placements")
    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="foster_placements")
    started_on = models.DateField(_("from"))
    visit_interval_days = models.PositiveSmallIntegerField(_("days between visits"))
    next_visit_due = models.DateField(_("next visit due"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("reason it ended"), max_length=16,
                                  choices=FosterEndReason.choices, blank=True)
    end_note = models.CharField(_("note on the ending"), max_length=500, blank=True)
    evaluation = models.CharField(_("evaluation of the placement"), max_length=8,
                                  choices=Evaluation.choices, blank=True)
    evaluation_note = models.TextField(_("what the evaluation found"), blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="child__division_code",
                           institution="child__current_institution_id")

    class Meta:
        verbose_name = _("foster placement")
        verbose_name_plural = _("foster placements")
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["next_visit_due"], name="foster_visit_due",
                         condition=Q(ended_on__isnull=True)),
            models.Index(fields=["family", "ended_on"], name="foster_placement_family"),
        ]

    def __str__(self) -> str:
        return f"{self.family} {self.started_on}"


class FosterVisit(TrackedModel):
    """A visit of the institution to the child in the foster family."""

    foster_placement = models.ForeignKey(FosterPlacement, verbose_name=_("foster placement"),
                                         on_delete=models.PROTECT, related_name="visits")
    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("visited on"))
    visitor = _user(_("visited by"))
    findings = models.TextField(_("what the visit found"))
    concerns = models.BooleanField(_("concerns to follow up"), default=False)
    history = HistoricalRecords()

    scope_rule = FosterPlacement.scope_rule

    class Meta:
        verbose_name = _("foster care visit")
        verbose_name_plural = _("foster care visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visited_on}"
