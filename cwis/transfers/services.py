"""Writes of the transfers module: drafted → approved → sent → received | returned, or
cancelled before sending. Each service validates first, writes in one transaction, locks the
transfer row for a state change and leaves history (simple-history) behind."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children import selectors as child_selectors
from cwis.children import services as child_services
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import field_error
from cwis.core.permissions import Perm, ScopeKind, has_perm, require
from cwis.core.scoping import division_in_scope, get_scoped
from cwis.institutions.models import (
    CountyReceiver,
    Institution,
    InstitutionKind,
    InstitutionLevel,
    InstitutionStatus,
)
from cwis.transfers.models import (
    OPEN_STATUSES,
    ArchiveItem,
    HukouDecision,
    HukouStatus,
    ItemStatus,
    PropertyEntry,
    PropertyHandoverItem,
    PropertyKind,
    Transfer,
    TransferStatus,
)

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


def _today() -> dt.date:
    return timezone.localdate()


def _attribute(instance, actor: User) -> None:
    instance._history_user = actor


def _lock(transfer: Transfer) -> Transfer:
    return Transfer.objects.select_for_update().get(pk=transfer.pk)


def _in_status(transfer: Transfer, *statuses: str) -> None:
    if transfer.status not in statuses:
        if transfer.status == TransferStatus.RECEIVED:
            raise field_error("status", MSG_ALREADY_RECEIVED, "received")
        raise ValidationError(
            {"status": ValidationError(MSG_OUT_OF_ORDER, params={
                "status": transfer.get_status_display()}, code="out_of_order")})


def _sending_side(actor: User, transfer: Transfer) -> None:
    """The sending institution's staff or an officer over it; 404 when the transfer is not
    seen at all, a refusal when it is seen only as the receiver."""
    get_scoped(Transfer.objects.all(), actor, pk=transfer.pk)
    if actor.scope_kind == ScopeKind.INSTITUTION:
        ok = actor.institution_id == transfer.from_institution_id
    else:
        ok = division_in_scope(actor, transfer.from_division_code)
    if not ok:
        raise field_error("from_institution", MSG_NOT_SENDER, "not_sender")


def _check_receiver(sender: Institution, receiver: Institution | None) -> Institution:
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


def _save(transfer: Transfer, actor: User, fields: list[str]) -> None:
    bump_version(transfer, actor)
    _attribute(transfer, actor)
    transfer.save(update_fields=[*fields, "version", "updated_by", "updated_at"])


# ------------------------------------------------------------------------------ drafting


def _draft_one(*, actor: User, child: Child, to_institution: Institution | None, reason: str,
               planned_on: dt.date, hukou_decision: str, hukou_stay_reason: str,
               plan: dict) -> Transfer:
    locked = Child.objects.select_for_update().get(pk=child.pk)
    if locked.status != ChildStatus.IN_CARE or locked.current_institution is None:
        raise field_error("child", MSG_CHILD_NOT_IN_CARE, "not_in_care")
    if Transfer.objects.filter(child=locked, status__in=OPEN_STATUSES).exists():
        raise field_error("child", MSG_CHILD_IN_TRANSFER, "in_transfer")
    sender = locked.current_institution
    receiver = _check_receiver(sender, to_institution)
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
        child=locked, from_institution=sender, to_institution=receiver,
        from_division_code=sender.division_code, to_division_code=receiver.division_code,
        reason=reason.strip(), planned_on=planned_on, hukou_decision=hukou_decision,
        hukou_stay_reason=(hukou_stay_reason or "").strip()
        if hukou_decision == HukouDecision.STAY else "",
        created_by=actor, updated_by=actor,
        **{k: v for k, v in plan.items() if k in PLAN_FIELDS},
    )
    _attribute(transfer, actor)
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
    child = child_selectors.child_get(actor=actor, child_id=child_id)
    receiver = Institution.objects.filter(pk=to_institution_id).first()
    return _draft_one(actor=actor, child=child, to_institution=receiver, reason=reason,
                      planned_on=planned_on, hukou_decision=hukou_decision,
                      hukou_stay_reason=hukou_stay_reason, plan=plan)


@transaction.atomic
def transfer_batch_draft(*, actor: User, institution_id: int, planned_on: dt.date,
                         reason: str) -> list[Transfer]:
    """Every child in care of a county institution, to its county's assigned receiver."""
    require(actor, Perm.TRANSFER_DRAFT)
    institution = get_scoped(Institution.objects.all(), actor, pk=institution_id)
    if institution.level != InstitutionLevel.COUNTY:
        raise field_error("institution", MSG_NOT_TRANSFORMING, "not_county")
    assigned = CountyReceiver.objects.filter(
        division_code=institution.division_code).select_related("receiver").first()
    if assigned is None:
        raise field_error("to_institution", MSG_NO_RECEIVER, "no_receiver")
    children = Child.objects.filter(
        current_institution=institution, status=ChildStatus.IN_CARE,
    ).exclude(transfers__status__in=OPEN_STATUSES).order_by("id")
    transfers = [
        _draft_one(actor=actor, child=child, to_institution=assigned.receiver, reason=reason,
                   planned_on=planned_on, hukou_decision=HukouDecision.MOVE,
                   hukou_stay_reason="", plan={})
        for child in children
    ]
    if not transfers:
        raise field_error("institution", MSG_NO_CHILDREN, "no_children")
    return transfers


