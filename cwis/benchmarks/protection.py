"""Benchmark cases of the county protection casework (issue 16): a county's open-case list
(API, page 1, newest first) and a case worker's to-do list, next to the SQL of the list's
query (17a-b); the prefecture's to-do list with the escalated case items (17c, next to the
SQL of its overdue referrals) and one case's referrals and emotional care (17d); a village
director's follow-up visits after case exits and their to-do list (17f-17g); the figures
(17q-s): the dashboard's protection-case panel and its table per area, uncached, for the
county, prefecture, province and ministry, and the yearly report's case figures of the
province. A database without cases (generated before the protection-case step) or without
exits reports those cases as skipped."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.core.permissions import Role
from cwis.core.scoping import scope
from cwis.oversight.dashboard import dashboard_area
from cwis.protection import oversight
from cwis.protection.models import (
    CaseFollowUp,
    CaseState,
    ProtectionCase,
    Referral,
    ReferralState,
)
from cwis.protection.selectors import cases as selectors
from cwis.protection.selectors import exits as exit_selectors
from cwis.protection.selectors import figures

PER_PAGE = 20
NO_CASES = "no protection cases in the database (generated before the protection-case step)"
NO_PREFECTURE = "no prefecture officer over the county with the most open cases"


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
        return [Case(number, name, lambda: None, skip=NO_CASES)
                for number, name in (("17a", names[0]), ("17b", names[1]),
                                     ("17c", "a prefecture's to-do list (API)"),
                                     ("17d", "a case's referrals and emotional care (API)"))]
    api = Api(officer)
    page = selectors.case_list(actor=officer, today=timezone.localdate(),
                               order="-opened")[:PER_PAGE]
    return [
        Case("17a", names[0], api.get("/protection/cases", limit=PER_PAGE),
             raw_sql=_sql(page), target_ms=50.0),
        Case("17b", names[1], api.get("/todo"), raw_sql=_sql(page), target_ms=300.0),
        *_casework_cases(officer, page),
    ]


def _casework_cases(officer: User, page) -> list[Case]:
    """17c: the prefecture's to-do list (escalated case items by case number and county);
    17d: the referrals and emotional care of the county's newest open case."""
    from cwis.benchmarks.cases import Api, _sql

    names = ("a prefecture's to-do list with the escalated case items (API)",
             "a case's referrals and emotional care (API, county officer)")
    prefecture = (User.objects.filter(role=Role.PREFECTURE_OFFICER, is_active=True,
                                      division__code=officer.division.code[:4] + "00")
                  .select_related("division").order_by("pk").first())
    cases = []
    if prefecture is None:
        cases.append(Case("17c", names[0], lambda: None, skip=NO_PREFECTURE))
    else:
        overdue = scope(Referral.objects.filter(
            state=ReferralState.SENT, case__state=CaseState.OPEN,
            answer_due__lt=timezone.localdate()), prefecture).order_by("answer_due")
        cases.append(Case("17c", names[0], Api(prefecture).get("/todo"),
                          raw_sql=_sql(overdue[:200]), target_ms=300.0))
    newest = page.first()
    cases.append(Case("17d", names[1],
                      Api(officer).get(f"/protection/cases/{newest.pk}/casework"),
                      raw_sql=_sql(Referral.objects.filter(case=newest)), target_ms=50.0))
    return cases


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


NO_FOLLOW_UPS = ("no follow-up visits due in a village with a child director (the generator "
                 "does not make case exits yet)")


def _busiest_village_director() -> User | None:
    busiest = (CaseFollowUp.objects.filter(visited_on__isnull=True, case__state=CaseState.OPEN)
               .values("case__child__division_code").annotate(n=Count("id")).order_by("-n")
               .first())
    if busiest is None:
        return None
    return (User.objects.filter(role=Role.CHILD_DIRECTOR, is_active=True,
                                division__code=busiest["case__child__division_code"])
            .select_related("division").order_by("pk").first())


def protection_exit_cases(users: dict[str, User]) -> list[Case]:
    """The follow-up visits after a case's exit, as the village child director reads them:
    the list (API, page 1) and the to-do list they feed."""
    from cwis.benchmarks.cases import Api, _sql

    director = _busiest_village_director()
    names = ("a village director's follow-up visits due, page 1 (API)",
             "a village director's to-do list with follow-up visits (API)")
    if director is None:
        return [Case("17f", names[0], lambda: None, skip=NO_FOLLOW_UPS),
                Case("17g", names[1], lambda: None, skip=NO_FOLLOW_UPS)]
    api = Api(director)
    page = exit_selectors.follow_ups_due(actor=director)[:PER_PAGE]
    return [
        Case("17f", names[0], api.get("/protection/follow-ups", limit=PER_PAGE),
             raw_sql=_sql(page), target_ms=50.0),
        Case("17g", names[1], api.get("/todo"), raw_sql=_sql(page), target_ms=300.0),
    ]
