"""/api/v1 care services: a child's care per line (/children/{id}/care/{line}) and the
records of the pattern (/care/...). Thin: parse, call one service or selector, shape the
answer. Every read of a record is written to the access log. Errors map in cwis/api.py
(404 out of scope, 403 wrong role, 409 stale version, 422 refused input)."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Status
from ninja.pagination import paginate

from cwis.care import selectors, services
from cwis.care.api.router import router
from cwis.care.schemas import (
    AssessmentIn,
    AssessmentOut,
    AssessmentPatch,
    CarePlanOut,
    CarePlanPatch,
    CareReviewIn,
    CareTabOut,
    PlanDetailOut,
    PlanIn,
    ReviewOut,
    ReviewPatch,
    SessionIn,
    SessionOut,
    SessionPatch,
    VersionReasonIn,
    WithoutPlanFilters,
    WithoutPlanItem,
)
from cwis.care.services.rules import may_view_clinical
from cwis.core.audit import access_log_record
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.core.schemas import VersionIn
from cwis.core.scoping import actor_prefix


def _log(request: HttpRequest, record, object_type: str, action: str = "view") -> None:
    child = getattr(record, "child", record)
    access_log_record(actor=request.auth, object_type=object_type, object_id=record.pk,
                      division_code=child.division_code, request=request, action=action)


def _changes(payload) -> tuple[int, str, dict]:
    changes = payload.dict(exclude_unset=True)
    return changes.pop("version"), changes.pop("reason", ""), changes


@router.get("/children/{child_id}/care/{line}", response=CareTabOut)
def care_tab(request: HttpRequest, child_id: int, line: str):
    """The child's care in one line (medical, rehabilitation, education, social_work)."""
    selectors.check_line(line)
    child = selectors.care_child(actor=request.auth, child_id=child_id)
    tab = selectors.care_tab(actor=request.auth, child=child, line=line)
    _log(request, child, "child", f"care_{line}")
    return {
        **tab.records,
        "child_id": child.pk, "line": line, "counts_only": tab.counts_only,
        "clinical": tab.clinical, "counts": tab.counts or None, "plans": tab.plans,
        "assessments": tab.assessments,
        "timeline": [{"on": e.on, "kind": e.kind, "record_id": e.record.pk}
                     for e in tab.timeline],
    }


@router.post("/children/{child_id}/care/{line}/assessments", response={201: AssessmentOut})
def assessment_record(request: HttpRequest, child_id: int, line: str, payload: AssessmentIn):
    """Record an assessment: the line's profession only."""
    return Status(201, services.assessment_record(actor=request.auth, child_id=child_id,
                                                  line=line, data=payload.dict()))


@router.post("/children/{child_id}/care/{line}/plans", response={201: CarePlanOut})
def plan_create(request: HttpRequest, child_id: int, line: str, payload: PlanIn):
    """Write a plan; it waits for the director's approval."""
    data = payload.dict(exclude_unset=True)
    return Status(201, services.plan_create(actor=request.auth, child_id=child_id, line=line,
                                            data=data))


@router.get("/care/assessments/{assessment_id}", response=AssessmentOut)
def assessment_get(request: HttpRequest, assessment_id: int):
    """An assessment: the line's profession and the director."""
    assessment = selectors.assessment_get(actor=request.auth, assessment_id=assessment_id)
    _log(request, assessment, "care_assessment")
    return assessment


@router.patch("/care/assessments/{assessment_id}", response=AssessmentOut)
def assessment_update(request: HttpRequest, assessment_id: int, payload: AssessmentPatch):
    version, reason, changes = _changes(payload)
    return services.assessment_update(actor=request.auth, assessment_id=assessment_id,
                                      version=version, data=changes, reason=reason)


@router.get("/care/plans/{plan_id}", response=PlanDetailOut)
def plan_get(request: HttpRequest, plan_id: int):
    """A plan with its sessions, and its review for those who read clinical records."""
    plan = selectors.plan_get(actor=request.auth, plan_id=plan_id)
    _log(request, plan, "care_plan")
    if not may_view_clinical(request.auth, plan.line):
        plan.assessment_id = None  # shown, not saved: which assessment is a clinical fact
    return {"plan": plan, "sessions": selectors.plan_sessions(plan=plan),
            "review": selectors.plan_review(actor=request.auth, plan=plan)}


