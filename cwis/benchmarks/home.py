"""Cases of the home page's figures and the dashboard's registry panel and trends (issue 13
points 11 and 13): each page through Django's test client signed in, the figure cache off
(CWIS_FIGURES_CACHE_SECONDS=0: the first view of the day), and the selectors behind them
alone. The figures are aggregates (one row per area), so they have no raw-SQL page twin;
they are held to the dashboard's target."""

from django.test import override_settings
from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.benchmarks.lists import PAGE_TARGET_MS, _page
from cwis.children.selectors import overdue_deadlines_by_area
from cwis.core.home import SUBAREA_WIDTH
from cwis.core.scoping import actor_prefix
from cwis.institutions.selectors import transformation_progress
from cwis.oversight.dashboard_trends import trend_figures, trend_points
from cwis.protection import selectors as community

FIGURES_TARGET_MS = 300.0


def _uncached(call):
    def run():
        with override_settings(CWIS_FIGURES_CACHE_SECONDS=0):
            return call()

    return run


def _width(user: User) -> int:
    return SUBAREA_WIDTH[len(actor_prefix(user) or "")]


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
        cases.append(Case("15b", f"overdue deadlines per area ({who})",
                          lambda user=user: overdue_deadlines_by_area(
                              actor=user, today=today, width=_width(user)),
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
    today = timezone.localdate()
    cases = []
    for who in ("supervisor", "county", "province", "ministry"):
        if who not in users:
            continue
        user = users[who]
        prefix = actor_prefix(user) or ""
        # The country's figures read all 10 million files: timed once, not 2 + 20 times.
        runs = {"repeat": 1, "warmup": 0} if who == "ministry" else {}
        cases.append(Case("16a", f"dashboard page with registry and trends ({who})",
                          _uncached(_page(user, "/oversight/dashboard/", {})),
                          target_ms=PAGE_TARGET_MS, **runs))
        cases.append(Case("16b", f"registry figures per area ({who})",
                          lambda user=user, prefix=prefix: community.registry_counts_by_area(
                              actor=user, prefix=prefix, width=_width(user), today=today),
                          target_ms=FIGURES_TARGET_MS, **runs))
        for period in ("year", "month"):
            points = trend_points(today, period)
            cases.append(Case("16c", f"trends by {period} ({who})",
                              lambda user=user, prefix=prefix, points=points: trend_figures(
                                  actor=user, prefix=prefix, points=points),
                              target_ms=FIGURES_TARGET_MS, **runs))
    return cases
