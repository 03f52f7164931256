"""The safety figures of the yearly progress report (cwis.oversight.figures), for a province
and a year, each with the list it counts (the drill-down): inspections done, hazards found,
closed and overdue at the year's end, drills, incidents by kind and the serious ones,
social organisations engaged and volunteer hours (policy 四(二), 四(三), 三(三)).

Counted from the records' own dates (when found, fixed, checked; when held, happened), which
are never rewritten, so a report filed in March still counts the year as it was; a fix
refused by its check clears its date, and the hazard counts as unfixed at the year's end."""

import datetime as dt

from django.db.models import Count, Q, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cwis.oversight import figures
from cwis.oversight.dashboard import list_link
from cwis.safety.models import (
    Drill,
    Engagement,
    Hazard,
    Incident,
    IncidentKind,
    Inspection,
    VolunteerService,
)
from cwis.safety.selectors.hazards import hazards_in_period

SECTION = "safety"


def _area(model, prefix: str):
    return model.objects.filter(institution__division_code__startswith=prefix)


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _inspections(prefix: str, moment: dt.datetime) -> int:
    return _area(Inspection, prefix).filter(inspected_on__year=moment.year).count()


def _hazards(**period):
    def compute(prefix: str, moment: dt.datetime) -> int:
        values = {k: (_year_end(moment.year) if v == "end" else moment.year)
                  for k, v in period.items()}
        return hazards_in_period(_area(Hazard, prefix), values).count()
    return compute


def _hazards_url(state: str, **period):
    def drill(prefix: str, year: int) -> str:
        values = {k: (_year_end(year).isoformat() if v == "end" else year)
                  for k, v in period.items()}
        return list_link("safety_hazard_list", state=state, division=prefix, **values)
    return drill


def _drills(prefix: str, moment: dt.datetime) -> int:
    return _area(Drill, prefix).filter(held_on__year=moment.year).count()


def _incidents(**filters):
    def compute(prefix: str, moment: dt.datetime) -> int:
        return _area(Incident, prefix).filter(occurred_at__year=moment.year,
                                              **filters).count()
    return compute


def _incidents_url(prefix: str, year: int) -> str:
    # Every office reads the counts by kind; the list behind them only who reads incidents.
    return list_link("safety_incident_figures", division=prefix, year=year)


def _organisations(prefix: str, moment: dt.datetime) -> int:
    first, last = dt.date(moment.year, 1, 1), _year_end(moment.year)
    running = Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    return Engagement.objects.filter(running, organisation__county_code__startswith=prefix
                                     ).aggregate(n=Count("organisation", distinct=True))["n"]


def _volunteer_hours(prefix: str, moment: dt.datetime) -> int:
    return VolunteerService.objects.filter(
        volunteer__county_code__startswith=prefix, served_on__year=moment.year
    ).aggregate(n=Sum("hours"))["n"] or 0


def _organisations_url(prefix: str, year: int) -> str:
    return list_link("safety_organisation_figures", division=prefix, year=year)


def _period_url(name: str):
    return lambda prefix, year: list_link(name, division=prefix, year=year)


FIGURES = [
    ("safety_inspections", _("Safety inspections done"), _inspections,
     _period_url("safety_inspection_list")),
    ("safety_hazards_found", _("Safety hazards found"), _hazards(year="year"),
     _hazards_url("all", year="year")),
    ("safety_hazards_closed", _("Safety hazards fixed, checked and closed"),
     _hazards(closed_year="year"), _hazards_url("closed", closed_year="year")),
    ("safety_hazards_overdue", _("Safety hazards overdue and not fixed at the year's end"),
     _hazards(overdue_on="end"), _hazards_url("all", overdue_on="end")),
    ("safety_drills", _("Emergency drills held"), _drills, _period_url("safety_drill_list")),
    ("safety_incidents", _("Incidents"), _incidents(), _incidents_url),
    ("safety_incidents_serious", _("Serious incidents"), _incidents(serious=True),
     _incidents_url),
    *[(f"safety_incidents_{kind}", format_lazy(_("Incidents: {kind}"), kind=label),
       _incidents(kind=kind), _incidents_url) for kind, label in IncidentKind.choices],
    ("safety_organisations", _("Social organisations engaged"), _organisations,
     _organisations_url),
    ("safety_volunteer_hours", _("Volunteer hours served"), _volunteer_hours,
     _organisations_url),
]


def register() -> None:
    figures.section_register(SECTION, _("Safety, social organisations and volunteers"))
    for key, label, compute, drill in FIGURES:
        figures.register(key, label, SECTION, drill=drill)(compute)
