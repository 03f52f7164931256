"""Transfer deadlines on the to-do list: who must act sees them, the supervising office sees
the overdue ones (policy 三: nothing unsent, nothing unreceived)."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core import home
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.core.todo import TodoItem, counts_only, is_escalated, register
from cwis.institutions.models import TransformationState
from cwis.transfers.models import (
    OPEN_STATUSES,
    HukouDecision,
    HukouStatus,
    Transfer,
    TransferStatus,
)

MAX_ITEMS = 200
NOTICE_DAYS = 30  # a child without a transfer shows this long before the handover target


def _acts(actor: User) -> bool:
    return has_perm(actor, Perm.TRANSFER_DRAFT) or has_perm(actor, Perm.TRANSFER_RECEIVE)


def _item(kind: str, title: str, due: dt.date, transfer: Transfer, since: dt.date | None):
    return TodoItem(kind=kind, title=title, due=due,
                    url=reverse("transfer_detail", args=[transfer.pk]),
                    institution=transfer.from_institution.name, since=since)


def _untransferred(actor: User, today: dt.date, acts: bool) -> list[TodoItem]:
    children = scope(Child.objects.filter(
        status=ChildStatus.IN_CARE,
        current_institution__transformation__state__in=[
            TransformationState.PLANNED, TransformationState.HANDING_OVER],
    ), actor).exclude(transfers__status__in=OPEN_STATUSES).select_related(
        "current_institution__transformation")
    items = []
    for child in children[:MAX_ITEMS]:
        due = child.current_institution.transformation.target_handover_date
        if (acts and due - dt.timedelta(days=NOTICE_DAYS) <= today) or due < today:
            items.append(TodoItem(
                kind="transfer.not_drafted",
                title=_("%(child)s: no transfer drafted") % {"child": child.name},
                due=due, url=reverse("child_detail", args=[child.pk]),
                institution=child.current_institution.name,
                since=due - dt.timedelta(days=NOTICE_DAYS)))
    return items


@register
def transfer_todo(actor: User, today: dt.date) -> list[TodoItem]:
    if not has_perm(actor, Perm.CHILD_VIEW):
        return []
    acts = _acts(actor)
    send = dt.timedelta(days=settings.CWIS_TRANSFER_SEND_DAYS)
    receive = dt.timedelta(days=settings.CWIS_TRANSFER_RECEIVE_DAYS)
    hukou = dt.timedelta(days=settings.CWIS_HUKOU_MIGRATION_DAYS)
    items = _untransferred(actor, today, acts)
    transfers = scope(Transfer.objects.filter(
        status__in=[TransferStatus.APPROVED, TransferStatus.SENT, TransferStatus.RECEIVED],
    ), actor).exclude(status=TransferStatus.RECEIVED, hukou_decision=HukouDecision.STAY).exclude(
        status=TransferStatus.RECEIVED, hukou_status=HukouStatus.DONE,
    ).select_related("child", "from_institution")[:MAX_ITEMS]
    for t in transfers:
        if t.status == TransferStatus.APPROVED:
            item = _item("transfer.not_sent", _("%(child)s: transfer approved, not sent") % {
                "child": t.child.name}, t.approved_on + send, t, t.approved_on)
        elif t.status == TransferStatus.SENT:
            item = _item("transfer.not_received", _(
                "%(child)s: sent, not received (archives and property not confirmed)") % {
                "child": t.child.name}, t.sent_on + receive, t, t.sent_on)
        else:
            item = _item("transfer.hukou", _("%(child)s: hukou migration not done") % {
                "child": t.child.name}, t.closed_on + hukou, t, t.closed_on)
        if acts or item.is_overdue(today):
            items.append(item)
    if counts_only(actor):  # an office above the county: escalated items only (rule 6)
        items = [item for item in items if is_escalated(item, today)]
    return items


def institution_home(actor: User, today: dt.date) -> home.HomePanel | None:
    """Institution staff: the children in care, and for whoever receives them the children
    arriving (transfers sent to the institution, not yet received)."""
    if actor.institution_id is None or not has_perm(actor, Perm.CHILD_VIEW):
        return None
    from cwis.children.selectors import child_list
    from cwis.transfers.selectors import transfer_list

    in_care = child_list(actor=actor, filters={"status": ChildStatus.IN_CARE,
                                               "institution": actor.institution_id})
    figures = [home.Figure("in_care", _("Children in care"), in_care.order_by().count(),
                           reverse("child_list") + f"?status={ChildStatus.IN_CARE}")]
    actions = []
    if has_perm(actor, Perm.TRANSFER_RECEIVE):
        arriving = transfer_list(actor=actor, today=today, arriving=True).order_by().count()
        figures.insert(0, home.Figure("arriving", _("Children arriving"), arriving,
                                      reverse("transfer_arriving"), alert=True))
        actions.append(home.Action(_("Receive arriving children"),
                                   reverse("transfer_arriving")))
    if has_perm(actor, Perm.CHILD_REGISTER):
        actions.append(home.Action(_("Register an intake"), reverse("child_register")))
    actions.append(home.Action(_("Children in care"), figures[-1].url))
    return home.HomePanel(key="institution", title=_("My institution"), order=10,
                          figures=figures, actions=actions)


home.register(institution_home)
