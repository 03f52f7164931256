"""Benchmark cases of the community registry at full strength (issue 17, items 23n-23z):
the county's registry page and the township's, the risk-flag panels and flagged lists,
coverage of townships and villages by supervisors and directors, training, one child's
flags, the partner list, and a province's year-end registry figures from the dated
category table (ADR 0017). Lists target p95 < 50 ms, panels < 300 ms, the province's
prefill figures < 5 s. A case whose actor the database lacks is reported as skipped."""

from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.oversight.figures import _registry_count, year_end
from cwis.protection import selectors as community
from cwis.protection.selectors import partners

PER_PAGE = 20
NO_USER = "no generated {role} in the busiest county"
NAMES = {
    "23n": "a county's community registry, page 1 (API, county officer)",
    "23o": "a township's community registry, page 1 (API, township supervisor)",
    "23p": "a county's risk flags, one count per rule (API, county officer)",
    "23q": "a township's risk flags, one count per rule (API, township supervisor)",
    "23r": "a county's children out of school, page 1 (API, county officer)",
    "23s": "a county's children with the visit overdue, page 1 (API, county officer)",
    "23t": "a county's coverage of townships and villages (API, county officer)",
    "23u": "a county's coverage read by its prefecture (API, prefecture officer)",
    "23v": "a county's training courses of the year, page 1 (API, county officer)",
    "23w": "a county's supervisors and directors without training, page 1 (API)",
    "23x": "a province's year-end registry figures from the dated categories (prefill)",
    "23y": "one community child's risk flags (API, village director)",
    "23z": "a county's school-age list for the education department, first 20 rows (ORM)",
}


def _skip(number: str, role: str) -> Case:
    return Case(number, NAMES[number], lambda: None, skip=NO_USER.format(role=role))


def _county_cases(county: User) -> list[Case]:
    from cwis.benchmarks.cases import Api, _sql

    api, code = Api(county), county.division.code
    today = timezone.localdate()
    page = community.community_list(actor=county, today=today)[:PER_PAGE]
    school = community.community_list(actor=county, today=today,
                                      filters={"flag": "out_of_school"})[:PER_PAGE]
    overdue = community.community_list(actor=county, today=today,
                                       filters={"flag": "visit_overdue"})[:PER_PAGE]
    education = partners.education_list(actor=county, today=today)[:PER_PAGE]
    return [
        Case("23n", NAMES["23n"], api.get("/community", limit=PER_PAGE), raw_sql=_sql(page),
             target_ms=50.0),
        Case("23p", NAMES["23p"], api.get("/registry/flags"), target_ms=300.0),
        Case("23r", NAMES["23r"], api.get("/community", limit=PER_PAGE, flag="out_of_school"),
             raw_sql=_sql(school), target_ms=50.0),
        Case("23s", NAMES["23s"], api.get("/community", limit=PER_PAGE, flag="visit_overdue"),
             raw_sql=_sql(overdue), target_ms=50.0),
        Case("23t", NAMES["23t"], api.get("/registry/coverage"), target_ms=300.0),
        Case("23v", NAMES["23v"], api.get("/registry/training", limit=PER_PAGE,
                                          year=today.year), target_ms=50.0),
        Case("23w", NAMES["23w"], api.get("/registry/untrained", limit=PER_PAGE),
             target_ms=50.0),
        Case("23z", NAMES["23z"], lambda: list(education.all()), raw_sql=_sql(education),
             target_ms=50.0),
    ], code


def registry_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.cases import Api

    county = users["county"]
    cases, code = _county_cases(county)
    supervisor, village = users.get("supervisor"), users.get("village")
    if supervisor is None:
        cases += [_skip(n, "township supervisor") for n in ("23o", "23q")]
    else:
        api = Api(supervisor)
        cases += [
            Case("23o", NAMES["23o"], api.get("/community", limit=PER_PAGE), target_ms=50.0),
            Case("23q", NAMES["23q"], api.get("/registry/flags"), target_ms=300.0),
        ]
    cases.append(Case("23u", NAMES["23u"],
                      Api(users["prefecture"]).get("/registry/coverage", county=code),
                      target_ms=300.0))
    province = users["province"].division.code[:2]
    moment = year_end(timezone.localdate().year - 1)
    cases.append(Case("23x", NAMES["23x"], lambda: _registry_count(province, moment),
                      target_ms=5000.0, repeat=3, warmup=1))
    child = (Child.objects.filter(status=ChildStatus.IN_COMMUNITY,
                                  division_code__startswith=village.division.code)
             .order_by("pk").first() if village is not None else None)
    if child is None:
        cases.append(_skip("23y", "village director with a community child"))
    else:
        cases.append(Case("23y", NAMES["23y"], Api(village).get(f"/community/{child.pk}/flags"),
                          target_ms=300.0))
    return sorted(cases, key=lambda case: case.number)
