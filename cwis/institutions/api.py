"""/api/v1/ endpoints for institutions, their records, the province layout and
transformations. Thin: parse, call one service or selector, answer. Errors map in cwis/api.py
(404 out of scope, 403 role, 409 stale version, 422 bad input)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from cwis.institutions import selectors, services
from cwis.institutions.models import Institution, Transformation

router = Router(tags=["institutions"])


# --- schemas -------------------------------------------------------------------------------

class Ref(Schema):
    id: int
    name: str


class InstitutionOut(Schema):
    id: int
    name: str
    uscc: str | None
    level: str
    kind: str
    status: str
    division_code: str
    address: str
    beds: int
    services: list[str]
    has_social_work_department: bool
    transformation_state: str | None
    version: int

    @staticmethod
    def resolve_transformation_state(obj: Institution) -> str | None:
        try:
            return obj.transformation.state
        except Transformation.DoesNotExist:
            return None


class LicenceOut(Schema):
    id: int
    kind: str
    number: str
    issued_by: str
    valid_from: dt.date
    valid_to: dt.date | None
    note: str
    version: int


class PostOut(Schema):
    post_type: str
    headcount_set: int
    filled: int
    version: int | None

    @staticmethod
    def resolve_version(obj) -> int | None:
        return obj.post.version if obj.post else None


class ResidenceOut(Schema):
    id: int
    name: str
    capacity: int
    carer_father: str
    carer_mother: str
    carers_qualified_on: dt.date | None
    is_active: bool
    version: int


class SocialWorkOut(Schema):
    department: bool
    posts_set: int
    posts_filled: int


class InstitutionDetailOut(InstitutionOut):
    division_name: str
    status_changed_on: dt.date | None
    status_reason: str
    merged_into: Ref | None
    licences: list[LicenceOut]
    posts: list[PostOut]
    residences: list[ResidenceOut]
    social_work: SocialWorkOut

    @staticmethod
    def resolve_division_name(obj: Institution) -> str:
        return obj.division.name

    @staticmethod
    def resolve_licences(obj: Institution):
        return list(selectors.licences_of(obj))

    @staticmethod
    def resolve_posts(obj: Institution):
        return selectors.post_table(obj)

    @staticmethod
    def resolve_residences(obj: Institution):
        return list(obj.family_residences.all())

    @staticmethod
    def resolve_social_work(obj: Institution):
        return selectors.social_work_summary(obj, selectors.post_table(obj))


class ChangeOut(Schema):
    field: str
    old: str
    new: str


class HistoryOut(Schema):
    when: dt.datetime
    user: str
    created: bool
    reason: str
    changes: list[ChangeOut]


class InstitutionFilters(Schema):
    level: str | None = None
    kind: str | None = None
    status: str | None = None
    division: str | None = None
    transformation: str | None = None  # planned, handing_over, transformed, or none
    q: str | None = None


class InstitutionIn(Schema):
    name: str
    level: str
    kind: str
    division_code: str
    uscc: str | None = None
    address: str = ""
    beds: int = 0
    services: list[str] = []
    has_social_work_department: bool = False


class InstitutionPatch(Schema):
    version: int
    name: str | None = None
    level: str | None = None
    kind: str | None = None
    division_code: str | None = None
    uscc: str | None = None
    address: str | None = None
    beds: int | None = None
    services: list[str] | None = None
    has_social_work_department: bool | None = None
    status: str | None = None
    status_reason: str | None = None
    merged_into_id: int | None = None


class LicenceIn(Schema):
    kind: str
    number: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    issued_by: str = ""
    note: str = ""


class LicenceUpdateIn(LicenceIn):
    version: int


class PostIn(Schema):
    headcount_set: int
    version: int | None = None


class QualificationOut(Schema):
    id: int
    kind: str
    number: str
    issued_on: dt.date
    valid_to: dt.date | None


class TrainingOut(Schema):
    id: int
    title: str
    provider: str
    started_on: dt.date
    ended_on: dt.date
    hours: int


class StaffOut(Schema):
    id: int
    institution_id: int
    name: str
    post_type: str
    started_on: dt.date
    left_on: dt.date | None
    integration_outcome: str
    integration_on: dt.date | None
    transferred_to: Ref | None
    qualifications: list[QualificationOut]
    version: int


class StaffIn(Schema):
    name: str
    post_type: str
    started_on: dt.date
    left_on: dt.date | None = None


class StaffUpdateIn(StaffIn):
    version: int


class OutcomeIn(Schema):
    version: int
    outcome: str
    decided_on: dt.date | None = None
    transferred_to_id: int | None = None


class QualificationIn(Schema):
    kind: str
    number: str
    issued_on: dt.date
    valid_to: dt.date | None = None


class TrainingIn(Schema):
    title: str
    started_on: dt.date
    ended_on: dt.date
    hours: int = 0
    provider: str = ""


class ResidenceIn(Schema):
    name: str
    capacity: int
    carer_father: str = ""
    carer_mother: str = ""
    carers_qualified_on: dt.date | None = None
    is_active: bool = True


class ResidenceUpdateIn(ResidenceIn):
    version: int


class ChecklistOut(Schema):
    key: str
    label: str
    done: bool
    detail: str


class FactOut(Schema):
    id: int
    kind: str
    duty: str
    effective_on: dt.date
    description: str
    document_number: str
    withdrawn_at: dt.datetime | None
    withdrawn_reason: str
    version: int


class TransformationOut(Schema):
    institution_id: int
    eligible: bool
    state: str | None
    target_handover_date: dt.date | None
    target_completion_date: dt.date | None
    new_name: str
    started_on: dt.date | None
    completed_on: dt.date | None
    version: int | None
    receiver: Ref | None
    checklist: list[ChecklistOut]
    open_items: int
    facts: list[FactOut]
    staff_outcomes: dict[str, int]


class TransformationPlanIn(Schema):
    target_handover_date: dt.date
    target_completion_date: dt.date
    new_name: str = ""
    version: int | None = None


class VersionIn(Schema):
    version: int


class FactIn(Schema):
    kind: str
    effective_on: dt.date
    description: str
    duty: str = ""
    document_number: str = ""


class WithdrawIn(Schema):
    version: int
    reason: str


class CountyOut(Schema):
    code: str
    name: str
    institutions: list[InstitutionOut]
    receiver: Ref | None
    receiver_version: int | None


class LayoutOut(Schema):
    province_code: str
    province_name: str
    planned_child_welfare: int | None
    planned_minors_protection: int | None
    note: str
    version: int | None
    counts: dict[str, dict[str, int]]
    counties: list[CountyOut]


class LayoutIn(Schema):
    planned_child_welfare: int
    planned_minors_protection: int
    note: str = ""
    version: int | None = None


class ReceiverIn(Schema):
    receiver_id: int
    version: int | None = None


class ReceiverOut(Schema):
    county_code: str
    receiver: Ref
    version: int

    @staticmethod
    def resolve_county_code(obj) -> str:
        return obj.division_code


# --- institutions --------------------------------------------------------------------------

def _detail(actor, institution_id: int) -> Institution:
    return selectors.institution_get(actor=actor, institution_id=institution_id)


@router.get("/institutions", response=list[InstitutionOut])
@paginate(LimitOffsetPagination)
def institution_list(request: HttpRequest, filters: Query[InstitutionFilters]):
    """Institutions in your jurisdiction; filter by `level`, `kind`, `status`, `division`
    (code prefix) and `q` (name or credit code)."""
    return selectors.institution_list(actor=request.auth, filters=filters.dict())


@router.post("/institutions", response={201: InstitutionDetailOut})
def institution_create(request: HttpRequest, payload: InstitutionIn):
    institution = services.institution_create(actor=request.auth, **payload.dict())
    return Status(201, _detail(request.auth, institution.pk))


@router.get("/institutions/{institution_id}", response=InstitutionDetailOut)
def institution_get(request: HttpRequest, institution_id: int):
    return _detail(request.auth, institution_id)


@router.patch("/institutions/{institution_id}", response=InstitutionDetailOut)
def institution_update(request: HttpRequest, institution_id: int, payload: InstitutionPatch):
    """Change the fields sent; `version` is the one you read (409 if someone saved since)."""
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    services.institution_update(actor=request.auth, institution_id=institution_id,
                                version=version, changes=changes)
    return _detail(request.auth, institution_id)


@router.get("/institutions/{institution_id}/history", response=list[HistoryOut])
def institution_history(request: HttpRequest, institution_id: int):
    """Who changed what and when, newest first (the fields that changed, and why when it
    was not an ordinary edit: e.g. the transformation)."""
    institution = selectors.institution_get(actor=request.auth, institution_id=institution_id)
    return selectors.history_entries(institution)


# --- licences, posts, residences -----------------------------------------------------------

@router.post("/institutions/{institution_id}/licences", response={201: LicenceOut})
def licence_add(request: HttpRequest, institution_id: int, payload: LicenceIn):
    licence = services.licence_add(actor=request.auth, institution_id=institution_id,
                                   **payload.dict())
    return Status(201, licence)


@router.put("/licences/{licence_id}", response=LicenceOut)
def licence_update(request: HttpRequest, licence_id: int, payload: LicenceUpdateIn):
    return services.licence_update(actor=request.auth, licence_id=licence_id, **payload.dict())


@router.put("/institutions/{institution_id}/posts/{post_type}", response=PostOut)
def post_set(request: HttpRequest, institution_id: int, post_type: str, payload: PostIn):
    """Set the headcount of a post type; send the post's `version` once it exists."""
    services.post_set_headcount(actor=request.auth, institution_id=institution_id,
                                post_type=post_type, **payload.dict())
    institution = selectors.institution_get(actor=request.auth, institution_id=institution_id)
    return next(row for row in selectors.post_table(institution) if row.post_type == post_type)


