"""Input and output shapes of the institutions API (cwis/institutions/api.py)."""

import datetime as dt

from ninja import Schema

from cwis.institutions import selectors
from cwis.institutions.models import Institution, Transformation


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


class InstitutionHistoryOut(Schema):
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
