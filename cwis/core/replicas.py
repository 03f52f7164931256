"""Reads that tolerate a few seconds of lag go to PostgreSQL read replicas (ADR 0019).

Everything goes to the primary ("default") unless three things hold at once:
- replicas are configured (`DATABASE_REPLICA_URLS`, the aliases `replica_0`, `replica_1`...);
- the code runs inside `replica_reads()`: a dashboard, a report's prefill, an export, the
  list page of an office above the county (`page(replica=...)`, cwis.core.web);
- the user has not written in the last CWIS_READ_YOUR_WRITES_SECONDS: a request with an
  unsafe method, or one that carries the stamp `ReadYourWritesMiddleware` set on the user's
  last write, reads from the primary throughout (`primary_reads()`), and a background job
  does for that long after it was queued.

Writes always go to the primary, whichever database an instance was read from.

The pooled connection: with `CWIS_DATABASE_POOLED=true`, `DATABASE_URL` is pgbouncer in
transaction mode, which cannot keep a server-side cursor or a prepared statement beyond one
transaction; `streaming()` then reads a long export through `DATABASE_DIRECT_URL` (the
alias "direct").
"""

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

DIRECT = "direct"
REPLICA_PREFIX = "replica_"
COOKIE = "cwis_wrote"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# The replica the current lag-tolerant block reads from (one per block, so a page's reads
# agree with each other), and the moment before which every read goes to the primary.
_replica: ContextVar[str | None] = ContextVar("cwis_replica", default=None)
_primary_until: ContextVar[float] = ContextVar("cwis_primary_until", default=0.0)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def window() -> int:
    """Seconds after a user's write during which that user reads from the primary."""
    return settings.CWIS_READ_YOUR_WRITES_SECONDS


@contextmanager
def replica_reads(enabled: bool = True) -> Iterator[str | None]:
    """Reads inside tolerate lag: they go to a replica when one is configured and the user
    has not just written. Yields the replica's alias, or None for the primary."""
    aliases = replica_aliases() if enabled else []
    alias = random.choice(aliases) if aliases else None  # noqa: S311 - spreading load
    token = _replica.set(alias)
    try:
        yield alias if time.time() >= _primary_until.get() else None
    finally:
        _replica.reset(token)


@contextmanager
def primary_reads(until: float | None = None) -> Iterator[None]:
    """Every read inside goes to the primary (until `until`, a Unix time, if given)."""
    token = _primary_until.set(float("inf") if until is None else until)
    try:
        yield
    finally:
        _primary_until.reset(token)


def read_alias() -> str | None:
    """The replica a read here goes to, or None for the primary."""
    alias = _replica.get()
    if alias is None or time.time() < _primary_until.get():
        return None
    return alias


def above_county(actor) -> bool:
    """An office above the county (prefecture, province, ministry): its lists are long and
    nobody there waits for a record typed a second ago."""
    from cwis.core.scoping import actor_prefix

    prefix = actor_prefix(actor)
    return prefix is not None and len(prefix) < 6


class ReplicaRouter:
    """Django's database router for the replicas (installed when some are configured)."""

    def db_for_read(self, model, **hints) -> str | None:
        return read_alias()

    def db_for_write(self, model, **hints) -> str:
        # Never the database an instance came from: a replica is read-only.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the same data on every alias

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        if db == DIRECT or db.startswith(REPLICA_PREFIX):
            return False  # the primary's migrations reach them (the same database)
        return None


def streaming(rows: QuerySet) -> QuerySet:
    """`rows` read through a connection that can stream them (a server-side cursor): the
    direct connection when the primary is reached through a transaction-mode pooler."""
    if connections[rows.db].settings_dict.get("DISABLE_SERVER_SIDE_CURSORS") and (
            DIRECT in settings.DATABASES):
        return rows.using(DIRECT)
    return rows


class ReadYourWritesMiddleware:
    """A request that may write (any unsafe method) reads from the primary throughout and
    stamps the browser; for CWIS_READ_YOUR_WRITES_SECONDS after it, the same user's requests
    read from the primary too, so nobody misses their own change on a lagging replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = time.time()
        unsafe = request.method not in SAFE_METHODS
        until = now + window() if unsafe else _stamp(request.COOKIES.get(COOKIE)) + window()
        with primary_reads(until=until):
            response = self.get_response(request)
        if unsafe:
            response.set_cookie(COOKIE, f"{now:.3f}", max_age=window(), httponly=True,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response


def _stamp(value: str | None) -> float:
    try:
        stamp = float(value or 0)
    except ValueError:
        return 0.0
    # A stamp from the future (a forged cookie) holds at most one window.
    return min(stamp, time.time())
