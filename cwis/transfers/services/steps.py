"""The steps of a transfer other than its receipt: approve, send, return, cancel, and the
hukou migration the receiver reports afterwards. Each checks once (checked_transfer), then
writes in one transaction."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from cwis.accounts.models import User
from cwis.core.errors import field_error
from cwis.core.permissions import Perm
from cwis.core.validators import check_plausible_dates
from cwis.institutions.services.internal import transformation_handover_begun
from cwis.transfers.models import (
    HukouDecision,
    HukouStatus,
    PropertyHandoverItem,
    Transfer,
    TransferStatus,
)
from cwis.transfers.services.ledger import ledger_balance
from cwis.transfers.services.rules import (
    MSG_CHOOSE,
    MSG_HUKOU_NOT_MOVING,
    MSG_PROPERTY_TOTAL,
    MSG_REASON_REQUIRED,
    checked_transfer,
    in_status,
    parse_amount,
    receiving_side,
    save_transfer,
    sending_side,
    today,
)


@transaction.atomic
def transfer_approve(*, actor: User, transfer_id: int,
                     expected_version: int | None = None) -> Transfer:
    transfer = checked_transfer(actor, transfer_id, Perm.TRANSFER_APPROVE, expected_version)
    sending_side(actor, transfer)
    in_status(transfer, TransferStatus.DRAFTED)
    transfer.status, transfer.approved_on, transfer.approved_by = (
        TransferStatus.APPROVED, today(), actor)
    save_transfer(transfer, actor, ["status", "approved_on", "approved_by"])
    return transfer


@transaction.atomic
def transfer_send(*, actor: User, transfer_id: int, expected_version: int | None = None,
                  property_total: Decimal | str | None = None) -> Transfer:
    """The child leaves; the ledger's balance is listed for the receiver to confirm. A
    declared total that is not the ledger's balance is refused."""
    transfer = checked_transfer(actor, transfer_id, Perm.TRANSFER_DRAFT, expected_version)
    sending_side(actor, transfer)
    in_status(transfer, TransferStatus.APPROVED)
    balance = ledger_balance(transfer.child, transfer.from_institution_id)
    held = sum((amount for _k, _d, amount in balance), Decimal("0.00"))
    declared = parse_amount(property_total, "property_total") if property_total not in (
        None, "") else None
    if declared is not None and declared != held:
        raise ValidationError({"property_total": ValidationError(
            MSG_PROPERTY_TOTAL, params={"declared": declared, "held": held}, code="total")})
    PropertyHandoverItem.objects.bulk_create([
        PropertyHandoverItem(transfer=transfer, kind=kind, description=description,
                             sent_amount=amount)
        for kind, description, amount in balance
    ])
    transfer.status, transfer.sent_on, transfer.sent_by = TransferStatus.SENT, today(), actor
    transfer.property_declared_total = held
    save_transfer(transfer, actor, ["status", "sent_on", "sent_by", "property_declared_total"])
    # The county institution's handover has begun: its planned transformation moves on.
    transformation_handover_begun(actor=actor, institution_id=transfer.from_institution_id,
                                  on=transfer.sent_on)
    return transfer


@transaction.atomic
def transfer_return(*, actor: User, transfer_id: int, reason: str,
                    expected_version: int | None = None) -> Transfer:
    """The receiver sends the transfer back (the child stays where it is, in its file)."""
    transfer = checked_transfer(actor, transfer_id, Perm.TRANSFER_RECEIVE, expected_version)
    receiving_side(actor, transfer)
    in_status(transfer, TransferStatus.SENT)
    if not (reason or "").strip():
        raise field_error("reason", MSG_REASON_REQUIRED)
    transfer.status, transfer.closed_on, transfer.closed_by, transfer.close_reason = (
        TransferStatus.RETURNED, today(), actor, reason.strip())
    # Nothing moved: the ledger stays with the sender; the handover lines stay as sent, unconfirmed.
    save_transfer(transfer, actor, ["status", "closed_on", "closed_by", "close_reason"])
    return transfer


@transaction.atomic
def transfer_cancel(*, actor: User, transfer_id: int, reason: str,
                    expected_version: int | None = None) -> Transfer:
    transfer = checked_transfer(actor, transfer_id, Perm.TRANSFER_DRAFT, expected_version)
    sending_side(actor, transfer)
    in_status(transfer, TransferStatus.DRAFTED, TransferStatus.APPROVED)
    if not (reason or "").strip():
        raise field_error("reason", MSG_REASON_REQUIRED)
    transfer.status, transfer.closed_on, transfer.closed_by, transfer.close_reason = (
        TransferStatus.CANCELLED, today(), actor, reason.strip())
    save_transfer(transfer, actor, ["status", "closed_on", "closed_by", "close_reason"])
    return transfer


@transaction.atomic
def transfer_hukou_report(*, actor: User, transfer_id: int, status: str,
                          on: dt.date) -> Transfer:
    """The receiving institution reports the hukou migration: requested, then done."""
    transfer = checked_transfer(actor, transfer_id, Perm.TRANSFER_RECEIVE)
    receiving_side(actor, transfer)
    in_status(transfer, TransferStatus.RECEIVED)
    if transfer.hukou_decision != HukouDecision.MOVE:
        raise field_error("status", MSG_HUKOU_NOT_MOVING)
    check_plausible_dates({"on": on}, past={"on"})
    if status == HukouStatus.REQUESTED:
        transfer.hukou_status, transfer.hukou_requested_on = status, on
    elif status == HukouStatus.DONE:
        transfer.hukou_status, transfer.hukou_done_on = status, on
        transfer.hukou_requested_on = transfer.hukou_requested_on or on
    else:
        raise field_error("status", MSG_CHOOSE)
    save_transfer(transfer, actor, ["hukou_status", "hukou_requested_on", "hukou_done_on"])
    return transfer
