"""The issue's benchmark cases (items 1-7; item 8 is `load.py`).

Each case calls CWIS the way a user does (the API through Django's test client, with a real
bearer token) and, where one exists, times next to it the SQL the ORM runs for the same rows
(compiled from the selector's queryset, so it is the same query, not a hand-written cousin).
Run against a generated database: `cwis bench` (see the README).
"""

import contextlib
import datetime as dt
import importlib.util
import tracemalloc
from collections.abc import Callable

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.test import Client

from cwis.accounts.models import ApiToken, User
from cwis.benchmarks.adoption import adoption_cases
from cwis.benchmarks.care import care_cases
from cwis.benchmarks.county_work import county_work_cases
from cwis.benchmarks.family_care import family_care_cases
from cwis.benchmarks.harness import Case, Result, run_case
from cwis.benchmarks.partners import partner_cases
from cwis.benchmarks.protection import (
    protection_case_cases,
    protection_exit_cases,
    protection_figure_cases,
)
from cwis.benchmarks.registry import registry_cases
from cwis.benchmarks.safety import safety_cases
from cwis.benchmarks.safety_lists import safety_list_cases
from cwis.benchmarks.screening import screening_cases
from cwis.children import selectors as child_selectors
from cwis.children.models import Child
from cwis.core.permissions import Role

PER_PAGE = 20


def api_token(user: User) -> str:
    from django.conf import settings
    from django.utils import timezone

    raw, key_hash = ApiToken.new_raw()
    ApiToken.objects.create(
        user=user, key_hash=key_hash, prefix=raw[:8],
        expires_at=timezone.now() + dt.timedelta(days=settings.CWIS_API_TOKEN_DAYS),
    )
    return raw


class Api:
    def __init__(self, user: User) -> None:
        self.user = user
        self.client = Client(HTTP_HOST="127.0.0.1",
                             headers={"Authorization": f"Bearer {api_token(user)}"})

    def get(self, path: str, **params):
        def call():
            response = self.client.get(f"/api/v1{path}", params)
            if response.status_code != 200:
                raise RuntimeError(f"{path} {params}: HTTP {response.status_code}")
            return response

        return call


def _sql(queryset) -> tuple[str, list]:
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # the ORM knows there is no row without asking (small data)
        return "SELECT 1 WHERE 1 = 0", []
    return sql, list(params)


def _user(role: str, **filters) -> User:
    user = (User.objects.filter(role=role, username__startswith="syn-", **filters)
            .select_related("division", "institution").order_by("pk").first())
    if user is None:
        raise LookupError(f"no generated {role} user: run `cwis generate` first")
    return user


def actors() -> dict[str, User]:
    """The busiest province's officers: the province, its busiest prefecture and county."""
    province = "36"  # Jiangxi: in every scale but tiny
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT substr(division_code, 1, 6) c, count(*) FROM children_child "
            "WHERE division_code LIKE %s AND substr(division_code, 5, 2) <> '00' "
            "GROUP BY c ORDER BY 2 DESC LIMIT 1", [province + "%"])
        county = cursor.fetchone()[0]
    users = {
        "county": _user(Role.COUNTY_OFFICER, division__code=county),
        "prefecture": _user(Role.PREFECTURE_OFFICER, division__code=county[:4] + "00"),
        "province": _user(Role.PROVINCE_OFFICER, division__code=province + "0000"),
        "ministry": _user(Role.MINISTRY_OFFICER),
        "director": _user(Role.DIRECTOR, institution__division_code=province + "0000"),
    }
    # The community registry's workers in the same county (generated with the registry).
    for key, role in (("supervisor", Role.CHILD_SUPERVISOR), ("village", Role.CHILD_DIRECTOR)):
        with contextlib.suppress(LookupError):
            users[key] = _user(role, division__code__startswith=county)
    return users


