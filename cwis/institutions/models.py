"""Institutions, their licences, posts, staff and family-style residences; the province
layout (planned numbers, which institution receives each county's children); and the
transformation of county child welfare institutions (policy 民发〔2021〕44号 parts 一, 三, 四).

Nothing here is deleted: institutions are merged or closed, integration facts are withdrawn
with a reason, staff leave on a date. Every model keeps its history.
"""

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule

# The year by which every county child welfare institution is transformed (policy 一（三）).
POLICY_DEADLINE = dt.date(2025, 12, 31)


class InstitutionLevel(models.TextChoices):
    """The level of the civil affairs department that founded the institution."""

    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Prefecture")
    COUNTY = "county", _("County")


class InstitutionKind(models.TextChoices):
    CHILD_WELFARE = "child_welfare", _("Child welfare institution")
    MINORS_PROTECTION = "minors_protection", _("Minors' rescue and protection institution")
    # Set by `transformation_start`, replaced by MINORS_PROTECTION on completion.
    IN_TRANSFORMATION = "in_transformation", _("County institution in transformation")


class InstitutionStatus(models.TextChoices):
    OPERATING = "operating", _("Operating")
    MERGED = "merged", _("Merged")
    CLOSED = "closed", _("Closed")


class InstitutionService(models.TextChoices):
    """The services an institution offers (policy 二: upbringing, medical, rehabilitation,
    education, social work). Each is a boolean column `offers_<value>`."""

    UPBRINGING = "upbringing", _("Upbringing")
    MEDICAL = "medical", _("Medical care")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    SPECIAL_EDUCATION = "special_education", _("Special education")
    SOCIAL_WORK = "social_work", _("Social work")


def service_field(service: str) -> str:
    return f"offers_{service}"


