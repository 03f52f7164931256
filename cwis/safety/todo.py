"""Safety deadlines on the to-do list (DESIGN.md rule 6).

Those who record safety (the director, the county officer): every hazard waiting for its
fix (due its deadline), and every fix waiting for its check (from the day it was recorded).
The offices above the county (counts per area on the dashboard): a general hazard only once
it is overdue past `CWIS_ESCALATION_DAYS["safety.hazard"]`, a major hazard at once (kind
"safety.hazard_major", serious by nature: not listed there).
"""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.core.todo import TodoItem, counts_only, escalation_cutoff, register
from cwis.safety.models import Hazard, HazardLevel, HazardState

MAX_ITEMS = 200


def _kind(hazard: Hazard) -> str:
    if hazard.state == HazardState.FIXED:
        return "safety.hazard_check"
    return "safety.hazard_major" if hazard.level == HazardLevel.MAJOR else "safety.hazard"


def _item(hazard: Hazard) -> TodoItem:
    kind = _kind(hazard)
    if kind == "safety.hazard_check":
        title = _("%(institution)s: check the fix of a hazard (%(what)s)")
        due = since = hazard.fixed_on
    else:
        title = _("%(institution)s: fix the %(level)s (%(what)s)")
        due, since = hazard.due_on, hazard.found_on
    return TodoItem(kind=kind, title=title % {
        "institution": hazard.institution.name, "what": hazard.description[:40],
        "level": str(hazard.get_level_display()).lower()},
        due=due, url=reverse("safety_hazard_detail", args=[hazard.pk]),
        institution=hazard.institution.name, since=since)


def _escalated(today: dt.date) -> Q:
    condition = Q(level=HazardLevel.MAJOR)
    cutoff = escalation_cutoff("safety.hazard", today)
    if cutoff is not None:
        condition |= Q(level=HazardLevel.GENERAL, due_on__lt=cutoff)
    return Q(state=HazardState.OPEN) & condition


@register
def safety_hazards_todo(actor: User, today: dt.date) -> list[TodoItem]:
    if counts_only(actor):
        if not has_perm(actor, Perm.SAFETY_VIEW):
            return []
        condition = _escalated(today)
    elif has_perm(actor, Perm.SAFETY_RECORD):
        condition = Q(state__in=(HazardState.OPEN, HazardState.FIXED))
    else:
        return []
    hazards = (scope(Hazard.objects.filter(condition), actor)
               .select_related("institution").order_by("due_on", "id")[:MAX_ITEMS])
    return [_item(hazard) for hazard in hazards]