@transaction.atomic
def transfer_update_plan(*, actor: User, transfer_id: int, expected_version: int | None,
                         **data) -> Transfer:
    """The plan fitted to the child and the hukou decision, while not yet sent."""
    require(actor, Perm.TRANSFER_DRAFT)
    transfer = get_scoped(Transfer.objects.all(), actor, pk=transfer_id)
    _sending_side(actor, transfer)
    transfer = _lock(transfer)
    check_version(transfer, expected_version)
    _in_status(transfer, TransferStatus.DRAFTED, TransferStatus.APPROVED)
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
    _save(transfer, actor, sorted(set(fields)))
    return transfer


# ---------------------------------------------------------------------------- the steps


def _step(actor: User, transfer_id: int, perm: Perm, expected_version: int | None) -> Transfer:
    require(actor, perm)
    transfer = get_scoped(Transfer.objects.all(), actor, pk=transfer_id)
    locked = _lock(transfer)
    if expected_version is not None:
        check_version(locked, expected_version)
    return locked


@transaction.atomic
def transfer_approve(*, actor: User, transfer_id: int,
                     expected_version: int | None = None) -> Transfer:
    transfer = _step(actor, transfer_id, Perm.TRANSFER_APPROVE, expected_version)
    _sending_side(actor, transfer)
    _in_status(transfer, TransferStatus.DRAFTED)
    transfer.status, transfer.approved_on, transfer.approved_by = (
        TransferStatus.APPROVED, _today(), actor)
    _save(transfer, actor, ["status", "approved_on", "approved_by"])
    return transfer


def ledger_balance(child: Child, institution_id: int) -> list[tuple[str, str, Decimal]]:
    """(kind, description, amount) still held for the child by the institution."""
    rows = (PropertyEntry.objects.filter(child=child, institution_id=institution_id)
            .values("kind", "description").annotate(total=Sum("amount"))
            .order_by("kind", "description"))
    return [(r["kind"], r["description"], r["total"]) for r in rows if r["total"]]


@transaction.atomic
def transfer_send(*, actor: User, transfer_id: int, expected_version: int | None = None,
                  property_total: Decimal | str | None = None) -> Transfer:
    """The child leaves; the ledger's balance is listed for the receiver to confirm. A
    declared total that is not the ledger's balance is refused."""
    transfer = _step(actor, transfer_id, Perm.TRANSFER_DRAFT, expected_version)
    _sending_side(actor, transfer)
    _in_status(transfer, TransferStatus.APPROVED)
    balance = ledger_balance(transfer.child, transfer.from_institution_id)
    held = sum((amount for _k, _d, amount in balance), Decimal("0.00"))
    declared = _amount(property_total, "property_total") if property_total not in (
        None, "") else None
    if declared is not None and declared != held:
        raise ValidationError({"property_total": ValidationError(
            MSG_PROPERTY_TOTAL, params={"declared": declared, "held": held}, code="total")})
    PropertyHandoverItem.objects.bulk_create([
        PropertyHandoverItem(transfer=transfer, kind=kind, description=description,
                             sent_amount=amount)
        for kind, description, amount in balance
    ])
    transfer.status, transfer.sent_on, transfer.sent_by = TransferStatus.SENT, _today(), actor
    transfer.property_declared_total = held
    _save(transfer, actor, ["status", "sent_on", "sent_by", "property_declared_total"])
    return transfer


