"""The ground floor of `cwis generate`: the scales, the run's `Context` every step takes, and
what a scale covers (its counties and generated institutions). Step modules import this one;
it imports none of them, and `generate.py` lists the steps.
"""

import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

from cwis.core.models import Division, DivisionLevel
from cwis.institutions.models import Institution

SYNTHETIC_PASSWORD = "cwis-synthetic"  # noqa: S105 - documented, synthetic data only

# Jiangxi: the demo province, a middle-sized one (11 prefectures, 100 counties).
PROVINCE = "36"
# Taiwan, Hong Kong and Macao have codes in GB/T 2260 but no mainland civil affairs
# institutions: nothing is generated there.
OUTSIDE_SYSTEM = ("71", "81", "82")


@dataclass(frozen=True)
class Scale:
    provinces: tuple[str, ...] | None  # two-digit codes; None: all
    counties_per_prefecture: int | None  # None: all
    children_in_care: int
    county_institution_share: float  # share of counties with their own institution
    batch: int = 2000
    community_children: int = 0  # files in the community registry (cwis/synthetic/community.py)
    community_batch: int = 50_000
    # County protection cases opened a year (cwis/synthetic/protection.py), over all counties.
    protection_cases_per_year: int = 0


SCALES = {
    # A few hundred rows: the normal test suite runs it on SQLite and PostgreSQL.
    "tiny": Scale(provinces=(PROVINCE,), counties_per_prefecture=2, children_in_care=60,
                  county_institution_share=0.6, batch=25, community_children=120,
                  community_batch=50, protection_cases_per_year=15),
    "demo": Scale(provinces=(PROVINCE,), counties_per_prefecture=3, children_in_care=600,
                  county_institution_share=0.5, community_children=3000,
                  protection_cases_per_year=150),
    # One province at its national share (1/31 of 60,000 is ~2,000; Jiangxi is larger, and
    # sends many workers away: its registry is above the national share of 10 million).
    "province": Scale(provinces=(PROVINCE,), counties_per_prefecture=None,
                      children_in_care=2500, county_institution_share=0.3,
                      community_children=400_000, protection_cases_per_year=1500),
    "national": Scale(provinces=None, counties_per_prefecture=None, children_in_care=60000,
                      county_institution_share=0.29, community_children=10_000_000,
                      protection_cases_per_year=36_000),
}


@dataclass
class Context:
    scale_name: str
    scale: Scale
    seed: int
    today: dt.date
    out: Callable[[str], None] = field(default=lambda s: print(s, file=sys.stderr))
    counts: dict[str, int] = field(default_factory=dict)

    def rng(self, *key) -> random.Random:
        return random.Random(f"{self.seed}:{':'.join(map(str, key))}")  # noqa: S311 - data

    def marker(self, *key) -> str:
        return f"{self.scale_name}:{self.seed}:" + ":".join(map(str, key))

    def add(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


def progress(ctx: Context, label: str, done: int, total: int, started: float) -> None:
    elapsed = time.monotonic() - started
    rate = done / elapsed if elapsed else 0.0
    width = 30
    filled = int(width * done / total) if total else width
    ctx.out(f"\r{label:<12} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
            f"{rate:,.0f}/s {elapsed:,.0f}s")


Step = Callable[[Context], None]


def scale_counties(ctx: Context) -> list[Division]:
    """The counties in the scale, in code order."""
    qs = Division.objects.filter(level=DivisionLevel.COUNTY, valid_to__isnull=True)
    if ctx.scale.provinces is not None:
        q = Q()
        for p in ctx.scale.provinces:
            q |= Q(code__startswith=p)
        qs = qs.filter(q)
    counties = [c for c in qs.order_by("code") if c.code[:2] not in OUTSIDE_SYSTEM]
    limit = ctx.scale.counties_per_prefecture
    if limit is not None:
        kept, seen = [], {}
        for c in counties:
            seen[c.code[:4]] = seen.get(c.code[:4], 0) + 1
            if seen[c.code[:4]] <= limit:
                kept.append(c)
        counties = kept
    return counties


def scale_institutions(ctx: Context) -> list[Institution]:
    codes = [c.code for c in scale_counties(ctx)]
    prefixes = sorted({c[:2] for c in codes})
    qs = Institution.objects.filter(uscc__regex=r"^12\d{6}9").order_by("pk")
    return [i for i in qs if i.division_code[:2] in prefixes]

