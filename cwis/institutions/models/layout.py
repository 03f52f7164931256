"""The province layout: how many institutions of each kind the province plans, and which
institution receives each county's children (policy 二（一）, 四（一））."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule
from cwis.institutions.models.registry import Institution


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
