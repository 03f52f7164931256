"""Input and output schemas of the /api/v1 foster care and adulthood endpoints
(cwis/care/api/family.py)."""

import datetime as dt
from decimal import Decimal

from ninja import Schema


class FosterFamilyIn(Schema):
    household: str
    address: str
    village_code: str = ""
    phone: str = ""
    carer_name: str
    carer_birth_date: dt.date
    carer_education: str
    second_carer_name: str = ""
    members: int = 2
    local_hukou_fixed_home: bool = False
    income_at_least_middle: bool = False
    no_disqualifying_illness: bool = False
    no_disqualifying_record: bool = False
    youngest_own_child_born: dt.date | None = None
    capacity: int = 1
    agreement_number: str = ""
    agreement_from: dt.date | None = None
    agreement_to: dt.date | None = None


class FosterFamilyPatch(Schema):
    """Only the fields sent change; a changed condition clears the check."""

    version: int
    reason: str = ""
    household: str | None = None
    address: str | None = None
    phone: str | None = None
    carer_name: str | None = None
    carer_birth_date: dt.date | None = None
    carer_education: str | None = None
    second_carer_name: str | None = None
    members: int | None = None
    local_hukou_fixed_home: bool | None = None
    income_at_least_middle: bool | None = None
    no_disqualifying_illness: bool | None = None
    no_disqualifying_record: bool | None = None
    youngest_own_child_born: dt.date | None = None
    capacity: int | None = None
    agreement_number: str | None = None
    agreement_from: dt.date | None = None
    agreement_to: dt.date | None = None


class FosterFamilyOut(Schema):
    id: int
    institution_id: int
    household: str
    address: str
    carer_name: str
    carer_birth_date: dt.date
    carer_education: str
    capacity: int
    conditions_checked_on: dt.date | None
    agreement_number: str
    agreement_from: dt.date | None
    agreement_to: dt.date | None
    state: str
    ended_on: dt.date | None
    version: int


class FosterFamilyListOut(FosterFamilyOut):
    children_now: int


class FamilyVersionOnIn(Schema):
    version: int
    on: dt.date


class FamilyVersionOnReasonIn(FamilyVersionOnIn):
    reason: str


class CarerTrainingIn(Schema):
    held_on: dt.date
    topic: str
    hours: Decimal
    provider: str = ""


class CarerTrainingOut(CarerTrainingIn):
    id: int
    family_id: int | None
    couple_id: int | None


class CarerEvaluationIn(Schema):
    evaluated_on: dt.date
    result: str
    findings: str


class CarerEvaluationOut(CarerEvaluationIn):
    id: int
    family_id: int | None
    couple_id: int | None


class FosterPlaceIn(Schema):
    family_id: int
    on: dt.date
    reason: str


class FosterPlacementOut(Schema):
    id: int
    child_id: int
    family_id: int
    placement_id: int
    started_on: dt.date
    next_visit_due: dt.date | None
    ended_on: dt.date | None
    end_reason: str
    evaluation: str
    evaluated_on: dt.date | None
    version: int


class FosterVisitIn(Schema):
    visited_on: dt.date
    findings: str
    concerns: bool = False


class FosterVisitOut(FosterVisitIn):
    id: int
    foster_placement_id: int


class FosterEvaluationIn(Schema):
    version: int
    evaluated_on: dt.date
    evaluation: str
    evaluation_note: str


class FosterEndIn(Schema):
    version: int
    on: dt.date
    reason: str
    note: str = ""


class ResidenceCoupleIn(Schema):
    father_name: str
    mother_name: str
    started_on: dt.date


class ResidenceCoupleOut(ResidenceCoupleIn):
    id: int
    residence_id: int
    qualified_on: dt.date | None
    qualification_note: str
    ended_on: dt.date | None
    version: int


class CoupleQualifyIn(FamilyVersionOnIn):
    note: str


# ----------------------------------------------------------------------- adulthood


class AdulthoodPlanIn(Schema):
    evaluation: str
    wishes: str
    responsible_id: int | None = None
    starts_on: dt.date
    review_due_on: dt.date


class AdulthoodPlanPatch(Schema):
    version: int
    reason: str = ""
    evaluation: str | None = None
    wishes: str | None = None
    responsible_id: int | None = None
    starts_on: dt.date | None = None
    review_due_on: dt.date | None = None


class AdulthoodStepOut(Schema):
    id: int
    kind: str
    due_on: dt.date
    done_on: dt.date | None
    note: str
    version: int


class AdulthoodPathOut(Schema):
    id: int
    plan_id: int
    kind: str
    department: str
    contact: str
    target_on: dt.date
    priority: bool
    support_mode: str
    support_institution: str
    state: str
    outcome: str
    outcome_on: dt.date | None
    next_due_on: dt.date | None
    version: int


class AdulthoodPathDetailOut(AdulthoodPathOut):
    steps: list[AdulthoodStepOut]

    @staticmethod
    def resolve_steps(obj) -> list:
        return list(obj.steps.all())


class AdulthoodPlanOut(Schema):
    id: int
    child_id: int
    evaluation: str
    wishes: str
    responsible_id: int | None
    starts_on: dt.date
    review_due_on: dt.date
    status: str
    submitted_on: dt.date
    approved_on: dt.date | None
    closed_on: dt.date | None
    close_reason: str
    path_taken_id: int | None
    version: int


class AdulthoodPlanDetailOut(AdulthoodPlanOut):
    paths: list[AdulthoodPathDetailOut]

    @staticmethod
    def resolve_paths(obj) -> list:
        return list(obj.paths.all())


class AdulthoodPathIn(Schema):
    kind: str
    department: str
    contact: str = ""
    target_on: dt.date
    priority: bool = False
    support_mode: str = ""
    support_institution: str = ""


class AdulthoodStepIn(Schema):
    kind: str
    due_on: dt.date
    note: str = ""


class AdulthoodStepDoneIn(Schema):
    version: int
    done_on: dt.date
    note: str = ""


class AdulthoodOutcomeIn(Schema):
    version: int
    state: str
    outcome_on: dt.date
    outcome: str
    support_mode: str = ""
    support_institution: str = ""


class AdulthoodFollowUpIn(Schema):
    version: int
    done_on: dt.date
    how: str = ""
    situation: str


class AdulthoodFollowUpOut(Schema):
    id: int
    child_id: int
    plan_id: int | None
    months: int
    due_on: dt.date
    done_on: dt.date | None
    how: str
    situation: str
    version: int


class AdulthoodApproachingOut(Schema):
    """A child from 16 and the kinds of the open paths (`open_paths`, prefetched)."""

    child_id: int
    name: str
    birth_date: dt.date
    institution: str
    paths: list[str]

    @staticmethod
    def resolve_child_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_institution(obj) -> str:
        return obj.current_institution.name if obj.current_institution else ""

    @staticmethod
    def resolve_paths(obj) -> list[str]:
        return [p.kind for p in obj.open_paths]
