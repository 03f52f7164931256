"""Home-page panels of the partners module: a department's open requests; civil affairs'
unanswered requests and the data-quality findings of its jurisdiction (each figure links to
the list it counts). A few aggregate queries each."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.core import home
from cwis.core.permissions import Perm, has_perm
from cwis.partners import selectors, selectors_quality
from cwis.partners.models import RequestStatus


def partner_home(actor: User, today: dt.date) -> home.HomePanel | None:
    if has_perm(actor, Perm.PARTNER_LISTS):
        waiting = selectors.request_list(actor=actor, filters={
            "status": RequestStatus.OPEN}).order_by().count()
        url = reverse("partner_request_list") + f"?status={RequestStatus.OPEN}"
        return home.HomePanel(
            key="partner_requests", title=_("Requests addressed to your department"),
            order=5, figures=[home.Figure("partner_open", _("Requests waiting for answers"),
                                          waiting, url, alert=True)],
            actions=[home.Action(_("Requests to partner departments"),
                                 reverse("partner_request_list"))])
    if not has_perm(actor, Perm.DATA_QUALITY):
        return None
    days = dt.timedelta(days=settings.CWIS_PARTNER_ANSWER_DAYS)
    late = selectors.unanswered(actor=actor, before=today - days + dt.timedelta(days=1)
                                ).order_by().count()
    findings = selectors_quality.finding_total(actor=actor)
    return home.HomePanel(
        key="partners", title=_("Partner departments and data quality"), order=60,
        figures=[
            home.Figure("partner_late", _("Requests unanswered past the answer time"), late,
                        reverse("partner_request_list") + f"?status={RequestStatus.OPEN}",
                        alert=True),
            home.Figure("data_quality", _("Data-quality findings"), findings,
                        reverse("data_quality"), alert=True),
        ])


home.register(partner_home)
