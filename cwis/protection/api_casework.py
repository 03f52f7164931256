"""/api/v1/protection: the referrals (服务转介) and emotional care (精神关怀) of a protection
case. Thin: parse, call one service or selector. Errors map in cwis/api.py (404 / 403 / 409 /
422: a refused step answers 422 on `__all__`). Reads are written to the access log like the
case's."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status

from cwis.core.audit import access_log_record
from cwis.core.input import RecordId
from cwis.protection.selectors import cases as case_selectors
from cwis.protection.selectors import casework as selectors
from cwis.protection.services import emotional_care as care_services
from cwis.protection.services import referrals as services

router = Router(tags=["protection cases"])


class ProtectionReferralIn(Schema):
    recipient_kind: str = ""  # department or organisation
    department: str = ""
    recipient_name: str = ""
    # An organisation of the registry (cwis.safety): its kind and name fill the recipient.
    recipient_organisation_id: RecordId | None = None
    contact: str = ""
    service: str = ""
    request: str = ""
    sent_on: dt.date | None = None
    answer_due: dt.date | None = None  # default: CWIS_CASE_REFERRAL_ANSWER_DAYS after sent_on


class ProtectionReferralOut(ProtectionReferralIn):
    id: int
    case_id: int
    state: str
    sent_by_id: int
    answered_on: dt.date | None
    answered_by_id: int | None
    answer_note: str
    decline_reason: str
    delivered_on: dt.date | None
    delivered_by_id: int | None
    outcome: str
    closed_on: dt.date | None
    closed_by_id: int | None
    closing_note: str
    version: int


class ProtectionReferralAnswerIn(Schema):
    version: int
    accepted: bool | None = None
    answered_on: dt.date | None = None
    note: str = ""
    decline_reason: str = ""


class ProtectionReferralDeliverIn(Schema):
    version: int
    delivered_on: dt.date | None = None
    outcome: str = ""


class ProtectionReferralCloseIn(Schema):
    version: int
    closed_on: dt.date | None = None
    note: str = ""


class ProtectionCareSessionIn(Schema):
    held_on: dt.date | None = None
    delivered_by: str = ""
    content: str = ""
    risk_level: str = ""  # none, low, elevated, high (elevated and high: at risk)
    risk_notes: str = ""


class ProtectionCareSessionOut(ProtectionCareSessionIn):
    id: int
    case_id: int
    recorded_by_id: int
    version: int


class ProtectionPlanIn(Schema):
    made_on: dt.date | None = None
    goals: str = ""
    measures: str = ""
    responsible: str = ""
    review_on: dt.date | None = None


class ProtectionPlanReviewOut(Schema):
    id: int
    reviewed_on: dt.date
    reviewed_by_id: int
    findings: str
    next_review_on: dt.date | None


class ProtectionPlanOut(ProtectionPlanIn):
    id: int
    case_id: int
    made_by_id: int
    ended_on: dt.date | None
    version: int
    reviews: list[ProtectionPlanReviewOut] = []

    @staticmethod
    def resolve_reviews(obj) -> list:
        return list(obj.reviews.order_by("reviewed_on", "id"))


class ProtectionPlanReviewIn(Schema):
    version: int
    reviewed_on: dt.date | None = None
    findings: str = ""
    next_review_on: dt.date | None = None  # none: the plan ends


class ProtectionCaseworkOut(Schema):
    referrals: list[ProtectionReferralOut]
    care_sessions: list[ProtectionCareSessionOut]
    intervention_plans: list[ProtectionPlanOut]
    at_risk: bool
    needs_plan: bool


@router.get("/protection/cases/{case_id}/casework", response=ProtectionCaseworkOut)
def casework_get(request: HttpRequest, case_id: int):
    """The case's referrals, emotional care sessions and intervention plans; whether the
    child is flagged at risk without a plan. The read is written to the access log."""
    case = case_selectors.case_get(actor=request.auth, case_id=case_id)
    access_log_record(actor=request.auth, object_type="protection_case", object_id=case.pk,
                      division_code=case.county_code, request=request, action="view")
    status = selectors.case_care_status(case=case)
    return {"referrals": list(selectors.case_referrals(case=case)),
            "care_sessions": list(selectors.case_sessions(case=case)),
            "intervention_plans": list(selectors.case_plans(case=case)),
            "at_risk": status.at_risk, "needs_plan": status.needs_plan}


@router.post("/protection/cases/{case_id}/referrals", response={201: ProtectionReferralOut})
def referral_send(request: HttpRequest, case_id: int, payload: ProtectionReferralIn):
    """Refer the child for a service (medical, psychological, schooling, legal_aid,
    social_assistance, other) to a department or organisation; state `sent`."""
    return Status(201, services.referral_send(actor=request.auth, case_id=case_id,
                                              data=payload.dict()))


@router.post("/protection/referrals/{referral_id}/answer", response=ProtectionReferralOut)
def referral_answer(request: HttpRequest, referral_id: int, payload: ProtectionReferralAnswerIn):
    """Record the recipient's answer: `accepted` true, or false with `decline_reason`."""
    return services.referral_answer(actor=request.auth, referral_id=referral_id,
                                    **payload.dict())


@router.post("/protection/referrals/{referral_id}/deliver", response=ProtectionReferralOut)
def referral_deliver(request: HttpRequest, referral_id: int, payload: ProtectionReferralDeliverIn):
    """An accepted referral's service was delivered, with its outcome."""
    return services.referral_deliver(actor=request.auth, referral_id=referral_id,
                                     **payload.dict())


@router.post("/protection/referrals/{referral_id}/close", response=ProtectionReferralOut)
def referral_close(request: HttpRequest, referral_id: int, payload: ProtectionReferralCloseIn):
    """Close a delivered referral with the outcome at the end."""
    return services.referral_close(actor=request.auth, referral_id=referral_id,
                                   **payload.dict())


@router.post("/protection/cases/{case_id}/care-sessions", response={201: ProtectionCareSessionOut})
def care_session_record(request: HttpRequest, case_id: int, payload: ProtectionCareSessionIn):
    """Record an emotional care or psychological intervention session."""
    return Status(201, care_services.care_session_record(actor=request.auth, case_id=case_id,
                                                         data=payload.dict()))


@router.post("/protection/cases/{case_id}/intervention-plans", response={201: ProtectionPlanOut})
def intervention_plan_make(request: HttpRequest, case_id: int, payload: ProtectionPlanIn):
    """Make the intervention plan of a child (one in force at a time)."""
    return Status(201, care_services.intervention_plan_make(
        actor=request.auth, case_id=case_id, data=payload.dict()))


@router.post("/protection/intervention-plans/{plan_id}/reviews", response={201: ProtectionPlanOut})
def intervention_plan_review(request: HttpRequest, plan_id: int, payload: ProtectionPlanReviewIn):
    """Review the plan; without `next_review_on` the plan ends."""
    review = care_services.intervention_plan_review(actor=request.auth, plan_id=plan_id,
                                                    **payload.dict())
    return Status(201, review.plan)