@router.patch("/care/plans/{plan_id}", response=CarePlanOut)
def plan_update(request: HttpRequest, plan_id: int, payload: CarePlanPatch):
    version, reason, changes = _changes(payload)
    return services.plan_update(actor=request.auth, plan_id=plan_id, version=version,
                                data=changes, reason=reason)


@router.post("/care/plans/{plan_id}/approve", response=CarePlanOut)
def plan_approve(request: HttpRequest, plan_id: int, payload: VersionIn):
    """The director approves a plan awaiting approval."""
    return services.plan_approve(actor=request.auth, plan_id=plan_id, version=payload.version)


@router.post("/care/plans/{plan_id}/withdraw", response=CarePlanOut)
def plan_withdraw(request: HttpRequest, plan_id: int, payload: VersionReasonIn):
    """Close a plan without a review; it is kept."""
    return services.plan_withdraw(actor=request.auth, plan_id=plan_id,
                                  version=payload.version, reason=payload.reason)


@router.post("/care/plans/{plan_id}/sessions", response={201: SessionOut})
def session_record(request: HttpRequest, plan_id: int, payload: SessionIn):
    """Record a session on an approved plan (by staff, or an outside provider by name)."""
    data = payload.dict(exclude_unset=True)
    return Status(201, services.session_record(actor=request.auth, plan_id=plan_id,
                                               data=data))


@router.post("/care/plans/{plan_id}/review", response={201: ReviewOut})
def review_record(request: HttpRequest, plan_id: int, payload: CareReviewIn):
    """Review the plan; the review closes it. `version` is the plan's."""
    data = payload.dict()
    version = data.pop("version")
    return Status(201, services.review_record(actor=request.auth, plan_id=plan_id,
                                              version=version, data=data))


@router.get("/care/sessions/{session_id}", response=SessionOut)
def session_get(request: HttpRequest, session_id: int):
    session = selectors.session_get(actor=request.auth, session_id=session_id)
    _log(request, session, "care_session")
    return session


@router.patch("/care/sessions/{session_id}", response=SessionOut)
def session_update(request: HttpRequest, session_id: int, payload: SessionPatch):
    version, reason, changes = _changes(payload)
    return services.session_update(actor=request.auth, session_id=session_id,
                                   version=version, data=changes, reason=reason)


@router.post("/care/sessions/{session_id}/entered-in-error", response=SessionOut)
def session_mark_error(request: HttpRequest, session_id: int, payload: VersionReasonIn):
    """A session recorded by mistake is kept, marked with the reason."""
    return services.session_mark_error(actor=request.auth, session_id=session_id,
                                       version=payload.version, reason=payload.reason)


@router.get("/care/reviews/{review_id}", response=ReviewOut)
def review_get(request: HttpRequest, review_id: int):
    review = selectors.review_get(actor=request.auth, review_id=review_id)
    _log(request, review, "care_review")
    return review


@router.patch("/care/reviews/{review_id}", response=ReviewOut)
def review_update(request: HttpRequest, review_id: int, payload: ReviewPatch):
    version, reason, changes = _changes(payload)
    return services.review_update(actor=request.auth, review_id=review_id, version=version,
                                  data=changes, reason=reason)


@router.get("/care/without-plan", response=list[WithoutPlanItem])
@paginate(CappedLimitOffsetPagination)
def without_plan(request: HttpRequest, filters: Query[WithoutPlanFilters]):
    """Children in care in your jurisdiction with no open plan in `line` (rehabilitation:
    children with a disability; education: aged 3-17): names and institutions only."""
    data = filters.dict()
    line = data.pop("line")
    access_log_record(actor=request.auth, object_type="care_without_plan", object_id=line,
                      division_code=actor_prefix(request.auth) or "", request=request,
                      action="list")
    return selectors.children_without_plan(actor=request.auth, line=line, filters=data,
                                           today=timezone.localdate())
