"""Benchmark cases of family foster care and adult placement (issue 15, 21a-21n): the
foster families list, a social worker's and the province's to-do lists, the province's
list of children approaching adulthood by path, the dashboard panel, a figure's list and
the departments' Excel lists; the 18th-birthday alerts of the office running a prefecture
institution, a director's adulthood to-do with the follow-ups of young adults who left,
the follow-ups figure's list, each next to the SQL of its main query."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.care.export_family import adulthood_workbook
from cwis.care.models import AdulthoodFollowUp, FosterPlacement
from cwis.care.oversight_family import family_panel
from cwis.care.selectors import adulthood as adulthood_selectors
from cwis.care.selectors import foster as foster_selectors
from cwis.care.selectors.figures import figure_children
from cwis.care.todo_family import adulthood_todo
from cwis.core.permissions import Role
from cwis.core.scoping import scope
from cwis.oversight.dashboard import Area

PER_PAGE = 20


def _busiest(records, role: str, what: str) -> User:
    """The generated `role` of the institution with most of `records` (by child)."""
    busiest = (records.values("child__current_institution").annotate(n=Count("id"))
               .order_by("-n").first())
    if busiest is None:
        raise LookupError(f"no generated {what}: run `cwis generate` first")
    return User.objects.select_related("institution", "division").get(
        role=role, username__startswith="syn-",
        institution_id=busiest["child__current_institution"])


def _busiest_social_worker() -> User:
    """The generated social worker of the institution with most children in foster care."""
    return _busiest(FosterPlacement.objects.filter(ended_on__isnull=True), Role.SOCIAL_WORKER,
                    "foster placements")


def _director_with_follow_ups() -> User:
    """The generated director of the institution with most follow-ups of young adults due."""
    return _busiest(AdulthoodFollowUp.objects.filter(done_on__isnull=True), Role.DIRECTOR,
                    "adulthood follow-ups")


def _department_lists(province: User, today: dt.date) -> list[Case]:
    """21l-21n: the army, housing and support departments' Excel lists (employment: 21h)."""
    cases = []
    for number, kind, who in (("21l", "enlistment", "army"), ("21m", "housing", "housing"),
                              ("21n", "extreme_poverty", "extreme-poverty support")):
        paths = adulthood_selectors.paths_for_departments(actor=province, today=today,
                                                          path=kind)
        cases.append(Case(number, f"the {who} department's Excel list (province)",
                          lambda paths=paths, kind=kind: adulthood_workbook(
                              paths, path=kind, id_number=lambda c: ""), target_ms=300.0))
    return cases


def family_care_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.cases import Api, _sql

    worker = _busiest_social_worker()
    province = users["province"]
    today = timezone.localdate()
    api, province_api = Api(worker), Api(province)
    families = foster_selectors.foster_family_list(actor=worker)[:PER_PAGE]
    visits = scope(FosterPlacement.objects.filter(
        ended_on__isnull=True, next_visit_due__lte=today + dt.timedelta(days=7)), worker
    ).order_by("next_visit_due", "id")[:200]
    approaching = adulthood_selectors.approaching_adulthood(
        actor=province, today=today, path="employment")[:PER_PAGE]
    awaiting = figure_children(actor=province, key="care_adult_awaiting", prefix="36",
                               day=today, year=today.year)[:PER_PAGE]
    paths = adulthood_selectors.paths_for_departments(actor=province, today=today,
                                                      path="employment")
    area = Area(prefix="36", name="", division=None)
    prefecture, director = users["prefecture"], _director_with_follow_ups()
    follow_ups = scope(AdulthoodFollowUp.objects.filter(
        done_on__isnull=True, due_on__lte=today + dt.timedelta(days=14)), director
    ).order_by("due_on", "id")[:200]
    contacted = figure_children(actor=province, key="care_adult_follow_ups", prefix="36",
                                day=today, year=today.year)[:PER_PAGE]
    return [
        Case("21a", "foster families, page 1 (API, social worker)",
             api.get("/care/foster-families", limit=PER_PAGE), raw_sql=_sql(families),
             target_ms=50.0),
        Case("21b", "a social worker's to-do list with foster visits (API)", api.get("/todo"),
             raw_sql=_sql(visits), target_ms=300.0),
        Case("21c", "children approaching adulthood on the employment path, page 1 "
             "(API, province officer)",
             province_api.get("/care/adulthood", kind="employment", limit=PER_PAGE),
             raw_sql=_sql(approaching), target_ms=50.0, target_ratio=2.0),
        Case("21d", "children approaching adulthood on the employment path (ORM page)",
             lambda: list(approaching.all()), raw_sql=_sql(approaching), target_ms=50.0,
             target_ratio=2.0),
        Case("21e", "the province office's alerts of children of its institutions turning 18 "
             "with no plan or a stalled path", lambda: adulthood_todo(province, today),
             target_ms=300.0),
        Case("21f", "the dashboard's family care and adulthood panel (province)",
             lambda: family_panel(province, area), target_ms=300.0),
        Case("21g", "children 16 and over awaiting placement, page 1 (figure's list, ORM)",
             lambda: list(awaiting.all()), raw_sql=_sql(awaiting), target_ms=50.0,
             target_ratio=2.0),
        Case("21h", "the employment department's Excel list (province)",
             lambda: adulthood_workbook(paths, path="employment", id_number=lambda c: ""),
             target_ms=300.0),
        Case("21i", "the prefecture office's alerts of its institution's children turning 18",
             lambda: adulthood_todo(prefecture, today), target_ms=300.0),
        Case("21j", "a director's adulthood to-do with the follow-ups of young adults who "
             "left care (API)", Api(director).get("/todo"), raw_sql=_sql(follow_ups),
             target_ms=300.0),
        Case("21k", "young adults contacted after leaving care, page 1 (figure's list, ORM)",
             lambda: list(contacted.all()), raw_sql=_sql(contacted), target_ms=50.0,
             target_ratio=2.0),
        *_department_lists(province, today),
    ]
