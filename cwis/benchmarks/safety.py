"""Benchmark cases of the safety module (issue 19, items 22a-22h): the hazard list as a
director, a county officer, the prefecture and the province read it (API, page 1, next to the
SQL of the list's query), the overdue-hazard figure per area of the province and of the
ministry (next to the SQL of its grouped query), the prefecture's safety panel and its
to-do list with the escalated hazards. Skipped until the database holds hazards (generated
before the safety step)."""

from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.core.permissions import Role
from cwis.core.todo import todo_for
from cwis.institutions.models import InstitutionLevel
from cwis.safety.models import Hazard
from cwis.safety.selectors import figures
from cwis.safety.selectors import hazards as selectors

PER_PAGE = 20
NO_HAZARDS = "no safety hazards in the database (generated before the safety step)"
NAMES = {
    "22a": "a director's hazards not closed, page 1 (API)",
    "22b": "a county's overdue hazards, page 1 (API, county officer)",
    "22c": "a prefecture's overdue hazards, page 1 (API, prefecture officer)",
    "22d": "a province's overdue hazards, page 1 (API, province officer)",
    "22e": "the province's overdue-hazard figure per prefecture (province officer)",
    "22f": "the overdue-hazard figure per province (ministry officer)",
    "22g": "the prefecture's safety panel of the dashboard",
    "22h": "the prefecture's to-do list with the escalated hazards",
}


def _user(role: str, **filters) -> User | None:
    return (User.objects.filter(role=role, is_active=True, username__startswith="syn-",
                                **filters)
            .select_related("division", "institution").order_by("pk").first())


def safety_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.cases import Api, _sql

    # A county institution's hazard: its county, prefecture and province each have an
    # officer (a province institution's code names no county or prefecture).
    hazards = Hazard.objects.select_related("institution").order_by("pk")
    sample = (hazards.filter(institution__level=InstitutionLevel.COUNTY).first()
              or hazards.first())
    if sample is None:
        return [Case(number, name, lambda: None, skip=NO_HAZARDS)
                for number, name in NAMES.items()]
    today = timezone.localdate()
    code = sample.institution.division_code
    actors = {
        "22a": (_user(Role.DIRECTOR, institution_id=sample.institution_id), {"state": "live"}),
        "22b": (_user(Role.COUNTY_OFFICER, division__code=code[:6]), {"state": "overdue"}),
        "22c": (_user(Role.PREFECTURE_OFFICER, division__code=f"{code[:4]}00"),
                {"state": "overdue"}),
        "22d": (_user(Role.PROVINCE_OFFICER, division__code=f"{code[:2]}0000"),
                {"state": "overdue"}),
    }
    cases = []
    for number, (actor, filters) in actors.items():
        if actor is None:
            cases.append(Case(number, NAMES[number], lambda: None, skip="no such user"))
            continue
        page = selectors.hazard_list(actor=actor, filters=filters, today=today)[:PER_PAGE]
        cases.append(Case(number, NAMES[number],
                          Api(actor).get("/safety/hazards", limit=PER_PAGE, **filters),
                          raw_sql=_sql(page), target_ms=100.0))
    province = actors["22d"][0]
    ministry = _user(Role.MINISTRY_OFFICER) or User.objects.filter(
        role=Role.MINISTRY_OFFICER).first()
    for number, actor, prefix, width in (("22e", province, code[:2], 4),
                                         ("22f", ministry, "", 2)):
        if actor is None:
            cases.append(Case(number, NAMES[number], lambda: None, skip="no such user"))
            continue
        query = figures.hazards_by_area_query(actor=actor, prefix=prefix, width=width,
                                              today=today)
        cases.append(Case(
            number, NAMES[number],
            lambda a=actor, p=prefix, w=width: figures.hazards_by_area(
                actor=a, prefix=p, width=w, today=today),
            raw_sql=_sql(query), target_ms=300.0))
    prefecture = actors["22c"][0]
    if prefecture is None:
        cases += [Case(n, NAMES[n], lambda: None, skip="no such user") for n in ("22g", "22h")]
        return cases
    cases.append(Case("22g", NAMES["22g"], lambda: figures.safety_figures(
        actor=prefecture, prefix=code[:4], today=today), target_ms=300.0))
    cases.append(Case("22h", NAMES["22h"], lambda: todo_for(prefecture, today=today),
                      target_ms=500.0))
    return cases
