"""/api/v1 family foster care, family-style couples and adulthood plans. Thin: parse,
call one service or selector, shape the answer; errors map in cwis/api.py (404 out of
scope, 403 wrong role, 409 stale version, 422 refused input)."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Schema, Status
from ninja.pagination import paginate

from cwis.care.api.router import router
from cwis.care.schemas import VersionReasonIn
from cwis.care.schemas_family import (
    AdulthoodApproachingOut,
    AdulthoodFollowUpIn,
    AdulthoodFollowUpOut,
    AdulthoodOutcomeIn,
    AdulthoodPathIn,
    AdulthoodPathOut,
    AdulthoodPlanDetailOut,
    AdulthoodPlanIn,
    AdulthoodPlanOut,
    AdulthoodPlanPatch,
    AdulthoodStepDoneIn,
    AdulthoodStepIn,
    AdulthoodStepOut,
    CarerEvaluationIn,
    CarerEvaluationOut,
    CarerTrainingIn,
    CarerTrainingOut,
    CoupleQualifyIn,
    FamilyVersionOnIn,
    FamilyVersionOnReasonIn,
    FosterEndIn,
    FosterEvaluationIn,
    FosterFamilyIn,
    FosterFamilyListOut,
    FosterFamilyOut,
    FosterFamilyPatch,
    FosterPlaceIn,
    FosterPlacementOut,
    FosterVisitIn,
    FosterVisitOut,
    ResidenceCoupleIn,
    ResidenceCoupleOut,
)
from cwis.care.selectors import adulthood as adulthood_selectors
from cwis.care.selectors import foster as foster_selectors
from cwis.care.services import adulthood as adulthood_services
from cwis.care.services import foster as foster_services
from cwis.core.audit import access_log_record
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.core.schemas import VersionIn


def _log(request: HttpRequest, record, object_type: str) -> None:
    access_log_record(actor=request.auth, object_type=object_type, object_id=record.pk,
                      division_code=record.child.division_code, request=request)


# ------------------------------------------------------------------- foster families


@router.get("/care/foster-families", response=list[FosterFamilyListOut])
@paginate(CappedLimitOffsetPagination)
def foster_family_list(request: HttpRequest, state: str = "active"):
    """The foster families in scope, with the foster children each has now."""
    return foster_selectors.foster_family_list(actor=request.auth, state=state)


@router.post("/care/foster-families", response={201: FosterFamilyOut})
def foster_family_register(request: HttpRequest, payload: FosterFamilyIn):
    """Register a family with the actor's institution (social worker, director)."""
    return Status(201, foster_services.foster_family_register(actor=request.auth,
                                                              data=payload.dict()))


@router.get("/care/foster-families/{family_id}", response=FosterFamilyOut)
def foster_family_get(request: HttpRequest, family_id: int):
    return foster_selectors.foster_family_get(actor=request.auth, family_id=family_id)


@router.patch("/care/foster-families/{family_id}", response=FosterFamilyOut)
def foster_family_update(request: HttpRequest, family_id: int, payload: FosterFamilyPatch):
    changes = payload.dict(exclude_unset=True)
    version, reason = changes.pop("version"), changes.pop("reason", "")
    return foster_services.foster_family_update(actor=request.auth, family_id=family_id,
                                                version=version, data=changes, reason=reason)


@router.post("/care/foster-families/{family_id}/check", response=FosterFamilyOut)
def foster_family_check(request: HttpRequest, family_id: int, payload: FamilyVersionOnIn):
    """Record that the family meets every condition of the foster care measures."""
    return foster_services.foster_family_check(actor=request.auth, family_id=family_id,
                                               version=payload.version, on=payload.on)


@router.post("/care/foster-families/{family_id}/end", response=FosterFamilyOut)
def foster_family_end(request: HttpRequest, family_id: int, payload: FamilyVersionOnReasonIn):
    return foster_services.foster_family_end(actor=request.auth, family_id=family_id,
                                             version=payload.version, on=payload.on,
                                             reason=payload.reason)


@router.post("/care/foster-families/{family_id}/trainings", response={201: CarerTrainingOut})
def foster_family_training(request: HttpRequest, family_id: int, payload: CarerTrainingIn):
    return Status(201, foster_services.carer_training_record(
        actor=request.auth, family_id=family_id, data=payload.dict()))


