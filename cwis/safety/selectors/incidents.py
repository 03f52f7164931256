"""Reads of incidents, as protection cases are read: the institution's director and the
county officer (INCIDENT_VIEW) read them with the children involved; the prefecture and
province (INCIDENT_VIEW_WITH_REASON) open one only through
`services.incidents.incident_open_with_reason`; every office counts them (INCIDENT_COUNTS)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from cwis.accounts.models import User
from cwis.children.models import Child
from cwis.core.errors import NotFoundError
from cwis.core.history import history_entries
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import get_scoped, scope
from cwis.safety.models import Incident, IncidentKind, IncidentState


def incident_list(*, actor: User, filters: Mapping[str, Any] | None = None
                  ) -> QuerySet[Incident]:
    """The incidents in scope, newest first; filters `state`, `kind`, `serious`, `year`,
    `division` (a code prefix: what a dashboard or report figure counts)."""
    if not has_perm(actor, Perm.INCIDENT_VIEW):
        return Incident.objects.none()
    filters = filters or {}
    incidents = scope(Incident.objects.select_related("institution"), actor)
    for key in ("state", "kind"):
        if filters.get(key):
            incidents = incidents.filter(**{key: filters[key]})
    if filters.get("serious"):
        incidents = incidents.filter(serious=True)
    if filters.get("year"):
        incidents = incidents.filter(occurred_at__year=int(filters["year"]))
    if filters.get("division"):
        incidents = incidents.filter(institution__division_code__startswith=filters["division"])
    return incidents.order_by("-occurred_at", "-id")


def incident_get(*, actor: User, incident_id: int) -> Incident:
    if not has_perm(actor, Perm.INCIDENT_VIEW):
        raise NotFoundError()
    return get_scoped(Incident.objects.select_related("institution").prefetch_related(
        Prefetch("children", queryset=Child.objects.order_by("name"))), actor, pk=incident_id)


def incident_needs_reason(*, actor: User, incident_id: int) -> bool:
    """True when the actor may open this incident only with a reason; NotFoundError when
    not at all (out of scope, or a role that counts only)."""
    if has_perm(actor, Perm.INCIDENT_VIEW):
        incident_get(actor=actor, incident_id=incident_id)
        return False
    if not has_perm(actor, Perm.INCIDENT_VIEW_WITH_REASON):
        raise NotFoundError()
    get_scoped(Incident.objects.all(), actor, pk=incident_id)
    return True


def incident_history(*, incident: Incident) -> list:
    return history_entries(incident.history.select_related("history_user").order_by(
        "history_date", "history_id"))


def incident_counts(*, actor: User, prefix: str, year: int) -> dict[str, int]:
    """The area's incidents of the year per kind, the serious ones and the open ones (counts
    only, for every office): one aggregate query."""
    if not has_perm(actor, Perm.INCIDENT_COUNTS):
        return {}
    incidents = scope(Incident.objects.filter(
        institution__division_code__startswith=prefix, occurred_at__year=year), actor)
    aggregates = {kind: Count("id", filter=Q(kind=kind)) for kind in IncidentKind.values}
    return incidents.aggregate(
        **aggregates, serious=Count("id", filter=Q(serious=True)),
        open=Count("id", filter=Q(state=IncidentState.OPEN)))


def incident_reported_late(incident: Incident, now: dt.datetime) -> bool:
    if incident.reported_at is None:
        return incident.report_due_at < now
    return incident.reported_at > incident.report_due_at


def child_incidents(*, actor: User, child: Child) -> QuerySet[Incident]:
    """The incidents in scope that involved the child (the file's tab), newest first; none
    for a role that does not read incidents with their children (INCIDENT_VIEW)."""
    if not has_perm(actor, Perm.INCIDENT_VIEW):
        return Incident.objects.none()
    return scope(Incident.objects.select_related("institution").filter(children=child), actor
                 ).order_by("-occurred_at", "-id")
