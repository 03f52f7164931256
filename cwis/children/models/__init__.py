"""The child registry: one child, one file (DESIGN.md).

A child in institutional care and a child in a community registry are the same `Child` with
different statuses and placements. The file's jurisdiction is its own column
(`division_code`: for a child in care, the current institution's division; for a community
child, later, the township or village) next to `current_institution`; services keep the two
in step. Nothing here is ever deleted: files close (left care), merge or are marked
entered-in-error, with a reason; every model keeps its history.
"""

from cwis.children.models.child import (
    CATEGORY_FIELDS,
    CATEGORY_LABELS,
    THROUGH_CHILD,
    Child,
    citizen_id_q,
    mask_citizen_id,
    photo_path,
)
from cwis.children.models.records import (
    ChildDeadline,
    ChildDocument,
    DuplicateDismissal,
    Intake,
    Placement,
    document_path,
)

__all__ = [
    "CATEGORY_FIELDS",
    "CATEGORY_LABELS",
    "THROUGH_CHILD",
    "Child",
    "ChildDeadline",
    "ChildDocument",
    "DuplicateDismissal",
    "Intake",
    "Placement",
    "citizen_id_q",
    "document_path",
    "mask_citizen_id",
    "photo_path",
]
