"""API schemas of what each line adds (cwis/care/api/lines.py)."""

import datetime as dt
from decimal import Decimal

from ninja import ModelSchema, Schema

from cwis.care.models import (
    HealthCheck,
    InsuranceEnrolment,
    MedicalVisit,
    RehabAssistance,
    SchoolAgeReport,
    SchoolPlace,
    StudentAid,
)
from cwis.core.input import RecordId

_BOOK = ["id", "version"]


class MedicalVisitIn(Schema):
    kind: str  # outpatient or inpatient
    hospital: str
    started_on: dt.date
    ended_on: dt.date | None = None
    diagnosis: str
    treatment: str = ""
    green_channel: bool = False
    cost_total: Decimal = Decimal(0)
    paid_basic_insurance: Decimal = Decimal(0)
    paid_critical_illness: Decimal = Decimal(0)
    paid_medical_assistance: Decimal = Decimal(0)
    paid_charity: Decimal = Decimal(0)
    paid_institution: Decimal = Decimal(0)


class MedicalVisitOut(ModelSchema):
    class Meta:
        model = MedicalVisit
        fields = [*_BOOK, "child", "kind", "hospital", "started_on", "ended_on", "diagnosis",
                  "treatment", "green_channel", "cost_total", "paid_basic_insurance",
                  "paid_critical_illness", "paid_medical_assistance", "paid_charity",
                  "paid_institution", "entered_in_error"]


class EnrolmentIn(Schema):
    year: int
    scheme: str = "城乡居民基本医疗保险"
    outside_window: bool = False  # a found infant, enrolled at once (随参随缴)
    applied_on: dt.date
    insurance_number: str = ""


class EnrolmentAnswerIn(Schema):
    version: int
    state: str  # enrolled or refused
    answered_on: dt.date
    enrolled_on: dt.date | None = None
    insurance_number: str = ""
    note: str = ""


class EnrolmentOut(ModelSchema):
    class Meta:
        model = InsuranceEnrolment
        fields = [*_BOOK, "child", "year", "scheme", "state", "outside_window", "applied_on",
                  "enrolled_on", "insurance_number", "answered_on", "answer_note"]


class HealthCheckIn(Schema):
    due_on: dt.date


class HealthCheckDoneIn(Schema):
    version: int
    done_on: dt.date
    done_at: str = ""
    height_cm: Decimal | None = None
    weight_kg: Decimal | None = None
    findings: str = ""


class HealthCheckOut(ModelSchema):
    class Meta:
        model = HealthCheck
        fields = [*_BOOK, "child", "due_on", "done_on", "done_at", "height_cm", "weight_kg",
                  "findings", "cancelled_reason"]


class AssistanceIn(Schema):
    applied_on: dt.date
    federation: str  # the county disabled persons' federation applied to


class AssistanceDecisionIn(Schema):
    version: int
    state: str  # approved or refused
    decided_on: dt.date
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    amount: Decimal | None = None
    decision_note: str = ""


class AssistanceOut(ModelSchema):
    class Meta:
        model = RehabAssistance
        fields = [*_BOOK, "child", "state", "applied_on", "federation", "decided_on",
                  "period_from", "period_to", "amount", "decision_note"]


class SchoolPlaceIn(Schema):
    stage: str
    kind: str  # ordinary, special_school, in_house, home_teaching
    school: str
    enrolled_on: dt.date
    roll_number: str = ""
    note: str = ""


class SchoolPlacePatch(Schema):
    version: int
    reason: str = ""
    stage: str | None = None
    kind: str | None = None
    school: str | None = None
    enrolled_on: dt.date | None = None
    roll_number: str | None = None
    left_on: dt.date | None = None
    note: str | None = None


class SchoolPlaceOut(ModelSchema):
    class Meta:
        model = SchoolPlace
        fields = [*_BOOK, "child", "stage", "kind", "school", "enrolled_on", "roll_number",
                  "left_on", "note"]


class StudentAidIn(Schema):
    year: int
    kind: str
    amount: Decimal
    received_on: dt.date
    note: str = ""


class StudentAidOut(ModelSchema):
    class Meta:
        model = StudentAid
        fields = [*_BOOK, "child", "year", "kind", "amount", "received_on", "note"]


class SchoolReportIn(Schema):
    year: int
    department: str
    note: str = ""


class SchoolReportEntryOut(Schema):
    child_id: int
    name: str
    sex: str
    birth_date: dt.date
    stage: str
    note: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.child.name

    @staticmethod
    def resolve_sex(obj) -> str:
        return obj.child.sex

    @staticmethod
    def resolve_birth_date(obj) -> dt.date:
        return obj.child.birth_date


class SchoolReportOut(ModelSchema):
    class Meta:
        model = SchoolAgeReport
        fields = [*_BOOK, "institution", "year", "department", "state", "reported_on", "note"]


class SchoolReportDetailOut(Schema):
    report: SchoolReportOut
    entries: list[SchoolReportEntryOut]


class SchoolReportAddIn(Schema):
    version: int
    child_id: RecordId
    stage: str
    note: str = ""


class SchoolReportRemoveIn(Schema):
    version: int
    child_id: RecordId
    reason: str


class SchoolReportReportedIn(Schema):
    version: int
    reported_on: dt.date