def _list_case(number, name, api: Api, params: dict, *, target_ms=50.0) -> list[Case]:
    """The API request, and the selector's page alone (ORM), each next to the page's SQL."""
    limit = params.pop("limit", PER_PAGE)
    offset = params.pop("offset", 0)
    qs = child_selectors.child_list(actor=api.user, filters=params)[offset:offset + limit]
    return [
        Case(number, f"{name} — API", api.get("/children", limit=limit, offset=offset,
                                              **params),
             raw_sql=_sql(qs), target_ms=target_ms, target_ratio=2.0),
        Case(number, f"{name} — ORM page", lambda: list(qs.all()), raw_sql=_sql(qs),
             target_ms=target_ms, target_ratio=2.0),
    ]


def search_cases(users: dict[str, User]) -> list[Case]:
    cases = []
    sample = (Child.objects.filter(division_code__startswith=users["county"].division.code)
              .exclude(citizen_id="").order_by("pk").first())
    for who in ("county", "prefecture", "province", "ministry"):
        api = Api(users[who])
        cases += [
            *_list_case("1a", f"search ID number ({who})", api, {"q": sample.citizen_id}),
            *_list_case("1b", f"search name fragment 「{sample.name[1:]}」 ({who})", api,
                       {"q": sample.name[1:]}),
            *_list_case("1c", f"search pinyin initials {sample.name_initials} ({who})", api,
                       {"q": sample.name_initials}),
            *_list_case("1d", f"filters in care + disability, page 1 ({who})", api,
                       {"status": "in_care", "category": "disability"}),
            *_list_case("1e", f"no filter, page 200 ({who}, offset {199 * PER_PAGE})", api,
                       {"offset": 199 * PER_PAGE}),
            *_list_case("1f", f"community registry, left-behind, page 1 ({who})", api,
                       {"status": "in_community", "category": "left_behind"}),
        ]
    for who in ("supervisor", "village"):
        if who in users:
            api = Api(users[who])
            cases += [
                *_list_case("1g", f"community registry, no filter, page 1 ({who})", api, {}),
                *_list_case("1g", f"name fragment 「{sample.name[1:]}」 ({who})", api,
                           {"q": sample.name[1:]}),
            ]
    return cases


def detail_cases(users: dict[str, User]) -> list[Case]:
    user = users["province"]
    child = child_selectors.child_list(actor=user).filter(status="in_care").first()
    api = Api(user)
    detail_sql = _sql(Child.objects.select_related("current_institution").filter(pk=child.pk))
    return [
        Case("2a", "child detail (API, province officer)", api.get(f"/children/{child.pk}"),
             raw_sql=detail_sql, target_ms=50.0, target_ratio=2.0),
        Case("2b", "child history (API, province officer)",
             api.get(f"/children/{child.pk}/history"),
             raw_sql=_sql(Child.history.filter(id=child.pk).order_by("-history_date")),
             target_ms=50.0, target_ratio=2.0),
    ]


def dashboard_cases(users: dict[str, User]) -> list[Case]:
    return [
        Case("3", f"dashboard ({who})", Api(users[who]).get("/dashboard"), target_ms=300.0)
        for who in ("county", "province", "ministry")
    ]


def todo_cases(users: dict[str, User]) -> list[Case]:
    return [
        Case("4", f"to-do list ({who})", Api(users[who]).get("/todo"), target_ms=300.0)
        for who in ("director", "supervisor", "county", "province", "ministry") if who in users
    ]


def report_cases(users: dict[str, User]) -> list[Case]:
    from cwis.oversight import figures

    moment = figures.year_end(dt.date.today().year - 1)
    province = users["province"].division.scope_prefix
    return [
        Case("5a", f"yearly report prefill, one province ({province})",
             lambda: figures.compute_all(prefix=province, moment=moment), target_ms=5000.0,
             repeat=5, warmup=1),
        Case("5b", "yearly report prefill, all provinces",
             lambda: [figures.compute_all(prefix=p, moment=moment) for p in _provinces()],
             repeat=3, warmup=1),
    ]


