"""/api/v1/safety: social organisations, their engagements, volunteers and their hours,
and the figures per area (policy 三(三))."""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from cwis.core.home import SUBAREA_WIDTH
from cwis.core.input import RecordId
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.core.scoping import actor_prefix
from cwis.safety.api.router import router
from cwis.safety.selectors import organisations as selectors
from cwis.safety.services import organisations as services


class OrganisationIn(Schema):
    institution_id: RecordId | None = None
    name: str = ""
    uscc: str = ""
    kind: str = ""
    services: str = ""
    contact_person: str = ""
    phone: str = ""


class OrganisationOut(Schema):
    id: int
    county_code: str
    institution_id: int | None
    name: str
    uscc: str
    kind: str
    services: str
    contact_person: str
    phone: str
    version: int


class EngagementIn(Schema):
    form: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    amount: Decimal | None = None
    contract_reference: str = ""
    services: str = ""


class EngagementOut(Schema):
    id: int
    organisation_id: int
    form: str
    starts_on: dt.date
    ends_on: dt.date | None
    amount: Decimal | None
    contract_reference: str
    services: str


class VolunteerIn(Schema):
    institution_id: RecordId | None = None
    organisation_id: RecordId | None = None
    name: str = ""
    phone: str = ""
    trained_on: dt.date | None = None
    training: str = ""


class VolunteerOut(Schema):
    id: int
    county_code: str
    institution_id: int | None
    organisation_id: int | None
    name: str
    phone: str
    trained_on: dt.date | None
    training: str
    hours: Decimal


class ServiceIn(Schema):
    served_on: dt.date | None = None
    hours: Decimal | None = None
    activity: str = ""


class ServiceOut(Schema):
    id: int
    volunteer_id: int
    served_on: dt.date
    hours: Decimal
    activity: str


class OrganisationFigures(Schema):
    area: str
    organisations: int
    amount: Decimal
    hours: Decimal


class FigureFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2999)


@router.get("/safety/organisations", response=list[OrganisationOut])
@paginate(CappedLimitOffsetPagination)
def organisation_list(request: HttpRequest):
    return selectors.organisation_list(actor=request.auth)


@router.post("/safety/organisations", response={201: OrganisationOut})
def organisation_register(request: HttpRequest, payload: OrganisationIn):
    """Register an organisation your county (or institution) works with; `uscc` is checked."""
    body = payload.dict()
    institution_id = body.pop("institution_id")
    return Status(201, services.organisation_register(
        actor=request.auth, institution_id=institution_id, data=body))


@router.get("/safety/organisations/figures", response=list[OrganisationFigures])
def organisation_figures(request: HttpRequest, filters: Query[FigureFilters]):
    """Per area one level down: organisations engaged in the year, the amounts of the
    engagements starting in it, the volunteer hours served in it."""
    prefix = actor_prefix(request.auth) or ""
    width = min(SUBAREA_WIDTH.get(len(prefix), 6), 6)
    found = selectors.organisation_figures(actor=request.auth, prefix=prefix, width=width,
                                           year=filters.year or timezone.localdate().year)
    return [{"area": area, **values} for area, values in sorted(found.items())]


@router.get("/safety/organisations/{organisation_id}", response=OrganisationOut)
def organisation_get(request: HttpRequest, organisation_id: int):
    return selectors.organisation_get(actor=request.auth, organisation_id=organisation_id)


@router.post("/safety/organisations/{organisation_id}/engagements",
             response={201: EngagementOut})
def engagement_record(request: HttpRequest, organisation_id: int, payload: EngagementIn):
    """An engagement: entrusted, project (both with term and amount), recommended,
    incubation."""
    return Status(201, services.engagement_record(actor=request.auth,
                                                  organisation_id=organisation_id,
                                                  data=payload.dict()))


@router.get("/safety/volunteers", response=list[VolunteerOut])
@paginate(CappedLimitOffsetPagination)
def volunteer_list(request: HttpRequest):
    return selectors.volunteer_list(actor=request.auth)


@router.post("/safety/volunteers", response={201: VolunteerOut})
def volunteer_register(request: HttpRequest, payload: VolunteerIn):
    body = payload.dict()
    institution_id, organisation_id = body.pop("institution_id"), body.pop("organisation_id")
    return Status(201, services.volunteer_register(
        actor=request.auth, institution_id=institution_id, organisation_id=organisation_id,
        data=body))


@router.post("/safety/volunteers/{volunteer_id}/services", response={201: ServiceOut})
def volunteer_service_record(request: HttpRequest, volunteer_id: int, payload: ServiceIn):
    return Status(201, services.volunteer_service_record(
        actor=request.auth, volunteer_id=volunteer_id, **payload.dict()))
