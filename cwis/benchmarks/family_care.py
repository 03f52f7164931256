"""Benchmark cases of family foster care and adult placement (issue 15, 21a-21h): the
foster families list, a social worker's and the province's to-do lists, the province's
list of children approaching adulthood by path, the dashboard panel, a figure's list and
the department's Excel list, each next to the SQL of its main query."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.care.export_family import adulthood_workbook
from cwis.care.models import FosterPlacement
from cwis.care.oversight_family import family_panel
from cwis.care.selectors import adulthood as adulthood_selectors
from cwis.care.selectors import foster as foster_selectors
from cwis.care.selectors.figures import figure_children
from cwis.care.todo_family import at_18_alerts
from cwis.core.permissions import Role
from cwis.core.scoping import scope
from cwis.oversight.dashboard import Area

PER_PAGE = 20


def _busiest_social_worker() -> User:
    """The generated social worker of the institution with most children in foster care."""
    busiest = (FosterPlacement.objects.filter(ended_on__isnull=True)
               .values("child__current_institution").annotate(n=Count("id"))
               .order_by("-n").first())
    if busiest is None:
        raise LookupError("no generated foster placements: run `cwis generate` first")
    return User.objects.select_related("institution", "division").get(
        role=Role.SOCIAL_WORKER, username__startswith="syn-",
        institution_id=busiest["child__current_institution"])


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
        Case("21e", "the province's alerts of children turning 18 with no plan or a "
             "stalled path", lambda: at_18_alerts(province, today, notice_days=0),
             target_ms=300.0),
        Case("21f", "the dashboard's family care and adulthood panel (province)",
             lambda: family_panel(province, area), target_ms=300.0),
        Case("21g", "children 16 and over awaiting placement, page 1 (figure's list, ORM)",
             lambda: list(awaiting.all()), raw_sql=_sql(awaiting), target_ms=50.0,
             target_ratio=2.0),
        Case("21h", "the employment department's Excel list (province)",
             lambda: adulthood_workbook(paths, path="employment", id_number=lambda c: ""),
             target_ms=300.0),
    ]
