"""Dashboard figures for a jurisdiction, each with the link to the list it counts.

A panel is a function (actor, area) -> Panel. The figures go through the same scoping as the
lists they link to, so a figure always equals the length of its list (tests check this).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.errors import NotFoundError
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import ScopeKind
from cwis.core.scoping import division_in_scope, scope
from cwis.institutions.models import (
    Institution,
    InstitutionKind,
    InstitutionLevel,
    InstitutionStatus,
    TransformationState,
)

DRILL_LEVELS = {
    None: DivisionLevel.PROVINCE,
    DivisionLevel.PROVINCE: DivisionLevel.PREFECTURE,
    DivisionLevel.PREFECTURE: DivisionLevel.COUNTY,
}


@dataclass(frozen=True)
class Area:
    prefix: str  # division-code prefix; '' for the whole country
    name: str
    division: Division | None  # None for the whole country

    @property
    def code(self) -> str:
        return self.division.code if self.division else ""


@dataclass
class Cell:
    label: str
    value: int
    url: str


@dataclass
class Panel:
    key: str
    title: Promise
    cells: list[Cell] = field(default_factory=list)
    # how the page draws it: bar, pie, progress, or table (the figures alone: too many, or
    # labels too long, for a chart)
    chart: str = "bar"
    as_of: dt.datetime | None = None  # stored figures (cwis.core.area_figures): their time

    @property
    def percent(self) -> int:
        """A progress panel's first cell as a whole percent (0-100) of its second."""
        done, total = self.cells[0].value, self.cells[1].value
        return min(100, max(0, done * 100 // total)) if total > 0 else 0


def dashboard_area(*, actor: User, division_code: str | None = None) -> Area:
    """The area the dashboard shows: the actor's jurisdiction or a division inside it."""
    if actor.scope_kind not in (ScopeKind.NATIONAL, ScopeKind.DIVISION):
        raise NotFoundError()
    if division_code:
        division = Division.objects.filter(code=division_code, valid_to__isnull=True).first()
        if division is None or not division_in_scope(actor, division.code):
            raise NotFoundError()
        return Area(prefix=division.scope_prefix, name=division.name, division=division)
    if actor.scope_kind == ScopeKind.NATIONAL:
        return Area(prefix="", name=str(_("Whole country")), division=None)
    if actor.division_id is None:
        raise NotFoundError()
    division = actor.division
    return Area(prefix=division.scope_prefix, name=division.name, division=division)


def list_link(name: str, **params) -> str:
    """The URL of the list `name` filtered by `params`: what a dashboard figure counts."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def _institutions(actor: User, area: Area):
    return scope(Institution.objects.all(), actor).filter(
        division_code__startswith=area.prefix, status=InstitutionStatus.OPERATING
    )


def institutions_panel(actor: User, area: Area) -> Panel:
    counts = {
        (row["level"], row["kind"]): row["n"]
        for row in _institutions(actor, area).values("level", "kind").annotate(n=Count("id"))
    }
    panel = Panel(key="institutions", title=_("Institutions by level and kind"))
    for level, level_label in InstitutionLevel.choices:
        for kind, kind_label in InstitutionKind.choices:
            value = counts.get((level, kind), 0)
            if value or kind == InstitutionKind.CHILD_WELFARE:
                panel.cells.append(Cell(
                    # "省级儿童福利机构" in Chinese, "Child welfare institution (province)"
                    label=_("%(kind)s (%(level)s)") % {
                        "kind": kind_label, "level": str(level_label).lower()},
                    value=value,
                    url=list_link("institution_list", level=level, kind=kind,
                              division=area.prefix, status=InstitutionStatus.OPERATING),
                ))
    return panel


def transformation_panel(actor: User, area: Area) -> Panel:
    """County institutions by transformation state (none yet, planned, handing over, done)."""
    county = _institutions(actor, area).filter(level=InstitutionLevel.COUNTY)
    counts = {
        row["transformation__state"]: row["n"]
        for row in county.values("transformation__state").annotate(n=Count("id"))
    }
    panel = Panel(key="transformation", title=_("County institutions by transformation state"))
    states = [("none", _("Not planned")), *list(TransformationState.choices)]
    for state, label in states:
        panel.cells.append(Cell(
            label=str(label), value=counts.get(None if state == "none" else state, 0),
            url=list_link("institution_list", level=InstitutionLevel.COUNTY, transformation=state,
                      division=area.prefix, status=InstitutionStatus.OPERATING),
        ))
    return panel


def goals_panel(actor: User, area: Area) -> Panel:
    """The policy's 2025 goal: every county child welfare institution transformed."""
    county = _institutions(actor, area).filter(level=InstitutionLevel.COUNTY)
    transformed = county.filter(kind=InstitutionKind.MINORS_PROTECTION).count()
    total = county.count()
    panel = Panel(key="goals", title=_("2025 goals"), chart="progress")
    panel.cells.append(Cell(
        label=str(_("County institutions transformed")), value=transformed,
        url=list_link("institution_list", level=InstitutionLevel.COUNTY,
                  kind=InstitutionKind.MINORS_PROTECTION, division=area.prefix,
                  status=InstitutionStatus.OPERATING),
    ))
    panel.cells.append(Cell(
        label=str(_("County institutions in all")), value=total,
        url=list_link("institution_list", level=InstitutionLevel.COUNTY, division=area.prefix,
                  status=InstitutionStatus.OPERATING),
    ))
    return panel


def drilldown(actor: User, area: Area) -> list[dict]:
    """The next level down, each with its count of operating institutions."""
    level = DRILL_LEVELS.get(area.division.level if area.division else None)
    if level is None:
        return []
    subareas = Division.objects.filter(level=level, valid_to__isnull=True)
    if area.division is not None:
        subareas = subareas.filter(code__startswith=area.prefix)
    counts: dict[str, int] = {}
    width = {DivisionLevel.PROVINCE: 2, DivisionLevel.PREFECTURE: 4,
             DivisionLevel.COUNTY: 6}[level]
    for code in _institutions(actor, area).values_list("division_code", flat=True):
        counts[code[:width]] = counts.get(code[:width], 0) + 1
    rows = []
    for division in subareas.order_by("code"):
        if not division_in_scope(actor, division.code):
            continue
        rows.append({"division": division, "institutions": counts.get(division.scope_prefix, 0)})
    return rows


def _children_in_care(actor: User, area: Area):
    from cwis.children.choices import ChildStatus
    from cwis.children.selectors import child_list

    return child_list(actor=actor, filters={"status": ChildStatus.IN_CARE,
                                            "division": area.prefix})


def _child_link(area: Area, **params) -> str:
    return list_link("child_list", status="in_care", division=area.prefix, **params)


def children_category_panel(actor: User, area: Area) -> Panel:
    from cwis.children.models import CATEGORY_FIELDS, CATEGORY_LABELS

    children = _children_in_care(actor, area)
    aggregates = {key: Count("id", filter=Q(**{field: True}))
                  for key, field in CATEGORY_FIELDS.items()}
    aggregates["disability"] = Count("id", filter=~Q(disability_type=""))
    counts = children.aggregate(total=Count("id"), **aggregates)
    panel = Panel(key="children_category", title=_("Children in care by category"))
    panel.cells.append(Cell(label=str(_("All children in care")), value=counts["total"],
                            url=_child_link(area)))
    for key in [*CATEGORY_FIELDS, "disability"]:
        if key in COMMUNITY_ONLY:
            continue  # counted by the community registry panel
        panel.cells.append(Cell(label=str(CATEGORY_LABELS[key]), value=counts[key],
                                url=_child_link(area, category=key)))
    return panel


# Categories that concern children living at home (a left-behind child's parents work away):
# the children-in-care panel does not show them, the community registry panel does.
COMMUNITY_ONLY = frozenset({"left_behind"})
AGE_BANDS = ((0, 2), (3, 5), (6, 11), (12, 14), (15, 17))


def _birth_range(low: int, high: int, today) -> tuple:
    """Birth dates of children aged low..high on `today` (inclusive)."""
    def years_before(years: int):
        try:
            return today.replace(year=today.year - years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28)

    return years_before(high + 1) + dt.timedelta(days=1), years_before(low)


def children_age_panel(actor: User, area: Area) -> Panel:
    today = timezone.localdate()
    children = _children_in_care(actor, area)
    panel = Panel(key="children_age", title=_("Children in care by age"))
    bands = {f"{low}-{high}": _birth_range(low, high, today) for low, high in AGE_BANDS}
    counts = children.aggregate(**{
        f"band{i}": Count("id", filter=Q(birth_date__range=birth_range))
        for i, birth_range in enumerate(bands.values())
    })
    for i, (label, (born_from, born_to)) in enumerate(bands.items()):
        panel.cells.append(Cell(
            label=str(_("%(band)s years") % {"band": label}), value=counts[f"band{i}"],
            url=_child_link(area, birth_from=born_from.isoformat(), birth_to=born_to.isoformat()),
        ))
    return panel


def children_disability_panel(actor: User, area: Area) -> Panel:
    from cwis.children.choices import DisabilityType

    counts = {row["disability_type"]: row["n"] for row in
              _children_in_care(actor, area).exclude(disability_type="")
              .values("disability_type").annotate(n=Count("id"))}
    panel = Panel(key="children_disability", title=_("Children in care with a disability"))
    for value, label in DisabilityType.choices:
        panel.cells.append(Cell(label=str(label), value=counts.get(value, 0),
                                url=_child_link(area, disability=value)))
    return panel


def children_residence_panel(actor: User, area: Area) -> Panel:
    from cwis.children.choices import PlacementKind

    counts = {row["placements__kind"]: row["n"] for row in
              _children_in_care(actor, area).filter(placements__ended_on__isnull=True)
              .values("placements__kind").annotate(n=Count("id"))}
    panel = Panel(key="children_residence", title=_("Where children in care live"))
    for value, label in PlacementKind.choices:
        panel.cells.append(Cell(label=str(label), value=counts.get(value, 0),
                                url=_child_link(area, residence=value)))
    return panel


PANELS: list[Callable[[object, Area], Panel]] = [
    institutions_panel, transformation_panel, goals_panel, children_category_panel,
    children_age_panel, children_disability_panel, children_residence_panel,
]


@dataclass
class AreaFigures:
    """A module's figures per area one level down (as the community registry's): `rows`
    are `dashboard_community.AreaRow`s whose cells follow `columns`."""

    key: str
    title: Promise
    columns: list[str]
    rows: list


# Modules add their tables per area here (each a function (actor, area) -> AreaFigures or None).
AREA_FIGURES: list[Callable[[User, Area], AreaFigures | None]] = []


# A township or village holds no institution: its dashboard is its community registry.
TOWNSHIP_PREFIX_LENGTH = 9


def dashboard(*, actor: User, division_code: str | None = None, period: str = "year") -> dict:
    from cwis.oversight import dashboard_community, dashboard_trends

    area = dashboard_area(actor=actor, division_code=division_code)
    community_only = len(area.prefix) >= TOWNSHIP_PREFIX_LENGTH
    panels = [] if community_only else [panel(actor, area) for panel in PANELS]
    community = dashboard_community.community_panel(actor, area)
    panels.append(community)
    return {
        "area": area,
        "community_only": community_only,
        "panels": panels,
        "drilldown": [] if community_only else drilldown(actor, area),
        "community_columns": [str(label) for label in dashboard_community.COLUMNS.values()],
        "community_areas": dashboard_community.community_by_area(actor, area),
        "community_as_of": community.as_of,
        "area_tables": [] if community_only else [
            table for table in (build(actor, area) for build in AREA_FIGURES)
            if table is not None and table.rows],
        "trends": dashboard_trends.trends(actor, area, period, community_only=community_only),
    }
