"""Reads of inspections and hazards. Institution staff read their institution's, the county
officer the county's, the offices above their jurisdiction's (SAFETY_VIEW); the overdue
hazards per area are the figures of the dashboard (cwis/safety/oversight.py)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet

from cwis.accounts.models import User
from cwis.core.errors import NotFoundError
from cwis.core.history import history_entries
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import get_scoped, scope
from cwis.institutions.models import Institution, InstitutionStatus
from cwis.safety.models import Hazard, HazardState, Inspection

HAZARD_FILTER_KEYS = ("state", "level", "area", "institution", "division", "year",
                      "closed_year", "overdue_on")
# `state` filter values besides the stored states: not closed, and open past its deadline.
LIVE, OVERDUE = "live", "overdue"


def _readable(actor: User) -> bool:
    return has_perm(actor, Perm.SAFETY_VIEW)


def institutions_for_record(*, actor: User) -> QuerySet[Institution]:
    """The operating institutions an office may record an inspection of."""
    return scope(Institution.objects.filter(status=InstitutionStatus.OPERATING), actor
                 ).order_by("division_code", "name")


# ------------------------------------------------------------------------- inspections


def inspection_list(*, actor: User, filters: Mapping[str, Any] | None = None
                    ) -> QuerySet[Inspection]:
    """Inspections in scope, newest first; filters `kind`, `institution` (id), `year`,
    `division` (a code prefix: the dashboard's and the report's drill-down)."""
    if not _readable(actor):
        return Inspection.objects.none()
    filters = filters or {}
    inspections = scope(Inspection.objects.select_related("institution"), actor)
    if filters.get("kind"):
        inspections = inspections.filter(kind=filters["kind"])
    if filters.get("institution"):
        inspections = inspections.filter(institution_id=filters["institution"])
    if filters.get("year"):
        inspections = inspections.filter(inspected_on__year=int(filters["year"]))
    if filters.get("division"):
        inspections = inspections.filter(
            institution__division_code__startswith=filters["division"])
    return inspections.annotate(hazard_count=Count("hazards")).order_by("-inspected_on", "-id")


def inspection_get(*, actor: User, inspection_id: int) -> Inspection:
    if not _readable(actor):
        raise NotFoundError()
    return get_scoped(Inspection.objects.select_related("institution", "created_by"), actor,
                      pk=inspection_id)


def inspection_hazards(*, inspection: Inspection) -> QuerySet[Hazard]:
    return inspection.hazards.order_by("due_on", "id")


def inspection_history(*, inspection: Inspection) -> list:
    return history_entries(inspection.history.select_related("history_user").order_by(
        "history_date", "history_id"))


# ---------------------------------------------------------------------------- hazards


def hazard_list(*, actor: User, filters: Mapping[str, Any] | None = None,
                today: dt.date | None = None) -> QuerySet[Hazard]:
    """Hazards in scope, the most urgent first. Filters: `state` (open, fixed, closed,
    `live` = not closed, `overdue` = waiting for a fix past its deadline on `today`),
    `level`, `area`, `institution` (id), `division` (a code prefix inside the scope: the
    dashboard's drill-down), `year` (found in it), `closed_year` (checked and closed in it),
    `overdue_on` (a date: found by then, past its deadline and not fixed by then — the
    yearly report's hazards overdue at the year's end)."""
    if not _readable(actor):
        return Hazard.objects.none()
    filters = filters or {}
    hazards = scope(Hazard.objects.select_related("institution"), actor)
    state = filters.get("state")
    if state == OVERDUE:
        hazards = hazards.filter(state=HazardState.OPEN, due_on__lt=today)
    elif state == LIVE:
        hazards = hazards.exclude(state=HazardState.CLOSED)
    elif state in HazardState.values:
        hazards = hazards.filter(state=state)
    for key in ("level", "area"):
        if filters.get(key):
            hazards = hazards.filter(**{key: filters[key]})
    if filters.get("institution"):
        hazards = hazards.filter(institution_id=filters["institution"])
    if filters.get("division"):
        hazards = hazards.filter(institution__division_code__startswith=filters["division"])
    return hazards_in_period(hazards, filters).order_by("due_on", "id")


def hazards_in_period(hazards: QuerySet[Hazard], filters: Mapping[str, Any]
                      ) -> QuerySet[Hazard]:
    """The `year`, `closed_year` and `overdue_on` filters (the report figures count the
    same way: cwis/safety/report_figures.py)."""
    if filters.get("year"):
        hazards = hazards.filter(found_on__year=int(filters["year"]))
    if filters.get("closed_year"):
        hazards = hazards.filter(state=HazardState.CLOSED,
                                 checked_on__year=int(filters["closed_year"]))
    if filters.get("overdue_on"):
        day = filters["overdue_on"]
        day = dt.date.fromisoformat(day) if isinstance(day, str) else day
        hazards = hazards.filter(found_on__lte=day, due_on__lt=day).filter(
            Q(fixed_on__isnull=True) | Q(fixed_on__gt=day))
    return hazards


def hazard_get(*, actor: User, hazard_id: int) -> Hazard:
    if not _readable(actor):
        raise NotFoundError()
    return get_scoped(Hazard.objects.select_related(
        "institution", "inspection", "drill", "fixed_by", "checked_by"), actor, pk=hazard_id)


def hazard_history(*, hazard: Hazard) -> list:
    return history_entries(hazard.history.select_related("history_user").order_by(
        "history_date", "history_id"))
