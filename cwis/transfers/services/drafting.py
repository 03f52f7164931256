"""Drafting transfers: one child, or every child of a county institution to its county's
assigned receiver; the plan fitted to the child and the archive manifest, until sent."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core.concurrency import check_version
from cwis.core.errors import field_error
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.core.scoping import ALREADY_CHECKED, get_scoped
from cwis.core.validators import check_plausible_dates
from cwis.institutions.models import CountyReceiver, Institution, InstitutionLevel
from cwis.transfers.models import (
    OPEN_STATUSES,
    ArchiveItem,
    ArchiveKind,
    HukouDecision,
    Transfer,
    TransferStatus,
)
from cwis.transfers.services.rules import (
    MSG_CHILD_IN_TRANSFER,
    MSG_CHILD_NOT_IN_CARE,
    MSG_CHOOSE,
    MSG_HUKOU_STAY_REASON,
    MSG_NO_CHILDREN,
    MSG_NO_RECEIVER,
    MSG_NOT_SENDER,
    MSG_NOT_TRANSFORMING,
    MSG_REASON_REQUIRED,
    MSG_TITLE_REQUIRED,
    PLAN_FIELDS,
    check_receiver,
    checked_transfer,
    in_status,
    may_send_from,
    save_transfer,
    sending_side,
)


def draft_locked(*, actor: User, child: Child, to_institution: Institution | None,
                  reason: str, planned_on: dt.date, hukou_decision: str,
                  hukou_stay_reason: str, plan: dict) -> Transfer:
    """Draft the transfer of a child whose row the caller has found in scope and locked
    (also composed by a protection case's long-term exit, checked there once)."""
    if child.status != ChildStatus.IN_CARE or child.current_institution is None:
        raise field_error("child", MSG_CHILD_NOT_IN_CARE, "not_in_care")
    if Transfer.objects.filter(child=child, status__in=OPEN_STATUSES).exists():
        raise field_error("child", MSG_CHILD_IN_TRANSFER, "in_transfer")
    sender = child.current_institution
    if not may_send_from(actor, sender):
        raise field_error("child", MSG_NOT_SENDER, "not_sender")
    receiver = check_receiver(sender, to_institution)
    errors: dict[str, list] = {}
    if not (reason or "").strip():
        errors.setdefault("reason", []).append(MSG_REASON_REQUIRED)
    if hukou_decision not in HukouDecision.values:
        errors.setdefault("hukou_decision", []).append(MSG_CHOOSE)
    if hukou_decision == HukouDecision.STAY and not (hukou_stay_reason or "").strip():
        errors.setdefault("hukou_stay_reason", []).append(MSG_HUKOU_STAY_REASON)
    if errors:
        raise ValidationError(errors)
    transfer = Transfer(
        child=child, from_institution=sender, to_institution=receiver,
        from_division_code=sender.division_code, to_division_code=receiver.division_code,
        reason=reason.strip(), planned_on=planned_on, hukou_decision=hukou_decision,
        hukou_stay_reason=(hukou_stay_reason or "").strip()
        if hukou_decision == HukouDecision.STAY else "",
        **{k: v for k, v in plan.items() if k in PLAN_FIELDS},
    )
    record_change(transfer, actor)
    try:
        with transaction.atomic():
            transfer.save()
    except IntegrityError as exc:  # a concurrent draft for the same child
        raise field_error("child", MSG_CHILD_IN_TRANSFER, "in_transfer") from exc
    return transfer


@transaction.atomic
def transfer_draft(*, actor: User, child_id: int, to_institution_id: int | None, reason: str,
                   planned_on: dt.date, hukou_decision: str = HukouDecision.MOVE,
                   hukou_stay_reason: str = "", **plan) -> Transfer:
    require(actor, Perm.TRANSFER_DRAFT)
    child = get_scoped(Child.objects.select_related("current_institution"), actor,
                       pk=child_id, for_update=True)
    check_plausible_dates({"planned_on": planned_on})
    # The receiver is in another county's or the prefecture's institution: not in the
    # sender's scope, and need not be; check_receiver says which institutions may receive.
    receiver = Institution.objects.filter(pk=to_institution_id).first()
    return draft_locked(actor=actor, child=child, to_institution=receiver, reason=reason,
                         planned_on=planned_on, hukou_decision=hukou_decision,
                         hukou_stay_reason=hukou_stay_reason, plan=plan)


@transaction.atomic
def transfer_batch_draft(*, actor: User, institution_id: int, planned_on: dt.date,
                         reason: str) -> list[Transfer]:
    """Every child in care of a county institution, to its county's assigned receiver."""
    require(actor, Perm.TRANSFER_DRAFT)
    institution = get_scoped(Institution.objects.all(), actor, pk=institution_id)
    check_plausible_dates({"planned_on": planned_on})
    if institution.level != InstitutionLevel.COUNTY:
        raise field_error("institution", MSG_NOT_TRANSFORMING, "not_county")
    assigned = CountyReceiver.objects.filter(
        division_code=institution.division_code).select_related("receiver").first()
    if assigned is None:
        raise field_error("to_institution", MSG_NO_RECEIVER, "no_receiver")
    child_ids = Child.objects.filter(
        current_institution=institution, status=ChildStatus.IN_CARE,
    ).exclude(transfers__status__in=OPEN_STATUSES).order_by("id").values_list("pk", flat=True)
    transfers = []
    for child_id in child_ids:
        # The children of an institution in scope: checked through it, locked one by one.
        child = get_scoped(Child.objects.select_related("current_institution"),
                           ALREADY_CHECKED, pk=child_id, for_update=True)
        transfers.append(draft_locked(
            actor=actor, child=child, to_institution=assigned.receiver, reason=reason,
            planned_on=planned_on, hukou_decision=HukouDecision.MOVE, hukou_stay_reason="",
            plan={}))
    if not transfers:
        raise field_error("institution", MSG_NO_CHILDREN, "no_children")
    return transfers


@transaction.atomic
def transfer_update_plan(*, actor: User, transfer_id: int, expected_version: int | None,
                         **data) -> Transfer:
    """The plan fitted to the child and the hukou decision, while not yet sent."""
    transfer = checked_transfer(actor, transfer_id, Perm.TRANSFER_DRAFT)
    sending_side(actor, transfer)
    check_version(transfer, expected_version)
    in_status(transfer, TransferStatus.DRAFTED, TransferStatus.APPROVED)
    check_plausible_dates({"planned_on": data.get("planned_on")})
    fields = [k for k in (*PLAN_FIELDS, "hukou_decision", "hukou_stay_reason", "planned_on",
                          "reason") if k in data]
    for key in fields:
        setattr(transfer, key, data[key].strip() if isinstance(data[key], str) else data[key])
    if transfer.hukou_decision not in HukouDecision.values:
        raise field_error("hukou_decision", MSG_CHOOSE)
    if transfer.hukou_decision == HukouDecision.STAY and not transfer.hukou_stay_reason:
        raise field_error("hukou_stay_reason", MSG_HUKOU_STAY_REASON)
    if transfer.hukou_decision == HukouDecision.MOVE:
        transfer.hukou_stay_reason = ""
        fields.append("hukou_stay_reason")
    if not transfer.reason:
        raise field_error("reason", MSG_REASON_REQUIRED)
    save_transfer(transfer, actor, sorted(set(fields)))
    return transfer


@transaction.atomic
def transfer_archive_add(*, actor: User, transfer_id: int, kind: str, title: str,
                         pages: int = 0, original: bool = True) -> ArchiveItem:
    """A file or volume on the manifest, while the transfer is not yet sent."""
    transfer = checked_transfer(actor, transfer_id, Perm.TRANSFER_DRAFT)
    sending_side(actor, transfer)
    in_status(transfer, TransferStatus.DRAFTED, TransferStatus.APPROVED)
    if not (title or "").strip():
        raise field_error("title", MSG_TITLE_REQUIRED)
    if kind not in ArchiveKind.values:
        raise field_error("kind", MSG_CHOOSE)
    item = ArchiveItem(transfer=transfer, kind=kind, title=title.strip(), pages=pages or 0,
                       original=bool(original))
    record_change(item, actor)
    item.save()
    return item
