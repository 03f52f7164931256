import datetime as dt

from django.core.paginator import Page
from django.db.models import QuerySet
from django.utils import timezone

from cwis.accounts.models import SecurityEvent, User
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, require

LOG_PAGE_SIZE = 50


def security_event_list(*, actor: User, username: str = "", kind: str = "",
                        date_from: dt.date | None = None,
                        date_to: dt.date | None = None) -> QuerySet[SecurityEvent]:
    """The security log for the audit administrator, newest first, filtered by account
    (exact name), event kind and local dates (both ends included)."""
    require(actor, Perm.SECURITY_LOG_VIEW)
    # Of the actor only the name: a whole user row per entry (password hash and all) took
    # half the time of a page (benchmarks/RESULTS.md, S1).
    events = SecurityEvent.objects.select_related("actor").only(
        "at", "kind", "username", "ip_address", "detail", "actor__username")
    if username:
        events = events.filter(username=username)
    if kind:
        events = events.filter(kind=kind)
    if date_from:
        events = events.filter(at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(at__lt=_start_of(date_to + dt.timedelta(days=1)))
    return events


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def security_log_page(*, actor: User, filters: dict, page: int | str | None) -> Page:
    """One page of the filtered log, its count capped (cwis.core.pagination): the log of
    a national deployment holds millions of entries."""
    events = security_event_list(actor=actor, **filters)
    return CappedPaginator(events, LOG_PAGE_SIZE).get_page(page)
