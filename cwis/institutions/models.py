from django.db import models
from django.utils.translation import gettext_lazy as _
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


class InstitutionStatus(models.TextChoices):
    OPERATING = "operating", _("Operating")
    MERGED = "merged", _("Merged")
    CLOSED = "closed", _("Closed")


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
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InstitutionStatus.choices,
        default=InstitutionStatus.OPERATING,
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
