"""/api/v1/safety: inspections and hazards to closure. Thin: parse, call one service or
selector, shape the answer. Errors map in cwis/api.py (404 / 403 / 409 / 422)."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from cwis.core.input import RecordId
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.safety.api.router import router
from cwis.safety.selectors import hazards as selectors
from cwis.safety.services import hazards as services


class InspectionIn(Schema):
    institution_id: RecordId | None = None  # an office's inspection: the institution inspected
    kind: str = ""
    frequency: str = ""
    areas: list[str] = []
    inspected_on: dt.date | None = None
    inspectors: str = ""
    findings: str = ""


class InspectionOut(Schema):
    id: int
    institution_id: int
    kind: str
    frequency: str
    areas: list[str]
    inspected_on: dt.date
    inspectors: str
    findings: str
    version: int


class InspectionFilters(Schema):
    kind: str | None = None
    institution: RecordId | None = None
    year: int | None = Field(None, ge=1900, le=2999)
    division: str | None = Field(None, pattern=r"^\d{1,12}$")  # a code prefix


class HazardIn(Schema):
    area: str = ""
    description: str = ""
    level: str = ""
    responsible: str = ""
    due_on: dt.date | None = None  # without it: the level's deadline


class HazardOut(Schema):
    id: int
    institution_id: int
    inspection_id: int | None
    drill_id: int | None
    area: str
    description: str
    level: str
    responsible: str
    found_on: dt.date
    due_on: dt.date
    state: str
    fix_description: str
    fixed_on: dt.date | None
    fixed_by_id: int | None
    checked_on: dt.date | None
    checked_by_id: int | None
    check_note: str
    version: int


class HazardFilters(Schema):
    state: str | None = None  # open, fixed, closed, live, overdue
    level: str | None = None
    area: str | None = None
    institution: RecordId | None = None
    division: str | None = None
    year: int | None = Field(None, ge=1900, le=2999)  # found in it
    closed_year: int | None = Field(None, ge=1900, le=2999)  # closed in it
    overdue_on: dt.date | None = None  # overdue on that day (not fixed by then)


class FixIn(Schema):
    version: int
    fix_description: str = ""
    fixed_on: dt.date | None = None


class CheckIn(Schema):
    version: int
    accepted: bool
    note: str = ""
    checked_on: dt.date | None = None


@router.get("/safety/inspections", response=list[InspectionOut])
@paginate(CappedLimitOffsetPagination)
def inspection_list(request: HttpRequest, filters: Query[InspectionFilters]):
    """Inspections of the institutions in your jurisdiction, newest first."""
    return selectors.inspection_list(actor=request.auth, filters=filters.dict())


@router.post("/safety/inspections", response={201: InspectionOut})
def inspection_record(request: HttpRequest, payload: InspectionIn):
    """Record an inspection: your institution's own check (kind `self_check`), or an office's
    inspection of an institution of your jurisdiction (`institution_id`)."""
    body = payload.dict()
    institution_id = body.pop("institution_id")
    return Status(201, services.inspection_record(actor=request.auth,
                                                  institution_id=institution_id, data=body))


@router.get("/safety/inspections/{inspection_id}", response=InspectionOut)
def inspection_get(request: HttpRequest, inspection_id: int):
    return selectors.inspection_get(actor=request.auth, inspection_id=inspection_id)


@router.post("/safety/inspections/{inspection_id}/hazards", response={201: HazardOut})
def hazard_record(request: HttpRequest, inspection_id: int, payload: HazardIn):
    """A hazard the inspection found; its deadline defaults to the level's
    (CWIS_SAFETY_HAZARD_FIX_DAYS) and cannot be later."""
    return Status(201, services.hazard_record(actor=request.auth, inspection_id=inspection_id,
                                              data=payload.dict()))


@router.get("/safety/hazards", response=list[HazardOut])
@paginate(CappedLimitOffsetPagination)
def hazard_list(request: HttpRequest, filters: Query[HazardFilters]):
    """Hazards of the institutions in your jurisdiction, the earliest deadline first."""
    return selectors.hazard_list(actor=request.auth, filters=filters.dict(),
                                 today=timezone.localdate())


@router.get("/safety/hazards/{hazard_id}", response=HazardOut)
def hazard_get(request: HttpRequest, hazard_id: int):
    return selectors.hazard_get(actor=request.auth, hazard_id=hazard_id)


@router.post("/safety/hazards/{hazard_id}/fix", response=HazardOut)
def hazard_fix(request: HttpRequest, hazard_id: int, payload: FixIn):
    """Record the fix; another person then checks it."""
    return services.hazard_fix_record(actor=request.auth, hazard_id=hazard_id,
                                      **payload.dict())


@router.post("/safety/hazards/{hazard_id}/check", response=HazardOut)
def hazard_check(request: HttpRequest, hazard_id: int, payload: CheckIn):
    """Check the recorded fix (not by who recorded it): `accepted` closes the hazard; refused,
    with a `note` saying what is still wrong, it waits for a fix again."""
    return services.hazard_check(actor=request.auth, hazard_id=hazard_id, **payload.dict())
