"""Benchmark cases of the county protection casework (issue 16): a county's open-case list
(API, page 1, newest first) and a case worker's to-do list (17a-17b); a village director's
follow-up visits after case exits and their to-do list (17f-17g); next to the SQL of the
list's query. The generator does not make cases yet: until it does, the cases are reported as
skipped (they run against whatever cases the database holds)."""

from django.db.models import Count
from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.core.permissions import Role
from cwis.protection.models import CaseFollowUp, CaseState, ProtectionCase
from cwis.protection.selectors import cases as selectors
from cwis.protection.selectors import exits as exit_selectors

PER_PAGE = 20
NO_CASES = "no protection cases in the database (the generator does not make them yet)"


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
