"""/api/v1/protection: county protection cases for programs. Thin: parse, call one service or
selector, shape the answer. Errors map in cwis/api.py (404 / 403 / 409 / 422). Every read of
a case is written to the access log; an office above the county reads one only with
`reason` (POST /protection/cases/{id}/open-with-reason)."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from cwis.core.audit import access_log_record
from cwis.core.pagination import CappedLimitOffsetPagination
from cwis.protection.selectors import cases as selectors
from cwis.protection.selectors import exits as exit_selectors
from cwis.protection.services import case_settings
from cwis.protection.services import cases as services
from cwis.protection.services import conferences as conference_services
from cwis.protection.services import exits as exit_services

router = Router(tags=["protection cases"])


class ProtectionCaseListItem(Schema):
    id: int
    child_id: int
    child_name: str
    county_code: str
    state: str
    situation: str
    placement: str
    opened_on: dt.date
    first_assessment_due: dt.date
    version: int

    @staticmethod
    def resolve_child_name(obj) -> str:
        return obj.child.name


class ProtectionCaseFilters(Schema):
    state: str | None = None  # open (default) or closed
    situation: str | None = None
    placement: str | None = None
    overdue: bool = False  # no assessment yet and the first one overdue
    sort: str = "-opened"  # opened or -opened


class ProtectionIntakeIn(Schema):
    opened_on: dt.date | None = None
    situation: str = ""
    reported_by: str = ""
    reporter_name: str = ""
    reported_at: dt.datetime | None = None
    circumstances: str = ""
    police_reference: str = ""
    safety_check: str = ""
    placement: str = ""
    placed_at: dt.datetime | None = None
    placement_note: str = ""


class ProtectionIntakePatch(Schema):
    version: int
    opened_on: dt.date | None = None
    situation: str | None = None
    reported_by: str | None = None
    reporter_name: str | None = None
    reported_at: dt.datetime | None = None
    circumstances: str | None = None
    police_reference: str | None = None
    safety_check: str | None = None
    placement: str | None = None
    placed_at: dt.datetime | None = None
    placement_note: str | None = None


class ProtectionAssessmentIn(Schema):
    assessed_on: dt.date | None = None
    assessors: str = ""
    guardian_situation: str = ""
    guardian_capacity: str = ""
    risks: str = ""
    child_views: str = ""
    recommendation: str = ""
    recommendation_note: str = ""
    reassess_on: dt.date | None = None


class ProtectionAssessmentPatch(Schema):
    version: int
    assessed_on: dt.date | None = None
    assessors: str | None = None
    guardian_situation: str | None = None
    guardian_capacity: str | None = None
    risks: str | None = None
    child_views: str | None = None
    recommendation: str | None = None
    recommendation_note: str | None = None
    reassess_on: dt.date | None = None


class ProtectionAssessmentOut(ProtectionAssessmentIn):
    id: int
    case_id: int
    assessed_by_id: int
    confirmed_on: dt.date | None
    confirmed_by_id: int | None
    version: int


class ProtectionParticipantIn(Schema):
    department: str = ""
    name: str = ""
    role: str = ""


class ProtectionDecisionIn(Schema):
    action: str = ""
    department: str = ""
    responsible: str = ""
    due_on: dt.date | None = None


class ProtectionConferenceIn(Schema):
    held_on: dt.date | None = None
    situation: str = ""
    participants: list[ProtectionParticipantIn] = []
    decisions: list[ProtectionDecisionIn] = []


class ProtectionDecisionOut(ProtectionDecisionIn):
    id: int
    done_on: dt.date | None
    done_note: str
    done_by_id: int | None
    version: int


class ProtectionConferenceOut(Schema):
    id: int
    case_id: int
    held_on: dt.date
    situation: str
    participants: list[ProtectionParticipantIn]
    decisions: list[ProtectionDecisionOut]

    @staticmethod
    def resolve_participants(obj) -> list:
        return list(obj.participants.all())

    @staticmethod
    def resolve_decisions(obj) -> list:
        return list(obj.decisions.all())


class ProtectionDecisionDoneIn(Schema):
    version: int
    done_on: dt.date | None = None
    note: str = ""


class ProtectionCaseOut(ProtectionIntakeIn):
    id: int
    child_id: int
    county_code: str
    state: str
    first_assessment_due: dt.date
    closed_on: dt.date | None
    outcome: str
    exit_on: dt.date | None
    exit_note: str
    follow_up_months: int | None
    visit_every_months: int | None
    long_term_ground: str
    court_name: str
    court_decided_on: dt.date | None
    court_reference: str
    receiver_id: int | None
    transfer_id: int | None
    version: int
    assessments: list[ProtectionAssessmentOut] = []
    conferences: list[ProtectionConferenceOut] = []

    @staticmethod
    def resolve_assessments(obj) -> list:
        return list(selectors.case_assessments(case=obj))

    @staticmethod
    def resolve_conferences(obj) -> list:
        return [e.record for e in selectors.case_timeline(case=obj) if e.kind == "conference"]


class ProtectionVersionIn(Schema):
    version: int


class ProtectionReasonIn(Schema):
    reason: str = ""


class ProtectionCountOut(Schema):
    county_code: str
    open_cases: int


@router.get("/protection/cases", response=list[ProtectionCaseListItem])
@paginate(CappedLimitOffsetPagination)
def case_list(request: HttpRequest, filters: Query[ProtectionCaseFilters]):
    """Your county's cases (open unless `state` says otherwise), newest first by default."""
    body = filters.dict()
    order = body.pop("sort")
    return selectors.case_list(actor=request.auth, filters=body, today=timezone.localdate(),
                               order=order)


