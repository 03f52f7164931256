"""Institutions, their licences, posts, staff and family-style residences; the province
layout (planned numbers, which institution receives each county's children); and the
transformation of county child welfare institutions (policy 民发〔2021〕44号 parts 一, 三, 四).

One module per task; every model is importable from here. Nothing here is deleted:
institutions are merged or closed, integration facts are withdrawn with a reason, staff
leave on a date. Every model keeps its history.
"""

from cwis.institutions.models.layout import CountyReceiver, ProvinceLayout
from cwis.institutions.models.registry import (
    Institution,
    InstitutionKind,
    InstitutionLevel,
    InstitutionService,
    InstitutionStatus,
    Licence,
    LicenceKind,
    service_field,
)
from cwis.institutions.models.residences import FamilyResidence
from cwis.institutions.models.staff import (
    IntegrationOutcome,
    Post,
    PostType,
    QualificationKind,
    StaffMember,
    StaffQualification,
    TrainingRecord,
)
from cwis.institutions.models.transformation import (
    POLICY_DEADLINE,
    ChangeReason,
    IntegrationFact,
    IntegrationFactKind,
    ProtectionDuty,
    Transformation,
    TransformationState,
)

__all__ = [
    "POLICY_DEADLINE",
    "ChangeReason",
    "CountyReceiver",
    "FamilyResidence",
    "Institution",
    "InstitutionKind",
    "InstitutionLevel",
    "InstitutionService",
    "InstitutionStatus",
    "IntegrationFact",
    "IntegrationFactKind",
    "IntegrationOutcome",
    "Licence",
    "LicenceKind",
    "Post",
    "PostType",
    "ProtectionDuty",
    "ProvinceLayout",
    "QualificationKind",
    "StaffMember",
    "StaffQualification",
    "TrainingRecord",
    "Transformation",
    "TransformationState",
    "service_field",
]