@router.post("/institutions/{institution_id}/residences", response={201: ResidenceOut})
def residence_add(request: HttpRequest, institution_id: int, payload: ResidenceIn):
    residence = services.residence_add(actor=request.auth, institution_id=institution_id,
                                       **payload.dict())
    return Status(201, residence)


@router.put("/residences/{residence_id}", response=ResidenceOut)
def residence_update(request: HttpRequest, residence_id: int, payload: ResidenceUpdateIn):
    return services.residence_update(actor=request.auth, residence_id=residence_id,
                                     **payload.dict())


# --- staff ---------------------------------------------------------------------------------

@router.get("/institutions/{institution_id}/staff", response=list[StaffOut])
def staff_list(request: HttpRequest, institution_id: int, current: bool = False):
    _institution, staff = selectors.staff_list(actor=request.auth, institution_id=institution_id,
                                               current_only=current)
    return list(staff)


@router.post("/institutions/{institution_id}/staff", response={201: StaffOut})
def staff_add(request: HttpRequest, institution_id: int, payload: StaffIn):
    staff = services.staff_add(actor=request.auth, institution_id=institution_id,
                               **payload.dict())
    return Status(201, selectors.staff_get(actor=request.auth, staff_id=staff.pk))


@router.put("/staff/{staff_id}", response=StaffOut)
def staff_update(request: HttpRequest, staff_id: int, payload: StaffUpdateIn):
    services.staff_update(actor=request.auth, staff_id=staff_id, **payload.dict())
    return selectors.staff_get(actor=request.auth, staff_id=staff_id)


