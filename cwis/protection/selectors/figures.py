"""Figures of the county protection casework (issue 16, "Figures and scale"): numbers of
cases, assessments, conferences and decisions, never anything of a case's content.

One place per figure: `FIGURES` gives each its label, the records it counts (`source`, a key
of `SOURCES`: a model and the path to the county that holds the case) and which of them count
on a day (`when(day)`: an event counts in the day's year up to the day; a state counts as it
stood on the day, from the dated fields, so a report filed in March shows 31 December). A
figure shows on the dashboard panel (`panel`), in the table per area one level down (`area`)
and in the yearly report (`report`). A new record kind adds its source and its figures here.

Reads: the dashboard through `case_figures` and `case_figures_by_area` (the actor's scope by
cwis.core.scoping, CASE_COUNTS or nothing); the yearly report through `case_figures_on`, the
province's own figures computed by the report service (as every yearly figure is). Each reads
one aggregate query per source, however many figures and areas.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import scope
from cwis.protection.models.cases import (
    Art92Situation,
    CaseOutcome,
    GuardianshipAssessment,
    ProtectionCase,
)
from cwis.protection.models.conferences import CaseConference, ConferenceDecision
from cwis.protection.models.county_work import GuidanceVisit, PolicyTalk
from cwis.protection.models.referrals import Referral


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    county: str  # lookup path to the code of the county that holds the case
    case: str  # lookup path to the case ("" on the case itself)


SOURCES: dict[str, Source] = {
    "case": Source(ProtectionCase, "county_code", ""),
    "assessment": Source(GuardianshipAssessment, "case__county_code", "case__"),
    "conference": Source(CaseConference, "case__county_code", "case__"),
    "decision": Source(ConferenceDecision, "conference__case__county_code",
                       "conference__case__"),
    "referral": Source(Referral, "case__county_code", "case__"),
    # The county's work around the cases: not a case's record (no case path).
    "talk": Source(PolicyTalk, "county_code", ""),
    "guidance": Source(GuidanceVisit, "workstation__county_code", ""),
}


@dataclass(frozen=True)
class CaseFigure:
    key: str
    label: Promise
    source: str
    when: Callable[[dt.date], Q]
    count: str = "id"  # "child": children, each once
    # The county's case list that shows exactly these cases today (the dashboard's link for
    # a reader of cases); None: no list shows them, the figure links to the case list.
    list_filters: Mapping[str, str] | None = None
    # The page the figure links to when it is not the case list: the county's work around
    # the cases is counted on its own figures page.
    page: str = "case_list"
    panel: bool = True
    area: bool = False
    report: bool = True


def open_on(day: dt.date, case: str = "") -> Q:
    """The case (at the lookup path `case`) was open on `day`."""
    return Q(**{f"{case}opened_on__lte": day}) & (
        Q(**{f"{case}closed_on__isnull": True}) | Q(**{f"{case}closed_on__gt": day}))


def in_year(field: str) -> Callable[[dt.date], Q]:
    """Dated `field` in the day's year, up to the day."""
    return lambda day: Q(**{f"{field}__year": day.year, f"{field}__lte": day})


def _first_assessment_overdue(day: dt.date) -> Q:
    done = GuardianshipAssessment.objects.filter(case=OuterRef("pk"), assessed_on__lte=day)
    return open_on(day) & Q(first_assessment_due__lt=day) & ~Q(Exists(done))


def _decision_overdue(day: dt.date) -> Q:
    return (open_on(day, "conference__case__") & Q(due_on__lt=day)
            & (Q(done_on__isnull=True) | Q(done_on__gt=day)))


def _opened_for(situation: str) -> Callable[[dt.date], Q]:
    return lambda day: in_year("opened_on")(day) & Q(situation=situation)


def _exited(outcome: str | None) -> Callable[[dt.date], Q]:
    """Cases whose exit was decided in the day's year up to the day (with `outcome`)."""
    def when(day: dt.date) -> Q:
        exited = in_year("exit_on")(day) & Q(outcome__gt="")
        return exited & Q(outcome=outcome) if outcome else exited
    return when


def _answer_overdue(day: dt.date) -> Q:
    """Referrals of open cases sent by the day, past their answer date and not answered
    by the day."""
    return (open_on(day, "case__") & Q(sent_on__lte=day, answer_due__lt=day)
            & (Q(answered_on__isnull=True) | Q(answered_on__gt=day)))


