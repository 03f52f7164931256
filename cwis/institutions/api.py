"""/api/v1/ endpoints for institutions, their records, the province layout and
transformations (input and output shapes in schemas.py). Thin: parse, call one service or
selector, answer. Errors map in cwis/api.py (404 out of scope, 403 role, 409 stale version,
422 bad input)."""

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from cwis.accounts.models import User
from cwis.core.pagination import BoundedLimitOffsetPagination
from cwis.core.schemas import VersionIn
from cwis.institutions import selectors, services
from cwis.institutions.models import Institution
from cwis.institutions.schemas import (
    FactIn,
    FactOut,
    InstitutionDetailOut,
    InstitutionFilters,
    InstitutionHistoryOut,
    InstitutionIn,
    InstitutionOut,
    InstitutionPatch,
    LayoutIn,
    LayoutOut,
    LicenceIn,
    LicenceOut,
    LicenceUpdateIn,
    OutcomeIn,
    PostIn,
    PostOut,
    QualificationIn,
    QualificationOut,
    ReceiverIn,
    ReceiverOut,
    ResidenceIn,
    ResidenceOut,
    ResidenceUpdateIn,
    StaffIn,
    StaffOut,
    StaffUpdateIn,
    TrainingIn,
    TrainingOut,
    TransformationOut,
    TransformationPlanIn,
    WithdrawIn,
)

router = Router(tags=["institutions"])


# --- institutions --------------------------------------------------------------------------

def _detail(actor: User, institution_id: int) -> Institution:
    return selectors.institution_get(actor=actor, institution_id=institution_id)


@router.get("/institutions", response=list[InstitutionOut])
@paginate(BoundedLimitOffsetPagination)
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


@router.get("/institutions/{institution_id}/history", response=list[InstitutionHistoryOut])
def institution_history(request: HttpRequest, institution_id: int):
    """Who changed what and when, newest first (the fields that changed, and why when it
    was not an ordinary edit: e.g. the transformation)."""
    institution = selectors.institution_get(actor=request.auth, institution_id=institution_id)
    return selectors.record_history(institution)


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

def _transformation(actor: User, institution_id: int) -> dict:
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

def _layout(actor: User, province_code: str) -> dict:
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
