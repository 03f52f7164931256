"""Safety of institutions (policy 四(二), 四(三)): inspections and the hazards they find, to
their closure (inspections.py)."""

from cwis.safety.models.inspections import (
    Hazard,
    HazardLevel,
    HazardState,
    Inspection,
    InspectionFrequency,
    InspectionKind,
    SafetyArea,
)

__all__ = [
    "Hazard",
    "HazardLevel",
    "HazardState",
    "Inspection",
    "InspectionFrequency",
    "InspectionKind",
    "SafetyArea",
]
