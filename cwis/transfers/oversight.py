"""What the transfers module gives the oversight module: a dashboard panel (each figure links
to the transfer list that shows exactly those transfers) and yearly-report figures."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.oversight import dashboard, figures
from cwis.transfers import selectors
from cwis.transfers.models import (
    ArchiveItem,
    HukouDecision,
    HukouStatus,
    ItemStatus,
    PropertyHandoverItem,
    Transfer,
    TransferStatus,
)


def transfers_panel(actor: User, area) -> dashboard.Panel:
    today = timezone.localdate()
    qs = selectors.transfer_visible(actor).filter(
        Q(from_division_code__startswith=area.prefix) | Q(to_division_code__startswith=area.prefix))
    counts = dict(qs.values_list("status").annotate(n=Count("id")))
    panel = dashboard.Panel(key="transfers", title=_("Transfers of children by state"))
    for status, label in TransferStatus.choices:
        panel.cells.append(dashboard.Cell(
            label=str(label), value=counts.get(status, 0),
            url=dashboard.list_link("transfer_list", status=status, division=area.prefix)))
    panel.cells.append(dashboard.Cell(
        label=str(_("Overdue")), value=qs.filter(selectors.overdue_q(today)).count(),
        url=dashboard.list_link("transfer_list", overdue=1, division=area.prefix)))
    return panel


def _in_province(prefix: str):
    return Q(from_division_code__startswith=prefix) | Q(to_division_code__startswith=prefix)


def _received(prefix: str, moment: dt.datetime):
    return Transfer.objects.filter(_in_province(prefix), status=TransferStatus.RECEIVED,
                                   closed_on__lte=moment.date())


def register() -> None:
    if transfers_panel not in dashboard.PANELS:
        dashboard.PANELS.append(transfers_panel)

    @figures.register("children_transferred", _("Children transferred"), figures.REFORM)
    def _children(prefix: str, moment: dt.datetime) -> int:
        return _received(prefix, moment).count()

    @figures.register("hukou_moved", _("Transferred children whose hukou moved"),
                      figures.REFORM)
    def _hukou_moved(prefix: str, moment: dt.datetime) -> int:
        return _received(prefix, moment).filter(
            hukou_decision=HukouDecision.MOVE, hukou_status=HukouStatus.DONE,
            hukou_done_on__lte=moment.date()).count()

    @figures.register("hukou_kept", _("Transferred children whose hukou stayed"),
                      figures.REFORM)
    def _hukou_kept(prefix: str, moment: dt.datetime) -> int:
        return _received(prefix, moment).filter(hukou_decision=HukouDecision.STAY).count()

    @figures.register("archive_items_handed_over", _("Archive files handed over"),
                      figures.REFORM)
    def _archives(prefix: str, moment: dt.datetime) -> int:
        return ArchiveItem.objects.filter(
            transfer__in=_received(prefix, moment), status=ItemStatus.RECEIVED).count()

    @figures.register("property_handovers_confirmed", _("Property handovers confirmed"),
                      figures.REFORM)
    def _property(prefix: str, moment: dt.datetime) -> int:
        return _received(prefix, moment).filter(
            pk__in=PropertyHandoverItem.objects.values("transfer")).count()