@router.post("/care/foster-families/{family_id}/evaluations", response={201: CarerEvaluationOut})
def foster_family_evaluation(request: HttpRequest, family_id: int, payload: CarerEvaluationIn):
    return Status(201, foster_services.carer_evaluation_record(
        actor=request.auth, family_id=family_id, data=payload.dict()))


# ---------------------------------------------------------------- foster placements


@router.post("/children/{child_id}/foster-placement", response={201: FosterPlacementOut})
def foster_place(request: HttpRequest, child_id: int, payload: FosterPlaceIn):
    """Place the child with a foster family (refused when the family is full, unchecked or
    without an agreement in force)."""
    return Status(201, foster_services.foster_place(
        actor=request.auth, child_id=child_id, family_id=payload.family_id, on=payload.on,
        reason=payload.reason))


@router.get("/care/foster-placements/{foster_id}", response=FosterPlacementOut)
def foster_placement_get(request: HttpRequest, foster_id: int):
    foster = foster_selectors.foster_placement_get(actor=request.auth, foster_id=foster_id)
    _log(request, foster, "care_foster_placement")
    return foster


@router.post("/care/foster-placements/{foster_id}/visits", response={201: FosterVisitOut})
def foster_visit(request: HttpRequest, foster_id: int, payload: FosterVisitIn):
    return Status(201, foster_services.foster_visit_record(
        actor=request.auth, foster_id=foster_id, data=payload.dict()))


@router.post("/care/foster-placements/{foster_id}/evaluation", response=FosterPlacementOut)
def foster_evaluate(request: HttpRequest, foster_id: int, payload: FosterEvaluationIn):
    data = payload.dict()
    version = data.pop("version")
    return foster_services.foster_evaluate(actor=request.auth, foster_id=foster_id,
                                           version=version, data=data)


@router.post("/care/foster-placements/{foster_id}/end", response=FosterPlacementOut)
def foster_end(request: HttpRequest, foster_id: int, payload: FosterEndIn):
    """End the placement with a reason; the child moves back into the institution."""
    return foster_services.foster_end(actor=request.auth, foster_id=foster_id,
                                      version=payload.version, on=payload.on,
                                      reason=payload.reason, note=payload.note)


# ------------------------------------------------------------- family-style couples


@router.post("/care/residences/{residence_id}/couples", response={201: ResidenceCoupleOut})
def couple_record(request: HttpRequest, residence_id: int, payload: ResidenceCoupleIn):
    return Status(201, foster_services.couple_record(actor=request.auth,
                                                     residence_id=residence_id,
                                                     data=payload.dict()))


@router.get("/care/couples/{couple_id}", response=ResidenceCoupleOut)
def couple_get(request: HttpRequest, couple_id: int):
    return foster_selectors.couple_get(actor=request.auth, couple_id=couple_id)


@router.post("/care/couples/{couple_id}/qualify", response=ResidenceCoupleOut)
def couple_qualify(request: HttpRequest, couple_id: int, payload: CoupleQualifyIn):
    return foster_services.couple_qualify(actor=request.auth, couple_id=couple_id,
                                          version=payload.version, on=payload.on,
                                          note=payload.note)


@router.post("/care/couples/{couple_id}/end", response=ResidenceCoupleOut)
def couple_end(request: HttpRequest, couple_id: int, payload: FamilyVersionOnReasonIn):
    return foster_services.couple_end(actor=request.auth, couple_id=couple_id,
                                      version=payload.version, on=payload.on,
                                      reason=payload.reason)


@router.post("/care/couples/{couple_id}/trainings", response={201: CarerTrainingOut})
def couple_training(request: HttpRequest, couple_id: int, payload: CarerTrainingIn):
    return Status(201, foster_services.carer_training_record(
        actor=request.auth, couple_id=couple_id, data=payload.dict()))


@router.post("/care/couples/{couple_id}/evaluations", response={201: CarerEvaluationOut})
def couple_evaluation(request: HttpRequest, couple_id: int, payload: CarerEvaluationIn):
    return Status(201, foster_services.carer_evaluation_record(
        actor=request.auth, couple_id=couple_id, data=payload.dict()))


# ----------------------------------------------------------------------- adulthood


class AdulthoodListFilters(Schema):
    kind: str = ""  # the path: employment, enlistment, education, extreme_poverty, housing
    division: str = ""
    without_plan: bool = False


