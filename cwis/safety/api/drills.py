"""/api/v1/safety: emergency plans, drills (and the hazards they find), food safety
certificates and sample logs. Thin: parse, call one service or selector."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from cwis.core.input import RecordId
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.safety.api.hazards import HazardIn, HazardOut
from cwis.safety.api.router import router
from cwis.safety.selectors import drills as selectors
from cwis.safety.services import drills as services
from cwis.safety.services import food as food_services


class SafetyInstitutionFilters(Schema):
    institution: RecordId | None = None
    year: int | None = Field(None, ge=1900, le=2999)
    division: str | None = Field(None, pattern=r"^\d{1,12}$")  # a code prefix


class SafetyPlanIn(Schema):
    institution_id: RecordId | None = None
    kind: str = ""
    title: str = ""
    approved_on: dt.date | None = None
    review_on: dt.date | None = None
    document: str = ""
    summary: str = ""


class SafetyPlanOut(Schema):
    id: int
    institution_id: int
    kind: str
    title: str
    approved_on: dt.date
    review_on: dt.date
    document: str
    summary: str
    replaced_on: dt.date | None
    has_file: bool  # GET /safety/plans/{id}/file downloads it
    version: int

    @staticmethod
    def resolve_has_file(obj) -> bool:
        return bool(obj.file)


class DrillIn(Schema):
    institution_id: RecordId | None = None
    plan_id: RecordId | None = None
    held_on: dt.date | None = None
    scenario: str = ""
    description: str = ""
    participants: str = ""
    participant_count: int | None = None
    duration_minutes: int | None = None
    with_fire_service: bool = False
    problems: str = ""


class DrillOut(Schema):
    id: int
    institution_id: int
    plan_id: int | None
    held_on: dt.date
    scenario: str
    description: str
    participants: str
    participant_count: int
    duration_minutes: int
    with_fire_service: bool
    problems: str
    version: int


class CertificateIn(Schema):
    institution_id: RecordId | None = None
    kind: str = ""
    holder: str = ""
    number: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None


class CertificateOut(Schema):
    id: int
    institution_id: int
    kind: str
    holder: str
    number: str
    issued_on: dt.date
    expires_on: dt.date
    version: int


class SampleIn(Schema):
    institution_id: RecordId | None = None
    served_on: dt.date | None = None
    meal: str = ""
    dishes: str = ""
    grams_per_dish: int | None = None
    kept_hours: int | None = None
    sampled_by: str = ""


class SampleOut(Schema):
    id: int
    institution_id: int
    served_on: dt.date
    meal: str
    dishes: str
    grams_per_dish: int
    kept_hours: int
    sampled_by: str


def _split(payload: Schema) -> tuple[int | None, dict]:
    body = payload.dict()
    return body.pop("institution_id"), body


@router.get("/safety/plans", response=list[SafetyPlanOut])
@paginate(CappedLimitOffsetPagination)
def plan_list(request: HttpRequest, filters: Query[SafetyInstitutionFilters]):
    """The current emergency and evacuation plans of the institutions in your jurisdiction."""
    return selectors.plan_list(actor=request.auth, filters=filters.dict())


@router.post("/safety/plans", response={201: SafetyPlanOut})
def plan_record(request: HttpRequest, payload: SafetyPlanIn):
    """A new plan; it replaces the institution's current plan of the same kind."""
    institution_id, body = _split(payload)
    return Status(201, services.plan_record(actor=request.auth, institution_id=institution_id,
                                            data=body))


@router.get("/safety/drills", response=list[DrillOut])
@paginate(CappedLimitOffsetPagination)
def drill_list(request: HttpRequest, filters: Query[SafetyInstitutionFilters]):
    return selectors.drill_list(actor=request.auth, filters=filters.dict())


@router.post("/safety/drills", response={201: DrillOut})
def drill_record(request: HttpRequest, payload: DrillIn):
    """A drill (`with_fire_service` when the fire service took part)."""
    institution_id, body = _split(payload)
    return Status(201, services.drill_record(actor=request.auth,
                                             institution_id=institution_id, data=body))


@router.get("/safety/drills/{drill_id}", response=DrillOut)
def drill_get(request: HttpRequest, drill_id: int):
    return selectors.drill_get(actor=request.auth, drill_id=drill_id)


@router.post("/safety/drills/{drill_id}/hazards", response={201: HazardOut})
def drill_hazard_record(request: HttpRequest, drill_id: int, payload: HazardIn):
    """A hazard the drill found: it follows the same flow as an inspection's."""
    return Status(201, services.drill_hazard_record(actor=request.auth, drill_id=drill_id,
                                                    data=payload.dict()))


@router.get("/safety/food/certificates", response=list[CertificateOut])
@paginate(CappedLimitOffsetPagination)
def certificate_list(request: HttpRequest, filters: Query[SafetyInstitutionFilters]):
    """The current canteen licences and health certificates, the first to expire first."""
    return selectors.certificate_list(actor=request.auth, filters=filters.dict())


@router.post("/safety/food/certificates", response={201: CertificateOut})
def certificate_record(request: HttpRequest, payload: CertificateIn):
    institution_id, body = _split(payload)
    return Status(201, food_services.certificate_record(
        actor=request.auth, institution_id=institution_id, data=body))


@router.get("/safety/food/samples", response=list[SampleOut])
@paginate(CappedLimitOffsetPagination)
def sample_list(request: HttpRequest, filters: Query[SafetyInstitutionFilters]):
    return selectors.sample_list(actor=request.auth, filters=filters.dict())


@router.post("/safety/food/samples", response={201: SampleOut})
def sample_record(request: HttpRequest, payload: SampleIn):
    """One meal's retained samples (留样)."""
    institution_id, body = _split(payload)
    return Status(201, food_services.sample_record(actor=request.auth,
                                                   institution_id=institution_id, data=body))
