"""The dashboard's "Upbringing and adoption" panel (the figures themselves are in the care
section of the yearly report: cwis/care/figures_adoption.py). Each cell equals the length
of the list it links to."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.care.figures import FIGURES
from cwis.care.figures_adoption import ADOPTION_FIGURES
from cwis.care.oversight import figure_url
from cwis.care.stored import panel_value, register_keys, stored_for
from cwis.core.permissions import Perm, has_perm
from cwis.oversight import dashboard


def adoption_panel(actor: User, area: dashboard.Area) -> dashboard.Panel:
    panel = dashboard.Panel(key="care_upbringing", title=_("Upbringing and adoption"),
                            chart="table")
    if not has_perm(actor, Perm.CARE_FIGURES):
        return panel
    today = timezone.localdate()
    stored = stored_for(actor, area, today)
    panel.as_of = stored.as_of if stored else None
    for figure in ADOPTION_FIGURES:
        panel.cells.append(dashboard.Cell(
            label=str(FIGURES[figure.key].label),
            value=panel_value(actor, area, figure.key, today, stored),
            url=figure_url(figure.key, area.prefix)))
    return panel


def register() -> None:
    register_keys(f.key for f in ADOPTION_FIGURES)
    if adoption_panel not in dashboard.PANELS:
        dashboard.PANELS.append(adoption_panel)