@router.get("/care/adulthood", response=list[AdulthoodApproachingOut])
@paginate(CappedLimitOffsetPagination)
def adulthood_list(request: HttpRequest, filters: Query[AdulthoodListFilters]):
    """Children in care from 16, with their open paths (or those without a plan)."""
    children = adulthood_selectors.approaching_adulthood(
        actor=request.auth, today=timezone.localdate(), division=filters.division,
        path=filters.kind, without_plan=filters.without_plan)
    return children.prefetch_related(adulthood_selectors.open_paths_prefetch(filters.kind))


@router.post("/children/{child_id}/adulthood-plans", response={201: AdulthoodPlanOut})
def adulthood_plan_create(request: HttpRequest, child_id: int, payload: AdulthoodPlanIn):
    """The adulthood plan, from the 16th birthday; the director approves it."""
    data = payload.dict(exclude_unset=True)
    return Status(201, adulthood_services.adulthood_plan_create(
        actor=request.auth, child_id=child_id, data=data))


@router.get("/care/adulthood-plans/{plan_id}", response=AdulthoodPlanDetailOut)
def adulthood_plan_get(request: HttpRequest, plan_id: int):
    plan = adulthood_selectors.adulthood_plan_get(actor=request.auth, plan_id=plan_id)
    _log(request, plan, "care_adulthood_plan")
    return plan


@router.patch("/care/adulthood-plans/{plan_id}", response=AdulthoodPlanOut)
def adulthood_plan_update(request: HttpRequest, plan_id: int, payload: AdulthoodPlanPatch):
    changes = payload.dict(exclude_unset=True)
    version, reason = changes.pop("version"), changes.pop("reason", "")
    return adulthood_services.adulthood_plan_update(actor=request.auth, plan_id=plan_id,
                                                    version=version, data=changes,
                                                    reason=reason)


@router.post("/care/adulthood-plans/{plan_id}/approve", response=AdulthoodPlanOut)
def adulthood_plan_approve(request: HttpRequest, plan_id: int, payload: VersionIn):
    return adulthood_services.adulthood_plan_approve(actor=request.auth, plan_id=plan_id,
                                                     version=payload.version)


@router.post("/care/adulthood-plans/{plan_id}/withdraw", response=AdulthoodPlanOut)
def adulthood_plan_withdraw(request: HttpRequest, plan_id: int, payload: VersionReasonIn):
    return adulthood_services.adulthood_plan_withdraw(
        actor=request.auth, plan_id=plan_id, version=payload.version, reason=payload.reason)


@router.post("/care/adulthood-plans/{plan_id}/paths", response={201: AdulthoodPathOut})
def adulthood_path_add(request: HttpRequest, plan_id: int, payload: AdulthoodPathIn):
    return Status(201, adulthood_services.adulthood_path_add(
        actor=request.auth, plan_id=plan_id, data=payload.dict()))


@router.post("/care/adulthood-paths/{path_id}/steps", response={201: AdulthoodStepOut})
def adulthood_step_add(request: HttpRequest, path_id: int, payload: AdulthoodStepIn):
    return Status(201, adulthood_services.adulthood_step_add(
        actor=request.auth, path_id=path_id, data=payload.dict()))


@router.post("/care/adulthood-paths/{path_id}/outcome", response=AdulthoodPathOut)
def adulthood_path_outcome(request: HttpRequest, path_id: int, payload: AdulthoodOutcomeIn):
    data = payload.dict()
    version = data.pop("version")
    return adulthood_services.adulthood_path_outcome(actor=request.auth, path_id=path_id,
                                                     version=version, data=data)


@router.post("/care/adulthood-steps/{step_id}/done", response=AdulthoodStepOut)
def adulthood_step_done(request: HttpRequest, step_id: int, payload: AdulthoodStepDoneIn):
    return adulthood_services.adulthood_step_done(
        actor=request.auth, step_id=step_id, version=payload.version,
        done_on=payload.done_on, note=payload.note)


@router.post("/care/adulthood-follow-ups/{follow_up_id}", response=AdulthoodFollowUpOut)
def adulthood_follow_up(request: HttpRequest, follow_up_id: int, payload: AdulthoodFollowUpIn):
    data = payload.dict()
    version = data.pop("version")
    return adulthood_services.adulthood_follow_up_record(
        actor=request.auth, follow_up_id=follow_up_id, version=version, data=data)
