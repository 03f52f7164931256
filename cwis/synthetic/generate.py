"""`cwis generate`: realistic synthetic data at tiny, demo, province or national scale.

The run is the list of steps below (`STEPS`), each a function `step(ctx)` taking the run's
`Context` (`context.py`) and defined in the module of what it generates; this module imports
the step modules, they never import it. Everything is driven by `random.Random` seeded from
(seed, step, batch), so a seed reproduces the same data, and every batch is written in one
transaction with a marker row: running the command again after an interruption resumes
where it stopped, and running it after completion changes nothing.

What is generated (see the README, "Scale and benchmarks"):
- divisions: the GB/T 2260 table (`divisions_load`; this and the next two in
  `institutions.py`);
- institutions: per province one province child welfare institution (CWI), per prefecture
  one CWI, and county institutions in various transformation states (planned, handing over,
  transformed), about 1,200 nationally; history rows for each;
- users: province, prefecture and county officers, one director and one caregiver per
  institution; all share one password hash (`SYNTHETIC_PASSWORD`);
- children in care (`children.py`, about 60,000 nationally) with an intake, an open
  placement (or a closed one for the ~15% who left care), the turning-18 deadline and, for
  found children, the identity and insurance deadline; history rows for the child, intake
  and placement;
- transfers (`cwis/synthetic/transfers.py`): a receiver for every county whose institution
  is handing over or transformed; for the children of institutions handing over, transfers
  in every state (drafted, approved, sent, received, returned, cancelled; some overdue) with
  their archive items, some property handed over, hukou decisions and migrations, and
  history rows per step; a received transfer has moved the child as `child_move` does (old
  placement ended, an open one at the receiver, the child's institution and division
  changed). Children still in a transformed institution are received by its completion;
- townships and villages under every county, a child supervisor per township and a child
  director per township's first village, and the community registry (about 10 million files
  nationally) with their history rows and visit deadlines: `cwis/synthetic/community.py`;
- the three administrators, half a year of the security log for every account, and the
  finished background jobs of the officers and directors (`cwis/synthetic/security.py`);
- half a year of the access log: the files of children in care each account opened
  (`cwis/synthetic/access.py`);
- two years of county protection cases on community children and the children of county
  institutions, with assessments, confirmations, case conferences, participants and
  decisions, and a protection worker in every transformed county institution
  (`cwis/synthetic/protection.py`);
- policy talks, a township protection workstation in every township and the county's
  guidance visits to them (`cwis/synthetic/county_work.py`);
- the long-term exits' transfers to (or direct intakes by) the county's receiving
  institution (`cwis/synthetic/long_term.py`).

Steps added after a national database was generated go at the end (above `analyze`): a run
of the same command on that database skips the finished steps by their markers and runs
only the new ones.
- two years of safety records per institution: monthly self-checks, county inspections,
  drills, the hazards they find to their closure (some open, some overdue), plans, food
  certificates, incidents (`cwis/synthetic/safety.py`).
- the dated category rows of every community file, and two years of the county's training
  courses for its supervisors and directors with their attendance
  (`cwis/synthetic/registry.py`).
"""

import datetime as dt
import time
from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from cwis.synthetic import (
    access,
    adoption,
    care,
    children,
    community,
    county_work,
    family_care,
    institutions,
    long_term,
    partners,
    protection,
    registry,
    safety,
    security,
    transfers,
    writer,
)
from cwis.synthetic.context import SCALES, Context, Step


def step_analyze(ctx: Context) -> None:
    """Fresh planner statistics and visibility maps after bulk loading (PostgreSQL): without
    them the planner guesses a few rows for tables holding thousands (see RESULTS.md)."""
    if not writer.is_postgres():
        return
    # VACUUM cannot run inside a transaction (a test's, or a caller's atomic block): then
    # ANALYZE alone, which can.
    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)
    ctx.out(f"analyze      {statement} done\n")


# Later steps read what earlier ones wrote (transfers need the children, and so on).
STEPS: list[tuple[str, Step]] = [
    ("divisions", institutions.step_divisions),
    ("institutions", institutions.step_institutions),
    ("users", institutions.step_users),
    ("children", children.step_children),
    ("transfers", transfers.step_transfers),
    ("townships", community.step_townships),
    ("community", community.step_community),
    ("security", security.step_security),
    ("access", access.step_access),
    ("care staff", care.step_care_staff),
    ("care", care.step_care),
    ("upbringing", adoption.step_upbringing),
    ("protection cases", protection.step_protection_cases),
    ("county work", county_work.step_county_work),
    ("long-term exits", long_term.step_long_term),
    ("family care", family_care.step_family_care),
    ("safety", safety.step_safety),
    ("partners", partners.step_partners),
    ("category periods", registry.step_category_periods),
    ("training", registry.step_training),
    # Later steps go above this one: it must stay last.
    ("analyze", step_analyze),
]


def generate(*, scale: str, seed: int = 1, today: dt.date | None = None,
             out: Callable[[str], None] | None = None) -> Context:
    ctx = Context(scale_name=scale, scale=SCALES[scale], seed=seed,
                  today=today or timezone.localdate())
    if out is not None:
        ctx.out = out
    writer.markers_ensure()
    for name, step in STEPS:
        started = time.monotonic()
        step(ctx)
        ctx.out(f"  ({name}: {time.monotonic() - started:.1f}s)\n")
    return ctx
