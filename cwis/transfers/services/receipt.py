"""The receipt of a transfer. Checked once, then in one transaction: the transfer received,
the child moved (an internal operation of the children module: no second check), the
archive manifest settled item by item, the property ledger handed over line by line."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.children.services import internal as children_internal
from cwis.core.errors import field_error
from cwis.core.history import record_change
from cwis.core.permissions import Perm
from cwis.institutions.services.internal import transformation_handover_begun
from cwis.protection.services import internal_cases as protection_internal
from cwis.transfers.models import (
    HukouDecision,
    HukouStatus,
    ItemStatus,
    PropertyEntry,
    PropertyHandoverItem,
    Transfer,
    TransferStatus,
)
from cwis.transfers.services.rules import (
    MSG_DIFFERENCE_NOTE,
    checked_transfer,
    in_status,
    parse_amount,
    receiving_side,
    save_transfer,
    today,
)

Confirmations = dict[int, tuple[Decimal | str, str]]


@transaction.atomic
def transfer_receive(*, actor: User, transfer_id: int, expected_version: int | None = None,
                     missing_archive_ids: list[int] | None = None,
                     confirmed: Confirmations | None = None) -> Transfer:
    """The receiving institution takes the child, its files and its property: each archive
    item received or recorded missing, each property line confirmed (a difference with
    its note); the ledger's balance moves to the receiver."""
    transfer = checked_transfer(actor, transfer_id, Perm.TRANSFER_RECEIVE, expected_version)
    receiving_side(actor, transfer)
    in_status(transfer, TransferStatus.SENT)
    on = today()
    items = confirm_property(transfer, confirmed or {})  # refused before anything is written
    children_internal.child_move(
        actor=actor, child=transfer.child, on=on, to_institution=transfer.to_institution,
        reason=_("Transfer from %(from)s") % {"from": transfer.from_institution.name},
    )
    # A protection case's long-term exit: the guardianship becomes long-term, the case closes.
    protection_internal.case_transfer_received(actor=actor, transfer=transfer, on=on)
    settle_manifest(transfer, actor=actor, missing=set(missing_archive_ids or []), on=on)
    settle_ledger(transfer, items, actor=actor, on=on)
    transfer.status, transfer.closed_on, transfer.closed_by = (
        TransferStatus.RECEIVED, on, actor)
    if transfer.hukou_decision == HukouDecision.MOVE:
        transfer.hukou_status = HukouStatus.NOT_REQUESTED
    save_transfer(transfer, actor, ["status", "closed_on", "closed_by", "hukou_status"])
    # A transformation nobody started by hand moves on with its children (the last one
    # received leaves it handing over, with "complete the transformation" to do).
    transformation_handover_begun(actor=actor, institution_id=transfer.from_institution_id,
                                  on=on)
    return transfer


def confirm_property(transfer: Transfer, confirmed: Confirmations) -> list[PropertyHandoverItem]:
    """The handover lines with the amounts the receiver confirms (unsaved); a line not
    confirmed is taken as sent. A difference without a note is refused."""
    items = list(transfer.property_items.all())
    for item in items:
        value, note = confirmed.get(item.pk, (item.sent_amount, ""))
        item.confirmed_amount = parse_amount(value, f"property_{item.pk}")
        item.difference_note = (note or "").strip()
        if item.confirmed_amount != item.sent_amount and not item.difference_note:
            raise field_error(f"property_{item.pk}", MSG_DIFFERENCE_NOTE, "difference")
    return items


def settle_manifest(transfer: Transfer, *, actor: User, missing: set[int],
                    on: dt.date) -> None:
    """Every archive item received, except those the receiver records missing."""
    for archive in transfer.archive_items.all():
        archive.status = ItemStatus.MISSING if archive.pk in missing else ItemStatus.RECEIVED
        archive.confirmed_on = on
        record_change(archive, actor)
        archive.save(update_fields=["status", "confirmed_on"])


def settle_ledger(transfer: Transfer, items: list[PropertyHandoverItem], *, actor: User,
                  on: dt.date) -> None:
    """Each confirmed line: out of the sender's ledger as sent, into the receiver's as
    confirmed (the note says why they differ)."""
    for item in items:
        record_change(item, actor)
        item.save(update_fields=["confirmed_amount", "difference_note"])
        for institution, value, note in (
            (transfer.from_institution, -item.sent_amount, _("Handed over")),
            (transfer.to_institution, item.confirmed_amount, item.difference_note),
        ):
            entry = PropertyEntry(child=transfer.child, institution=institution, kind=item.kind,
                                  description=item.description, amount=value, on=on,
                                  transfer=transfer, note=note)
            record_change(entry, actor)
            entry.save()
