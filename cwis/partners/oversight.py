"""What the partners module gives the oversight dashboard: the panel "Partner departments
and data quality" of the area shown (requests unanswered past the answer time, findings of
the last data-quality scan), each figure linked to its list; registered from ready()."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm
from cwis.oversight import dashboard
from cwis.partners import selectors, selectors_quality
from cwis.partners.models import RequestStatus


def partners_panel(actor: User, area: dashboard.Area) -> dashboard.Panel:
    panel = dashboard.Panel(key="partners", title=_("Partner departments and data quality"),
                            chart="table")
    if not has_perm(actor, Perm.DATA_QUALITY):
        return panel
    today = timezone.localdate()
    days = dt.timedelta(days=settings.CWIS_PARTNER_ANSWER_DAYS)
    late = selectors.unanswered(actor=actor, before=today - days + dt.timedelta(days=1)
                                ).filter(division_code__startswith=area.prefix).count()
    findings = selectors_quality.finding_total(actor=actor, prefix=area.prefix)
    panel.cells += [
        dashboard.Cell(label=str(_("Requests unanswered past the answer time")), value=late,
                       url=dashboard.list_link("partner_request_list",
                                               status=RequestStatus.OPEN)),
        dashboard.Cell(label=str(_("Data-quality findings")), value=findings,
                       url=dashboard.list_link("data_quality")),
    ]
    return panel


def register() -> None:
    if partners_panel not in dashboard.PANELS:
        dashboard.PANELS.append(partners_panel)
