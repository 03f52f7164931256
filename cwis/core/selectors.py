from typing import TYPE_CHECKING

from django.db.models import QuerySet

from cwis.core.errors import NotFoundError
from cwis.core.models import AccessLog, Division, DivisionLevel
from cwis.core.permissions import Perm, has_perm, require
from cwis.core.scoping import actor_prefix

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


def access_log_list(*, actor: "User") -> QuerySet[AccessLog]:
    """The access log of records inside the actor's jurisdiction, newest first."""
    require(actor, Perm.AUDIT_VIEW)
    logs = AccessLog.objects.select_related("user")
    if has_perm(actor, Perm.AUDIT_VIEW_ALL):
        return logs  # the audit administrator reads the whole log (三员分立)
    prefix = actor_prefix(actor)
    if prefix is None:
        return logs.none()
    if actor.scope_kind == "institution":
        return logs.filter(division_code=prefix, user__institution=actor.institution_id)
    return logs.filter(division_code__startswith=prefix)
