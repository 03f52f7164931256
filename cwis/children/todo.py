"""The children's deadlines on the to-do list (DESIGN.md rule 6).

Whoever must act (a role that may edit the file, in its scope) sees every deadline from
the day it is shown; a supervising office (a role that only views) sees the overdue ones.
"""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.children.choices import DeadlineKind
from cwis.children.models import ChildDeadline
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.core.todo import TodoItem, register

MAX_ITEMS = 200  # a national overseer's list is a summary, not the whole registry
# Deadlines acted on elsewhere than the file's main page (the community registry's visits).
_PAGE = {DeadlineKind.COMMUNITY_VISIT: "community_detail",
         DeadlineKind.COMMUNITY_FOLLOW_UP: "community_detail"}
_COMMUNITY_KINDS = (DeadlineKind.COMMUNITY_VISIT, DeadlineKind.COMMUNITY_FOLLOW_UP)


@register
def child_deadlines_todo(actor: User, today: dt.date) -> list[TodoItem]:
    if not has_perm(actor, Perm.CHILD_VIEW):
        return []
    deadlines = scope(
        ChildDeadline.objects.filter(closed_on__isnull=True, visible_from__lte=today), actor
    )
    if not has_perm(actor, Perm.CHILD_EDIT):
        deadlines = deadlines.filter(due_on__lt=today)
    if not has_perm(actor, Perm.COMMUNITY_VISIT):
        # Community visits are followed by the village, the township and the county that
        # leads the work (policy 三(二)); the offices above see the registry's figures in
        # the yearly report, not ten million home visits.
        deadlines = deadlines.exclude(kind__in=_COMMUNITY_KINDS)
    deadlines = deadlines.select_related("child", "child__current_institution").order_by(
        "due_on", "id"
    )[:MAX_ITEMS]
    return [
        TodoItem(
            kind=f"child.{d.kind}",
            title=_("%(child)s: %(what)s") % {"child": d.child.name, "what": d.get_kind_display()},
            due=d.due_on,
            url=reverse(_PAGE.get(d.kind, "child_detail"), args=[d.child_id]),
            institution=d.child.current_institution.name if d.child.current_institution else "",
            since=d.started_on,
        )
        for d in deadlines
    ]
