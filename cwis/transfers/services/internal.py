"""Operations on a transfer that other apps' checked services compose (cwis.partners: a
hukou migration requested from and answered by public security). No role or scope check:
the calling service has checked once, through its own record."""

import datetime as dt

from cwis.accounts.models import User
from cwis.core.scoping import ALREADY_CHECKED, get_scoped
from cwis.transfers.models import HukouStatus, Transfer
from cwis.transfers.services.rules import save_transfer


def transfer_hukou_requested(*, actor: User, transfer_id: int, on: dt.date) -> None:
    transfer = get_scoped(Transfer.objects.all(), ALREADY_CHECKED, pk=transfer_id,
                          for_update=True)
    if transfer.hukou_status == HukouStatus.DONE:
        return
    transfer.hukou_status = HukouStatus.REQUESTED
    transfer.hukou_requested_on = transfer.hukou_requested_on or on
    save_transfer(transfer, actor, ["hukou_status", "hukou_requested_on"])


def transfer_hukou_done(*, actor: User, transfer_id: int, on: dt.date) -> Transfer:
    """The migration done: the transfer's hukou step closes (its to-do item goes)."""
    transfer = get_scoped(Transfer.objects.select_related("to_institution"), ALREADY_CHECKED,
                          pk=transfer_id, for_update=True)
    transfer.hukou_status, transfer.hukou_done_on = HukouStatus.DONE, on
    transfer.hukou_requested_on = transfer.hukou_requested_on or on
    save_transfer(transfer, actor, ["hukou_status", "hukou_done_on", "hukou_requested_on"])
    return transfer
