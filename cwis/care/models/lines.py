"""What each line adds to the pattern: medical visits and their costs, insurance enrolment
and health checks (policy 二(二)); the rehabilitation assistance application (二(三)); the
school-age report, school places and student aid (二(四)). Scoped through the child's file
(and an outside service where one is named), versioned, never deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.care.choices import (
    AssistanceState,
    EnrolmentState,
    ReportState,
    SchoolKind,
    SchoolStage,
    VisitKind,
)
from cwis.care.models.pattern import SCOPE
from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule

THROUGH_CHILD = ScopeRule(division="child__division_code",
                          institution="child__current_institution_id")


def _child(related: str) -> models.ForeignKey:
    return models.ForeignKey("children.Child", verbose_name=_("child"),
                             on_delete=models.PROTECT, related_name=related)


def _money(label) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=2, default=0)


# The layers that pay a child's medical costs, in the order the policy names them, and what
# the institution paid itself (GLOSSARY: 基本医保 / 大病保险 / 医疗救助 / 慈善救助).
COST_LAYERS = ("paid_basic_insurance", "paid_critical_illness", "paid_medical_assistance",
               "paid_charity", "paid_institution")


class MedicalVisit(TrackedModel):
    """An outpatient visit or a hospital stay, with what it cost and who paid."""

    child = _child("medical_visits")
    outside_service = models.ForeignKey(
        "care.OutsideService", verbose_name=_("service to a child outside the institution"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=VisitKind.choices)
    hospital = models.CharField(_("hospital"), max_length=200)
    started_on = models.DateField(_("date (admitted on)"))
    ended_on = models.DateField(_("discharged on"), null=True, blank=True)
    diagnosis = models.TextField(_("diagnosis"))
    treatment = models.TextField(_("treatment"), blank=True)
    green_channel = models.BooleanField(_("green channel used"), default=False)
    cost_total = _money(_("total cost"))
    paid_basic_insurance = _money(_("paid by basic medical insurance"))
    paid_critical_illness = _money(_("paid by critical-illness insurance"))
    paid_medical_assistance = _money(_("paid by medical assistance"))
    paid_charity = _money(_("paid by charity"))
    paid_institution = _money(_("paid by the institution"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded for"),
                              null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    entered_in_error = models.CharField(_("entered in error because"), max_length=300,
                                        blank=True)
    history = HistoricalRecords()

    scope_rule = SCOPE

    class Meta:
        verbose_name = _("medical visit")
        verbose_name_plural = _("medical visits")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["child", "started_on"], name="care_medical_child"),
                   models.Index(fields=["started_on"], name="care_medical_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.hospital} {self.started_on}"


class InsuranceEnrolment(TrackedModel):
    """The child's enrolment in residents' basic medical insurance for a year. A found infant
    may be enrolled outside the collective enrolment window (随参随缴, policy 二(二))."""

    child = _child("insurance_enrolments")
    year = models.PositiveSmallIntegerField(_("insurance year"))
    scheme = models.CharField(_("scheme"), max_length=100,
                              default="城乡居民基本医疗保险")
    state = models.CharField(_("state"), max_length=10, choices=EnrolmentState.choices,
                             default=EnrolmentState.APPLIED)
    outside_window = models.BooleanField(
        _("enrolled outside the enrolment window"), default=False,
        help_text=_("A found infant, enrolled at once whatever the collective enrolment "
                    "period (随参随缴)."),
    )
    applied_on = models.DateField(_("applied on"))
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)
    insurance_number = models.CharField(_("insurance number"), max_length=50, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_note = models.CharField(_("answer"), max_length=500, blank=True)
    history = HistoricalRecords()

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("insurance enrolment")
        verbose_name_plural = _("insurance enrolments")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["child", "year"], condition=~Q(state__in=("refused", "ended")),
            name="care_enrolment_one_per_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_state_display()}"


class HealthCheck(TrackedModel):
    """A regular health check: due, then done with its findings; the next one falls due."""

    child = _child("health_checks")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_at = models.CharField(_("where"), max_length=200, blank=True)
    height_cm = models.DecimalField(_("height (cm)"), max_digits=5, decimal_places=1,
                                    null=True, blank=True)
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=5, decimal_places=1,
                                    null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    cancelled_reason = models.CharField(_("no longer needed because"), max_length=300,
                                        blank=True)
    history = HistoricalRecords()

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering = ["-due_on", "-id"]
        indexes = [models.Index(fields=["due_on"], name="care_health_check_due",
                                condition=Q(done_on__isnull=True, cancelled_reason=""))]
        constraints = [models.UniqueConstraint(
            fields=["child"], condition=Q(done_on__isnull=True, cancelled_reason=""),
            name="care_health_check_one_due")]

    def __str__(self) -> str:
        return f"{self.child} {self.due_on}"


class RehabAssistance(TrackedModel):
    """An application for rehabilitation assistance for disabled children (残疾儿童康复救助),
    made by the institution as guardian to the county disabled persons' federation."""

    child = _child("rehab_assistance")
    state = models.CharField(_("state"), max_length=10, choices=AssistanceState.choices,
                             default=AssistanceState.APPLIED)
    applied_on = models.DateField(_("applied on"))
    federation = models.CharField(_("applied to"), max_length=200)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    period_from = models.DateField(_("assistance from"), null=True, blank=True)
    period_to = models.DateField(_("assistance until"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True,
                                 blank=True)
    decision_note = models.CharField(_("decision"), max_length=500, blank=True)
    history = HistoricalRecords()

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("rehabilitation assistance application")
        verbose_name_plural = _("rehabilitation assistance applications")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["child", "state"], name="care_assistance_child")]

    def __str__(self) -> str:
        return f"{self.applied_on} {self.get_state_display()}"


