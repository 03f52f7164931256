"""Correcting the registry: a file entered in error, two files of one child merged.

Nothing is deleted: the wrong file is closed with its reason and keeps its history.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.children.services import closing, deadlines, rules
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import field_error
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped

# Copied from a merged duplicate where the surviving file has nothing.
MERGE_FILL_FIELDS = (
    "former_names", "ethnicity", "hukou_division", "hukou_address", "hukou_registered_on",
    "found_on", "found_place", "found_circumstances", "police_case_number",
    "search_notice_on", "disability_type", "disability_grade", "disability_certificate",
    "health_summary", "education_status", "school_name", "photo",
)


@transaction.atomic
def child_mark_entered_in_error(*, actor: User, child_id: int, version: int, reason: str) -> Child:
    """Close a file that should never have existed. Nothing is deleted."""
    require(actor, Perm.CHILD_CORRECT)
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    check_version(child, version)
    if child.status not in (ChildStatus.IN_CARE, ChildStatus.LEFT_CARE):
        raise ValidationError(rules.MSG_FILE_READ_ONLY, code="read_only")
    if not reason.strip():
        raise field_error("reason", rules.MSG_REASON_REQUIRED)
    _close_file(child, actor=actor, status=ChildStatus.ENTERED_IN_ERROR, reason=reason.strip())
    return child


def _close_file(child: Child, *, actor: User, status: str, reason: str,
                merged_into: Child | None = None) -> None:
    today = rules.today()
    for placement in child.placements.filter(ended_on__isnull=True):
        placement.ended_on = max(today, placement.started_on)
        placement.end_reason = reason[:300]
        record_change(placement, actor)
        placement.save(update_fields=["ended_on", "end_reason", "updated_by", "updated_at"])
    closing.file_closed(child, on=today, actor=actor)
    child.status, child.closed_reason, child.merged_into = status, reason[:500], merged_into
    bump_version(child, actor)
    record_change(child, actor, reason)
    child.save()


@transaction.atomic
def child_merge(
    *, actor: User, survivor_id: int, duplicate_id: int, version: int, reason: str
) -> Child:
    """Merge the duplicate file into the survivor. The duplicate is kept, marked merged,
    with its history; its documents move to the survivor; blanks are filled from it."""
    require(actor, Perm.CHILD_CORRECT)
    if survivor_id == duplicate_id:
        raise field_error("duplicate", rules.MSG_MERGE_SAME)
    locked = {
        pk: get_scoped(Child.objects.all(), actor, pk=pk, for_update=True)
        for pk in sorted((survivor_id, duplicate_id))  # one lock order: no deadlock
    }
    survivor, duplicate = locked[survivor_id], locked[duplicate_id]
    check_version(survivor, version)
    _check_merge(survivor, duplicate, reason)
    fill = {f: getattr(duplicate, f) for f in MERGE_FILL_FIELDS
            if getattr(duplicate, f) and not getattr(survivor, f)}
    moved_id = duplicate.citizen_id if not survivor.citizen_id else ""
    for document in duplicate.documents.all():
        document.child = survivor
        record_change(document, actor, reason)
        document.save(update_fields=["child", "updated_by", "updated_at"])
    _close_file(duplicate, actor=actor, status=ChildStatus.MERGED, reason=reason.strip(),
                merged_into=survivor)
    for field, value in fill.items():
        setattr(survivor, field, value)
    if moved_id:
        survivor.citizen_id = moved_id
    bump_version(survivor, actor)
    rules.child_save(survivor, actor=actor, reason=reason.strip())
    deadlines.deadlines_refresh(survivor, actor=actor, today=rules.today())
    return survivor


def _check_merge(survivor: Child, duplicate: Child, reason: str) -> None:
    live = (ChildStatus.IN_CARE, ChildStatus.LEFT_CARE)
    if survivor.status not in live or duplicate.status not in live:
        raise field_error("duplicate", rules.MSG_MERGE_CLOSED)
    both_in_care = survivor.is_open and duplicate.is_open
    if both_in_care and survivor.current_institution_id != duplicate.current_institution_id:
        raise field_error("duplicate", rules.MSG_MERGE_TWO_INSTITUTIONS)
    if duplicate.is_open and not survivor.is_open:
        raise field_error("duplicate", rules.MSG_MERGE_INTO_LEFT)
    if survivor.citizen_id and duplicate.citizen_id and survivor.citizen_id != duplicate.citizen_id:
        raise field_error("duplicate", rules.MSG_MERGE_DIFFERENT_IDS)
    if not reason.strip():
        raise field_error("reason", rules.MSG_REASON_REQUIRED)
