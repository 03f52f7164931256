"""A child leaving care: adoption, return to the family, adulthood, transfer, death."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus, LeaveReason
from cwis.children.models import Child, Placement
from cwis.children.services import closing, rules
from cwis.core.concurrency import bump_version, check_version
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.core.validators import MSG_DATE_FUTURE


@transaction.atomic
def child_leave_care(
    *,
    actor: User,
    child_id: int,
    version: int,
    on: dt.date,
    reason: str,
    note: str = "",
    adult_placement: str = "",
    destination: str = "",
    document_number: str = "",
) -> Child:
    """Close the file: the child left care. The file stays, read-only but for corrections."""
    require(actor, Perm.CHILD_LEAVE_CARE)
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    check_version(child, version)
    return leave_care_locked(actor=actor, child=child, on=on, reason=reason, note=note,
                             adult_placement=adult_placement, destination=destination,
                             document_number=document_number)


def leave_care_locked(*, actor: User, child: Child, on: dt.date, reason: str, note: str = "",
                      adult_placement: str = "", destination: str = "",
                      document_number: str = "") -> Child:
    """Close the file of a child the caller found in scope and locked (the composable
    operation: an adoption registration closes care with it, cwis.care.services.adoption).
    Dates, reason and documents are validated as in `child_leave_care`."""
    if child.status != ChildStatus.IN_CARE:
        raise ValidationError(rules.MSG_NOT_IN_CARE, code="not_in_care")
    rules.raise_errors(leave_errors(child, on=on, reason=reason,
                                    adult_placement=adult_placement, destination=destination,
                                    document_number=document_number))
    return write_leaving(child, actor=actor, on=on, reason=reason, note=note,
                         adult_placement=adult_placement, destination=destination,
                         document_number=document_number)


def write_leaving(child: Child, *, actor: User, on: dt.date, reason: str, note: str = "",
                  adult_placement: str = "", destination: str = "",
                  document_number: str = "") -> Child:
    """Write the leaving of a child in care whose row the caller holds locked and whose
    leaving it has checked (`leave_errors`): the placement ends, everything open on the
    file closes, the file is closed with the reason."""
    current = child.placements.filter(ended_on__isnull=True).first()
    label = str(LeaveReason(reason).label)
    if current is not None:
        current.ended_on, current.end_reason = on, label
        record_change(current, actor)
        current.save(update_fields=["ended_on", "end_reason", "updated_by", "updated_at"])
    closing.file_closed(child, on=on, actor=actor)
    child.status, child.left_care_on, child.leave_reason = ChildStatus.LEFT_CARE, on, reason
    child.adult_placement = adult_placement if reason == LeaveReason.ADULTHOOD else ""
    child.leave_destination, child.leave_note = destination.strip(), note.strip()
    child.leave_document_number = document_number.strip()
    bump_version(child, actor)
    record_change(child, actor, label)
    child.save()
    closing.left_care(child, on=on, actor=actor)
    return child


def leave_errors(child: Child, *, on: dt.date, reason: str, adult_placement: str = "",
                 destination: str = "", document_number: str = "") -> dict[str, list]:
    """Every refusal of this leaving, by field (`on`, `reason`, `adult_placement`,
    `destination`, `document_number`); empty when it may be written."""
    current = child.placements.filter(ended_on__isnull=True).first()
    return _leave_errors(child, current, on=on, reason=reason,
                         adult_placement=adult_placement, destination=destination,
                         document_number=document_number)


def _leave_errors(child: Child, current: Placement | None, *, on: dt.date, reason: str,
                  adult_placement: str, destination: str, document_number: str
                  ) -> dict[str, list]:
    errors: dict[str, list] = {}
    if reason not in LeaveReason.values:
        rules.add_error(errors, "reason", rules.MSG_REASON_REQUIRED)
    if on > rules.today():
        rules.add_error(errors, "on", MSG_DATE_FUTURE)
    elif current is not None and on < current.started_on:
        rules.add_error(errors, "on", rules.MSG_LEAVE_BEFORE_PLACEMENT)
    if reason == LeaveReason.ADULTHOOD:
        if on < rules.add_years(child.birth_date, 18):
            rules.add_error(errors, "on", rules.MSG_NOT_ADULT)
        if not adult_placement:
            rules.add_error(errors, "adult_placement", rules.MSG_ADULT_PLACEMENT_REQUIRED)
    if reason == LeaveReason.ADOPTION and not document_number.strip():
        rules.add_error(errors, "document_number", rules.MSG_ADOPTION_CERTIFICATE)
    if reason in (LeaveReason.FAMILY, LeaveReason.TRANSFER) and not destination.strip():
        rules.add_error(errors, "destination", rules.MSG_DESTINATION_REQUIRED)
    return errors
