"""The dashboard's community registry panel (issue 13 point 13): the left-behind children,
scattered orphans, de facto unsupported children and children in difficulty registered in
the area, the visits overdue, and the same per area one level down, each figure linking to
the community list filtered by area and category (the filters stay in the URL).

Figures come from protection's selectors (scoped, aggregate queries grouped by area). A
country's registry is ten million files: for the offices above the county they are the
stored figures of the whole country (cwis.core.area_figures, family "registry"), for a
county and below they are computed on the view (kept CWIS_FIGURES_CACHE_SECONDS).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.models import CATEGORY_LABELS
from cwis.core import area_figures
from cwis.core.divisions import division_names
from cwis.core.home import SUBAREA_WIDTH, cached_figures
from cwis.core.permissions import Perm, has_perm
from cwis.oversight.dashboard import Area, Cell, Panel, list_link
from cwis.protection import selectors

# What the panel shows of each category: a scattered orphan is an orphan in the community.
COLUMNS = {
    "total": _("On the registry"),
    "left_behind": _("Left-behind children"),
    "orphan": _("Scattered orphans"),
    "de_facto_unsupported": CATEGORY_LABELS["de_facto_unsupported"],
    "in_difficulty": CATEGORY_LABELS["in_difficulty"],
    "overdue": _("Visits overdue"),
}


def community_link(prefix: str, key: str) -> str:
    """The community list this figure counts: the area, and the category or overdue."""
    params = {"division": prefix}
    if key == "overdue":
        params["overdue"] = "1"
    elif key != "total":
        params["category"] = key
    return list_link("community_list", **params)


def _cached(actor: User, name: str, prefix: str, today: dt.date, compute):
    if not has_perm(actor, Perm.CHILD_VIEW):
        return compute()  # nothing to see: zeros, never cached for others
    return cached_figures(f"{name}:{prefix}:{today.isoformat()}", compute)


@area_figures.family("registry")
def _registry_everywhere(reader: User, today: dt.date) -> area_figures.Counts:
    return area_figures.roll_up(selectors.registry_counts_by_area(
        actor=reader, prefix="", width=area_figures.STORED_WIDTHS[-1], today=today))


def community_panel(actor: User, area: Area) -> Panel:
    today = timezone.localdate()

    def compute() -> dict[str, int]:
        counts = selectors.registry_counts(actor=actor, prefix=area.prefix)
        visits = selectors.visit_counts(actor=actor, today=today, prefix=area.prefix)
        return {**counts, "overdue": visits["overdue"]}

    stored = area_figures.read("registry", actor=actor, prefix=area.prefix, width=None,
                               today=today)
    counts = stored.own if stored else _cached(actor, "registry", area.prefix, today, compute)
    panel = Panel(key="community", title=_("Community children registry"),
                  as_of=stored.as_of if stored else None)
    for key, label in COLUMNS.items():
        panel.cells.append(Cell(label=str(label), value=counts.get(key, 0),
                                url=community_link(area.prefix, key)))
    return panel


@dataclass
class AreaCell:
    value: int
    url: str


@dataclass
class AreaRow:
    code: str
    name: str
    dashboard_url: str
    cells: list[AreaCell]


def community_by_area(actor: User, area: Area) -> list[AreaRow]:
    """The registry's figures per area one level down (provinces, prefectures, counties,
    townships or villages), areas without any file left out."""
    width = SUBAREA_WIDTH.get(len(area.prefix))
    if width is None:  # a village: nothing below
        return []
    today = timezone.localdate()
    stored = area_figures.read("registry", actor=actor, prefix=area.prefix, width=width,
                               today=today)
    counts = stored.by_area if stored else _cached(
        actor, f"registry_by_area:{width}", area.prefix, today,
        lambda: selectors.registry_counts_by_area(actor=actor, prefix=area.prefix,
                                                  width=width, today=today))
    names = division_names(counts)
    rows = []
    for prefix in sorted(counts):
        code = prefix.ljust(6, "0")
        rows.append(AreaRow(
            code=code, name=names.get(prefix, prefix),
            dashboard_url=list_link("dashboard", division=code),
            cells=[AreaCell(counts[prefix].get(key, 0), community_link(prefix, key))
                   for key in COLUMNS]))
    return rows
