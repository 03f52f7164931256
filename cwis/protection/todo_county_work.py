"""The follow-up a guidance visit set a workstation on the to-do list (DESIGN.md rule 6):
due its date, for the county's protection workers and officers, until the next guidance
visit to that workstation (which checks it, and may set the next one)."""

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.core.todo import TodoItem, register
from cwis.protection.models.county_work import GuidanceVisit

MAX_ITEMS = 200


@register
def guidance_follow_up_todo(actor: User, today: dt.date) -> list[TodoItem]:
    if not has_perm(actor, Perm.WORKSTATION_MANAGE):
        return []
    later = GuidanceVisit.objects.filter(workstation=OuterRef("workstation"),
                                         visited_on__gt=OuterRef("visited_on"))
    visits = (scope(GuidanceVisit.objects.filter(follow_up_due__isnull=False), actor)
              .exclude(Exists(later)).select_related("workstation")
              .order_by("follow_up_due", "id")[:MAX_ITEMS])
    return [TodoItem(kind="protection.guidance_follow_up",
                     title=_("%(workstation)s: %(follow_up)s (guidance follow-up)") % {
                         "workstation": v.workstation.name, "follow_up": v.follow_up[:60]},
                     due=v.follow_up_due, since=v.visited_on,
                     url=reverse("workstation_detail", args=[v.workstation_id]))
            for v in visits]
