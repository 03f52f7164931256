"""Family-style residences (家庭式居所) inside an institution (policy 二（一）)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule
from cwis.institutions.models.registry import Institution


class FamilyResidence(TrackedModel):
    """A family-style residence (家庭式居所) inside an institution, where a qualified couple
    lives with a few children as their carers."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="family_residences",
    )
    name = models.CharField(pgettext_lazy("not a person", "name"), max_length=100)
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
