"""The registry of institutions: who founded each, what it offers, its status, and the
licences and designations it holds (policy 民发〔2021〕44号 parts 一 and 二)."""

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule


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

    name = models.CharField(pgettext_lazy("not a person", "name"), max_length=200)
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

    @property
    def is_transformable(self) -> bool:
        """Only an operating county child welfare institution is transformed (policy 一（三））."""
        return (self.level == InstitutionLevel.COUNTY
                and self.kind == InstitutionKind.CHILD_WELFARE
                and self.status == InstitutionStatus.OPERATING)


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
