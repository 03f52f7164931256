"""Reads of the county institution's work around the cases: policy talks, township
workstations and guidance visits, scoped by cwis.core.scoping. Who reads what:

- the county's protection workers and officers: their county's talks, workstations and
  visits (TALK_RECORD, WORKSTATION_VIEW);
- a township child supervisor: their own township's workstation and its visits
  (WORKSTATION_VIEW: the workstation's scope is its township);
- the offices above (COUNTY_WORK_FIGURES): a year's counts per area, nothing one by one.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Substr

from cwis.accounts.models import User
from cwis.core.errors import NotFoundError
from cwis.core.history import history_entries
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import actor_prefix, get_scoped, scope
from cwis.protection.models.county_work import (
    GuidanceVisit,
    PolicyTalk,
    Workstation,
    WorkstationStatus,
)

TALK_FILTER_KEYS = ("year", "audience_kind", "q")
TALK_ORDERS = {"held": ("held_on", "id"), "-held": ("-held_on", "-id"),
               "audience": ("audience_count", "id"), "-audience": ("-audience_count", "-id")}
WORKSTATION_FILTER_KEYS = ("status", "township", "guided")
VISIT_FILTER_KEYS = ("year", "township")
# The area one level down from a jurisdiction of this prefix length; a county is its own.
_AREA_WIDTH = {0: 2, 2: 4, 4: 6, 6: 6}


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    """The year's first and last days; a year no date can be in gives an empty range."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.date.max, dt.date.min
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# ------------------------------------------------------------------------ policy talks


def talk_list(*, actor: User, filters: Mapping[str, Any] | None = None,
              order: str = "-held") -> QuerySet[PolicyTalk]:
    """The talks of the actor's county; filters `year`, `audience_kind`, `q` (a word of the
    topic, the place or who gave it)."""
    if not has_perm(actor, Perm.TALK_RECORD):
        return PolicyTalk.objects.none()
    filters = filters or {}
    talks = scope(PolicyTalk.objects.all(), actor)
    if filters.get("year"):
        talks = talks.filter(held_on__range=_year_range(int(filters["year"])))
    if filters.get("audience_kind"):
        talks = talks.filter(audience_kind=filters["audience_kind"])
    if filters.get("q"):
        word = filters["q"]
        talks = talks.filter(Q(topic__icontains=word) | Q(place__icontains=word)
                             | Q(speakers__icontains=word))
    return talks.order_by(*TALK_ORDERS.get(order, TALK_ORDERS["-held"]))


def talk_get(*, actor: User, talk_id: int) -> PolicyTalk:
    if not has_perm(actor, Perm.TALK_RECORD):
        raise NotFoundError()
    return get_scoped(PolicyTalk.objects.select_related("created_by"), actor, pk=talk_id)


def talk_history(*, talk: PolicyTalk) -> list:
    return history_entries(talk.history.select_related("history_user").order_by(
        "history_date", "history_id"))


# ---------------------------------------------------------------------- workstations


def workstation_list(*, actor: User, filters: Mapping[str, Any] | None = None,
                     year: int | None = None) -> QuerySet[Workstation]:
    """The workstations in scope (the county's; a supervisor's own township's), each with
    `last_visit_on` and `visits_in_year` (guidance visits in `year`). Filters `status`,
    `township` (a township code), `guided` ("yes"/"no": visited in `year`)."""
    if not has_perm(actor, Perm.WORKSTATION_VIEW):
        return Workstation.objects.none()
    filters = filters or {}
    stations = scope(Workstation.objects.all(), actor)
    if filters.get("status"):
        stations = stations.filter(status=filters["status"])
    if filters.get("township"):
        stations = stations.filter(township_code__startswith=filters["township"])
    in_year = Q()
    if year is not None:
        in_year = Q(guidance_visits__visited_on__range=_year_range(year))
    stations = stations.annotate(last_visit_on=Max("guidance_visits__visited_on"),
                                 visits_in_year=Count("guidance_visits", filter=in_year))
    if filters.get("guided") == "yes":
        stations = stations.filter(visits_in_year__gt=0)
    elif filters.get("guided") == "no":
        stations = stations.filter(visits_in_year=0)
    return stations.order_by("township_code", "id")


def workstation_get(*, actor: User, workstation_id: int) -> Workstation:
    if not has_perm(actor, Perm.WORKSTATION_VIEW):
        raise NotFoundError()
    return get_scoped(Workstation.objects.all(), actor, pk=workstation_id)


