"""Cases of the home page's figures and the dashboard's registry panel and trends (issue 13
points 11 and 13): each page through Django's test client signed in, the figure cache off
(CWIS_FIGURES_CACHE_SECONDS=0: the first view of the day), and the figures behind them
alone. The figures are aggregates (one row per area), so they have no raw-SQL page twin;
they are held to the dashboard's target.

The offices above the county read stored figures (cwis.core.area_figures): 15c computes
each family for the whole country, as the background refresh does (timed once; it runs
first, so that the reads after it find a set), and the province's and ministry's cases then
time the reads of the stored set."""

from django.test import override_settings
from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.benchmarks.lists import PAGE_TARGET_MS, _page
from cwis.children.todo import overdue_by_area
from cwis.core import area_figures
from cwis.core.home import SUBAREA_WIDTH
from cwis.core.scoping import actor_prefix
from cwis.institutions.selectors import transformation_progress
from cwis.oversight.dashboard import dashboard_area
from cwis.oversight.dashboard_community import community_by_area
from cwis.oversight.dashboard_trends import trends
from cwis.protection import selectors as community

FIGURES_TARGET_MS = 300.0
# The background refresh of a family for the whole country: well within the freshness
# period (CWIS_AREA_FIGURES_MAX_AGE, 15 minutes by default).
REFRESH_TARGET_MS = 120_000.0


def _uncached(call):
    def run():
        with override_settings(CWIS_FIGURES_CACHE_SECONDS=0):
            return call()

    return run


def _width(user: User) -> int:
    return SUBAREA_WIDTH[len(actor_prefix(user) or "")]


def area_figures_cases(users: dict[str, User]) -> list[Case]:
    today = timezone.localdate()
    return [Case("15c", f"stored figures {name}: refresh for the whole country (background)",
                 lambda name=name: area_figures.refresh(name, today=today),
                 target_ms=REFRESH_TARGET_MS, repeat=1, warmup=0)
            for name in area_figures.families()]


def home_cases(users: dict[str, User]) -> list[Case]:
    today = timezone.localdate()
    cases = []
    for who in ("village", "supervisor", "director", "county", "prefecture", "province",
                "ministry"):
        if who in users:
            cases.append(Case("15a", f"home page with its figures ({who})",
                              _uncached(_page(users[who], "/", {})),
                              target_ms=PAGE_TARGET_MS))
    for who in ("province", "ministry"):
        user = users[who]
        cases.append(Case("15b", f"overdue deadlines per area, stored ({who})",
                          lambda user=user: overdue_by_area(user, today),
                          target_ms=FIGURES_TARGET_MS))
        cases.append(Case("15b", f"county institutions behind plan ({who})",
                          lambda user=user: transformation_progress(actor=user, today=today),
                          target_ms=50.0))
    for who in ("village", "county"):
        if who in users:
            user = users[who]
            cases.append(Case("15b", f"visits due this week ({who})",
                              lambda user=user: community.visit_counts(actor=user, today=today),
                              target_ms=50.0))
    return cases


def dashboard_registry_cases(users: dict[str, User]) -> list[Case]:
    cases = []
    for who in ("supervisor", "county", "province", "ministry"):
        if who not in users:
            continue
        user = users[who]
        area = dashboard_area(actor=user)
        stored = area_figures.stores(area.prefix)
        # A county's figures are computed on the view; the ministry's, if no set is stored,
        # read all 10 million files: then timed once, not 2 + 20 times.
        runs = {"repeat": 1, "warmup": 0} if who == "ministry" and not stored else {}
        how = "stored" if stored else "live"
        cases.append(Case("16a", f"dashboard page with registry and trends ({who})",
                          _uncached(_page(user, "/oversight/dashboard/", {})),
                          target_ms=PAGE_TARGET_MS, **runs))
        cases.append(Case("16b", f"registry figures per area, {how} ({who})",
                          _uncached(lambda user=user, area=area: community_by_area(user, area)),
                          target_ms=FIGURES_TARGET_MS, **runs))
        for period in ("year", "month"):
            cases.append(Case("16c", f"trends by {period}, {how} ({who})",
                              _uncached(lambda user=user, area=area, period=period: trends(
                                  user, area, period)),
                              target_ms=FIGURES_TARGET_MS, **runs))
    return cases
