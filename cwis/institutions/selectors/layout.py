"""Reads of the province layout: planned numbers, operating institutions by level and kind,
and for each county its institutions and the institution receiving its children."""

import json
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from cwis.accounts.models import User
from cwis.core.errors import NotFoundError
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Perm, ScopeKind, require
from cwis.core.scoping import actor_prefix, division_in_scope, scope
from cwis.institutions.models import (
    CountyReceiver,
    Institution,
    InstitutionKind,
    InstitutionLevel,
    InstitutionStatus,
    ProvinceLayout,
)


def receiver_choices(*, province_code: str) -> QuerySet[Institution]:
    """The institutions that may receive a county's children: operating child welfare
    institutions founded by the province or a prefecture of that province."""
    return Institution.objects.filter(
        division_code__startswith=province_code[:2],
        kind=InstitutionKind.CHILD_WELFARE,
        level__in=[InstitutionLevel.PROVINCE, InstitutionLevel.PREFECTURE],
        status=InstitutionStatus.OPERATING,
    ).order_by("division_code", "name")


def province_choices(*, actor: User) -> QuerySet[Division]:
    """The provinces whose layout the actor may open."""
    provinces = Division.objects.filter(valid_to__isnull=True, level=DivisionLevel.PROVINCE)
    prefix = actor_prefix(actor)
    if prefix is None or actor.scope_kind == ScopeKind.INSTITUTION:
        return provinces.none()
    return provinces.filter(code__startswith=prefix) if prefix else provinces


def province_get(*, actor: User, province_code: str) -> Division:
    """A province the actor oversees whole (province officers, the ministry); 404 otherwise."""
    require(actor, Perm.INSTITUTION_VIEW)
    province = Division.objects.filter(
        code=province_code, level=DivisionLevel.PROVINCE, valid_to__isnull=True
    ).first()
    if province is None or actor.scope_kind == ScopeKind.INSTITUTION:
        raise NotFoundError()
    if not division_in_scope(actor, province.code):
        raise NotFoundError()
    return province


def province_layout_get(*, province: Division) -> ProvinceLayout | None:
    return ProvinceLayout.objects.filter(division=province).first()


@dataclass
class CountyRow:
    county: Division
    institutions: list[Institution]
    receiver: CountyReceiver | None


@dataclass
class ProvinceLayoutView:
    province: Division
    layout: ProvinceLayout | None
    counts: dict[str, dict[str, int]]
    chart: dict
    counties: list[CountyRow]
    receivers: list[Institution]

    @property
    def chart_json(self) -> str:
        return json.dumps(self.chart, ensure_ascii=False)

    @property
    def child_welfare_count(self) -> int:
        return sum(self.counts[InstitutionKind.CHILD_WELFARE].values())

    @property
    def minors_protection_count(self) -> int:
        return sum(self.counts[InstitutionKind.MINORS_PROTECTION].values())

    @property
    def in_transformation_count(self) -> int:
        return sum(self.counts[InstitutionKind.IN_TRANSFORMATION].values())

    @property
    def county_child_welfare_count(self) -> int:
        return self.counts[InstitutionKind.CHILD_WELFARE][InstitutionLevel.COUNTY]


def _counts(institutions: QuerySet[Institution]) -> dict[str, dict[str, int]]:
    counts = {kind: dict.fromkeys(InstitutionLevel.values, 0) for kind in InstitutionKind.values}
    rows = institutions.filter(status=InstitutionStatus.OPERATING).values_list(
        "kind", "level"
    ).annotate(n=Count("pk")).order_by()
    for kind, level, n in rows:
        counts[kind][level] = n
    return counts


def _chart(counts: dict[str, dict[str, int]]) -> dict:
    """An ECharts option: operating institutions by level (x) and kind (stacked series)."""
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": {"left": 40, "right": 16, "bottom": 30, "top": 60, "containLabel": True},
        "xAxis": {"type": "category", "data": [str(label) for label in InstitutionLevel.labels]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "name": str(label),
                "type": "bar",
                "stack": "kind",
                "data": [counts[kind][level] for level in InstitutionLevel.values],
            }
            for kind, label in InstitutionKind.choices
        ],
    }


def province_layout_view(*, actor: User, province_code: str) -> ProvinceLayoutView:
    """The province page: plan, counts and chart by level and kind, and each county with its
    county institutions, their transformation and the institution receiving its children."""
    province = province_get(actor=actor, province_code=province_code)
    prefix = province.code[:2]
    institutions = scope(Institution.objects.all(), actor).filter(division_code__startswith=prefix)
    counts = _counts(institutions)
    by_county: dict[str, list[Institution]] = {}
    county_institutions = institutions.filter(level=InstitutionLevel.COUNTY).select_related(
        "transformation"
    )
    for institution in county_institutions:
        by_county.setdefault(institution.division_code, []).append(institution)
    receivers = {
        r.division_code: r
        for r in scope(CountyReceiver.objects.select_related("receiver"), actor).filter(
            division_code__startswith=prefix
        )
    }
    counties = Division.objects.filter(
        valid_to__isnull=True, level=DivisionLevel.COUNTY, code__startswith=prefix
    ).order_by("code")
    return ProvinceLayoutView(
        province=province,
        layout=province_layout_get(province=province),
        counts=counts,
        chart=_chart(counts),
        counties=[CountyRow(c, by_county.get(c.code, []), receivers.get(c.code))
                  for c in counties],
        receivers=list(receiver_choices(province_code=province.code)),
    )


def county_row(*, actor: User, county_code: str) -> CountyRow:
    """One row of the province page, for redrawing it after a change."""
    county = Division.objects.filter(
        code=county_code, level=DivisionLevel.COUNTY, valid_to__isnull=True
    ).first()
    if county is None or not division_in_scope(actor, county.code):
        raise NotFoundError()
    institutions = list(scope(Institution.objects.select_related("transformation"), actor).filter(
        level=InstitutionLevel.COUNTY, division_code=county.code
    ))
    receiver = scope(CountyReceiver.objects.select_related("receiver"), actor).filter(
        division_code=county.code
    ).first()
    return CountyRow(county, institutions, receiver)


def prefectures_of(province: Division) -> QuerySet[Division]:
    return Division.objects.filter(valid_to__isnull=True, level=DivisionLevel.PREFECTURE,
                                   code__startswith=province.code[:2]).order_by("code")
