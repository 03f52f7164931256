"""A bearer token's user, kept a short while in Django's cache (ADR 0019).

Resolving a token through the ORM compiled a three-table query and built four model objects
on every API request, about ten times the cost of its SQL. The user behind a token (with its
division and institution, which scoping reads) is therefore kept in the cache for
CWIS_API_TOKEN_CACHE_SECONDS, local-memory by default, Redis with `CWIS_CACHE_URL`.

A cache can be stale, and a local-memory one is one per process, so a cached answer is never
trusted alone: every request checks with one precompiled statement on the primary that the
token is still live (not revoked, not expired), its user still active and of the same role
and scope. A revoked token, a deactivated user or a changed password answer 401 at once, on
every process, whatever the cache holds; the entries of the user are also dropped at once
(`token_cache_forget`, from the models' save signals) so memory does not keep them.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from cwis.accounts.models import User, token_hash
from cwis.accounts.services import api_token_get

LAST_USED_EVERY = dt.timedelta(minutes=5)  # how often a token's last use is written


@dataclass(frozen=True)
class TokenInUse:
    """The token a request came with: its id (sign-out revokes it) and its user."""

    pk: int
    user: User


def _key(key_hash: str) -> str:
    return f"cwis:token:{key_hash}"


def _user_key(user_id: int) -> str:
    return f"cwis:token-keys:{user_id}"


# Raw SQL on purpose: no query to compile, no model to build (the tables of ApiToken, User).
_LIVE_SQL = (
    "SELECT u.is_active, u.role, u.division_id, u.institution_id, u.partner_department "
    "FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id "
    "WHERE t.id = %s AND t.revoked_at IS NULL AND t.expires_at > %s"
)


def _still_live(token_pk: int, user: User, now: dt.datetime) -> bool:
    """Is the token still live and its user still what the cache holds?"""
    with connection.cursor() as cursor:
        cursor.execute(_LIVE_SQL, [token_pk, connection.ops.adapt_datetimefield_value(now)])
        row = cursor.fetchone()
    return row is not None and bool(row[0]) and tuple(row[1:]) == (
        user.role, user.division_id, user.institution_id, user.partner_department)


def token_in_use(*, raw: str) -> TokenInUse | None:
    """The live token behind `raw` and its active user, or None (revoked, expired, user
    disabled): from the cache when it holds them, checked live either way."""
    key_hash = token_hash(raw)
    now = timezone.now()
    cached = cache.get(_key(key_hash))
    if cached is not None:
        token_pk, user, used_at = cached
        if now - used_at < LAST_USED_EVERY and _still_live(token_pk, user, now):
            return TokenInUse(token_pk, user)
        cache.delete(_key(key_hash))
    token = api_token_get(raw=raw)  # the full check; writes the last use
    if token is None:
        return None
    seconds = settings.CWIS_API_TOKEN_CACHE_SECONDS
    if seconds > 0:
        cache.set(_key(key_hash), (token.pk, token.user, token.last_used_at or now), seconds)
        keys = cache.get(_user_key(token.user_id)) or []
        cache.set(_user_key(token.user_id), [*keys[-20:], key_hash], seconds)
    return TokenInUse(token.pk, token.user)


def token_cache_forget(user_id: int) -> None:
    """Drop the cached tokens of a user (revoked, deactivated, password or scope changed)."""
    keys = cache.get(_user_key(user_id)) or []
    cache.delete_many([_key(k) for k in keys] + [_user_key(user_id)])
