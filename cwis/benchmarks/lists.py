"""Cases of the pages users like (issue 13): search by the given name's pinyin, lists sorted
by birth or registration date, and the list pages with their places by name.

The sorted lists are timed as the selector's page (ORM) next to its SQL; the pages through
Django's test client signed in (the whole page: scope, capped count, place names, template).
"""

from django.test import Client

from cwis.accounts.models import User
from cwis.benchmarks.cases import PER_PAGE, Api, _list_case, _sql
from cwis.benchmarks.harness import Case
from cwis.children import selectors as child_selectors
from cwis.children.models import Child
from cwis.core.divisions import division_names_forget
from cwis.protection import selectors as community_selectors

PAGE_TARGET_MS = 300.0


def _page(user: User, path: str, params: dict):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    def call():
        division_names_forget()  # the worst case: no name of the page cached yet
        response = client.get(path, params)
        if response.status_code != 200:
            raise RuntimeError(f"{path} {params}: HTTP {response.status_code}")
        return response

    return call


def _ordered(number: str, name: str, queryset) -> Case:
    page = queryset[:PER_PAGE]
    return Case(number, f"{name} — ORM page", lambda: list(page.all()), raw_sql=_sql(page),
                target_ms=50.0, target_ratio=2.0)


def list_cases(users: dict[str, User]) -> list[Case]:
    sample = (Child.objects.filter(division_code__startswith=users["county"].division.code)
              .exclude(given_pinyin="").order_by("pk").first())
    cases = []
    for who in ("county", "prefecture", "province", "ministry"):
        user = users[who]
        cases += _list_case("13a", f"search given name {sample.given_pinyin} ({who})", Api(user),
                            {"q": sample.given_pinyin})
        for order in ("birth", "-birth"):
            cases.append(_ordered("13b", f"children sorted by {order}, page 1 ({who})",
                                  child_selectors.child_list(actor=user, order=order)))
        cases.append(_ordered("13c", f"community registry sorted by registration, page 1 ({who})",
                              community_selectors.community_list(actor=user,
                                                                 order="-registered")))
    for who in ("county", "supervisor", "province"):
        if who in users:
            cases.append(Case("13d", f"community registry page with place names ({who})",
                              _page(users[who], "/community/", {}), target_ms=PAGE_TARGET_MS))
    cases.append(Case("13e", "transfers page, capped count (province)",
                      _page(users["province"], "/transfers/", {}), target_ms=PAGE_TARGET_MS))
    for who in ("province", "ministry"):
        cases.append(Case("13f", f"institutions page, capped count and places ({who})",
                          _page(users[who], "/institutions/", {}), target_ms=PAGE_TARGET_MS))
    return cases