@router.post("/staff/{staff_id}/outcome", response=StaffOut)
def staff_outcome(request: HttpRequest, staff_id: int, payload: OutcomeIn):
    """What becomes of the staff member in the transformation: `retained`, `transferred`
    (with `transferred_to_id`), `left`, or `""` (not decided)."""
    services.staff_record_outcome(actor=request.auth, staff_id=staff_id, **payload.dict())
    return selectors.staff_get(actor=request.auth, staff_id=staff_id)


@router.post("/staff/{staff_id}/qualifications", response={201: QualificationOut})
def qualification_add(request: HttpRequest, staff_id: int, payload: QualificationIn):
    qualification = services.qualification_add(actor=request.auth, staff_id=staff_id,
                                               **payload.dict())
    return Status(201, qualification)


@router.post("/staff/{staff_id}/trainings", response={201: TrainingOut})
def training_add(request: HttpRequest, staff_id: int, payload: TrainingIn):
    training = services.training_add(actor=request.auth, staff_id=staff_id, **payload.dict())
    return Status(201, training)


# --- transformation --------------------------------------------------------------------

def _transformation(actor, institution_id: int) -> dict:
    view = selectors.transformation_view(actor=actor, institution_id=institution_id)
    plan = view.transformation
    return {
        "institution_id": view.institution.pk,
        "eligible": view.eligible,
        "state": plan.state if plan else None,
        "target_handover_date": plan.target_handover_date if plan else None,
        "target_completion_date": plan.target_completion_date if plan else None,
        "new_name": plan.new_name if plan else "",
        "started_on": plan.started_on if plan else None,
        "completed_on": plan.completed_on if plan else None,
        "version": plan.version if plan else None,
        "receiver": view.receiver.receiver if view.receiver else None,
        "checklist": view.checklist,
        "open_items": view.open_count,
        "facts": view.facts,
        "staff_outcomes": {key: n for key, n in view.staff_outcomes.items()},
    }


