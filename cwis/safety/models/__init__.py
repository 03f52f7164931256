"""Safety of institutions (policy 四(二), 四(三)): inspections and the hazards they find, to
their closure (inspections.py); emergency plans and drills (drills.py); food safety
(food.py); incidents (incidents.py); social organisations and volunteers
(organisations.py)."""

from cwis.safety.models.checklists import (
    ChecklistItem,
    ChecklistResult,
    ChecklistResultValue,
    InspectionPhoto,
)
from cwis.safety.models.drills import Drill, DrillScenario, EmergencyPlan, PlanKind
from cwis.safety.models.food import CertificateKind, FoodCertificate, FoodSample, Meal
from cwis.safety.models.incidents import (
    ALWAYS_SERIOUS,
    Incident,
    IncidentAccessReason,
    IncidentKind,
    IncidentState,
)
from cwis.safety.models.inspections import (
    Hazard,
    HazardLevel,
    HazardState,
    Inspection,
    InspectionFrequency,
    InspectionKind,
    SafetyArea,
)
from cwis.safety.models.organisations import (
    Engagement,
    EngagementForm,
    OrganisationKind,
    SocialOrganisation,
    Volunteer,
    VolunteerService,
)

__all__ = [
    "ALWAYS_SERIOUS",
    "CertificateKind",
    "ChecklistItem",
    "ChecklistResult",
    "ChecklistResultValue",
    "Drill",
    "DrillScenario",
    "EmergencyPlan",
    "Engagement",
    "EngagementForm",
    "FoodCertificate",
    "FoodSample",
    "Hazard",
    "HazardLevel",
    "HazardState",
    "Incident",
    "IncidentAccessReason",
    "IncidentKind",
    "IncidentState",
    "Inspection",
    "InspectionFrequency",
    "InspectionKind",
    "InspectionPhoto",
    "Meal",
    "OrganisationKind",
    "PlanKind",
    "SafetyArea",
    "SocialOrganisation",
    "Volunteer",
    "VolunteerService",
]