def _amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise field_error(field, MSG_AMOUNT) from exc
    if Decimal(str(value)) != amount:
        raise field_error(field, MSG_AMOUNT)
    return amount


def _receiving_side(actor: User, transfer: Transfer) -> None:
    if actor.institution_id != transfer.to_institution_id:
        raise field_error("to_institution", MSG_NOT_ADDRESSED, "not_addressed")


@transaction.atomic
def transfer_receive(*, actor: User, transfer_id: int, expected_version: int | None = None,
                     missing_archive_ids: list[int] | None = None,
                     confirmed: dict[int, tuple[Decimal | str, str]] | None = None) -> Transfer:
    """In one transaction: the child's institution and residence timeline change, each
    archive item is received or recorded missing, each property line is confirmed (a
    difference with its note) and the ledger balance moves to the receiver."""
    transfer = _step(actor, transfer_id, Perm.TRANSFER_RECEIVE, expected_version)
    _receiving_side(actor, transfer)
    _in_status(transfer, TransferStatus.SENT)
    today = _today()
    confirmed = confirmed or {}
    items = list(transfer.property_items.all())
    for item in items:
        amount, note = confirmed.get(item.pk, (item.sent_amount, ""))
        item.confirmed_amount = _amount(amount, f"property_{item.pk}")
        item.difference_note = (note or "").strip()
        if item.confirmed_amount != item.sent_amount and not item.difference_note:
            raise field_error(f"property_{item.pk}", MSG_DIFFERENCE_NOTE, "difference")
    child_services.child_move(
        actor=actor, child=transfer.child, on=today, to_institution=transfer.to_institution,
        reason=str(_("Transfer from %(from)s")) % {"from": transfer.from_institution.name},
    )
    missing = set(missing_archive_ids or [])
    for archive in transfer.archive_items.all():
        archive.status = ItemStatus.MISSING if archive.pk in missing else ItemStatus.RECEIVED
        archive.confirmed_on = today
        _attribute(archive, actor)
        archive.save(update_fields=["status", "confirmed_on"])
    for item in items:
        _attribute(item, actor)
        item.save(update_fields=["confirmed_amount", "difference_note"])
        PropertyEntry.objects.create(
            child=transfer.child, institution=transfer.from_institution, kind=item.kind,
            description=item.description, amount=-item.sent_amount, on=today,
            transfer=transfer, created_by=actor, note=str(_("Handed over")))
        PropertyEntry.objects.create(
            child=transfer.child, institution=transfer.to_institution, kind=item.kind,
            description=item.description, amount=item.confirmed_amount, on=today,
            transfer=transfer, created_by=actor, note=item.difference_note)
    transfer.status, transfer.closed_on, transfer.closed_by = (
        TransferStatus.RECEIVED, today, actor)
    if transfer.hukou_decision == HukouDecision.MOVE:
        transfer.hukou_status = HukouStatus.NOT_REQUESTED
    _save(transfer, actor, ["status", "closed_on", "closed_by", "hukou_status"])
    return transfer


@transaction.atomic
def transfer_return(*, actor: User, transfer_id: int, reason: str,
                    expected_version: int | None = None) -> Transfer:
    """The receiver sends the transfer back (the child stays where it is, in its file)."""
    transfer = _step(actor, transfer_id, Perm.TRANSFER_RECEIVE, expected_version)
    _receiving_side(actor, transfer)
    _in_status(transfer, TransferStatus.SENT)
    if not (reason or "").strip():
        raise field_error("reason", MSG_REASON_REQUIRED)
    transfer.status, transfer.closed_on, transfer.closed_by, transfer.close_reason = (
        TransferStatus.RETURNED, _today(), actor, reason.strip())
    # Nothing moved: the ledger stays with the sender; the handover lines stay as sent, unconfirmed.
    _save(transfer, actor, ["status", "closed_on", "closed_by", "close_reason"])
    return transfer


@transaction.atomic
def transfer_cancel(*, actor: User, transfer_id: int, reason: str,
                    expected_version: int | None = None) -> Transfer:
    transfer = _step(actor, transfer_id, Perm.TRANSFER_DRAFT, expected_version)
    _sending_side(actor, transfer)
    _in_status(transfer, TransferStatus.DRAFTED, TransferStatus.APPROVED)
    if not (reason or "").strip():
        raise field_error("reason", MSG_REASON_REQUIRED)
    transfer.status, transfer.closed_on, transfer.closed_by, transfer.close_reason = (
        TransferStatus.CANCELLED, _today(), actor, reason.strip())
    _save(transfer, actor, ["status", "closed_on", "closed_by", "close_reason"])
    return transfer


