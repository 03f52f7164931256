"""Figures per area kept in the database for the offices above the county.

A province's or the country's home page and dashboard count deadlines and registry files
among tens of millions of rows; aggregated on each view that takes seconds (the ministry's
trends, 15 s). Here each such family of figures is computed in the background for every
area of the country at once (one national reading, grouped by county and summed up to the
prefecture, the province and the country) and stored as one `AreaFigureSet`; an office then
reads its own area's row and its sub-areas' rows, a few dozen rows.

A family is registered by the module that owns the figures:

    @area_figures.family("registry")
    def registry(reader: User, today: dt.date) -> dict[str, dict[str, int]]:
        return area_figures.roll_up(selectors.registry_counts_by_area(
            actor=reader, prefix="", width=6, today=today))

`reader` is a national reader (the ministry's view, with its scoping), so a family reads
through the same scoped selectors the live figures use. It returns {area: {key: count}} for
the country (''), every province, prefecture and county (`roll_up` makes these from counts
per county when the figures add up).

Freshness: a set is fresh for CWIS_AREA_FIGURES_MAX_AGE seconds on the day it was computed
for. A read of a stale (or missing) family asks for a refresh, a background task of the
`cwis worker`, and meanwhile answers with the last set, whose time the pages show ("as of").
With no set at all the caller computes live (`stored_or_live`). `cwis refresh_figures`
refreshes every family at once (after a deployment or a bulk import, or from cron).
"""

import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cwis.core.models import AreaFigure, AreaFigureSet
from cwis.core.scoping import actor_prefix, scope

if TYPE_CHECKING:
    from cwis.accounts.models import User

logger = logging.getLogger(__name__)

STORED_WIDTHS = (0, 2, 4, 6)  # the country, provinces, prefectures, counties
Counts = dict[str, dict[str, int]]
Compute = Callable[["User", dt.date], Counts]

_FAMILIES: dict[str, Compute] = {}


def family(name: str) -> Callable[[Compute], Compute]:
    """Register the decorated function as the computation of the family `name`."""

    def register(compute: Compute) -> Compute:
        _FAMILIES[name] = compute
        return compute

    return register


def families() -> list[str]:
    return sorted(_FAMILIES)


def roll_up(by_county: Mapping[str, Mapping[str, int]]) -> Counts:
    """Counts per county summed up to every prefecture, province and the country."""
    areas: Counts = {}
    for county, values in by_county.items():
        for width in STORED_WIDTHS:
            target = areas.setdefault(county[:width], {})
            for key, value in values.items():
                target[key] = target.get(key, 0) + value
    return areas


def national_reader() -> "User":
    """An unsaved ministry officer: the figures of the whole country, read through the same
    scoped selectors as anyone's (never saved, never signs in)."""
    from cwis.accounts.models import User
    from cwis.core.permissions import Role

    return User(username="cwis-area-figures", role=Role.MINISTRY_OFFICER, is_active=True)


def refresh(name: str, *, today: dt.date | None = None) -> AreaFigureSet:
    """Compute the family `name` for the whole country now and store it as its newest set
    (the older sets go in the same transaction)."""
    today = today or timezone.localdate()
    started = time.monotonic()
    counts = _FAMILIES[name](national_reader(), today)
    seconds = time.monotonic() - started
    with transaction.atomic():
        figure_set = AreaFigureSet.objects.create(family=name, day=today,
                                                  computed_at=timezone.now(), seconds=seconds)
        AreaFigure.objects.bulk_create(
            [AreaFigure(figure_set=figure_set, area=area, width=len(area), values=values)
             for area, values in counts.items() if len(area) in STORED_WIDTHS],
            batch_size=2000)
        AreaFigureSet.objects.filter(family=name).exclude(pk=figure_set.pk).delete()
    logger.info("area figures %s: %d areas in %.1f s", name, len(counts), seconds)
    return figure_set


@task()
def refresh_task(name: str, requested_at: str) -> None:
    """The background refresh; skipped when a set newer than the request is already there
    (another worker, or `cwis refresh_figures`, did it meanwhile)."""
    if name not in _FAMILIES:
        return
    asked = dt.datetime.fromisoformat(requested_at)
    if AreaFigureSet.objects.filter(family=name, computed_at__gte=asked).exists():
        return
    refresh(name)


def _is_fresh(figure_set: AreaFigureSet, today: dt.date) -> bool:
    age = (timezone.now() - figure_set.computed_at).total_seconds()
    return figure_set.day == today and age < settings.CWIS_AREA_FIGURES_MAX_AGE


def _request_refresh(name: str) -> None:
    """Queue one refresh of `name`; further requests within the freshness period are
    dropped here (cache.add is atomic) and at the task (a newer set is there)."""
    if cache.add(f"cwis:area-figures:requested:{name}", 1,
                 max(1, settings.CWIS_AREA_FIGURES_MAX_AGE)):
        refresh_task.enqueue(name=name, requested_at=timezone.now().isoformat())


def latest(name: str, *, today: dt.date) -> AreaFigureSet | None:
    """The newest set of `name`, asking for a refresh when it is stale or missing."""
    figure_set = (AreaFigureSet.objects.filter(family=name).order_by("-computed_at").first())
    if figure_set is None or not _is_fresh(figure_set, today):
        _request_refresh(name)
    return figure_set


@dataclass(frozen=True)
class Stored:
    """Stored figures as an office reads them: its area's own and its sub-areas'."""

    as_of: dt.datetime | None  # None: computed live for this view
    own: dict[str, int]
    by_area: Counts
    day: dt.date | None = None  # the day the figures count as of (their set's day)


def stores(prefix: str | None, width: int | None = None, *, counties: bool = False) -> bool:
    """Whether the figures of `prefix` (and of its sub-areas `width` digits long) are kept:
    for the offices above the county (whose figures are slow to compute live), and for the
    counties too where a family says so (`counties`: its live count reads the country's
    records whatever the area, as the care panels' do)."""
    deepest = STORED_WIDTHS[-1] if counties else STORED_WIDTHS[-1] - 1
    return (prefix is not None and len(prefix) <= deepest
            and (width is None or width in STORED_WIDTHS))


def read(name: str, *, actor: "User", prefix: str, width: int | None,
         today: dt.date, counties: bool = False) -> Stored | None:
    """The stored figures of `prefix` (and of its sub-areas `width` digits long, if given),
    within what `actor` sees; None when they are not kept for that area or not computed
    yet (the caller computes them live)."""
    if not stores(prefix, width, counties=counties) or actor_prefix(actor) is None:
        return None
    figure_set = latest(name, today=today)
    if figure_set is None:
        return None
    rows = scope(AreaFigure.objects.filter(figure_set=figure_set), actor)
    own = rows.filter(width=len(prefix), area=prefix).values_list("values", flat=True).first()
    by_area: Counts = {}
    if width is not None:
        by_area = dict(rows.filter(width=width, area__startswith=prefix)
                       .values_list("area", "values"))
    return Stored(as_of=figure_set.computed_at, own=own or {}, by_area=by_area,
                  day=figure_set.day)
