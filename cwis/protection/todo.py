"""The community registry on the home page of those who keep it (issue 13 point 11): the
village child director, the township supervisor, the county's protection worker and officer
see the children to visit this week, the visits overdue and the registry's counts.

Visit deadlines are on their to-do list through cwis/children/todo.py; the offices above the
county read them as counts per area (DESIGN.md rule 6)."""

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.children.models import CATEGORY_LABELS
from cwis.core import home
from cwis.core.permissions import Perm, has_perm
from cwis.protection import selectors


def _list(**params) -> str:
    return reverse("community_list") + (f"?{urlencode(params)}" if params else "")


def community_home(actor: User, today: dt.date) -> home.HomePanel | None:
    if not has_perm(actor, Perm.COMMUNITY_VISIT):
        return None
    visits = selectors.visit_counts(actor=actor, today=today)
    registry = selectors.registry_counts(actor=actor)
    figures = [
        home.Figure("visit_week", _("Children to visit this week"), visits["week"],
                    _list(due_week=1), alert=True),
        home.Figure("visit_overdue", _("Visits overdue"), visits["overdue"],
                    _list(overdue=1), alert=True),
        home.Figure("follow_up_overdue", _("Follow-ups overdue"),
                    visits["follow_up_overdue"], reverse("todo"), alert=True),
        home.Figure("registry", _("Children on the registry"), registry["total"], _list()),
        *[home.Figure(key, _("Scattered orphans") if key == "orphan"
                      else str(CATEGORY_LABELS[key]), registry[key], _list(category=key))
          for key in selectors.REGISTRY_CATEGORIES],
    ]
    actions = [home.Action(_("Children to visit"), _list(due_week=1))]
    if has_perm(actor, Perm.COMMUNITY_REGISTER):
        actions.append(home.Action(_("Register a child"), reverse("community_register")))
    actions.append(home.Action(_("Community registry"), _list()))
    return home.HomePanel(key="community", title=_("Community registry"), order=10,
                          figures=figures, actions=actions)


home.register(community_home)