@router.get("/protection/cases/counts", response=list[ProtectionCountOut])
def case_counts(request: HttpRequest):
    """Open cases per county in your jurisdiction (what the offices above see)."""
    return selectors.case_counts(actor=request.auth)


@router.post("/children/{child_id}/protection-cases", response={201: ProtectionCaseOut})
def case_open(request: HttpRequest, child_id: int, payload: ProtectionIntakeIn):
    """Open a case on the child's file: intake and emergency placement; the first
    assessment falls due CWIS_CASE_FIRST_ASSESSMENT_DAYS later. One open case per child."""
    return Status(201, services.case_open(actor=request.auth, child_id=child_id,
                                          data=payload.dict()))


@router.get("/protection/cases/{case_id}", response=ProtectionCaseOut)
def case_get(request: HttpRequest, case_id: int):
    """A case of your county; the read is written to the access log."""
    case = selectors.case_get(actor=request.auth, case_id=case_id)
    access_log_record(actor=request.auth, object_type="protection_case", object_id=case.pk,
                      division_code=case.county_code, request=request, action="view")
    return case


@router.post("/protection/cases/{case_id}/open-with-reason", response=ProtectionCaseOut)
def case_open_with_reason(request: HttpRequest, case_id: int, payload: ProtectionReasonIn):
    """The prefecture or province reads a case of its jurisdiction with a stated reason,
    written to the access log (422 without one)."""
    return services.case_open_with_reason(actor=request.auth, case_id=case_id,
                                          reason=payload.reason, request=request)


@router.patch("/protection/cases/{case_id}", response=ProtectionCaseOut)
def case_update(request: HttpRequest, case_id: int, payload: ProtectionIntakePatch):
    """Correct the intake; 409 if someone saved after the `version` you read."""
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return services.case_update(actor=request.auth, case_id=case_id, version=version,
                                data=changes)


@router.post("/protection/cases/{case_id}/assessments", response={201: ProtectionAssessmentOut})
def assessment_record(request: HttpRequest, case_id: int, payload: ProtectionAssessmentIn):
    """Record a guardianship assessment; it waits for the county officer's confirmation."""
    return Status(201, services.assessment_record(actor=request.auth, case_id=case_id,
                                                  data=payload.dict()))


@router.patch("/protection/assessments/{assessment_id}", response=ProtectionAssessmentOut)
def assessment_update(request: HttpRequest, assessment_id: int, payload: ProtectionAssessmentPatch):
    """Correct an assessment not yet confirmed; 409 when stale."""
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return services.assessment_update(actor=request.auth, assessment_id=assessment_id,
                                      version=version, data=changes)


@router.post("/protection/assessments/{assessment_id}/confirm", response=ProtectionAssessmentOut)
def assessment_confirm(request: HttpRequest, assessment_id: int, payload: ProtectionVersionIn):
    """The county officer confirms the assessment; 409 when it changed since read."""
    return services.assessment_confirm(actor=request.auth, assessment_id=assessment_id,
                                       version=payload.version)


@router.post("/protection/cases/{case_id}/conferences", response={201: ProtectionConferenceOut})
def conference_record(request: HttpRequest, case_id: int, payload: ProtectionConferenceIn):
    """Record a case conference: participants, the situation discussed, the decisions (each
    due by a date, on the to-do list until done). Refusals name the row:
    `decisions.1.due_on`."""
    body = payload.dict()
    return Status(201, conference_services.conference_record(
        actor=request.auth, case_id=case_id, held_on=body["held_on"],
        situation=body["situation"], participants=body["participants"],
        decisions=body["decisions"]))


@router.post("/protection/decisions/{decision_id}/done", response=ProtectionDecisionOut)
def decision_done(request: HttpRequest, decision_id: int, payload: ProtectionDecisionDoneIn):
    """Mark a conference decision done with the date and a note; 409 when stale."""
    return conference_services.decision_done(actor=request.auth, decision_id=decision_id,
                                             **payload.dict())


# ------------------------------------------------------------------------------ exit


class ProtectionExitHomeIn(Schema):
    version: int
    outcome: str = ""  # returned or entrusted
    exit_on: dt.date | None = None
    note: str = ""  # entrusted: the relatives and where the child lives
    follow_up_months: int | None = None  # CWIS_CASE_FOLLOW_UP_MONTHS by default
    visit_every_months: int | None = None  # CWIS_CASE_FOLLOW_UP_EVERY_MONTHS by default


