"""Input and output schemas of /api/v1 care endpoints (cwis/care/api.py)."""

import datetime as dt

from ninja import Schema

from cwis.care.schemas_lines import (
    AssistanceOut,
    EnrolmentOut,
    HealthCheckOut,
    MedicalVisitOut,
    SchoolPlaceOut,
    StudentAidOut,
)
from cwis.core.input import RecordId


class PersonRef(Schema):
    id: int
    name: str


def person(user) -> dict | None:
    return {"id": user.pk, "name": str(user)} if user is not None else None


class AssessmentIn(Schema):
    assessed_on: dt.date
    method: str
    findings: str
    needs: str = ""


class AssessmentPatch(Schema):
    """Only the fields sent change. `version` is the one the client read."""

    version: int
    reason: str = ""
    assessed_on: dt.date | None = None
    method: str | None = None
    findings: str | None = None
    needs: str | None = None


class AssessmentOut(Schema):
    id: int
    child_id: int
    line: str
    outside_service_id: int | None
    assessed_on: dt.date
    assessor: PersonRef | None
    method: str
    findings: str
    needs: str
    closed_on: dt.date | None
    close_reason: str
    version: int

    @staticmethod
    def resolve_assessor(obj) -> dict | None:
        return person(obj.assessor)


class PlanIn(Schema):
    assessment_id: RecordId | None = None
    goals: str
    services: str
    frequency: str
    session_interval_days: int | None = None
    responsible_id: RecordId | None = None  # the writer when not given
    starts_on: dt.date
    review_due_on: dt.date


class CarePlanPatch(Schema):
    """Only the fields sent change; a changed goal, service or frequency sends an approved
    plan back for approval. `version` is the one the client read."""

    version: int
    reason: str = ""
    assessment_id: RecordId | None = None
    goals: str | None = None
    services: str | None = None
    frequency: str | None = None
    session_interval_days: int | None = None
    responsible_id: RecordId | None = None
    starts_on: dt.date | None = None
    review_due_on: dt.date | None = None


class CarePlanOut(Schema):
    """A plan; `assessment_id` only for those who read the line's clinical records."""

    id: int
    child_id: int
    line: str
    outside_service_id: int | None
    assessment_id: int | None
    goals: str
    services: str
    frequency: str
    session_interval_days: int | None
    responsible: PersonRef | None
    starts_on: dt.date
    review_due_on: dt.date
    status: str
    submitted_on: dt.date
    approved_by: PersonRef | None
    approved_on: dt.date | None
    next_session_due: dt.date | None
    closed_on: dt.date | None
    close_reason: str
    close_note: str
    version: int

    @staticmethod
    def resolve_responsible(obj) -> dict | None:
        return person(obj.responsible)

    @staticmethod
    def resolve_approved_by(obj) -> dict | None:
        return person(obj.approved_by)


class VersionReasonIn(Schema):
    version: int
    reason: str


class SessionIn(Schema):
    held_on: dt.date
    duration_minutes: int
    activity: str
    progress: str = ""
    remote: bool = False
    staff_id: RecordId | None = None  # the recorder, unless an outside provider is named
    provider_kind: str = ""
    provider_name: str = ""
    # an organisation of the registry (/safety/organisations): its kind and name fill the two
    provider_organisation_id: RecordId | None = None


class SessionPatch(Schema):
    version: int
    reason: str = ""
    held_on: dt.date | None = None
    duration_minutes: int | None = None
    activity: str | None = None
    progress: str | None = None
    remote: bool | None = None
    staff_id: RecordId | None = None
    provider_kind: str | None = None
    provider_name: str | None = None
    provider_organisation_id: RecordId | None = None


class SessionOut(Schema):
    id: int
    plan_id: int
    child_id: int
    line: str
    held_on: dt.date
    staff: PersonRef | None
    provider_kind: str
    provider_name: str
    provider_organisation_id: int | None = None
    duration_minutes: int
    activity: str
    progress: str
    remote: bool
    entered_in_error: str
    version: int

    @staticmethod
    def resolve_staff(obj) -> dict | None:
        return person(obj.staff)


class CareReviewIn(Schema):
    version: int  # the plan's version
    reviewed_on: dt.date
    goals_met: str  # met, partly, not_met
    outcome: str
    next_step: str = ""


class ReviewPatch(Schema):
    version: int
    reason: str = ""
    goals_met: str | None = None
    outcome: str | None = None
    next_step: str | None = None


class ReviewOut(Schema):
    id: int
    plan_id: int
    child_id: int
    line: str
    reviewed_on: dt.date
    reviewer: PersonRef | None
    goals_met: str
    outcome: str
    next_step: str
    version: int

    @staticmethod
    def resolve_reviewer(obj) -> dict | None:
        return person(obj.reviewer)


class PlanDetailOut(Schema):
    """A plan with its sessions, and its review for those who read clinical records."""

    plan: CarePlanOut
    sessions: list[SessionOut]
    review: ReviewOut | None


class CareCountsOut(Schema):
    open_plans: int
    closed_plans: int
    sessions: int


class TimelineItemOut(Schema):
    on: dt.date
    kind: str  # assessment, plan, approval, closed, session, review
    record_id: int


class CareTabOut(Schema):
    """One line of a child's care. The offices above get `counts` only; caregivers and other
    professions get no assessments or reviews (`clinical` false)."""

    child_id: int
    line: str
    counts_only: bool
    clinical: bool
    counts: CareCountsOut | None
    plans: list[CarePlanOut]
    assessments: list[AssessmentOut]
    timeline: list[TimelineItemOut]
    # What the line adds (medical: visits and health checks for clinical readers, and
    # enrolments; rehabilitation: assistance applications; education: places and aid).
    visits: list[MedicalVisitOut] = []
    health_checks: list[HealthCheckOut] = []
    enrolments: list[EnrolmentOut] = []
    assistance: list[AssistanceOut] = []
    school_places: list[SchoolPlaceOut] = []
    student_aid: list[StudentAidOut] = []


class WithoutPlanFilters(Schema):
    line: str = "rehabilitation"
    division: str | None = None
    institution: RecordId | None = None


class WithoutPlanItem(Schema):
    """A child in care with no open plan in the line: who and where, nothing clinical."""

    id: int
    name: str
    sex: str
    birth_date: dt.date
    disability_type: str
    institution_id: int | None
    institution: str

    @staticmethod
    def resolve_institution_id(obj) -> int | None:
        return obj.current_institution_id

    @staticmethod
    def resolve_institution(obj) -> str:
        return obj.current_institution.name if obj.current_institution else ""
