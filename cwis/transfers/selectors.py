"""Reads of the transfers module, always scoped (both sides see a transfer)."""

import datetime as dt

from django.conf import settings
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm, require
from cwis.core.scoping import get_scoped, scope
from cwis.transfers.models import HukouDecision, HukouStatus, Transfer, TransferStatus
from cwis.transfers.services.rules import is_receiving_side, is_sending_side

MAX_CHOSEN = 200  # transfers ticked at once on a list page (at most a few pages of them)


def _days(name: str) -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, name))


def overdue_q(today: dt.date) -> Q:
    """Transfers whose next step is late (the thresholds are in settings)."""
    return (
        Q(status=TransferStatus.APPROVED,
          approved_on__lt=today - _days("CWIS_TRANSFER_SEND_DAYS"))
        | Q(status=TransferStatus.SENT, sent_on__lt=today - _days("CWIS_TRANSFER_RECEIVE_DAYS"))
        | hukou_overdue_q(today)
    )


def hukou_overdue_q(today: dt.date) -> Q:
    return Q(status=TransferStatus.RECEIVED, hukou_decision=HukouDecision.MOVE,
             closed_on__lt=today - _days("CWIS_HUKOU_MIGRATION_DAYS")) & ~Q(
        hukou_status=HukouStatus.DONE)


def transfer_visible(actor: User) -> QuerySet[Transfer]:
    return scope(Transfer.objects.all(), actor)


def transfer_list(*, actor: User, today: dt.date, status: str = "", overdue: bool = False,
                  arriving: bool = False, division: str = "",
                  from_institution: int | None = None) -> QuerySet[Transfer]:
    """Transfers in scope, overdue first, then by planned date."""
    require(actor, Perm.CHILD_VIEW)
    qs = transfer_visible(actor)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_q(today))
    if arriving:
        qs = qs.filter(to_institution_id=actor.institution_id, status=TransferStatus.SENT)
    if division:
        qs = qs.filter(Q(from_division_code__startswith=division)
                       | Q(to_division_code__startswith=division))
    if from_institution:
        qs = qs.filter(from_institution_id=from_institution)
    return qs.select_related("child", "from_institution", "to_institution").annotate(
        late=Case(When(overdue_q(today), then=Value(0)), default=Value(1),
                  output_field=IntegerField()),
    ).order_by("late", "planned_on", "id")


def transfer_chosen(*, actor: User, transfer_ids: list[int]) -> list[Transfer]:
    """The transfers ticked on the list, those in scope only, in the list's order."""
    require(actor, Perm.CHILD_VIEW)
    return list(transfer_visible(actor).filter(pk__in=transfer_ids[:MAX_CHOSEN])
                .select_related("child", "from_institution", "to_institution")
                .order_by("planned_on", "id"))


def transfer_handover_sheet(*, actor: User, transfer_id: int) -> Transfer:
    """A transfer with what its handover sheet lists: the child, the archive manifest and
    the property lines (sent, and confirmed once received)."""
    transfer = transfer_get(actor=actor, transfer_id=transfer_id)
    transfer.archives = list(transfer.archive_items.order_by("id"))
    transfer.lines = list(transfer.property_items.order_by("id"))
    return transfer


def transfer_get(*, actor: User, transfer_id: int) -> Transfer:
    require(actor, Perm.CHILD_VIEW)
    return get_scoped(
        Transfer.objects.select_related("child", "from_institution", "to_institution",
                                        "approved_by", "sent_by", "closed_by"),
        actor, pk=transfer_id,
    )


def transfer_actions(*, actor: User, transfer: Transfer) -> dict[str, bool]:
    """Which steps the actor may take now (to show the buttons; the services check again)."""
    sending = has_perm(actor, Perm.TRANSFER_DRAFT) and is_sending_side(actor, transfer)
    receiving = has_perm(actor, Perm.TRANSFER_RECEIVE) and is_receiving_side(actor, transfer)
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