def _provinces() -> list[str]:
    """The provinces with generated institutions (reading the children's ten million
    division codes for this took minutes)."""
    from cwis.institutions.models import Institution

    return sorted({c[:2] for c in Institution.objects.values_list("division_code", flat=True)})


def transfer_cases(users: dict[str, User]) -> list[Case]:
    if not apps.is_installed("cwis.transfers") or importlib.util.find_spec(
            "cwis.transfers") is None:
        return [Case("6", "batch transfer of all children of one institution", cwis=lambda: None,
                     repeat=0, warmup=0, skip="transfers module not installed")]
    return [_batch_transfer_case(_busiest_institution_county_officer())]


def _busiest_institution_county_officer() -> User:
    """The officer of the county whose institution holds most children in care (the busiest
    county of the registry may have no institution of its own)."""
    from django.db.models import Count, Q

    from cwis.institutions.models import Institution

    institution = (Institution.objects.filter(level="county", division_code__startswith="36")
                   .annotate(n=Count("children", filter=Q(children__status="in_care")))
                   .order_by("-n").first())
    return _user(Role.COUNTY_OFFICER, division__code=institution.division_code)


class _RollbackError(Exception):
    """Undo one timed batch so every repetition starts from the same data."""


def _batch_transfer_case(officer: User) -> Case:
    """Item 6: the county officer drafts the transfer of every child in care of the county's
    busiest institution to the prefecture's child welfare institution, in one transaction
    that is rolled back after timing (the generator makes no receivers: one is set inside)."""
    from django.db import transaction
    from django.db.models import Count, Q

    from cwis.institutions.models import CountyReceiver, Institution
    from cwis.transfers.services import transfer_batch_draft

    county = officer.division
    institution = (Institution.objects.filter(division_code=county.code, level="county")
                   .annotate(n=Count("children", filter=Q(children__status="in_care")))
                   .filter(n__gt=0).order_by("-n").first())
    receiver = Institution.objects.filter(division_code=county.code[:4] + "00",
                                          level="prefecture", kind="child_welfare").first()
    name = "batch transfer of all children of one institution"
    if institution is None or receiver is None:
        return Case("6", name, cwis=lambda: None, repeat=0, warmup=0,
                    skip="no county institution with children and a prefecture receiver")

    def run() -> None:
        try:
            with transaction.atomic():
                CountyReceiver.objects.update_or_create(
                    county=county, defaults={"division_code": county.code, "receiver": receiver})
                transfers = transfer_batch_draft(actor=officer, institution_id=institution.pk,
                                                 planned_on=dt.date.today(), reason="benchmark")
                assert len(transfers) == institution.n
                raise _RollbackError
        except _RollbackError:
            pass

    return Case("6", f"{name} ({institution.n} children)", cwis=run, repeat=5, warmup=1)


def security_log_cases(users: dict[str, User]) -> list[Case]:
    """The audit administrator's security log (issue 12, point 16): a page of 50 entries
    with its capped count, as the page reads them, unfiltered and filtered, next to the SQL
    of the page's rows (data: cwis/synthetic/security.py)."""
    from cwis.accounts.selectors import LOG_PAGE_SIZE, security_event_list, security_log_page

    audit = _user(Role.AUDIT_ADMIN)
    today = dt.date.today()
    filters = {
        "no filter": {},
        f"one account ({users['county'].username})": {"username": users["county"].username},
        "failed sign-ins, last 30 days": {"kind": "sign_in_failed",
                                          "date_from": today - dt.timedelta(days=30)},
        "exports, one day a month ago": {"kind": "export",
                                         "date_from": today - dt.timedelta(days=30),
                                         "date_to": today - dt.timedelta(days=30)},
    }
    cases = []
    for name, kwargs in filters.items():
        rows = security_event_list(actor=audit, **kwargs)[:LOG_PAGE_SIZE]
        cases.append(Case(
            "S1", f"security log, {name}, page 1",
            lambda kwargs=kwargs: list(security_log_page(actor=audit, filters=kwargs, page=1)),
            raw_sql=_sql(rows), target_ms=100.0, target_ratio=3.0))
    return cases


