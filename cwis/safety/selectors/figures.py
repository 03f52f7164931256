"""The safety figures of an area, for the dashboard (cwis/safety/oversight.py): hazards
(awaiting their fix, overdue, awaiting the check, closed this year), inspections and drills
this year, incidents this year and the serious ones. Each equals the length of the list it
links to; a bounded number of aggregate queries whatever the area."""

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.oversight.dashboard import list_link
from cwis.safety.models import Drill, Hazard, HazardState, Incident, Inspection

PANEL = (
    ("overdue", _("Hazards overdue for their fix"), "overdue"),
    ("open", _("Hazards awaiting their fix"), "open"),
    ("fixed", _("Fixes awaiting their check"), "fixed"),
    ("closed", _("Hazards closed this year"), "closed"),
    ("inspections", _("Inspections this year"), None),
    ("drills", _("Drills this year"), None),
    ("incidents", _("Incidents this year"), None),
    ("serious", _("Serious incidents this year"), None),
)


def panel_cells(prefix: str, *, actor: User | None = None, year: int | None = None
                ) -> list[tuple[str, object, str]]:
    """(key, label, url) of each panel figure, each the list whose length it is: a hazard
    figure the hazard list of that state in the area (closed: in the year); inspections and
    drills their lists of the year in the area; incidents the incident list of the year for
    whoever reads incidents, the counts by kind for the offices above."""
    year = year or dt.date.today().year
    area = {"division": prefix, "year": year}
    listed = actor is not None and has_perm(actor, Perm.INCIDENT_VIEW)
    incidents = "safety_incident_list" if listed else "safety_incident_figures"
    urls = {"inspections": list_link("safety_inspection_list", **area),
            "drills": list_link("safety_drill_list", **area),
            "closed": list_link("safety_hazard_list", state="closed", closed_year=year,
                                division=prefix),
            "incidents": list_link(incidents, **area),
            "serious": list_link(incidents, serious="on" if listed else "", **area)}
    return [(key, label, urls.get(key) or list_link("safety_hazard_list", state=state,
                                                     division=prefix))
            for key, label, state in PANEL]


def _in_area(model, actor: User, prefix: str):
    return scope(model.objects.filter(institution__division_code__startswith=prefix), actor)


def safety_figures(*, actor: User, prefix: str, today: dt.date) -> dict[str, int]:
    """Today's figures of the area under `prefix`, in the actor's scope: four queries."""
    if not has_perm(actor, Perm.SAFETY_FIGURES):
        return {key: 0 for key, _label, _state in PANEL}
    year = today.year
    counts = _in_area(Hazard, actor, prefix).aggregate(
        open=Count("id", filter=Q(state=HazardState.OPEN)),
        overdue=Count("id", filter=Q(state=HazardState.OPEN, due_on__lt=today)),
        fixed=Count("id", filter=Q(state=HazardState.FIXED)),
        closed=Count("id", filter=Q(state=HazardState.CLOSED, checked_on__year=year)))
    counts["inspections"] = _in_area(Inspection, actor, prefix).filter(
        inspected_on__year=year).count()
    counts["drills"] = _in_area(Drill, actor, prefix).filter(held_on__year=year).count()
    counts.update(_in_area(Incident, actor, prefix).filter(occurred_at__year=year).aggregate(
        incidents=Count("id"), serious=Count("id", filter=Q(serious=True))))
    return counts


def hazards_by_area(*, actor: User, prefix: str, width: int, today: dt.date
                    ) -> dict[str, dict[str, int]]:
    """Per area of `width` digits under `prefix`: hazards overdue and awaiting their fix;
    areas without any are left out. One grouped query."""
    if not has_perm(actor, Perm.SAFETY_FIGURES):
        return {}
    rows = hazards_by_area_query(actor=actor, prefix=prefix, width=width, today=today)
    return {row["area_code"]: {"open": row["open"], "overdue": row["overdue"]} for row in rows}


def hazards_by_area_query(*, actor: User, prefix: str, width: int, today: dt.date):
    """The grouped query of `hazards_by_area` (the benchmarks time its SQL beside it)."""
    return (_in_area(Hazard, actor, prefix).filter(state=HazardState.OPEN)
            .annotate(area_code=Substr("institution__division_code", 1, width))
            .values("area_code").annotate(open=Count("id"),
                                          overdue=Count("id", filter=Q(due_on__lt=today)))
            .order_by())
