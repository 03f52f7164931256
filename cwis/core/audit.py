"""The access log: every view of a child's or case's file is recorded (DESIGN.md rule 2)."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cwis.core.models import AccessLog

if TYPE_CHECKING:
    from cwis.accounts.models import User
    from cwis.children.models import Child


def client_address(request) -> str | None:
    """The client's address as the server saw it; a proxy's header is not trusted here."""
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def access_log_record(*, actor: "User", object_type: str, object_id, division_code: str,
                      request=None, action: str = "view") -> AccessLog:
    return AccessLog.objects.create(
        user=actor,
        object_type=object_type,
        object_id=str(object_id),
        division_code=division_code,
        ip_address=client_address(request),
        action=action,
    )


def access_log_children(*, actor: "User", children: Iterable["Child"], request=None,
                        action: str = "view") -> None:
    """One row per child whose data an answer shows (a list of possible duplicates)."""
    address = client_address(request)
    AccessLog.objects.bulk_create(
        AccessLog(user=actor, object_type="child", object_id=str(child.pk),
                  division_code=child.division_code, ip_address=address, action=action)
        for child in children
    )
