"""Care services to children (policy 二(二)–(四), (六), (七)): one pattern for every line
(pattern.py), what each line adds (lines.py), services to children outside (outside.py)."""

from cwis.care.models.adoption import (
    AdopterApplication,
    AdoptionCase,
    AdoptionFollowUp,
    AdoptionMatch,
)
from cwis.care.models.adulthood import (
    AdulthoodFollowUp,
    AdulthoodPath,
    AdulthoodPlan,
    AdulthoodStep,
)
from cwis.care.models.foster import (
    CarerEvaluation,
    CarerTraining,
    FosterFamily,
    FosterPlacement,
    FosterVisit,
    ResidenceCouple,
)
from cwis.care.models.lines import (
    COST_LAYERS,
    HealthCheck,
    InsuranceEnrolment,
    MedicalVisit,
    RehabAssistance,
    SchoolAgeReport,
    SchoolAgeReportEntry,
    SchoolPlace,
    StudentAid,
)
from cwis.care.models.outside import OutsideService
from cwis.care.models.pattern import CareAssessment, CarePlan, CareReview, CareSession
from cwis.care.models.upbringing import UpbringingAssessment

__all__ = [
    "COST_LAYERS",
    "AdopterApplication",
    "AdoptionCase",
    "AdoptionFollowUp",
    "AdoptionMatch",
    "AdulthoodFollowUp",
    "AdulthoodPath",
    "AdulthoodPlan",
    "AdulthoodStep",
    "CareAssessment",
    "CarePlan",
    "CareReview",
    "CareSession",
    "CarerEvaluation",
    "CarerTraining",
    "FosterFamily",
    "FosterPlacement",
    "FosterVisit",
    "HealthCheck",
    "InsuranceEnrolment",
    "MedicalVisit",
    "OutsideService",
    "RehabAssistance",
    "ResidenceCouple",
    "SchoolAgeReport",
    "SchoolAgeReportEntry",
    "SchoolPlace",
    "StudentAid",
    "UpbringingAssessment",
]
