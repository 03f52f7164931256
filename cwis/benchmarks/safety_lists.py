"""Benchmark cases of the safety module's lists and figures added after the first cut
(issue 19, items 22i-22p): the fire service's and market supervision's status lists (API,
page 1, next to the SQL of the list's query), the Incidents tab of a child's file, the
yearly report's safety figures of a province, the report's drill-downs (hazards overdue at
the year's end, incidents by kind, the year's inspections) and an inspection's checklist.
Skipped until the database holds hazards (generated before the safety step)."""

import datetime as dt

from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.benchmarks.safety import NO_HAZARDS, PER_PAGE, _user
from cwis.core.permissions import Role
from cwis.oversight import figures as report
from cwis.safety.models import Hazard, Incident, Inspection
from cwis.safety.selectors import checklists, incidents, status
from cwis.safety.selectors import hazards as selectors

NAMES = {
    "22i": "a county's fire safety list for the fire service, page 1 (API, county officer)",
    "22j": "a province's food safety list for market supervision, page 1 (API, province)",
    "22k": "the Incidents tab of a child's file (director)",
    "22l": "the yearly report's safety figures of a province",
    "22m": "a province's hazards overdue at last year's end, page 1 (API, report drill-down)",
    "22n": "a province's incidents of the year by kind (the figures' drill-down)",
    "22o": "an inspection's checklist with its results",
    "22p": "a prefecture's inspections of the year, page 1 (API, panel drill-down)",
}


def _skip(numbers, reason: str) -> list[Case]:
    return [Case(n, NAMES[n], lambda: None, skip=reason) for n in numbers]


def safety_list_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.cases import Api, _sql

    sample = Hazard.objects.select_related("institution").order_by("pk").first()
    if sample is None:
        return _skip(NAMES, NO_HAZARDS)
    today = timezone.localdate()
    code = sample.institution.division_code
    county = _user(Role.COUNTY_OFFICER, division__code=code[:6])
    prefecture = _user(Role.PREFECTURE_OFFICER, division__code=f"{code[:4]}00")
    province = _user(Role.PROVINCE_OFFICER, division__code=f"{code[:2]}0000")
    cases: list[Case] = []
    for number, actor, department in (("22i", county, "fire"), ("22j", province, "food")):
        if actor is None:
            cases += _skip([number], "no such user")
            continue
        rows = status.institution_status(actor=actor, department=department, today=today)
        cases.append(Case(number, NAMES[number],
                          Api(actor).get("/safety/status", department=department,
                                         limit=PER_PAGE),
                          raw_sql=_sql(rows[:PER_PAGE]), target_ms=300.0))
    incident = Incident.objects.filter(institution_id=sample.institution_id,
                                       children__isnull=False).first() or Incident.objects.filter(
        children__isnull=False).first()
    child = incident.children.first() if incident else None
    reader = _user(Role.DIRECTOR, institution_id=incident.institution_id) if incident else None
    if child is None or reader is None:
        cases += _skip(["22k"], "no incident with a child")
    else:
        tab = incidents.child_incidents(actor=reader, child=child)
        cases.append(Case("22k", NAMES["22k"], lambda: list(tab.all()), raw_sql=_sql(tab),
                          target_ms=100.0))
    last_year = today.year - 1
    keys = [f.key for f in report.figure_list() if f.section == "safety"]
    cases.append(Case("22l", NAMES["22l"], lambda: [
        report.compute(k, prefix=code[:2], moment=report.year_end(last_year)) for k in keys],
        target_ms=2000.0))
    if province is None:
        cases += _skip(["22m", "22n"], "no such user")
    else:
        filters = {"state": "", "overdue_on": dt.date(last_year, 12, 31)}
        overdue = selectors.hazard_list(actor=province, filters=filters, today=today)
        cases.append(Case("22m", NAMES["22m"], Api(province).get(
            "/safety/hazards", limit=PER_PAGE, overdue_on=f"{last_year}-12-31"),
            raw_sql=_sql(overdue[:PER_PAGE]), target_ms=100.0))
        cases.append(Case("22n", NAMES["22n"], lambda: incidents.incident_counts(
            actor=province, prefix=code[:2], year=today.year), target_ms=300.0))
    inspection = Inspection.objects.order_by("-pk").first()
    if inspection is None:
        cases += _skip(["22o"], "no inspection")
    else:
        cases.append(Case("22o", NAMES["22o"], lambda: checklists.inspection_checklist(
            inspection=inspection), target_ms=50.0))
    if prefecture is None:
        cases += _skip(["22p"], "no such user")
    else:
        year = {"year": today.year, "division": code[:4]}
        listing = selectors.inspection_list(actor=prefecture, filters=year)
        cases.append(Case("22p", NAMES["22p"], Api(prefecture).get(
            "/safety/inspections", limit=PER_PAGE, **year),
            raw_sql=_sql(listing[:PER_PAGE]), target_ms=100.0))
    return cases