class Institution(TrackedModel):
    """A child welfare or minors' protection institution. Never deleted: merged or closed."""

    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, null=True, blank=True, unique=True
    )
    level = models.CharField(_("level"), max_length=12, choices=InstitutionLevel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    # The division of the founding civil affairs department; it sets the jurisdiction.
    division = models.ForeignKey(
        "core.Division",
        verbose_name=_("founding department's division"),
        on_delete=models.PROTECT,
        related_name="institutions",
    )
    division_code = models.CharField(_("division code"), max_length=12, editable=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    beds = models.PositiveIntegerField(_("beds"), default=0)
    offers_upbringing = models.BooleanField(_("offers upbringing"), default=False)
    offers_medical = models.BooleanField(_("offers medical care"), default=False)
    offers_rehabilitation = models.BooleanField(_("offers rehabilitation"), default=False)
    offers_special_education = models.BooleanField(
        _("offers special education"), default=False
    )
    offers_social_work = models.BooleanField(_("offers social work"), default=False)
    # Policy 二（六）: a social work department, or social work posts (see Post).
    has_social_work_department = models.BooleanField(
        _("has a social work department"), default=False
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InstitutionStatus.choices,
        default=InstitutionStatus.OPERATING,
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    status_reason = models.CharField(_("reason for the status"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="division_code", institution="id")

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["division_code", "name"]
        indexes = [
            models.Index(
                fields=["division_code"],
                name="institution_division",
                opclasses=["varchar_pattern_ops"],  # LIKE 'prefix%' on PostgreSQL
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def services(self) -> list[str]:
        return [s for s in InstitutionService.values if getattr(self, service_field(s))]

    @property
    def service_labels(self) -> list[str]:
        return [str(InstitutionService(s).label) for s in self.services]

    @property
    def province_code(self) -> str:
        return self.division_code[:2] + "0000"


class LicenceKind(models.TextChoices):
    MEDICAL_PRACTICE = "medical_practice", _("Medical institution practice licence")
    REHABILITATION_DESIGNATION = "rehabilitation_designation", _(
        "Designated rehabilitation assistance institution for disabled children"
    )
    SCHOOL = "school", _("School run by the institution")
    KINDERGARTEN = "kindergarten", _("Kindergarten run by the institution")


class Licence(TrackedModel):
    """A licence or designation held by an institution, with its number and validity."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="licences",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=LicenceKind.choices)
    number = models.CharField(_("number"), max_length=100)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="institution__division_code", institution="institution_id")

    class Meta:
        verbose_name = _("licence or designation")
        verbose_name_plural = _("licences and designations")
        ordering = ["institution", "kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="licence_valid_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_current(self) -> bool:
        return self.is_valid_on(timezone.localdate())


class PostType(models.TextChoices):
    CAREGIVER = "caregiver", _("Caregiver")
    NURSE = "nurse", _("Nurse")
    DOCTOR = "doctor", _("Doctor")
    THERAPIST = "therapist", _("Rehabilitation therapist")
    TEACHER = "teacher", _("Teacher")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    PROTECTION_WORKER = "protection_worker", _("Protection worker")
    ADMINISTRATOR = "administrator", _("Administrator")
    OTHER = "other", _("Other post")


class Post(TrackedModel):
    """The headcount set for one post type in an institution; the filled count is the number
    of staff members currently in that post."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    post_type = models.CharField(_("post"), max_length=20, choices=PostType.choices)
    headcount_set = models.PositiveIntegerField(_("headcount set"), default=0)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="institution__division_code", institution="institution_id")

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["institution", "post_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "post_type"], name="post_type_unique_per_institution"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution.name} · {self.get_post_type_display()}"


class IntegrationOutcome(models.TextChoices):
    """What becomes of a staff member when their county institution is transformed."""

    PENDING = "", _("Not decided")
    RETAINED = "retained", _("Stays in the minors' protection institution")
    TRANSFERRED = "transferred", _("Transferred to another institution")
    LEFT = "left", _("Left (retired, resigned or reassigned outside)")


class StaffMember(TrackedModel):
    """A person working in an institution, in one post."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="staff",
    )
    name = models.CharField(_("name"), max_length=100)
    post_type = models.CharField(_("post"), max_length=20, choices=PostType.choices)
    started_on = models.DateField(_("started on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    integration_outcome = models.CharField(
        _("outcome of the transformation"),
        max_length=12,
        choices=IntegrationOutcome.choices,
        default=IntegrationOutcome.PENDING,
        blank=True,
    )
    integration_on = models.DateField(_("outcome decided on"), null=True, blank=True)
    transferred_to = models.ForeignKey(
        Institution,
        verbose_name=_("transferred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_received",
    )
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="institution__division_code", institution="institution_id")

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["institution", "post_type", "name"]
        indexes = [models.Index(fields=["institution", "post_type"], name="staff_post")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class QualificationKind(models.TextChoices):
    TEACHER = "teacher", _("Teacher qualification certificate")
    PHYSICIAN = "physician", _("Physician practising certificate")
    NURSE = "nurse", _("Nurse practising certificate")
    THERAPIST = "therapist", _("Rehabilitation therapist qualification")
    SOCIAL_WORK = "social_work", _("Social work professional certificate")
    CAREGIVER = "caregiver", _("Childcare worker vocational certificate")
    OTHER = "other", _("Other qualification")


class StaffQualification(TrackedModel):
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=QualificationKind.choices)
    number = models.CharField(_("certificate number"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(
        division="staff__institution__division_code", institution="staff__institution_id"
    )

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["staff", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class TrainingRecord(TrackedModel):
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    title = models.CharField(_("training"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"))
    hours = models.PositiveSmallIntegerField(_("hours"), default=0)
    history = HistoricalRecords()

    scope_rule = ScopeRule(
        division="staff__institution__division_code", institution="staff__institution_id"
    )

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["staff", "-started_on"]

    def __str__(self) -> str:
        return self.title


class FamilyResidence(TrackedModel):
    """A family-style residence (家庭式居所) inside an institution, where a qualified couple
    lives with a few children as their carers."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="family_residences",
    )
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveSmallIntegerField(_("capacity (children)"), default=6)
    carer_father = models.CharField(_("carer (father)"), max_length=100, blank=True)
    carer_mother = models.CharField(_("carer (mother)"), max_length=100, blank=True)
    # The date the institution confirmed the couple meets its conditions (policy 二（一）).
    carers_qualified_on = models.DateField(_("couple confirmed as qualified on"), null=True,
                                           blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="institution__division_code", institution="institution_id")

    class Meta:
        verbose_name = _("family-style residence")
        verbose_name_plural = _("family-style residences")
        ordering = ["institution", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"], name="family_residence_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution.name} · {self.name}"


class ProvinceLayout(TrackedModel):
    """A province's plan for its institutions (policy 四（一）: the province sets how many
    institutions of each kind there are)."""

    division = models.OneToOneField(
        "core.Division",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    division_code = models.CharField(_("division code"), max_length=12, editable=False)
    planned_child_welfare = models.PositiveIntegerField(
        _("planned child welfare institutions"), default=0
    )
    planned_minors_protection = models.PositiveIntegerField(
        _("planned minors' rescue and protection institutions"), default=0
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="division_code")

    class Meta:
        verbose_name = _("province institution layout")
        verbose_name_plural = _("province institution layouts")

    def __str__(self) -> str:
        return self.division.name


class CountyReceiver(TrackedModel):
    """Which child welfare institution (province or prefecture level, same province)
    receives the children of a county (policy 二（一）, 三)."""

    county = models.OneToOneField(
        "core.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    division_code = models.CharField(_("division code"), max_length=12, editable=False)
    receiver = models.ForeignKey(
        Institution,
        verbose_name=_("receiving institution"),
        on_delete=models.PROTECT,
        related_name="receiving_counties",
    )
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="division_code")

    class Meta:
        verbose_name = _("receiver of a county's children")
        verbose_name_plural = _("receivers of counties' children")
        ordering = ["division_code"]

    def __str__(self) -> str:
        return f"{self.county.name} → {self.receiver.name}"


class ChangeReason(models.TextChoices):
    """Why a history row was written, when it was not an ordinary edit (stored as the key in
    `history_change_reason`, shown translated)."""

    TRANSFORMATION_STARTED = "transformation_started", _("Transformation started: handing over")
    TRANSFORMATION_COMPLETED = "transformation_completed", _(
        "Transformation completed: now a minors' rescue and protection institution"
    )


class TransformationState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HANDING_OVER = "handing_over", _("Handing over")
    TRANSFORMED = "transformed", _("Transformed")


class Transformation(TrackedModel):
    """The transformation of one county child welfare institution into a minors' rescue
    and protection institution: planned → handing over → transformed."""

    institution = models.OneToOneField(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="transformation",
    )
    state = models.CharField(
        _("state"),
        max_length=14,
        choices=TransformationState.choices,
        default=TransformationState.PLANNED,
    )
    target_handover_date = models.DateField(_("handover target date"))
    target_completion_date = models.DateField(_("completion target date"))
    new_name = models.CharField(
        _("name after the transformation"), max_length=200, blank=True
    )
    started_on = models.DateField(_("handover started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # The checklist as it read when the transformation was completed: the proof.
    checklist_at_completion = models.JSONField(
        _("checklist at completion"), null=True, blank=True
    )
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="institution__division_code", institution="institution_id")

    class Meta:
        verbose_name = _("transformation")
        verbose_name_plural = _("transformations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_completion_date__gte=models.F("target_handover_date")),
                name="transformation_targets_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution.name}: {self.get_state_display()}"

    @property
    def is_after_policy_deadline(self) -> bool:
        return self.target_completion_date > POLICY_DEADLINE


class IntegrationFactKind(models.TextChoices):
    PREMISES = "premises", _("Premises")
    DUTY = "duty", _("Duty")


class ProtectionDuty(models.TextChoices):
    """The duties of a minors' rescue and protection institution (policy 三（二）)."""

    TEMPORARY_GUARDIANSHIP = "temporary_guardianship", _(
        "Taking in and raising minors under temporary guardianship"
    )
    CASE_ASSISTANCE = "case_assistance", _(
        "Guardianship assessment, case conferences, referrals and emotional care"
    )
    POLICY_PROMOTION = "policy_promotion", _("Promoting minors' protection policy")
    COMMUNITY_CARE = "community_care", _(
        "Care for left-behind children, scattered orphans and children in difficulty"
    )
    WORKSTATION_GUIDANCE = "workstation_guidance", _(
        "Guiding township minors' protection workstations"
    )
    WORKER_TRAINING = "worker_training", _(
        "Training child supervisors and child directors; screening and registering children"
    )


class IntegrationFact(TrackedModel):
    """A dated fact of the integration (policy 三（一）): premises handed to the new
    institution, or one of its duties taken on, with the document that decided it.
    Withdrawn with a reason when entered in error, never deleted."""

    transformation = models.ForeignKey(
        Transformation,
        verbose_name=_("transformation"),
        on_delete=models.PROTECT,
        related_name="facts",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=IntegrationFactKind.choices)
    duty = models.CharField(_("duty"), max_length=30, choices=ProtectionDuty.choices,
                            blank=True)
    effective_on = models.DateField(_("effective on"))
    description = models.TextField(_("description"))
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300,
                                        blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(
        division="transformation__institution__division_code",
        institution="transformation__institution_id",
    )

    class Meta:
        verbose_name = _("integration fact")
        verbose_name_plural = _("integration facts")
        ordering = ["transformation", "effective_on", "pk"]

    def __str__(self) -> str:
        label = self.get_duty_display() if self.kind == IntegrationFactKind.DUTY else (
            self.get_kind_display()
        )
        return f"{label} ({self.effective_on})"
