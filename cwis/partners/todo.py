"""Unanswered partner requests on civil affairs' to-do list: a request with a child not
answered CWIS_PARTNER_ANSWER_DAYS after it was sent (issue 18). The offices above the
county get it once escalated (CWIS_ESCALATION_DAYS["partners.unanswered"])."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm
from cwis.core.todo import TodoItem, register
from cwis.partners import selectors

MAX_ITEMS = 200


@register
def partner_todo(actor: User, today: dt.date) -> list[TodoItem]:
    if not has_perm(actor, Perm.PARTNER_REQUESTS_VIEW):
        return []
    days = dt.timedelta(days=settings.CWIS_PARTNER_ANSWER_DAYS)
    requests = selectors.unanswered(actor=actor, before=today - days + dt.timedelta(days=1))
    return [TodoItem(
        kind="partners.unanswered",
        title=_("%(kind)s to %(department)s: %(count)s children not answered") % {
            "kind": r.get_kind_display(), "department": r.get_department_display(),
            "count": r.open_count},
        due=r.sent_on + days, url=reverse("partner_request_detail", args=[r.pk]),
        since=r.sent_on) for r in requests.order_by("sent_on", "id")[:MAX_ITEMS]]
