"""Every write on a child's file, one module per task:

- `intake`: opening the file (an institution receives a child)
- `edits`: changing it, and correcting it once closed
- `placements`: where the child lives (moves)
- `leaving`: leaving care
- `corrections`: entered in error, merging duplicates
- `documents`: documents kept on the file
- `deadlines`: the file's time limits, kept in line with it
- `rules`: the file's rules and their messages, shared with the community registry
- `internal`: operations other apps' checked services compose (no role or scope check)

Each checked service checks the role, finds and locks its rows in the actor's scope
(`get_scoped(..., for_update=True)`), validates everything before writing, and writes in
one transaction (a refusal leaves the database as it was). Edits take the version the
client read. The names below are the ones views, the API and other apps import.
"""

from cwis.children.services.corrections import child_mark_entered_in_error, child_merge
from cwis.children.services.documents import child_document_add, child_document_withdraw
from cwis.children.services.edits import child_update
from cwis.children.services.intake import child_register
from cwis.children.services.leaving import child_leave_care
from cwis.children.services.placements import child_move
from cwis.children.services.rules import (
    EDITABLE_FIELDS,
    MSG_ADMISSION_BEFORE_NOTICE_END,
    MSG_ADOPTION_CERTIFICATE,
    MSG_ADULT_PLACEMENT_REQUIRED,
    MSG_BASIS_CATEGORY,
    MSG_BASIS_GUARDIANSHIP,
    MSG_BASIS_NOT_IN_FORCE,
    MSG_BASIS_NOTE,
    MSG_BASIS_UNKNOWN,
    MSG_BEFORE_BIRTH,
    MSG_BIRTH_AFTER_INTAKE,
    MSG_CHOOSE,
    MSG_CORRECTION_REASON,
    MSG_DESTINATION_REQUIRED,
    MSG_DISABILITY_INCOMPLETE,
    MSG_DOCUMENT_EMPTY,
    MSG_FILE_READ_ONLY,
    MSG_FILE_TOO_LARGE,
    MSG_FILE_TYPE,
    MSG_FOSTER_CARER_REQUIRED,
    MSG_FOUND_ORDER,
    MSG_GUARDIANSHIP_CATEGORY,
    MSG_ID_BIRTH_MISMATCH,
    MSG_ID_EXISTS,
    MSG_ID_SEX_MISMATCH,
    MSG_INSTITUTION_NOT_OPERATING,
    MSG_INSTITUTION_OUTSIDE,
    MSG_INTAKE_BEFORE_REGISTRATION,
    MSG_LEAVE_BEFORE_PLACEMENT,
    MSG_MERGE_CLOSED,
    MSG_MERGE_DIFFERENT_IDS,
    MSG_MERGE_INTO_LEFT,
    MSG_MERGE_SAME,
    MSG_MERGE_TWO_INSTITUTIONS,
    MSG_MOVE_BEFORE_PLACEMENT,
    MSG_NOT_ADULT,
    MSG_NOT_IN_CARE,
    MSG_PHOTO_TYPE,
    MSG_POSSIBLE_DUPLICATE,
    MSG_REASON_REQUIRED,
    MSG_RESIDENCE_NOT_IN_INSTITUTION,
    MSG_SITUATION_KIND,
    MSG_SITUATION_NOTE,
    PossibleDuplicateError,
    add_years,
    name_search_keys,
    set_search_keys,
)
from cwis.core.validators import MSG_DATE_FUTURE

__all__ = [
    "EDITABLE_FIELDS",
    "MSG_ADMISSION_BEFORE_NOTICE_END",
    "MSG_ADOPTION_CERTIFICATE",
    "MSG_ADULT_PLACEMENT_REQUIRED",
    "MSG_BASIS_CATEGORY",
    "MSG_BASIS_GUARDIANSHIP",
    "MSG_BASIS_NOTE",
    "MSG_BASIS_NOT_IN_FORCE",
    "MSG_BASIS_UNKNOWN",
    "MSG_BEFORE_BIRTH",
    "MSG_BIRTH_AFTER_INTAKE",
    "MSG_CHOOSE",
    "MSG_CORRECTION_REASON",
    "MSG_DATE_FUTURE",
    "MSG_DESTINATION_REQUIRED",
    "MSG_DISABILITY_INCOMPLETE",
    "MSG_DOCUMENT_EMPTY",
    "MSG_FILE_READ_ONLY",
    "MSG_FILE_TOO_LARGE",
    "MSG_FILE_TYPE",
    "MSG_FOSTER_CARER_REQUIRED",
    "MSG_FOUND_ORDER",
    "MSG_GUARDIANSHIP_CATEGORY",
    "MSG_ID_BIRTH_MISMATCH",
    "MSG_ID_EXISTS",
    "MSG_ID_SEX_MISMATCH",
    "MSG_INSTITUTION_NOT_OPERATING",
    "MSG_INSTITUTION_OUTSIDE",
    "MSG_INTAKE_BEFORE_REGISTRATION",
    "MSG_LEAVE_BEFORE_PLACEMENT",
    "MSG_MERGE_CLOSED",
    "MSG_MERGE_DIFFERENT_IDS",
    "MSG_MERGE_INTO_LEFT",
    "MSG_MERGE_SAME",
    "MSG_MERGE_TWO_INSTITUTIONS",
    "MSG_MOVE_BEFORE_PLACEMENT",
    "MSG_NOT_ADULT",
    "MSG_NOT_IN_CARE",
    "MSG_PHOTO_TYPE",
    "MSG_POSSIBLE_DUPLICATE",
    "MSG_REASON_REQUIRED",
    "MSG_RESIDENCE_NOT_IN_INSTITUTION",
    "MSG_SITUATION_KIND",
    "MSG_SITUATION_NOTE",
    "PossibleDuplicateError",
    "add_years",
    "child_document_add",
    "child_document_withdraw",
    "child_leave_care",
    "child_mark_entered_in_error",
    "child_merge",
    "child_move",
    "child_register",
    "child_update",
    "name_search_keys",
    "set_search_keys",
]