class ProtectionLongTermIn(Schema):
    version: int
    decided_on: dt.date | None = None
    ground: str = ""  # art. 94: mpl94_1 .. mpl94_5
    court_name: str = ""  # mpl94_4 (a court revoked the guardian): the court's decision
    court_decided_on: dt.date | None = None
    court_reference: str = ""
    note: str = ""


class ProtectionFollowUpOut(Schema):
    id: int
    case_id: int
    child_id: int
    child_name: str
    due_on: dt.date
    visited_on: dt.date | None
    method: str
    situation: str
    note: str
    version: int

    @staticmethod
    def resolve_child_id(obj) -> int:
        return obj.case.child_id

    @staticmethod
    def resolve_child_name(obj) -> str:
        return obj.case.child.name


class ProtectionFollowUpIn(Schema):
    version: int
    visited_on: dt.date | None = None
    method: str = ""
    situation: str = ""
    note: str = ""


class ProtectionCaseStateOut(Schema):
    """What the receiving institution learns of the case it closes: nothing of its content."""

    id: int
    child_id: int
    state: str
    outcome: str
    closed_on: dt.date | None


class ProtectionLongTermIntakeIn(Schema):
    intake_on: dt.date | None = None
    bed: str = ""
    note: str = ""


@router.post("/protection/cases/{case_id}/exit", response=ProtectionCaseOut)
def case_exit_home(request: HttpRequest, case_id: int, payload: ProtectionExitHomeIn):
    """Return the child to the guardian or entrust to relatives (after a confirmed assessment
    recommending it): the follow-up visits fall due; the last one closes the case."""
    return exit_services.case_exit_home(actor=request.auth, case_id=case_id, **payload.dict())


@router.post("/protection/cases/{case_id}/long-term", response=ProtectionCaseOut)
def case_long_term(request: HttpRequest, case_id: int, payload: ProtectionLongTermIn):
    """Long-term guardianship (art. 94): a child in the protection institution gets a transfer
    to the county's receiving institution (`transfer_id`); otherwise that institution takes
    the child in directly."""
    return exit_services.case_long_term(actor=request.auth, case_id=case_id, **payload.dict())


class ProtectionRedraftIn(Schema):
    version: int


@router.post("/protection/cases/{case_id}/long-term/redraft", response=ProtectionCaseOut)
def case_long_term_redraft(request: HttpRequest, case_id: int, payload: ProtectionRedraftIn):
    """Draft a long-term exit's transfer again after the receiving institution returned it
    or it was cancelled (`transfer_id` is the new one). 409 when stale."""
    return exit_services.case_long_term_redraft(actor=request.auth, case_id=case_id,
                                                version=payload.version)


class ProtectionFollowUpPeriodOut(Schema):
    follow_up_months: int
    visit_every_months: int
    own: bool  # False: the county set none, the global settings apply
    version: int | None


class ProtectionFollowUpPeriodIn(Schema):
    follow_up_months: int | None = None
    visit_every_months: int | None = None
    version: int | None = None  # the one read; none when the county had no period yet


def _period_out(period) -> dict:
    return {"follow_up_months": period.months, "visit_every_months": period.every,
            "own": period.own, "version": period.version}


@router.get("/protection/follow-up-period", response=ProtectionFollowUpPeriodOut)
def follow_up_period_get(request: HttpRequest):
    """Your county's follow-up period after a child goes home: what every exit proposes."""
    return _period_out(exit_selectors.county_follow_up_period(actor=request.auth))


@router.put("/protection/follow-up-period", response=ProtectionFollowUpPeriodOut)
def follow_up_period_set(request: HttpRequest, payload: ProtectionFollowUpPeriodIn):
    """Set your county's follow-up period (the county officer). 409 when stale."""
    case_settings.county_follow_up_set(actor=request.auth, **payload.dict())
    return _period_out(exit_selectors.county_follow_up_period(actor=request.auth))


@router.get("/protection/follow-ups", response=list[ProtectionFollowUpOut])
@paginate(CappedLimitOffsetPagination)
def follow_ups_due(request: HttpRequest):
    """The follow-up visits not yet recorded that you may record (the county's case workers,
    the village and township workers of the child's area), earliest first."""
    return exit_selectors.follow_ups_due(actor=request.auth)


@router.post("/protection/follow-ups/{follow_up_id}/visit", response=ProtectionFollowUpOut)
def follow_up_record(request: HttpRequest, follow_up_id: int, payload: ProtectionFollowUpIn):
    """Record a follow-up visit; the last one closes the case. 409 when stale."""
    return exit_services.follow_up_record(actor=request.auth, follow_up_id=follow_up_id,
                                          **payload.dict())


@router.post("/protection/cases/{case_id}/long-term-intake", response=ProtectionCaseStateOut)
def case_long_term_intake(request: HttpRequest, case_id: int,
                          payload: ProtectionLongTermIntakeIn):
    """The county's receiving institution takes in the child of a long-term exit who lives
    with relatives or a foster family; the case closes. 404 for any other institution."""
    return exit_services.case_long_term_intake(actor=request.auth, case_id=case_id,
                                               **payload.dict())