@router.get("/institutions/{institution_id}/transformation", response=TransformationOut)
def transformation_get(request: HttpRequest, institution_id: int):
    """State, targets, the receiver of the county's children, and the checklist computed
    from data (or as it read at completion)."""
    return _transformation(request.auth, institution_id)


@router.put("/institutions/{institution_id}/transformation", response=TransformationOut)
def transformation_plan(request: HttpRequest, institution_id: int,
                        payload: TransformationPlanIn):
    """Plan the transformation or change its targets (province officers)."""
    services.transformation_plan(actor=request.auth, institution_id=institution_id,
                                 **payload.dict())
    return _transformation(request.auth, institution_id)


@router.post("/institutions/{institution_id}/transformation/start",
             response=TransformationOut)
def transformation_start(request: HttpRequest, institution_id: int, payload: VersionIn):
    services.transformation_start(actor=request.auth, institution_id=institution_id,
                                  version=payload.version)
    return _transformation(request.auth, institution_id)


@router.post("/institutions/{institution_id}/transformation/complete",
             response=TransformationOut)
def transformation_complete(request: HttpRequest, institution_id: int, payload: VersionIn):
    """Refused with 422 and the open items while any checklist item is open."""
    services.transformation_complete(actor=request.auth, institution_id=institution_id,
                                     version=payload.version)
    return _transformation(request.auth, institution_id)


@router.post("/institutions/{institution_id}/transformation/facts", response={201: FactOut})
def fact_record(request: HttpRequest, institution_id: int, payload: FactIn):
    fact = services.integration_fact_record(actor=request.auth, institution_id=institution_id,
                                            **payload.dict())
    return Status(201, fact)


@router.post("/transformation-facts/{fact_id}/withdraw", response=FactOut)
def fact_withdraw(request: HttpRequest, fact_id: int, payload: WithdrawIn):
    return services.integration_fact_withdraw(actor=request.auth, fact_id=fact_id,
                                              **payload.dict())


# --- province layout -----------------------------------------------------------------------

def _layout(actor, province_code: str) -> dict:
    view = selectors.province_layout_view(actor=actor, province_code=province_code)
    layout = view.layout
    return {
        "province_code": view.province.code,
        "province_name": view.province.name,
        "planned_child_welfare": layout.planned_child_welfare if layout else None,
        "planned_minors_protection": layout.planned_minors_protection if layout else None,
        "note": layout.note if layout else "",
        "version": layout.version if layout else None,
        "counts": view.counts,
        "counties": [
            {
                "code": row.county.code,
                "name": row.county.name,
                "institutions": row.institutions,
                "receiver": row.receiver.receiver if row.receiver else None,
                "receiver_version": row.receiver.version if row.receiver else None,
            }
            for row in view.counties
        ],
    }


@router.get("/provinces/{province_code}/layout", response=LayoutOut)
def layout_get(request: HttpRequest, province_code: str):
    """The province's planned numbers, operating institutions by kind and level, and for
    each county its county institutions and the institution receiving its children."""
    return _layout(request.auth, province_code)


@router.put("/provinces/{province_code}/layout", response=LayoutOut)
def layout_set(request: HttpRequest, province_code: str, payload: LayoutIn):
    services.province_layout_set(actor=request.auth, province_code=province_code,
                                 **payload.dict())
    return _layout(request.auth, province_code)


@router.put("/counties/{county_code}/receiver", response=ReceiverOut)
def receiver_set(request: HttpRequest, county_code: str, payload: ReceiverIn):
    """Which child welfare institution (province or prefecture level, same province)
    receives the county's children."""
    return services.county_receiver_set(actor=request.auth, county_code=county_code,
                                        **payload.dict())
