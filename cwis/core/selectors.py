import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.utils import timezone

from cwis.core.divisions import division_code_of
from cwis.core.errors import NotFoundError
from cwis.core.models import AccessLog, Division, DivisionLevel
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm, has_perm, require
from cwis.core.scoping import actor_prefix, division_in_scope

if TYPE_CHECKING:
    from cwis.accounts.models import User


def division_children(*, parent_code: str | None = None) -> QuerySet[Division]:
    """Currently valid divisions under `parent_code`, or the provinces without one.

    Division codes are public reference data (GB/T 2260), so this list is not scoped.
    """
    valid = Division.objects.filter(valid_to__isnull=True)
    if not parent_code:
        return valid.filter(level=DivisionLevel.PROVINCE)
    parent = valid.filter(code=parent_code).first()
    if parent is None:
        raise NotFoundError()
    return valid.filter(parent=parent)


def division_get(*, code: str) -> Division:
    division = Division.objects.filter(code=code, valid_to__isnull=True).first()
    if division is None:
        raise NotFoundError()
    return division


PLACE_LEVELS = (DivisionLevel.PROVINCE, DivisionLevel.PREFECTURE, DivisionLevel.COUNTY,
                DivisionLevel.TOWNSHIP, DivisionLevel.VILLAGE)


def place_root(*, actor: "User") -> str | None:
    """The code at the top of the places the actor may pick ('' for the whole country, None
    for none): its own division."""
    prefix = actor_prefix(actor)
    return None if prefix is None else division_code_of(prefix)


def places_under(*, actor: "User", parent_code: str) -> QuerySet[Division]:
    """The current divisions right under `parent_code` ('' for the provinces), for a picker:
    NotFoundError for a parent outside the actor's jurisdiction (its own division and what
    lies under it)."""
    prefix = actor_prefix(actor)
    if prefix is None or (parent_code and not division_in_scope(actor, parent_code)):
        raise NotFoundError()
    if not parent_code:
        if prefix:
            raise NotFoundError()
        return Division.objects.filter(valid_to__isnull=True, level=DivisionLevel.PROVINCE)
    parent = division_get(code=parent_code)
    return Division.objects.filter(valid_to__isnull=True, parent=parent).order_by("code")


def places_in_scope(*, actor: "User", levels: tuple[str, ...], limit: int
                    ) -> list[Division] | None:
    """The current divisions of these levels inside the actor's jurisdiction, in code order
    (a picker without its script lists them); None when there are more than `limit`."""
    prefix = actor_prefix(actor)
    if prefix is None:
        return []
    places = Division.objects.filter(valid_to__isnull=True, level__in=levels)
    if prefix:
        # A range, not LIKE: the code's b-tree index serves it in any collation.
        places = places.filter(code__gte=prefix, code__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1))
    found = list(places.order_by("code").only("code", "name", "level")[:limit + 1])
    return None if len(found) > limit else found


ACCESS_LOG_PAGE_SIZE = 50
USER_MATCH_LIMIT = 200  # accounts a part of a name may match ("张" alone matches many)


def access_log_list(*, actor: "User", filters: Mapping[str, Any] | None = None
                    ) -> QuerySet[AccessLog]:
    """The access log of records inside the actor's jurisdiction, newest first, filtered by
    `filters`: user (account name, exactly, or a part of the display name), object_type and
    object_id (one record), action, date_from and date_to (local dates, both included)."""
    require(actor, Perm.AUDIT_VIEW)
    # Of the user only the names: not a whole user row per entry (password hash and all).
    logs = AccessLog.objects.select_related("user").only(
        "at", "object_type", "object_id", "division_code", "ip_address", "action",
        "user__username", "user__display_name")
    logs = _access_log_filtered(logs, filters or {})
    if has_perm(actor, Perm.AUDIT_VIEW_ALL):
        return logs  # the audit administrator reads the whole log (三员分立)
    prefix = actor_prefix(actor)
    if prefix is None:
        return logs.none()
    if actor.scope_kind == "institution":
        return logs.filter(division_code=prefix, user__institution=actor.institution_id)
    return logs.filter(division_code__startswith=prefix)


def _access_log_filtered(logs: QuerySet[AccessLog], filters: Mapping[str, Any]
                         ) -> QuerySet[AccessLog]:
    if user := filters.get("user"):
        # The accounts first, then their entries: the entries' user index serves the second
        # query, where an OR across the join would read the log in time order to the end.
        accounts = get_user_model().objects.filter(
            Q(username=user) | Q(display_name__icontains=user)).values_list("pk", flat=True)
        logs = logs.filter(user_id__in=list(accounts[:USER_MATCH_LIMIT]))
    if object_type := filters.get("object_type"):
        logs = logs.filter(object_type=object_type)
        if object_id := filters.get("object_id"):
            logs = logs.filter(object_id=str(object_id))
    if action := filters.get("action"):
        logs = logs.filter(action=action)
    if date_from := filters.get("date_from"):
        logs = logs.filter(at__gte=_start_of(date_from))
    if date_to := filters.get("date_to"):
        logs = logs.filter(at__lt=_start_of(date_to + dt.timedelta(days=1)))
    return logs


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def access_log_page(*, actor: "User", filters: Mapping[str, Any], page: int | str | None
                    ) -> Page:
    """One page of the filtered log, its count capped (cwis.core.pagination): a national
    log holds a row for every file anyone opened."""
    logs = access_log_list(actor=actor, filters=filters)
    return CappedPaginator(logs, ACCESS_LOG_PAGE_SIZE).get_page(page)
