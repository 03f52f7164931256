"""Input and output schemas of the upbringing assessment and adoption endpoints
(cwis/care/api/adoption.py). Inputs default to empty so that the service reports every
missing field at once (422)."""

import datetime as dt

from ninja import Schema

from cwis.care.schemas import PersonRef, person
from cwis.core.input import RecordId


class UpbringingIn(Schema):
    occasion: str = ""
    assessed_on: dt.date | None = None
    situation: str = ""
    legal_status: str = ""
    legal_note: str = ""
    health: str = ""
    attachment: str = ""
    wish: str = ""
    wishes: str = ""
    path: str = ""
    reasons: str = ""


class UpbringingPatch(Schema):
    version: int
    reason: str = ""
    occasion: str | None = None
    assessed_on: dt.date | None = None
    situation: str | None = None
    legal_status: str | None = None
    legal_note: str | None = None
    health: str | None = None
    attachment: str | None = None
    wish: str | None = None
    wishes: str | None = None
    path: str | None = None
    reasons: str | None = None


class UpbringingOut(Schema):
    id: int
    child_id: int
    occasion: str
    assessed_on: dt.date
    assessor: PersonRef | None
    situation: str
    legal_status: str
    legal_note: str
    health: str
    attachment: str
    wish: str
    wishes: str
    path: str
    reasons: str
    status: str
    confirmed_by: PersonRef | None
    confirmed_on: dt.date | None
    next_due_on: dt.date | None
    closed_on: dt.date | None
    close_reason: str
    version: int

    @staticmethod
    def resolve_assessor(obj) -> dict | None:
        return person(obj.assessor)

    @staticmethod
    def resolve_confirmed_by(obj) -> dict | None:
        return person(obj.confirmed_by)


class UpbringingSummaryOut(Schema):
    """What every reader of the child's upbringing sees (the offices above: this only)."""

    child_id: int
    current_path: str | None
    current_assessed_on: dt.date | None
    due_on: dt.date
    assessments: list[UpbringingOut]
    adoption_ids: list[int]


class WithoutAssessmentFilters(Schema):
    division: str | None = None
    institution: RecordId | None = None


class WithoutAssessmentItem(Schema):
    id: int
    name: str
    sex: str
    birth_date: dt.date
    institution_id: int | None
    institution: str
    last_due: dt.date | None

    @staticmethod
    def resolve_institution_id(obj) -> int | None:
        return obj.current_institution_id

    @staticmethod
    def resolve_institution(obj) -> str:
        return obj.current_institution.name if obj.current_institution else ""


class AdoptionCaseOut(Schema):
    id: int
    child_id: int
    child_name: str
    assessment_id: int
    opened_on: dt.date
    listed_on: dt.date | None
    state: str
    progress_due_on: dt.date | None
    closed_on: dt.date | None
    version: int

    @staticmethod
    def resolve_child_name(obj) -> str:
        return obj.child.name


class ListIn(Schema):
    version: int
    listed_on: dt.date | None = None


class ApplicationIn(Schema):
    kind: str = ""
    received_on: dt.date | None = None
    applicants: str = ""
    country: str = ""
    address: str = ""
    phone: str = ""
    household: str = ""
    child_sought: str = ""


class ApplicationPatch(Schema):
    version: int
    reason: str = ""
    kind: str | None = None
    received_on: dt.date | None = None
    applicants: str | None = None
    country: str | None = None
    address: str | None = None
    phone: str | None = None
    household: str | None = None
    child_sought: str | None = None


class AdopterAssessmentIn(Schema):
    version: int
    assessed_by: str = ""
    assessor_name: str = ""
    assessed_on: dt.date | None = None
    outcome: str = ""
    assessment_summary: str = ""


class ApplicationOut(Schema):
    id: int
    institution_id: int
    kind: str
    received_on: dt.date
    applicants: str
    country: str
    address: str
    phone: str
    household: str
    child_sought: str
    state: str
    assessed_by: str
    assessor_name: str
    assessed_on: dt.date | None
    outcome: str
    assessment_summary: str
    version: int


class MatchIn(Schema):
    application_id: int
    matched_on: dt.date | None = None
    reasons: str = ""


class RegisterIn(Schema):
    version: int
    registration_office: str = ""
    certificate_number: str = ""
    registered_on: dt.date | None = None


class FollowUpOut(Schema):
    id: int
    due_on: dt.date
    visited_on: dt.date | None
    findings: str
    version: int


class FollowUpIn(Schema):
    version: int
    visited_on: dt.date | None = None
    findings: str = ""


class MatchOut(Schema):
    id: int
    case_id: int
    application_id: int
    child_id: int
    matched_on: dt.date
    reasons: str
    state: str
    registration_office: str
    certificate_number: str
    registered_on: dt.date | None
    ended_on: dt.date | None
    end_reason: str
    version: int
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_follow_ups(obj) -> list:
        return list(obj.follow_ups.order_by("due_on", "id"))


class AdoptionCountsOut(Schema):
    listed: int
    applications: int
    received: int
    suitable: int
    matched: int
    registered: int
    visits_overdue: int