class SchoolAgeReport(TrackedModel):
    """The institution's yearly list of school-age children able to attend ordinary school,
    reported to the local education department (适龄儿童报备, policy 二(四))."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=_("institution"),
                                    on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("school year starting in"))
    department = models.CharField(_("education department"), max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices,
                             default=ReportState.DRAFT)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="institution__division_code",
                           institution="institution_id")

    class Meta:
        verbose_name = _("school-age report")
        verbose_name_plural = _("school-age reports")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["institution", "year"],
                                               name="care_school_report_one_per_year")]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}"


class SchoolAgeReportEntry(models.Model):
    """A child on a school-age report, with the stage proposed."""

    report = models.ForeignKey(SchoolAgeReport, verbose_name=_("report"),
                               on_delete=models.PROTECT, related_name="entries")
    child = _child("+")
    stage = models.CharField(_("stage"), max_length=18, choices=SchoolStage.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="report__institution__division_code",
                           institution="report__institution_id")

    class Meta:
        verbose_name = _("child on a school-age report")
        verbose_name_plural = _("children on a school-age report")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["report", "child"],
                                               name="care_school_report_child_once")]

    def __str__(self) -> str:
        return f"{self.report} {self.child}"


class SchoolPlace(TrackedModel):
    """Where the child goes to school: stage, kind, school, enrolment date, school roll."""

    child = _child("school_places")
    outside_service = models.ForeignKey(
        "care.OutsideService", verbose_name=_("service to a child outside the institution"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=18, choices=SchoolStage.choices)
    kind = models.CharField(_("kind of schooling"), max_length=14, choices=SchoolKind.choices)
    school = models.CharField(_("school"), max_length=200)
    enrolled_on = models.DateField(_("enrolled on"))
    roll_number = models.CharField(_("school-roll number"), max_length=50, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_rule = SCOPE

    class Meta:
        verbose_name = _("school place")
        verbose_name_plural = _("school places")
        ordering = ["-enrolled_on", "-id"]
        indexes = [models.Index(fields=["child", "enrolled_on"], name="care_school_child")]

    def __str__(self) -> str:
        return f"{self.school} ({self.get_stage_display()})"


class StudentAid(TrackedModel):
    """Student aid the child received (学生资助), by school year."""

    child = _child("student_aid")
    year = models.PositiveSmallIntegerField(_("school year starting in"))
    kind = models.CharField(_("kind of aid"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    received_on = models.DateField(_("received on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("student aid")
        verbose_name_plural = _("student aid")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return f"{self.year} {self.kind}"
