"""What every institutions service shares: saving with history, locking a record found in
scope, text and date checks, and the messages more than one task uses."""

import datetime as dt
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import NotFoundError, field_error
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.institutions.models import Institution, InstitutionStatus

M = TypeVar("M", bound=Model)

MSG_NAME_REQUIRED = _("Enter the name.")
MSG_NUMBER_REQUIRED = _("Enter the number.")
MSG_DATE_REQUIRED = _("Enter the date.")
MSG_REASON_REQUIRED = _("Give the reason.")


def save(instance: Model, actor: User, *, reason: str = "") -> None:
    """Validate the whole record, then write it with its history row (who, and why)."""
    record_change(instance, actor, reason)
    instance.full_clean()
    instance.save()


def edit_locked(queryset: QuerySet[M], actor: User, *, perm: Perm, pk: int,
                version: int | None) -> M:
    """The record to edit: found in scope with its row locked (404 for missing and out of
    scope alike), then the role checked (403), then the version the client read (409)."""
    instance = get_scoped(queryset, actor, pk=pk, for_update=True)
    require(actor, perm)
    start_edit(instance, actor, version)
    return instance


def start_edit(instance: Model, actor: User, version: int | None) -> None:
    """Refuse an edit made from an older version than the locked row has; count this one."""
    check_version(instance, version)
    bump_version(instance, actor)


def find_locked(queryset: QuerySet[M], actor: User, **lookup) -> M | None:
    """The one record in scope matching `lookup`, its row locked; None when there is none yet
    (the records set once and then edited: a post's headcount, a province's layout)."""
    try:
        return get_scoped(queryset, actor, for_update=True, **lookup)
    except NotFoundError:
        return None


def institution_in_scope(actor: User, institution_id: int, *,
                         for_update: bool = False) -> Institution:
    return get_scoped(Institution.objects.all(), actor, pk=institution_id,
                      for_update=for_update)


def text(value: str | None) -> str:
    return (value or "").strip()


def require_text(field: str, value: str | None, message=MSG_NAME_REQUIRED) -> str:
    value = text(value)
    if not value:
        raise field_error(field, message, code="required")
    return value


def dates_in_order(field: str, earlier: dt.date | None, later: dt.date | None,
                   message) -> None:
    if earlier is not None and later is not None and later < earlier:
        raise field_error(field, message, code="date_order")


def not_future(field: str, day: dt.date) -> None:
    if day > timezone.localdate():
        raise field_error(field, MSG_DATE_FUTURE, code="date_future")


def same_province_institution(field: str, institution_id: int | None, province: str,
                              message) -> Institution:
    """An operating institution of `province` (2 digits), looked up outside the actor's scope:
    names of institutions are public, and the receiving side is often another county's or
    the prefecture's. Another province's institution is refused with the same message."""
    other = Institution.objects.filter(pk=institution_id).first() if institution_id else None
    if other is None or other.division_code[:2] != province:
        raise field_error(field, message)
    if other.status != InstitutionStatus.OPERATING:
        raise field_error(field, message)
    return other
