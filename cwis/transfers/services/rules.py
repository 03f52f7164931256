"""The rules every transfer service shares: the refusal messages, the one check that opens
a step (role, then the transfer found in scope and locked), who is the sending and who the
receiving side, the order of the states, amounts in yuan."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import field_error
from cwis.core.history import record_change
from cwis.core.permissions import Perm, Role, ScopeKind, require
from cwis.core.scoping import division_in_scope, get_scoped
from cwis.institutions.models import (
    Institution,
    InstitutionKind,
    InstitutionLevel,
    InstitutionStatus,
)
from cwis.transfers.models import Transfer, TransferStatus

MSG_CHILD_NOT_IN_CARE = _("The child has left care: there is nothing to transfer.")
MSG_CHILD_IN_TRANSFER = _("The child is already in a transfer that is not finished.")
MSG_RECEIVER_KIND = _(
    "Children go to an operating child welfare institution of the province or a prefecture "
    "of the same province."
)
MSG_HUKOU_STAY_REASON = _("Say why moving the hukou would harm the child's rights.")
MSG_REASON_REQUIRED = _("Give the reason.")
MSG_OUT_OF_ORDER = _("This transfer is %(status)s: this step is not possible now.")
MSG_NOT_ADDRESSED = _("This transfer is addressed to another institution.")
MSG_NOT_SENDER = _("Only the sending side can do this.")
MSG_ALREADY_RECEIVED = _("This transfer has already been received.")
MSG_PROPERTY_TOTAL = _(
    "The amounts do not add up: the declared total is %(declared)s, the ledger holds %(held)s."
)
MSG_DIFFERENCE_NOTE = _("The confirmed amount differs from the amount sent: record why.")
MSG_AMOUNT = _("Give an amount in yuan, with at most two decimals.")
MSG_NO_RECEIVER = _("No receiving institution is assigned to this county.")
MSG_NO_CHILDREN = _("No child of this institution can be transferred now.")
MSG_NOT_TRANSFORMING = _("Only a county institution's children are transferred in a batch.")
MSG_HUKOU_NOT_MOVING = _("The hukou stays: there is no migration to report.")
MSG_CHOOSE = _("Choose one of the listed options.")
MSG_TITLE_REQUIRED = _("Give the title of the file or volume.")

PLAN_FIELDS = ("plan_told", "plan_accompanied_by", "plan_familiar", "counselling_before",
               "counselling_after")


def today() -> dt.date:
    return timezone.localdate()


def checked_transfer(actor: User, transfer_id: int, perm: Perm,
                     expected_version: int | None = None) -> Transfer:
    """The one check of a step: the role, then the transfer found in scope and locked in
    the same query (404 outside scope), then the version the client read, when given."""
    require(actor, perm)
    transfer = get_scoped(
        Transfer.objects.select_related("child", "from_institution", "to_institution"),
        actor, pk=transfer_id, for_update=True,
    )
    if expected_version is not None:
        check_version(transfer, expected_version)
    return transfer


def in_status(transfer: Transfer, *statuses: str) -> None:
    if transfer.status not in statuses:
        if transfer.status == TransferStatus.RECEIVED:
            raise field_error("status", MSG_ALREADY_RECEIVED, "received")
        raise ValidationError(
            {"status": ValidationError(MSG_OUT_OF_ORDER, params={
                "status": transfer.get_status_display()}, code="out_of_order")})


def may_send_from(actor: User, institution: Institution) -> bool:
    """A protection worker sends children only from the county's minors' protection
    institution (the long-term exit of a protection case); other senders are not limited
    by the kind of institution."""
    return (actor.role != Role.PROTECTION_WORKER
            or institution.kind == InstitutionKind.MINORS_PROTECTION)


def is_sending_side(actor: User, transfer: Transfer) -> bool:
    """The sending institution's staff or an officer over it."""
    if not may_send_from(actor, transfer.from_institution):
        return False
    if actor.scope_kind == ScopeKind.INSTITUTION:
        return actor.institution_id == transfer.from_institution_id
    return division_in_scope(actor, transfer.from_division_code)


def is_receiving_side(actor: User, transfer: Transfer) -> bool:
    return actor.institution_id == transfer.to_institution_id


def sending_side(actor: User, transfer: Transfer) -> None:
    """Refuse the receiving side (who sees the transfer too) a step of the sender's."""
    if not is_sending_side(actor, transfer):
        raise field_error("from_institution", MSG_NOT_SENDER, "not_sender")


def receiving_side(actor: User, transfer: Transfer) -> None:
    if not is_receiving_side(actor, transfer):
        raise field_error("to_institution", MSG_NOT_ADDRESSED, "not_addressed")


def check_receiver(sender: Institution, receiver: Institution | None) -> Institution:
    if (
        receiver is None
        or receiver.kind != InstitutionKind.CHILD_WELFARE
        or receiver.status != InstitutionStatus.OPERATING
        or receiver.level not in (InstitutionLevel.PROVINCE, InstitutionLevel.PREFECTURE)
        or receiver.division_code[:2] != sender.division_code[:2]
        or receiver.pk == sender.pk
    ):
        raise field_error("to_institution", MSG_RECEIVER_KIND, "receiver")
    return receiver


def save_transfer(transfer: Transfer, actor: User, fields: list[str]) -> None:
    """Save the changed fields with a new version and the actor in its history row."""
    bump_version(transfer, actor)
    record_change(transfer, actor)
    transfer.save(update_fields=[*fields, "version", "updated_by", "updated_at"])


def parse_amount(value, field: str) -> Decimal:
    """An amount in yuan with at most two decimals, or a refusal on `field`."""
    try:
        parsed = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise field_error(field, MSG_AMOUNT) from exc
    if Decimal(str(value)) != parsed:
        raise field_error(field, MSG_AMOUNT)
    return parsed
