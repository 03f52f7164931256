"""The figures of care services (policy 二(二)–(四), (六), (七)) for the yearly report and the
dashboard. Each names the children it counts, so that the report's number and the list it
drills down to are the same query: `children(base, day, year)` narrows a queryset of
children to those counted on `day` (31 December of `year` in a report, today on the
dashboard). A figure that is not a number of children (costs, services) has its `total`.
Dated records give the state at the year's end: a plan counts from its approval to its
closing, a school place from enrolment to leaving, events by their dates.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cwis.care.choices import AssistanceState, CareLine, ReportState, SchoolStage
from cwis.care.models import (
    CarePlan,
    CareSession,
    MedicalVisit,
    OutsideService,
    RehabAssistance,
    SchoolAgeReportEntry,
    SchoolPlace,
)
from cwis.children.models import Child

Narrow = Callable[[QuerySet[Child], dt.date, int], QuerySet[Child]]
Total = Callable[[QuerySet[Child], dt.date, int], int]


@dataclass(frozen=True)
class CareFigure:
    key: str
    label: Promise
    children: Narrow
    total: Total | None = None  # the value when it is not the number of children

    def value(self, base: QuerySet[Child], day: dt.date, year: int) -> int:
        if self.total is not None:
            return int(self.total(base, day, year))
        return self.children(base, day, year).count()


def _open_on(day: dt.date, start: str, end: str) -> Q:
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True})
                                         | Q(**{f"{end}__gt": day}))


def among(children: QuerySet[Child], records: QuerySet) -> QuerySet[Child]:
    """The children of `children` who have one of `records`. The records' child ids are read
    first and the children found by primary key: as a subquery, PostgreSQL merge-joined the
    records with the registry's primary key and walked it up to the next file of the area,
    millions of community files at national scale (5 s a figure in a province's report)."""
    ids = list(records.order_by().values_list("child_id", flat=True).distinct())
    if connection.vendor == "postgresql":
        # As a literal list PostgreSQL sometimes chose a parallel scan of all ten million
        # files over tens of thousands of primary-key reads (2 s, one figure of the
        # ministry's dashboard); `unnest` makes it a join it plans as a nested loop over
        # the primary key whatever the list's length (0.1 s).
        return children.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (ids,)))
    return children.filter(pk__in=ids)


def _plan_active(line: str) -> Narrow:
    def narrow(children, day, year):
        plans = CarePlan.objects.filter(_open_on(day, "approved_on", "closed_on"), line=line)
        return among(children, plans)
    return narrow


def _rehab_sessions(children, day, year):
    sessions = CareSession.objects.filter(line=CareLine.REHABILITATION, entered_in_error="",
                                          held_on__year=year, held_on__lte=day)
    return among(children, sessions)


def _assistance(state: str | None) -> Narrow:
    def narrow(children, day, year):
        if state is None:
            found = RehabAssistance.objects.filter(applied_on__year=year, applied_on__lte=day)
        else:
            found = RehabAssistance.objects.filter(state=state, decided_on__year=year,
                                                   decided_on__lte=day)
        return among(children, found)
    return narrow


def _reported(children, day, year):
    entries = SchoolAgeReportEntry.objects.filter(
        report__state=ReportState.REPORTED, report__reported_on__year=year,
        report__reported_on__lte=day)
    return among(children, entries)


def _enrolled(stage: str | None) -> Narrow:
    def narrow(children, day, year):
        places = SchoolPlace.objects.filter(_open_on(day, "enrolled_on", "left_on"))
        if stage is not None:
            places = places.filter(stage=stage)
        return among(children, places)
    return narrow


def _visits(children, day, year):
    visits = MedicalVisit.objects.filter(entered_in_error="", started_on__year=year,
                                         started_on__lte=day)
    return among(children, visits)


def _cost(field: str) -> Total:
    def total(children, day, year):
        visits = MedicalVisit.objects.filter(entered_in_error="", started_on__year=year,
                                             started_on__lte=day)
        visits = visits.filter(child__in=among(children, visits))
        return round(visits.aggregate(total=Sum(field))["total"] or 0)
    return total


def _served_outside(children, day, year):
    services = OutsideService.objects.filter(opened_on__lte=day).filter(
        Q(closed_on__isnull=True) | Q(closed_on__year__gte=year))
    return among(children, services)


def _services_outside(children, day, year):
    services = OutsideService.objects.filter(opened_on__lte=day).filter(
        Q(closed_on__isnull=True) | Q(closed_on__year__gte=year))
    return services.filter(child__in=among(children, services)).count()


STAGE_LABELS = {
    SchoolStage.KINDERGARTEN: _("Children in care at kindergarten"),
    SchoolStage.PRIMARY: _("Children in care at primary school"),
    SchoolStage.JUNIOR_SECONDARY: _("Children in care at junior secondary school"),
    SchoolStage.SENIOR_SECONDARY: _("Children in care at senior secondary school"),
    SchoolStage.VOCATIONAL: _("Children in care at vocational school"),
}
COST_LABELS = {
    "cost_total": _("Medical costs of children in care (yuan)"),
    "paid_basic_insurance": _("of which paid by basic medical insurance"),
    "paid_critical_illness": _("of which paid by critical-illness insurance"),
    "paid_medical_assistance": _("of which paid by medical assistance"),
    "paid_charity": _("of which paid by charity"),
    "paid_institution": _("of which paid by the institutions"),
}

FIGURES: dict[str, CareFigure] = {f.key: f for f in [
    CareFigure("care_rehabilitation_plan", _("Children with a rehabilitation plan"),
               _plan_active(CareLine.REHABILITATION)),
    CareFigure("care_rehabilitation_received", _("Children who received rehabilitation"),
               _rehab_sessions),
    CareFigure("care_assistance_applied",
               _("Children applied for rehabilitation assistance"), _assistance(None)),
    CareFigure("care_assistance_approved",
               _("Children approved for rehabilitation assistance"),
               _assistance(AssistanceState.APPROVED)),
    CareFigure("care_school_age_reported",
               _("School-age children reported to the education department"), _reported),
    CareFigure("care_school_enrolled", _("Children in care enrolled in school"),
               _enrolled(None)),
    *(CareFigure(f"care_school_{stage}", label, _enrolled(stage))
      for stage, label in STAGE_LABELS.items()),
    CareFigure("care_social_work_plan", _("Children with a social work plan"),
               _plan_active(CareLine.SOCIAL_WORK)),
    *(CareFigure(f"care_{field}", label, _visits, total=_cost(field))
      for field, label in COST_LABELS.items()),
    CareFigure("care_outside_services",
               _("Services to children outside the institution"), _served_outside,
               total=_services_outside),
]}

# The upbringing assessment and adoption (cwis/care/figures_adoption.py) join the figures.
from cwis.care.figures_adoption import ADOPTION_FIGURES  # noqa: E402

FIGURES.update({f.key: f for f in ADOPTION_FIGURES})
