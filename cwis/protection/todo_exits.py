"""The exit of protection cases on the to-do list (DESIGN.md rule 6): each follow-up visit
not yet recorded, due by its date, for the county's case workers and for the village and
township workers of the child's area (who see the visit, never the rest of the case); and,
for the director of the county's receiving institution, each child of a long-term exit who
waits for the direct long-term intake. The offices above read counts, never a case."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm
from cwis.core.todo import TodoItem, register
from cwis.protection.selectors import exits as selectors

MAX_ITEMS = 200


@register
def protection_exits_todo(actor: User, today: dt.date) -> list[TodoItem]:
    items = []
    if has_perm(actor, Perm.CASE_FOLLOW_UP):
        items += [
            TodoItem(kind="protection.follow_up",
                     title=_("%(child)s: follow-up visit after the protection case")
                     % {"child": visit.case.child.name},
                     due=visit.due_on, url=reverse("case_follow_up", args=[visit.pk]),
                     since=visit.case.exit_on)
            for visit in selectors.follow_ups_due(actor=actor)[:MAX_ITEMS]
        ]
    if has_perm(actor, Perm.CHILD_REGISTER) and actor.institution_id is not None:
        items += [
            TodoItem(kind="protection.long_term_intake",
                     title=_("%(child)s: long-term intake from a protection case")
                     % {"child": case.child.name},
                     due=case.exit_on, url=reverse("case_long_term_intake", args=[case.pk]),
                     since=case.exit_on)
            for case in selectors.long_term_awaiting(actor=actor)[:MAX_ITEMS]
        ]
    return items
