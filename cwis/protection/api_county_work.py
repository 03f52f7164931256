"""/api/v1/protection: the work around the county's cases for programs: registering a child
directly for a case, policy talks, township workstations and guidance visits, and the
year's figures per area. Thin: parse, call one service or selector, shape the answer.
Errors map in cwis/api.py (404 / 403 / 409 / 422)."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from cwis.children import selectors as child_selectors
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.core.permissions import Perm, require
from cwis.protection import services
from cwis.protection.selectors import county_work as selectors
from cwis.protection.services import county_work as work_services

router = Router(tags=["protection work"])


# ------------------------------------------------------------- direct registration


class DirectChildIn(Schema):
    division: str = ""  # the township (9 digits) or village (12 digits) found or living in
    name: str = ""
    sex: str = ""
    birth_date: dt.date | None = None
    birth_date_estimated: bool = False
    registered_on: dt.date | None = None
    citizen_id: str = ""
    ethnicity: str = ""
    former_names: str = ""
    hukou_address: str = ""
    found_on: dt.date | None = None
    found_place: str = ""
    found_circumstances: str = ""
    police_case_number: str = ""
    is_parents_not_found: bool = False
    guardian_relation: str = ""
    guardian_name: str = ""
    guardian_phone: str = ""
    home_address: str = ""
    health_summary: str = ""
    dismissed_duplicates: list[int] = []


class DirectChildOut(Schema):
    id: int
    name: str
    sex: str
    birth_date: dt.date
    birth_date_estimated: bool
    citizen_id: str
    division_code: str
    status: str
    registered_on: dt.date | None
    found_on: dt.date | None
    version: int


@router.post("/protection/children", response={201: DirectChildOut})
def child_register_for_case(request: HttpRequest, payload: DirectChildIn):
    """Register a child never seen before (a child found alone) for a protection case, then
    open the case with POST /children/{id}/protection-cases. The same ID-number and duplicate
    checks as every registration: 422 `duplicates` until they are listed in
    `dismissed_duplicates`."""
    body = payload.dict()
    dismissed = body.pop("dismissed_duplicates")
    child = services.child_register_for_case(actor=request.auth, data=body,
                                             dismissed_duplicates=dismissed)
    out = {f: getattr(child, f) for f in DirectChildOut.model_fields}
    out["citizen_id"] = child_selectors.child_id_number_for(actor=request.auth, child=child)
    return Status(201, out)


# ------------------------------------------------------------------------ policy talks


class TalkIn(Schema):
    held_on: dt.date | None = None
    place: str = ""
    audience_kind: str = ""
    audience_count: int | None = None
    topic: str = ""
    speakers: str = ""
    note: str = ""


class TalkPatch(Schema):
    version: int
    held_on: dt.date | None = None
    place: str | None = None
    audience_kind: str | None = None
    audience_count: int | None = None
    topic: str | None = None
    speakers: str | None = None
    note: str | None = None


class TalkOut(Schema):
    id: int
    county_code: str
    held_on: dt.date
    place: str
    audience_kind: str
    audience_count: int
    topic: str
    speakers: str
    note: str
    version: int


# A year CWIS may hold records of (cwis.core.validators: nothing before 1900).
YEAR = {"ge": 1900, "le": 2999}


class TalkFilters(Schema):
    year: int | None = Field(None, **YEAR)
    audience_kind: str | None = None
    q: str | None = None
    sort: str = "-held"  # held, -held, audience, -audience


@router.get("/protection/talks", response=list[TalkOut])
@paginate(CappedLimitOffsetPagination)
def talk_list(request: HttpRequest, filters: Query[TalkFilters]):
    """Your county's policy talks, newest first by default."""
    body = filters.dict()
    order = body.pop("sort")
    return selectors.talk_list(actor=request.auth, filters=body, order=order)


@router.post("/protection/talks", response={201: TalkOut})
def talk_record(request: HttpRequest, payload: TalkIn):
    """Record a policy talk of your county."""
    return Status(201, work_services.talk_record(actor=request.auth, data=payload.dict()))


@router.get("/protection/talks/{talk_id}", response=TalkOut)
def talk_get(request: HttpRequest, talk_id: int):
    return selectors.talk_get(actor=request.auth, talk_id=talk_id)


@router.patch("/protection/talks/{talk_id}", response=TalkOut)
def talk_update(request: HttpRequest, talk_id: int, payload: TalkPatch):
    """Correct the fields sent; 409 if someone saved after the `version` you read."""
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return work_services.talk_update(actor=request.auth, talk_id=talk_id, version=version,
                                     data=changes)


# ---------------------------------------------------------------------- workstations


class WorkstationIn(Schema):
    township: str = ""  # the township's 9-digit code
    name: str = ""
    status: str = "planned"
    set_up_on: dt.date | None = None
    staff_names: str = ""
    staff_count: int | None = 0
    address: str = ""
    phone: str = ""
    note: str = ""


