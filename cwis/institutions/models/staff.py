"""Posts (the headcount set for each post type) and the staff of an institution, with their
qualifications, training and the outcome of a transformation for them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule
from cwis.institutions.models.registry import Institution


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
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
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