def job_list_cases(users: dict[str, User]) -> list[Case]:
    """"My background jobs" (cwis.core.jobs): the API list and the page, next to the SQL of
    the page's rows."""
    from cwis.core.jobs import selectors as job_selectors

    user = users["county"]
    rows = job_selectors.job_list(actor=user)[:PER_PAGE]
    page = Client(HTTP_HOST="127.0.0.1")
    page.force_login(user)

    def page_get():
        response = page.get("/jobs/")
        if response.status_code != 200:
            raise RuntimeError(f"/jobs/: HTTP {response.status_code}")

    return [
        Case("S2", "my background jobs (API, county officer)",
             Api(user).get("/jobs", limit=PER_PAGE), raw_sql=_sql(rows), target_ms=50.0,
             target_ratio=3.0),
        Case("S2", "my background jobs (page, county officer)", page_get, raw_sql=_sql(rows),
             target_ms=100.0),
    ]


def export_case(rows: int) -> Result:
    """Item 7: the Excel export of `rows` children (or all there are), time and peak memory.

    Timed once without tracemalloc (time) and once with it (peak Python memory)."""
    import time

    from cwis.children.export import children_workbook

    qs = Child.objects.select_related("current_institution").order_by("pk")[:rows]
    n = qs.count()
    case = Case("7", f"Excel export of {n:,} rows (all generated files if fewer than {rows:,})",
                cwis=lambda: None, target_peak_mib=200.0, repeat=1, warmup=0)
    result = Result(case=case)
    start = time.perf_counter()
    out = children_workbook(qs)
    result.cwis_ms = [(time.perf_counter() - start) * 1000]
    size = len(out.read())
    tracemalloc.start()
    children_workbook(qs).close()
    result.peak_kib = tracemalloc.get_traced_memory()[1] / 1024
    tracemalloc.stop()
    case.name += f", {size / 1e6:.1f} MB file"
    return result


# Each group takes the actors and returns its cases; a module adds its group here.
def _access_log_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.audit import access_log_cases  # it imports this module's helpers

    return access_log_cases(users)


def _list_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.lists import list_cases  # it imports this module's helpers

    return list_cases(users)


def area_figures_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.home import area_figures_cases as cases  # it imports lists.py

    return cases(users)


def home_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.home import home_cases as cases  # it imports lists.py

    return cases(users)


def dashboard_registry_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.home import dashboard_registry_cases as cases

    return cases(users)


CASE_GROUPS: list[Callable[[dict[str, User]], list[Case]]] = [
    search_cases, detail_cases, dashboard_cases, todo_cases, report_cases, transfer_cases,
    security_log_cases, job_list_cases,
    care_cases, adoption_cases, family_care_cases,
    protection_case_cases, protection_exit_cases, protection_figure_cases,
    county_work_cases,
    registry_cases,
    safety_cases, safety_list_cases,
    partner_cases,
    screening_cases,
    _list_cases,
    _access_log_cases,
    area_figures_cases, home_cases, dashboard_registry_cases,
]


def all_results(*, export_rows: int = 100_000, out=None,
                groups: list[str] | None = None) -> list[Result]:
    """Every group's cases and the export (or only the groups named, by function name)."""
    users = actors()
    results = []
    for group in CASE_GROUPS:
        if groups and group.__name__ not in groups:
            continue
        for case in group(users):
            results.append(run_case(case))
            if out is not None:
                out(f"{case.number} {case.name}\n")
    if not groups:
        results.append(export_case(export_rows))
    return results