class WorkstationPatch(Schema):
    version: int
    township: str | None = None
    name: str | None = None
    status: str | None = None
    set_up_on: dt.date | None = None
    staff_names: str | None = None
    staff_count: int | None = None
    address: str | None = None
    phone: str | None = None
    note: str | None = None


class WorkstationOut(Schema):
    id: int
    county_code: str
    township_code: str
    name: str
    status: str
    set_up_on: dt.date | None
    staff_names: str
    staff_count: int
    address: str
    phone: str
    note: str
    version: int


class WorkstationListItem(WorkstationOut):
    last_visit_on: dt.date | None = None
    visits_in_year: int = 0


class WorkstationFilters(Schema):
    status: str | None = None
    township: str | None = None
    guided: str | None = None  # yes / no: a guidance visit this year
    # the year `guided` and `visits_in_year` count (this year by default)
    year: int | None = Field(None, **YEAR)


@router.get("/protection/workstations", response=list[WorkstationListItem])
@paginate(CappedLimitOffsetPagination)
def workstation_list(request: HttpRequest, filters: Query[WorkstationFilters]):
    """The workstations you see: your county's, or your own township's."""
    body = filters.dict()
    year = body.pop("year") or timezone.localdate().year
    return selectors.workstation_list(actor=request.auth, filters=body, year=year)


@router.post("/protection/workstations", response={201: WorkstationOut})
def workstation_register(request: HttpRequest, payload: WorkstationIn):
    """Register a township's workstation (one per township)."""
    return Status(201, work_services.workstation_register(actor=request.auth,
                                                          data=payload.dict()))


@router.get("/protection/workstations/{workstation_id}", response=WorkstationOut)
def workstation_get(request: HttpRequest, workstation_id: int):
    return selectors.workstation_get(actor=request.auth, workstation_id=workstation_id)


@router.patch("/protection/workstations/{workstation_id}", response=WorkstationOut)
def workstation_update(request: HttpRequest, workstation_id: int, payload: WorkstationPatch):
    """Change the fields sent; 409 if someone saved after the `version` you read."""
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return work_services.workstation_update(actor=request.auth, workstation_id=workstation_id,
                                            version=version, data=changes)


# ------------------------------------------------------------------- guidance visits


class GuidanceVisitIn(Schema):
    visited_on: dt.date | None = None
    visitors: str = ""
    findings: str = ""
    follow_up: str = ""
    follow_up_due: dt.date | None = None


class GuidanceVisitPatch(Schema):
    version: int
    visited_on: dt.date | None = None
    visitors: str | None = None
    findings: str | None = None
    follow_up: str | None = None
    follow_up_due: dt.date | None = None


class GuidanceVisitOut(Schema):
    id: int
    workstation_id: int
    visited_on: dt.date
    visitors: str
    findings: str
    follow_up: str
    follow_up_due: dt.date | None
    version: int


class GuidanceVisitFilters(Schema):
    year: int | None = Field(None, **YEAR)
    township: str | None = None


@router.get("/protection/guidance-visits", response=list[GuidanceVisitOut])
@paginate(CappedLimitOffsetPagination)
def guidance_visit_list(request: HttpRequest, filters: Query[GuidanceVisitFilters]):
    """The guidance visits to the workstations you see, newest first."""
    return selectors.guidance_visit_list(actor=request.auth, filters=filters.dict())


@router.post("/protection/workstations/{workstation_id}/guidance-visits",
             response={201: GuidanceVisitOut})
def guidance_visit_record(request: HttpRequest, workstation_id: int,
                          payload: GuidanceVisitIn):
    """Record the county institution's guidance visit to the workstation."""
    return Status(201, work_services.guidance_visit_record(
        actor=request.auth, workstation_id=workstation_id, data=payload.dict()))


@router.patch("/protection/guidance-visits/{visit_id}", response=GuidanceVisitOut)
def guidance_visit_update(request: HttpRequest, visit_id: int, payload: GuidanceVisitPatch):
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return work_services.guidance_visit_update(actor=request.auth, visit_id=visit_id,
                                               version=version, data=changes)


# --------------------------------------------------------------------------- figures


class CountyWorkFiguresOut(Schema):
    area: str  # a division code prefix one level below your jurisdiction (a county's own)
    talks: int
    audience: int
    workstations: int
    guided: int
    visits: int


class FiguresQuery(Schema):
    year: int | None = Field(None, **YEAR)  # this year by default


@router.get("/protection/county-work/figures", response=list[CountyWorkFiguresOut])
def county_work_figures(request: HttpRequest, query: Query[FiguresQuery]):
    """A year's policy talks (count, audience) and workstations (set up, guided, visits) per
    area one level below your jurisdiction (403 without the figures)."""
    require(request.auth, Perm.COUNTY_WORK_FIGURES)
    return selectors.county_work_figures(actor=request.auth,
                                         year=query.year or timezone.localdate().year)