def workstation_visits(*, workstation: Workstation) -> QuerySet[GuidanceVisit]:
    return workstation.guidance_visits.order_by("-visited_on", "-id")


def workstation_history(*, workstation: Workstation) -> list:
    rows = [*workstation.history.select_related("history_user"),
            *GuidanceVisit.history.filter(workstation_id=workstation.pk)
            .select_related("history_user")]
    rows.sort(key=lambda r: (r.history_date, r.history_id))
    return history_entries(rows)


def guidance_visit_list(*, actor: User, filters: Mapping[str, Any] | None = None
                        ) -> QuerySet[GuidanceVisit]:
    """The guidance visits to the workstations in scope, newest first; filters `year`,
    `township`."""
    if not has_perm(actor, Perm.WORKSTATION_VIEW):
        return GuidanceVisit.objects.none()
    filters = filters or {}
    visits = scope(GuidanceVisit.objects.select_related("workstation"), actor)
    if filters.get("year"):
        visits = visits.filter(visited_on__range=_year_range(int(filters["year"])))
    if filters.get("township"):
        visits = visits.filter(workstation__township_code__startswith=filters["township"])
    return visits.order_by("-visited_on", "-id")


def guidance_visit_get(*, actor: User, visit_id: int) -> GuidanceVisit:
    if not has_perm(actor, Perm.WORKSTATION_VIEW):
        raise NotFoundError()
    return get_scoped(GuidanceVisit.objects.select_related("workstation"), actor, pk=visit_id)


@dataclass(frozen=True)
class WorkstationActions:
    """What the actor may do on a workstation, for showing buttons; the services check."""

    edit: bool
    visit: bool


def workstation_actions(*, actor: User, workstation: Workstation) -> WorkstationActions:
    manage = has_perm(actor, Perm.WORKSTATION_MANAGE)
    return WorkstationActions(
        edit=manage, visit=manage and workstation.status != WorkstationStatus.PLANNED)


# --------------------------------------------------------------------------- figures


@dataclass
class AreaFigures:
    area: str  # a division code prefix: a province, prefecture or county
    talks: int = 0
    audience: int = 0
    workstations: int = 0  # set up (active or suspended)
    guided: int = 0  # workstations with a guidance visit in the year
    visits: int = 0


def county_work_figures(*, actor: User, year: int) -> list[AreaFigures]:
    """A year's policy talks (count, audience) and workstations (set up, guided, visits)
    per area one level down from the actor's jurisdiction (per county for a county and a
    prefecture): three aggregate queries, however many areas."""
    prefix = actor_prefix(actor)
    if prefix is None or not has_perm(actor, Perm.COUNTY_WORK_FIGURES):
        return []
    width = _AREA_WIDTH.get(len(prefix), len(prefix))
    start, end = _year_range(year)
    rows: dict[str, AreaFigures] = {}

    def area(code: str) -> AreaFigures:
        return rows.setdefault(code, AreaFigures(area=code))

    talks = (scope(PolicyTalk.objects.filter(held_on__range=(start, end)), actor).order_by()
             .annotate(a=Substr("county_code", 1, width)).values("a")
             .annotate(n=Count("id"), people=Sum("audience_count")))
    for row in talks:
        found = area(row["a"])
        found.talks, found.audience = row["n"], row["people"] or 0
    stations = (scope(Workstation.objects.exclude(status=WorkstationStatus.PLANNED), actor)
                .order_by().annotate(a=Substr("county_code", 1, width)).values("a")
                .annotate(n=Count("id")))
    for row in stations:
        area(row["a"]).workstations = row["n"]
    visits = (scope(GuidanceVisit.objects.filter(visited_on__range=(start, end)), actor)
              .order_by().annotate(a=Substr("workstation__county_code", 1, width)).values("a")
              .annotate(n=Count("id"), stations=Count("workstation", distinct=True)))
    for row in visits:
        found = area(row["a"])
        found.visits, found.guided = row["n"], row["stations"]
    return [rows[code] for code in sorted(rows)]


def county_work_totals(figures: list[AreaFigures]) -> AreaFigures:
    """The sum of the areas' figures (the jurisdiction's own)."""
    total = AreaFigures(area="")
    for row in figures:
        total.talks += row.talks
        total.audience += row.audience
        total.workstations += row.workstations
        total.guided += row.guided
        total.visits += row.visits
    return total
