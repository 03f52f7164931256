"""The handover items of a county institution's transformation checklist, read from the
transfers (policy 三: nothing unsent, nothing unreceived)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.institutions.transformation import register_checklist_item
from cwis.transfers.models import (
    ArchiveItem,
    ItemStatus,
    PropertyHandoverItem,
    Transfer,
    TransferStatus,
)


def children_transferred(institution) -> tuple[bool, str]:
    remaining = Child.objects.filter(
        current_institution=institution, status=ChildStatus.IN_CARE).count()
    if remaining:
        return False, ngettext(
            "%(n)d child is still in its care.", "%(n)d children are still in its care.",
            remaining,
        ) % {"n": remaining}
    in_transit = Transfer.objects.filter(
        from_institution=institution, status=TransferStatus.SENT).count()
    if in_transit:
        return False, ngettext(
            "%(n)d child has been sent and not yet received.",
            "%(n)d children have been sent and not yet received.", in_transit,
        ) % {"n": in_transit}
    received = Transfer.objects.filter(
        from_institution=institution, status=TransferStatus.RECEIVED).count()
    return True, ngettext(
        "No child is in its care any more; %(n)d transfer received.",
        "No child is in its care any more; %(n)d transfers received.", received,
    ) % {"n": received}


def _handover_pending(institution) -> bool:
    """Archives and property go with the children: not done while a child is still there
    or a transfer from it is not finished."""
    return Child.objects.filter(
        current_institution=institution, status=ChildStatus.IN_CARE).exists() or (
        Transfer.objects.filter(
            from_institution=institution,
            status__in=[TransferStatus.DRAFTED, TransferStatus.APPROVED, TransferStatus.SENT],
        ).exists())


def archives_handed_over(institution) -> tuple[bool, str]:
    items = ArchiveItem.objects.filter(transfer__from_institution=institution).exclude(
        transfer__status__in=[TransferStatus.CANCELLED, TransferStatus.RETURNED])
    sent = items.count()
    received = items.filter(status=ItemStatus.RECEIVED).count()
    missing = items.filter(status=ItemStatus.MISSING).count()
    done = not _handover_pending(institution) and received + missing == sent
    return done, _("%(received)d of %(sent)d files received, %(missing)d recorded missing.") % {
        "received": received, "sent": sent, "missing": missing}


def property_handed_over(institution) -> tuple[bool, str]:
    items = PropertyHandoverItem.objects.filter(
        transfer__from_institution=institution, transfer__status=TransferStatus.RECEIVED)
    total = items.count()
    confirmed = items.filter(confirmed_amount__isnull=False).count()
    return (not _handover_pending(institution) and confirmed == total), _(
        "%(confirmed)d of %(total)d ledger lines confirmed by the receiver.") % {
        "confirmed": confirmed, "total": total}


def register() -> None:
    register_checklist_item("children_transferred", children_transferred)
    register_checklist_item("archives_handed_over", archives_handed_over)
    register_checklist_item("property_handed_over", property_handed_over)
