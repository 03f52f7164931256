"""What the protection casework gives the oversight module: the dashboard's protection-case
panel, its table per area one level down, and the yearly report's section of case figures.
The figures themselves are declared once in `selectors/figures.py`; this module only places
them. Counts only: a county's reader of cases follows a figure to the case list it equals
(or the county's open cases), an office above to the counts per county.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.divisions import division_names
from cwis.core.home import SUBAREA_WIDTH, cached_figures
from cwis.core.permissions import Perm, has_perm
from cwis.oversight import dashboard, figures
from cwis.oversight.dashboard_community import AreaCell, AreaRow
from cwis.protection.selectors import figures as case_figures

SECTION = "protection_cases"
COUNTY_WIDTH = 6  # a case belongs to a county: nothing below it to group by


def figure_url(actor: User, key: str) -> str:
    """The case list a figure equals, for a reader of the county's cases; the case list
    (open cases, or the counts per county for an office above) otherwise."""
    page = case_figures.FIGURES[key].page
    if page != "case_list":
        return dashboard.list_link(page)
    filters = case_figures.figure_filters(key) if has_perm(actor, Perm.CASE_VIEW) else None
    return dashboard.list_link("case_list", **(filters or {}))


def _cached(actor: User, name: str, prefix: str, today: dt.date, compute):
    if not has_perm(actor, Perm.CASE_COUNTS):
        return compute()  # zeros: nothing cached for those who may not count
    return cached_figures(f"{name}:{prefix}:{today.isoformat()}", compute)


def cases_panel(actor: User, area: dashboard.Area) -> dashboard.Panel:
    # Some twenty-five figures with the art. 92 situations' long labels: a table, no chart.
    panel = dashboard.Panel(key="protection_cases", title=_("Protection cases"), chart="table")
    if not has_perm(actor, Perm.CASE_COUNTS):
        return panel
    today = timezone.localdate()
    keys = [key for key, figure in case_figures.FIGURES.items() if figure.panel]
    counts = _cached(actor, "protection_cases", area.prefix, today,
                     lambda: case_figures.case_figures(actor=actor, prefix=area.prefix,
                                                       day=today, keys=keys))
    for key in keys:
        panel.cells.append(dashboard.Cell(label=str(case_figures.FIGURES[key].label),
                                          value=counts[key], url=figure_url(actor, key)))
    return panel


def cases_by_area(actor: User, area: dashboard.Area) -> dashboard.AreaFigures | None:
    """The area figures per province, prefecture or county below the area."""
    width = SUBAREA_WIDTH.get(len(area.prefix))
    if width is None or width > COUNTY_WIDTH or not has_perm(actor, Perm.CASE_COUNTS):
        return None
    today = timezone.localdate()
    counts = _cached(actor, f"protection_cases_by_area:{width}", area.prefix, today,
                     lambda: case_figures.case_figures_by_area(
                         actor=actor, prefix=area.prefix, width=width, day=today))
    keys = [key for key, figure in case_figures.FIGURES.items() if figure.area]
    names = division_names(counts)
    rows = []
    for prefix in sorted(counts):
        code = prefix.ljust(6, "0")
        rows.append(AreaRow(
            code=code, name=names.get(prefix, prefix),
            dashboard_url=dashboard.list_link("dashboard", division=code),
            cells=[AreaCell(counts[prefix][key], figure_url(actor, key)) for key in keys]))
    return dashboard.AreaFigures(
        key="protection_cases", title=_("Protection cases by area"),
        columns=[str(case_figures.FIGURES[key].label) for key in keys], rows=rows)


def _report_figure(key: str):
    def compute(prefix: str, moment: dt.datetime) -> int:
        day = moment.date()
        counts = figures.memoized((SECTION, prefix, day), lambda: case_figures.case_figures_on(
            prefix=prefix, day=day))
        return counts[key]
    return compute


def register() -> None:
    if cases_panel not in dashboard.PANELS:
        dashboard.PANELS.append(cases_panel)
    if cases_by_area not in dashboard.AREA_FIGURES:
        dashboard.AREA_FIGURES.append(cases_by_area)
    figures.section_register(SECTION, _("Temporary guardianship and protection cases"))
    for key, figure in case_figures.FIGURES.items():
        if figure.report:
            figures.register(key, figure.label, SECTION)(_report_figure(key))