@transaction.atomic
def transfer_hukou_report(*, actor: User, transfer_id: int, status: str,
                          on: dt.date) -> Transfer:
    """The receiving institution reports the hukou migration: requested, then done."""
    transfer = _step(actor, transfer_id, Perm.TRANSFER_RECEIVE, None)
    _receiving_side(actor, transfer)
    _in_status(transfer, TransferStatus.RECEIVED)
    if transfer.hukou_decision != HukouDecision.MOVE:
        raise field_error("status", MSG_HUKOU_NOT_MOVING)
    if status == HukouStatus.REQUESTED:
        transfer.hukou_status, transfer.hukou_requested_on = status, on
    elif status == HukouStatus.DONE:
        transfer.hukou_status, transfer.hukou_done_on = status, on
        transfer.hukou_requested_on = transfer.hukou_requested_on or on
    else:
        raise field_error("status", MSG_CHOOSE)
    _save(transfer, actor, ["hukou_status", "hukou_requested_on", "hukou_done_on"])
    return transfer


@transaction.atomic
def transfer_archive_add(*, actor: User, transfer_id: int, kind: str, title: str,
                         pages: int = 0, original: bool = True) -> ArchiveItem:
    transfer = _step(actor, transfer_id, Perm.TRANSFER_DRAFT, None)
    _sending_side(actor, transfer)
    _in_status(transfer, TransferStatus.DRAFTED, TransferStatus.APPROVED)
    if not (title or "").strip():
        raise field_error("title", MSG_TITLE_REQUIRED)
    from cwis.transfers.models import ArchiveKind

    if kind not in ArchiveKind.values:
        raise field_error("kind", MSG_CHOOSE)
    item = ArchiveItem(transfer=transfer, kind=kind, title=title.strip(), pages=pages or 0,
                       original=bool(original))
    _attribute(item, actor)
    item.save()
    return item


@transaction.atomic
def property_entry_add(*, actor: User, child_id: int, kind: str, description: str,
                       amount, on: dt.date, note: str = "") -> PropertyEntry:
    """A line of the child's property ledger, held by its current institution."""
    require(actor, Perm.CHILD_EDIT)
    child = child_selectors.child_get(actor=actor, child_id=child_id)
    if child.status != ChildStatus.IN_CARE:
        raise field_error("child", MSG_CHILD_NOT_IN_CARE)
    if kind not in PropertyKind.values:
        raise field_error("kind", MSG_CHOOSE)
    if not (description or "").strip():
        raise field_error("description", MSG_TITLE_REQUIRED)
    entry = PropertyEntry(child=child, institution_id=child.current_institution_id, kind=kind,
                          description=description.strip(), amount=_amount(amount, "amount"),
                          on=on, note=note, created_by=actor)
    _attribute(entry, actor)
    entry.save()
    return entry


def can_act(actor: User, transfer: Transfer) -> dict[str, bool]:
    """Which steps the actor may take now (for the pages; services check again)."""
    sending = has_perm(actor, Perm.TRANSFER_DRAFT) and (
        actor.institution_id == transfer.from_institution_id
        if actor.scope_kind == ScopeKind.INSTITUTION
        else division_in_scope(actor, transfer.from_division_code))
    receiving = has_perm(actor, Perm.TRANSFER_RECEIVE) and (
        actor.institution_id == transfer.to_institution_id)
    status = transfer.status
    return {
        "edit": sending and status in (TransferStatus.DRAFTED, TransferStatus.APPROVED),
        "approve": sending and has_perm(actor, Perm.TRANSFER_APPROVE)
        and status == TransferStatus.DRAFTED,
        "send": sending and status == TransferStatus.APPROVED,
        "cancel": sending and status in (TransferStatus.DRAFTED, TransferStatus.APPROVED),
        "receive": receiving and status == TransferStatus.SENT,
        "return": receiving and status == TransferStatus.SENT,
        "hukou": receiving and status == TransferStatus.RECEIVED
        and transfer.hukou_decision == HukouDecision.MOVE
        and transfer.hukou_status != HukouStatus.DONE,
    }


