"""What the safety module gives the oversight module: the dashboard's "Safety" panel (today's
figures of the area, each linked to the list it counts) and the table "Overdue safety
hazards by area" one level down, registered from the app's ready(). Counts only: the hazard
list a figure leads to is the one SAFETY_VIEW reads; incidents are counted, never listed
for an office above."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.divisions import division_names
from cwis.core.home import SUBAREA_WIDTH, cached_figures
from cwis.core.permissions import Perm, has_perm
from cwis.oversight import dashboard
from cwis.oversight.dashboard_community import AreaCell, AreaRow
from cwis.safety.selectors import figures

COUNTY_WIDTH = 6  # hazards belong to institutions, counted per county at the finest


def hazards_url(prefix: str, state: str) -> str:
    return dashboard.list_link("safety_hazard_list", state=state, division=prefix)


def _cached(name: str, prefix: str, today: dt.date, compute):
    return cached_figures(f"safety:{name}:{prefix}:{today.isoformat()}", compute)


def safety_panel(actor: User, area: dashboard.Area) -> dashboard.Panel:
    panel = dashboard.Panel(key="safety", title=_("Safety"), chart="table")
    if not has_perm(actor, Perm.SAFETY_FIGURES):
        return panel
    today = timezone.localdate()
    counts = _cached("panel", area.prefix, today, lambda: figures.safety_figures(
        actor=actor, prefix=area.prefix, today=today))
    for key, label, url in figures.panel_cells(area.prefix, actor=actor, year=today.year):
        panel.cells.append(dashboard.Cell(label=str(label), value=counts[key], url=url))
    return panel


def overdue_hazards_by_area(actor: User, area: dashboard.Area) -> dashboard.AreaFigures | None:
    width = SUBAREA_WIDTH.get(len(area.prefix))
    if width is None or width > COUNTY_WIDTH or not has_perm(actor, Perm.SAFETY_FIGURES):
        return None
    today = timezone.localdate()
    counts = _cached(f"by_area:{width}", area.prefix, today, lambda: figures.hazards_by_area(
        actor=actor, prefix=area.prefix, width=width, today=today))
    names = division_names(counts)
    rows = [AreaRow(code=code.ljust(6, "0"), name=names.get(code, code),
                    dashboard_url=dashboard.list_link("dashboard", division=code.ljust(6, "0")),
                    cells=[AreaCell(counts[code]["overdue"], hazards_url(code, "overdue")),
                           AreaCell(counts[code]["open"], hazards_url(code, "open"))])
            for code in sorted(counts)]
    return dashboard.AreaFigures(
        key="safety_hazards", title=_("Overdue safety hazards by area"),
        columns=[str(_("Overdue hazards")), str(_("Hazards awaiting their fix"))], rows=rows)


def register() -> None:
    if safety_panel not in dashboard.PANELS:
        dashboard.PANELS.append(safety_panel)
    if overdue_hazards_by_area not in dashboard.AREA_FIGURES:
        dashboard.AREA_FIGURES.append(overdue_hazards_by_area)
