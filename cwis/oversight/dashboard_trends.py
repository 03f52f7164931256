"""The dashboard's trends (issue 13 point 13): the main figures at the end of each of the
last years (or months) and today, from the records' own timelines: a child is in care on a
day when a placement in an institution of the area was open that day (the placement history
the yearly report reads, cwis/oversight/figures.py); a community file is on the registry
from its registration to its removal. One aggregate query per figure group, whatever the
number of points; kept CWIS_FIGURES_CACHE_SECONDS in the cache.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus
from cwis.children.models import Child, Placement
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


def trend_figures(*, actor: User, prefix: str, points: list[dt.date]) -> dict[str, list[int]]:
    """{series: [value at each point]} for the area `prefix`, scoped: two queries."""
    if not has_perm(actor, Perm.CHILD_VIEW):
        return {key: [0] * len(points) for key in SERIES}
    placements = scope(Placement.objects.filter(
        institution__division_code__startswith=prefix).exclude(child__status__in=GONE), actor)
    in_care = placements.aggregate(**{
        f"p{i}": Count("child_id", distinct=True, filter=_open_on(day))
        for i, day in enumerate(points)})
    files = scope(Child.objects.filter(division_code__startswith=prefix,
                                       registered_on__isnull=False,
                                       status__in=(ChildStatus.IN_COMMUNITY,
                                                   ChildStatus.OFF_REGISTER)), actor)
    aggregates = {}
    for i, day in enumerate(points):
        on = _on_registry_on(day)
        aggregates[f"registry{i}"] = Count("id", filter=on)
        for key, field in _REGISTRY_FIELDS.items():
            aggregates[f"{key}{i}"] = Count("id", filter=on & Q(**{field: True}))
    registry = files.order_by().aggregate(**aggregates)
    series = {"in_care": [in_care[f"p{i}"] for i in range(len(points))]}
    for key in ("registry", *_REGISTRY_FIELDS):
        series[key] = [registry[f"{key}{i}"] for i in range(len(points))]
    return series


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


def trends(actor: User, area: Area, period: str = "year", *, community_only: bool = False
           ) -> Trends:
    period = period if period in PERIODS else "year"
    today = timezone.localdate()
    points = trend_points(today, period)

    def compute() -> dict[str, list[int]]:
        return trend_figures(actor=actor, prefix=area.prefix, points=points)

    if has_perm(actor, Perm.CHILD_VIEW):
        series = cached_figures(f"trends:{period}:{area.prefix}:{today.isoformat()}", compute)
    else:
        series = compute()
    keys = [k for k in SERIES if not (community_only and k == "in_care")]
    return Trends(period=period, points=points,
                  rows=[Trend(key=k, label=str(SERIES[k]), values=series[k]) for k in keys])
