"""Benchmark cases of the work around the county's cases (issue 16): a county's policy
talks, workstations and guidance visits (API, page 1), and the year's figures per area of
the province and the ministry, next to the SQL of the list's query. The generator's step
"county work" makes the talks, workstations and visits; a database generated without it
has none, and the cases are then reported as skipped."""

from django.db.models import Count
from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.core.permissions import Role
from cwis.protection.models import PolicyTalk, Workstation
from cwis.protection.selectors import county_work as selectors

PER_PAGE = 20
NO_TALKS = "no policy talks in the database (generated before the step \"county work\")"
NO_WORKSTATIONS = ("no workstations in the database (generated before the step "
                   "\"county work\")")
NAMES = {
    "17k": "a county's policy talks, page 1 (API, county officer)",
    "17l": "a county's township workstations, page 1 (API, county officer)",
    "17m": "a county's guidance visits, page 1 (API, county officer)",
    "17n": "the year's talks and workstations guided per prefecture (API, province officer)",
    "17o": "the year's talks and workstations guided per province (API, ministry officer)",
}


def _county_officer(model) -> User | None:
    busiest = (model.objects.values("county_code").annotate(n=Count("id"))
               .order_by("-n").first())
    if busiest is None:
        return None
    return (User.objects.filter(role=Role.COUNTY_OFFICER, is_active=True,
                                division__code=busiest["county_code"])
            .select_related("division").order_by("pk").first())


def _officer(role: str, code: str | None) -> User | None:
    users = User.objects.filter(role=role, is_active=True)
    if code is not None:
        users = users.filter(division__code=code)
    return users.select_related("division").order_by("pk").first()


def county_work_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.cases import Api, _sql

    year = timezone.localdate().year
    cases = []
    talker = _county_officer(PolicyTalk)
    if talker is None:
        cases.append(Case("17k", NAMES["17k"], lambda: None, skip=NO_TALKS))
    else:
        page = selectors.talk_list(actor=talker)[:PER_PAGE]
        cases.append(Case("17k", NAMES["17k"], Api(talker).get("/protection/talks",
                                                               limit=PER_PAGE),
                          raw_sql=_sql(page), target_ms=50.0))
    keeper = _county_officer(Workstation)
    if keeper is None:
        cases += [Case(n, NAMES[n], lambda: None, skip=NO_WORKSTATIONS) for n in ("17l", "17m")]
    else:
        api = Api(keeper)
        stations = selectors.workstation_list(actor=keeper, year=year)[:PER_PAGE]
        visits = selectors.guidance_visit_list(actor=keeper)[:PER_PAGE]
        cases += [
            Case("17l", NAMES["17l"], api.get("/protection/workstations", limit=PER_PAGE),
                 raw_sql=_sql(stations), target_ms=50.0),
            Case("17m", NAMES["17m"], api.get("/protection/guidance-visits", limit=PER_PAGE),
                 raw_sql=_sql(visits), target_ms=50.0),
        ]
    any_talk = PolicyTalk.objects.order_by("pk").values_list("county_code", flat=True).first()
    above = (("17n", Role.PROVINCE_OFFICER, f"{any_talk[:2]}0000" if any_talk else None),
             ("17o", Role.MINISTRY_OFFICER, None))
    for number, role, code in above:
        officer = _officer(role, code) if any_talk else None
        if officer is None:
            cases.append(Case(number, NAMES[number], lambda: None, skip=NO_TALKS))
            continue
        cases.append(Case(number, NAMES[number],
                          Api(officer).get("/protection/county-work/figures", year=year),
                          target_ms=300.0))
    return cases
