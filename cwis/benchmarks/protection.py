"""Benchmark cases of the county protection casework (issue 16): a county's open-case list
(API, page 1, newest first) and a case worker's to-do list, next to the SQL of the list's
query (17a-b); the figures (17q-s): the dashboard's protection-case panel and its table per
area, uncached, for the county, prefecture, province and ministry, and the yearly report's
case figures of the province. A database without cases (generated before the
protection-case step) reports 17a-b as skipped."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.core.permissions import Role
from cwis.oversight.dashboard import dashboard_area
from cwis.protection import oversight
from cwis.protection.models import CaseState, ProtectionCase
from cwis.protection.selectors import cases as selectors
from cwis.protection.selectors import figures

PER_PAGE = 20
NO_CASES = "no protection cases in the database (generated before the protection-case step)"


def _busiest_county_officer() -> User | None:
    busiest = (ProtectionCase.objects.filter(state=CaseState.OPEN).values("county_code")
               .annotate(n=Count("id")).order_by("-n").first())
    if busiest is None:
        return None
    return (User.objects.filter(role=Role.COUNTY_OFFICER, is_active=True,
                                division__code=busiest["county_code"])
            .select_related("division").order_by("pk").first())


def protection_case_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.cases import Api, _sql

    officer = _busiest_county_officer()
    names = ("a county's open protection cases, page 1 (API, county officer)",
             "a county case worker's to-do list (API)")
    if officer is None:
        return [Case("17a", names[0], lambda: None, skip=NO_CASES),
                Case("17b", names[1], lambda: None, skip=NO_CASES)]
    api = Api(officer)
    page = selectors.case_list(actor=officer, today=timezone.localdate(),
                               order="-opened")[:PER_PAGE]
    return [
        Case("17a", names[0], api.get("/protection/cases", limit=PER_PAGE),
             raw_sql=_sql(page), target_ms=50.0),
        Case("17b", names[1], api.get("/todo"), raw_sql=_sql(page), target_ms=300.0),
    ]


def protection_figure_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.home import FIGURES_TARGET_MS, _uncached  # it imports cases.py

    cases = []
    for who in ("county", "prefecture", "province", "ministry"):
        user = users[who]
        area = dashboard_area(actor=user)
        # The country's figures read every case of every county: timed once.
        runs = {"repeat": 1, "warmup": 0} if who == "ministry" else {}
        cases.append(Case("17q", f"protection-case panel ({who})",
                          _uncached(lambda user=user, area=area: oversight.cases_panel(
                              user, area)), target_ms=FIGURES_TARGET_MS, **runs))
        if who != "county":  # a county's cases are not split below it
            cases.append(Case("17r", f"protection cases per area ({who})",
                              _uncached(lambda user=user, area=area: oversight.cases_by_area(
                                  user, area)), target_ms=FIGURES_TARGET_MS, **runs))
    prefix = users["province"].division.scope_prefix
    last_year_end = dt.date(timezone.localdate().year - 1, 12, 31)
    cases.append(Case("17s", f"yearly report's case figures (province {prefix}, "
                             f"{last_year_end})",
                      lambda: figures.case_figures_on(prefix=prefix, day=last_year_end),
                      target_ms=FIGURES_TARGET_MS))
    return cases