FIGURES: dict[str, CaseFigure] = {figure.key: figure for figure in [
    CaseFigure("cases_open", _("Protection cases open"), "case", open_on, list_filters={},
               area=True),
    CaseFigure("cases_opened", _("Children taken into temporary guardianship during the year"),
               "case", in_year("opened_on"), count="child", area=True),
    *[CaseFigure(f"cases_opened_{value}", format_lazy(_("of which: {situation}"),
                                                      situation=label),
                 "case", _opened_for(value), count="child")
      for value, label in Art92Situation.choices],
    CaseFigure("first_assessments_overdue",
               _("Cases whose first guardianship assessment is overdue"), "case",
               _first_assessment_overdue, list_filters={"overdue": "1"}, area=True),
    CaseFigure("assessments_done", _("Guardianship assessments done during the year"),
               "assessment", in_year("assessed_on"), area=True),
    CaseFigure("conferences_held", _("Case conferences held during the year"), "conference",
               in_year("held_on"), area=True),
    CaseFigure("decisions_overdue", _("Case conference decisions overdue"), "decision",
               _decision_overdue, area=True),
    CaseFigure("referrals_sent", _("Referrals sent during the year"), "referral",
               in_year("sent_on"), area=True),
    CaseFigure("referrals_delivered", _("Referred services delivered during the year"),
               "referral", in_year("delivered_on")),
    CaseFigure("referral_answers_overdue", _("Referrals whose answer is overdue"), "referral",
               _answer_overdue, area=True),
    CaseFigure("exits", _("Cases that reached their exit during the year"), "case",
               _exited(None), area=True),
    *[CaseFigure(f"exits_{value}", format_lazy(_("of which: {outcome}"), outcome=label),
                 "case", _exited(value))
      for value, label in CaseOutcome.choices],
    CaseFigure("talks_held", _("Policy talks given during the year"), "talk",
               in_year("held_on"), page="county_work_figures", area=True),
    CaseFigure("workstations_guided", _("Township workstations guided during the year"),
               "guidance", in_year("visited_on"), count="workstation",
               page="county_work_figures", area=True),
]}


def _aggregates(source: str, day: dt.date, keys: list[str]) -> dict[str, Count]:
    return {key: Count(FIGURES[key].count, filter=FIGURES[key].when(day),
                       distinct=FIGURES[key].count != "id")
            for key in keys if FIGURES[key].source == source}


def _records(source: str, prefix: str, day: dt.date, keys: list[str]) -> QuerySet:
    """The source's records under `prefix` that any of the figures `keys` counts on `day`:
    the aggregates then read this year's and the open ones, not every year's."""
    found = SOURCES[source]
    records = found.model.objects.order_by().filter(reduce(or_, [
        FIGURES[key].when(day) for key in keys if FIGURES[key].source == source]))
    return records.filter(**{f"{found.county}__startswith": prefix}) if prefix else records


def _figures(prefix: str, day: dt.date, keys: list[str],
             narrow: Callable[[QuerySet], QuerySet]) -> dict[str, int]:
    counts = dict.fromkeys(keys, 0)
    for source in SOURCES:
        aggregates = _aggregates(source, day, keys)
        if aggregates:
            counts.update(narrow(_records(source, prefix, day, keys)).aggregate(**aggregates))
    return counts


def case_figures(*, actor: User, prefix: str, day: dt.date,
                 keys: list[str] | None = None) -> dict[str, int]:
    """{figure key: value} of the cases under `prefix` in the actor's scope on `day` (every
    figure unless `keys`); zeros for a role that may not count cases."""
    keys = list(keys or FIGURES)
    if not has_perm(actor, Perm.CASE_COUNTS):
        return dict.fromkeys(keys, 0)
    return _figures(prefix, day, keys, lambda records: scope(records, actor))


def case_figures_by_area(*, actor: User, prefix: str, width: int, day: dt.date
                         ) -> dict[str, dict[str, int]]:
    """{area prefix of `width` digits (at most a county's 6): {figure key: value}} for the
    `area` figures, areas without any case left out; one grouped query per source."""
    keys = [key for key, figure in FIGURES.items() if figure.area]
    if not has_perm(actor, Perm.CASE_COUNTS):
        return {}
    counts: dict[str, dict[str, int]] = {}
    for source, found in SOURCES.items():
        aggregates = _aggregates(source, day, keys)
        if not aggregates:
            continue
        rows = scope(_records(source, prefix, day, keys), actor).annotate(
            area=Substr(found.county, 1, width)).values("area").annotate(**aggregates)
        for row in rows:
            area = counts.setdefault(row.pop("area"), dict.fromkeys(keys, 0))
            area.update(row)
    return counts


def case_figures_on(*, prefix: str, day: dt.date) -> dict[str, int]:
    """The `report` figures of the area `prefix` on `day`, for the yearly report of the
    province (the report service checks who prefills it)."""
    keys = [key for key, figure in FIGURES.items() if figure.report]
    return _figures(prefix, day, keys, lambda records: records)


def figure_filters(key: str) -> dict[str, Any] | None:
    return dict(FIGURES[key].list_filters) if FIGURES[key].list_filters is not None else None
