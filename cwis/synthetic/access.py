"""Half a year of the access log (who opened which child's file), for the benchmark of the
access log page (issue 13, point 7).

One step (`step_access`), after the security step, in batches of accounts (one transaction
and marker each): every generated account that reads children's files in care (institution
staff and the civil affairs offices; the community workers' registry is left out: it would
take a query per village) opens VIEWS_PER_ACCOUNT files of children in its jurisdiction
over the last LOG_DAYS days: mostly views, some opened to change, printed or exported (a
list). Each entry carries the child's division, as the pages write it.
"""

import datetime as dt
import zoneinfo
from collections import defaultdict

from django.db import transaction

from cwis.accounts.models import User
from cwis.children.models import Child
from cwis.core.divisions import scope_prefix_of
from cwis.core.models import AccessLog
from cwis.synthetic import writer
from cwis.synthetic.context import Context

LOG_DAYS = 180
VIEWS_PER_ACCOUNT = 100
ACCOUNTS_PER_BATCH = 500
ACTIONS = (("view", 85), ("edit", 7), ("print", 4), ("export", 4))


def _children() -> tuple[dict[int, list], dict[str, list]]:
    """Children in care by institution and by scope prefix (2, 4 and 6 digits, and '')."""
    by_institution: dict[int, list] = defaultdict(list)
    by_prefix: dict[str, list] = defaultdict(list)
    rows = Child.objects.filter(current_institution__isnull=False).order_by("pk").values_list(
        "pk", "division_code", "current_institution_id")
    for pk, code, institution in rows:
        child = (pk, code)
        by_institution[institution].append(child)
        for length in (0, 2, 4, 6):
            by_prefix[code[:length]].append(child)
    return by_institution, by_prefix


def _pool(account, by_institution, by_prefix) -> list:
    _pk, institution, code = account
    if institution is not None:
        return by_institution.get(institution, [])
    if code is None:
        return by_prefix.get("", [])  # the ministry
    return by_prefix.get(scope_prefix_of(code), []) if len(code) == 6 else []


def _entries(rng, account, pool, start: dt.datetime) -> list[AccessLog]:
    actions = [a for a, weight in ACTIONS for _ in range(weight)]
    address = f"10.{rng.randrange(1, 255)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    entries = []
    for _ in range(VIEWS_PER_ACCOUNT):
        child_pk, code = rng.choice(pool)
        day = start - dt.timedelta(days=rng.randrange(LOG_DAYS))
        at = day.replace(hour=rng.randrange(8, 18), minute=rng.randrange(60),
                         second=rng.randrange(60))
        action = rng.choice(actions)
        object_type, object_id = ("child_list", "export") if action == "export" else (
            "child", str(child_pk))
        entries.append(AccessLog(user_id=account[0], at=at, object_type=object_type,
                                 object_id=object_id, division_code=code, ip_address=address,
                                 action=action))
    return entries


def step_access(ctx: Context) -> None:
    # Marked as a whole once finished, like the security step: accounts made by later steps
    # get no entries on a second run.
    finished = ctx.marker("access", "finished")
    if writer.marker_done(finished):
        ctx.out("access       done before\n")
        return
    by_institution, by_prefix = _children()
    accounts = list(User.objects.filter(username__startswith="syn-").order_by("pk")
                    .values_list("pk", "institution_id", "division__code"))
    start = dt.datetime.combine(ctx.today, dt.time(18),
                                tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    written = 0
    for batch, first in enumerate(range(0, len(accounts), ACCOUNTS_PER_BATCH)):
        key = ctx.marker("access", batch)
        if writer.marker_done(key):
            continue
        rng = ctx.rng("access", batch)
        entries = []
        for account in accounts[first:first + ACCOUNTS_PER_BATCH]:
            pool = _pool(account, by_institution, by_prefix)
            if pool:
                entries += _entries(rng, account, pool, start)
        with transaction.atomic():
            writer.assign_ids(AccessLog, entries)
            writer.write(AccessLog, entries)
            writer.marker_set(key)
        written += len(entries)
    writer.marker_set(finished)
    ctx.add("access log entries", written)
    ctx.out(f"access       {written} access log entries\n")
