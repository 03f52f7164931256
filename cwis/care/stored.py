"""The care panels' figures kept per area for the offices above the county
(cwis.core.area_figures, family "care"; ADR 0012). Counted live, a panel of a province or the
ministry reads every child in care of its area once per figure, some twenty figures over
three panels (seconds at national scale); stored, it reads its own area's row. The counties
read them stored too: a county's live count reads the country's care records of the year
(0.7 s a dashboard at national scale). Below the county nobody sees these panels. Figures
that are not numbers of children (services outside) are always counted live: they are
cheap."""

import datetime as dt

from cwis.accounts.models import User
from cwis.care.figures import FIGURES
from cwis.care.selectors.figures import (
    WITHOUT_REHABILITATION_PLAN,
    figure_value,
    figure_values_by_area,
)
from cwis.core import area_figures
from cwis.oversight.dashboard import Area

FAMILY = "care"
STORED_KEYS: list[str] = []  # the panels add their figures (register_keys)


def register_keys(keys) -> None:
    STORED_KEYS.extend(key for key in keys if key not in STORED_KEYS)


@area_figures.family(FAMILY)
def _care_everywhere(reader: User, today: dt.date) -> area_figures.Counts:
    return area_figures.roll_up(figure_values_by_area(
        actor=reader, keys=STORED_KEYS, day=today, year=today.year,
        width=area_figures.STORED_WIDTHS[-1]))


def stored_for(actor: User, area: Area, today: dt.date) -> area_figures.Stored | None:
    """The area's stored set, or None where the panel counts live."""
    return area_figures.read(FAMILY, actor=actor, prefix=area.prefix, width=None, today=today,
                             counties=True)


def panel_value(actor: User, area: Area, key: str, today: dt.date,
                stored: area_figures.Stored | None) -> int:
    if stored is not None and (key == WITHOUT_REHABILITATION_PLAN
                               or FIGURES[key].total is None):
        return stored.own.get(key, 0)
    return figure_value(actor=actor, key=key, prefix=area.prefix, day=today, year=today.year)
