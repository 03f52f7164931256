"""The dashboard panel of family care and adult placement: each figure today, linked to
the list of the children it counts (the care figures' list, `/care/figures/<key>/`)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.care.figures import FIGURES
from cwis.care.figures_family import FAMILY_FIGURES
from cwis.care.oversight import figure_url
from cwis.care.stored import panel_value, register_keys, stored_for
from cwis.core.permissions import Perm, has_perm
from cwis.oversight import dashboard

PANEL_KEYS = tuple(f.key for f in FAMILY_FIGURES)


def family_panel(actor: User, area: dashboard.Area) -> dashboard.Panel:
    panel = dashboard.Panel(key="care_family", title=_("Family care and adulthood"),
                            chart="table")
    if not has_perm(actor, Perm.CARE_FIGURES):
        return panel
    today = timezone.localdate()
    stored = stored_for(actor, area, today)
    panel.as_of = stored.as_of if stored else None
    for key in PANEL_KEYS:
        panel.cells.append(dashboard.Cell(
            label=str(FIGURES[key].label),
            value=panel_value(actor, area, key, today, stored),
            url=figure_url(key, area.prefix)))
    return panel


def register() -> None:
    register_keys(PANEL_KEYS)
    if family_panel not in dashboard.PANELS:
        dashboard.PANELS.append(family_panel)
