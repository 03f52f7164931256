"""The dashboard's trends (issue 13 point 13): the main figures at the end of each of the
last years (or months) and today, from the records' own timelines: a child is in care on a
day when a placement in an institution of the area was open that day (the placement history
the yearly report reads, cwis/oversight/figures.py); a community file is on the registry
from its registration to its removal. One aggregate query per figure group, whatever the
number of points; kept CWIS_FIGURES_CACHE_SECONDS in the cache.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus
from cwis.children.models import Child, Placement
from cwis.core import area_figures
from cwis.core.home import cached_figures
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.oversight.dashboard import Area

YEARS = 5  # four year ends and today
MONTHS = 12  # eleven month ends and today
PERIODS = ("year", "month")
GONE = (ChildStatus.MERGED, ChildStatus.ENTERED_IN_ERROR)
SERIES = {
    "in_care": _("Children in care"),
    "registry": _("Children on the community registry"),
    "left_behind": _("Left-behind children"),
    "orphan": _("Scattered orphans"),
    "de_facto_unsupported": _("De facto unsupported children"),
    "in_difficulty": _("Children in difficulty"),
}
_REGISTRY_FIELDS = {"left_behind": "is_left_behind", "orphan": "is_orphan",
                    "de_facto_unsupported": "is_de_facto_unsupported",
                    "in_difficulty": "is_in_difficulty"}
CHART_WIDTH, CHART_HEIGHT = 120, 32


def trend_points(today: dt.date, period: str) -> list[dt.date]:
    """The days the trend reads: the ends of the previous years (months), then today."""
    if period == "month":
        ends = []
        first = today.replace(day=1)
        for _i in range(MONTHS - 1):
            end = first - dt.timedelta(days=1)
            ends.append(end)
            first = end.replace(day=1)
        return [*reversed(ends), today]
    return [*(dt.date(today.year - n, 12, 31) for n in range(YEARS - 1, 0, -1)), today]


def _open_on(day: dt.date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def _on_registry_on(day: dt.date) -> Q:
    return Q(registered_on__lte=day) & (Q(registry_closed_on__isnull=True)
                                        | Q(registry_closed_on__gt=day))


def _in_care_aggregates(points: list[dt.date]) -> dict[str, Count]:
    return {f"p{i}": Count("child_id", distinct=True, filter=_open_on(day))
            for i, day in enumerate(points)}


def _registry_aggregates(points: list[dt.date]) -> dict[str, Count]:
    aggregates = {}
    for i, day in enumerate(points):
        on = _on_registry_on(day)
        aggregates[f"registry{i}"] = Count("id", filter=on)
        for key, field in _REGISTRY_FIELDS.items():
            aggregates[f"{key}{i}"] = Count("id", filter=on & Q(**{field: True}))
    return aggregates


def _placements(actor: User) -> QuerySet[Placement]:
    return scope(Placement.objects.exclude(child__status__in=GONE), actor)


def _files(actor: User) -> QuerySet[Child]:
    return scope(Child.objects.filter(registered_on__isnull=False, status__in=(
        ChildStatus.IN_COMMUNITY, ChildStatus.OFF_REGISTER)), actor).order_by()


def _series(in_care: dict, registry: dict, points: list[dt.date]) -> dict[str, list[int]]:
    series = {"in_care": [in_care.get(f"p{i}", 0) for i in range(len(points))]}
    for key in ("registry", *_REGISTRY_FIELDS):
        series[key] = [registry.get(f"{key}{i}", 0) for i in range(len(points))]
    return series


def trend_figures(*, actor: User, prefix: str, points: list[dt.date]) -> dict[str, list[int]]:
    """{series: [value at each point]} for the area `prefix`, scoped: two queries."""
    if not has_perm(actor, Perm.CHILD_VIEW):
        return {key: [0] * len(points) for key in SERIES}
    in_care = _placements(actor).filter(institution__division_code__startswith=prefix
                                        ).aggregate(**_in_care_aggregates(points))
    registry = _files(actor).filter(division_code__startswith=prefix).aggregate(
        **_registry_aggregates(points))
    return _series(in_care, registry, points)


def trend_figures_by_area(*, actor: User, points: list[dt.date]) -> area_figures.Counts:
    """{area: {"<series>:<point index>": value}} for the country, every province,
    prefecture and county in scope (area_figures.STORED_WIDTHS), in two grouped queries. A
    child in care counts for an area when both the institution and the child's own division
    are in it, as for an officer of that area (whose scope is the child's division)."""
    if not has_perm(actor, Perm.CHILD_VIEW):
        return {}
    county = area_figures.STORED_WIDTHS[-1]
    in_care: dict[str, dict[str, int]] = {}
    pairs = (_placements(actor).order_by()
             .annotate(home=Substr("institution__division_code", 1, county),
                       own=Substr("child__division_code", 1, county))
             .values("home", "own").annotate(**_in_care_aggregates(points)))
    for row in pairs:
        home, own = row.pop("home"), row.pop("own")
        for width in area_figures.STORED_WIDTHS:
            if home[:width] == own[:width]:
                target = in_care.setdefault(home[:width], {})
                for key, value in row.items():
                    target[key] = target.get(key, 0) + value
    registry = area_figures.roll_up({
        row.pop("area"): row for row in _files(actor).annotate(
            area=Substr("division_code", 1, county)).values("area").annotate(
            **_registry_aggregates(points))})
    counts: area_figures.Counts = {}
    for area in set(in_care) | set(registry):
        series = _series(in_care.get(area, {}), registry.get(area, {}), points)
        counts[area] = {f"{key}:{i}": value for key, values in series.items()
                        for i, value in enumerate(values)}
    return counts


def _trend_family(period: str) -> None:
    @area_figures.family(f"trends:{period}")
    def compute(reader: User, today: dt.date) -> area_figures.Counts:
        return trend_figures_by_area(actor=reader, points=trend_points(today, period))


for _period in PERIODS:
    _trend_family(_period)


@dataclass
class Trend:
    key: str
    label: str
    values: list[int]

    @property
    def chart_points(self) -> str:
        """The SVG polyline of the values (drawn with attributes, no style: ADR 0010)."""
        top = max(self.values) or 1
        step = CHART_WIDTH / max(1, len(self.values) - 1)
        return " ".join(
            f"{round(i * step, 1)},{round(CHART_HEIGHT - 2 - value * (CHART_HEIGHT - 4) / top, 1)}"
            for i, value in enumerate(self.values))


@dataclass
class Trends:
    period: str
    points: list[dt.date]
    rows: list[Trend]
    as_of: dt.datetime | None = None  # stored figures: their time


def trends(actor: User, area: Area, period: str = "year", *, community_only: bool = False
           ) -> Trends:
    period = period if period in PERIODS else "year"
    today = timezone.localdate()
    points = trend_points(today, period)
    stored = area_figures.read(f"trends:{period}", actor=actor, prefix=area.prefix, width=None,
                               today=today)
    if stored is not None:
        # The set may be of an earlier day: its points are those of its own day.
        as_of = stored.as_of
        points = trend_points(stored.day, period) if stored.day else points
        series = {key: [stored.own.get(f"{key}:{i}", 0) for i in range(len(points))]
                  for key in SERIES}
    elif has_perm(actor, Perm.CHILD_VIEW):
        as_of = None
        series = cached_figures(
            f"trends:{period}:{area.prefix}:{today.isoformat()}",
            lambda: trend_figures(actor=actor, prefix=area.prefix, points=points))
    else:
        as_of = None
        series = trend_figures(actor=actor, prefix=area.prefix, points=points)
    keys = [k for k in SERIES if not (community_only and k == "in_care")]
    return Trends(period=period, points=points, as_of=as_of,
                  rows=[Trend(key=k, label=str(SERIES[k]), values=series[k]) for k in keys])
