"""/api/v1/safety/incidents: incidents, read as protection cases are (the institution's
director and the county officer; an office above opens one with a stated reason)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Schema, Status
from ninja.pagination import paginate

from cwis.core.input import RecordId
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.safety.api.router import router
from cwis.safety.selectors import incidents as selectors
from cwis.safety.services import incidents as services


class IncidentIn(Schema):
    institution_id: RecordId | None = None
    kind: str = ""
    serious: bool = False
    occurred_at: dt.datetime | None = None
    what_happened: str = ""
    handling: str = ""
    child_ids: list[int] = []


class IncidentOut(Schema):
    id: int
    institution_id: int
    kind: str
    serious: bool
    occurred_at: dt.datetime
    what_happened: str
    child_ids: list[int]
    report_due_at: dt.datetime
    reported_at: dt.datetime | None
    reported_to: str
    handling: str
    state: str
    closed_on: dt.date | None
    closing_note: str
    version: int

    @staticmethod
    def resolve_child_ids(obj) -> list[int]:
        return sorted(child.pk for child in obj.children.all())


class IncidentFilters(Schema):
    state: str | None = None
    kind: str | None = None
    serious: bool | None = None


class IncidentReportIn(Schema):
    version: int
    reported_at: dt.datetime | None = None
    reported_to: str = ""


class CloseIn(Schema):
    version: int
    handling: str = ""
    closing_note: str = ""


class IncidentReasonIn(Schema):
    reason: str = ""


@router.get("/safety/incidents", response=list[IncidentOut])
@paginate(CappedLimitOffsetPagination)
def incident_list(request: HttpRequest, filters: Query[IncidentFilters]):
    """Incidents of your institution or county (the offices above: counts on the dashboard,
    one incident with a reason)."""
    return selectors.incident_list(actor=request.auth, filters=filters.dict()
                                   ).prefetch_related("children")


@router.post("/safety/incidents", response={201: IncidentOut})
def incident_record(request: HttpRequest, payload: IncidentIn):
    """Record an incident with the children involved (in the institution's care)."""
    body = payload.dict()
    institution_id, child_ids = body.pop("institution_id"), body.pop("child_ids")
    return Status(201, services.incident_record(actor=request.auth,
                                                institution_id=institution_id, data=body,
                                                child_ids=child_ids))


@router.get("/safety/incidents/{incident_id}", response=IncidentOut)
def incident_get(request: HttpRequest, incident_id: int):
    return selectors.incident_get(actor=request.auth, incident_id=incident_id)


@router.post("/safety/incidents/{incident_id}/open-with-reason", response=IncidentOut)
def incident_open_with_reason(request: HttpRequest, incident_id: int, payload: IncidentReasonIn):
    """The prefecture or province reads an incident: only with a `reason` (access log)."""
    return services.incident_open_with_reason(actor=request.auth, incident_id=incident_id,
                                              reason=payload.reason, request=request)


@router.post("/safety/incidents/{incident_id}/report", response=IncidentOut)
def incident_report(request: HttpRequest, incident_id: int, payload: IncidentReportIn):
    """Who in the office above was told, and when."""
    return services.incident_report(actor=request.auth, incident_id=incident_id,
                                    **payload.dict())


@router.post("/safety/incidents/{incident_id}/close", response=IncidentOut)
def incident_close(request: HttpRequest, incident_id: int, payload: CloseIn):
    return services.incident_close(actor=request.auth, incident_id=incident_id,
                                   **payload.dict())
