"""The children's deadlines on the to-do list (DESIGN.md rule 6).

Whoever must act (a role that may edit the file, in its scope) sees every deadline from
the day it is shown; a supervising office (a role that only views) sees the overdue ones.
"""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cwis.accounts.models import User
from cwis.children.choices import DeadlineKind
from cwis.children.models import ChildDeadline
from cwis.children.selectors import DEADLINE_GROUPS, overdue_deadlines_by_area
from cwis.core import area_figures, home
from cwis.core.divisions import division_names
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import actor_prefix, scope
from cwis.core.todo import TodoItem, counts_only, escalation_cutoff, register

MAX_ITEMS = 200  # a national overseer's list is a summary, not the whole registry
# Deadlines acted on elsewhere than the file's main page (the community registry's visits).
_PAGE = {DeadlineKind.COMMUNITY_VISIT: "community_detail",
         DeadlineKind.COMMUNITY_FOLLOW_UP: "community_detail"}
_COMMUNITY_KINDS = (DeadlineKind.COMMUNITY_VISIT, DeadlineKind.COMMUNITY_FOLLOW_UP)


def _escalated(today: dt.date) -> Q:
    """The deadlines escalated to the offices above the county (CWIS_ESCALATION_DAYS)."""
    condition = Q(pk__in=[])
    for kind in DeadlineKind.values:
        cutoff = escalation_cutoff(f"child.{kind}", today)
        if cutoff is not None:
            condition |= Q(kind=kind, due_on__lt=cutoff)
    return condition


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
    if counts_only(actor):
        deadlines = deadlines.filter(_escalated(today))
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


GROUP_LABELS = {
    "paperwork": gettext_lazy("Paperwork of children in care"),
    "turns_18": gettext_lazy("Turning 18"),
    "visits": gettext_lazy("Community visits"),
}


@area_figures.family("overdue_deadlines")
def _overdue_everywhere(reader: User, today: dt.date) -> area_figures.Counts:
    return area_figures.roll_up(overdue_deadlines_by_area(actor=reader, today=today, width=6))


def overdue_by_area(actor: User, today: dt.date) -> home.HomePanel | None:
    """An office above the county: the overdue deadlines of the places below, counted per
    area (DESIGN.md rule 6); the escalated ones are on its to-do list. The counts are the
    stored ones (cwis.core.area_figures), with their time."""
    if not (counts_only(actor) and has_perm(actor, Perm.CHILD_VIEW)):
        return None
    prefix = actor_prefix(actor) or ""
    width = home.SUBAREA_WIDTH[len(prefix)]
    stored = area_figures.read("overdue_deadlines", actor=actor, prefix=prefix, width=width,
                               today=today)
    if stored is not None:
        counts, as_of = stored.by_area, stored.as_of
    else:
        counts, as_of = home.cached_figures(
            f"overdue_by_area:{prefix}:{today.isoformat()}",
            lambda: overdue_deadlines_by_area(actor=actor, today=today, width=width)), None
    names = division_names(counts)
    rows = [home.AreaRow(code=area, name=names.get(area, area),
                         values=[counts[area].get(group, 0) for group in DEADLINE_GROUPS],
                         url=reverse("dashboard") + f"?division={area.ljust(6, '0')}")
            for area in sorted(counts)]
    return home.HomePanel(
        key="overdue_by_area", title=_("Overdue deadlines by area"), order=20, as_of=as_of,
        table=home.AreaTable(columns=[str(GROUP_LABELS[g]) for g in DEADLINE_GROUPS],
                             rows=rows))


home.register(overdue_by_area)
