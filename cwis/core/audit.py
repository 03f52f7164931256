"""The access log: every view of a child's or case's file is recorded (DESIGN.md rule 2)."""

from collections.abc import Iterable
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cwis.core.models import AccessLog

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network

if TYPE_CHECKING:
    from cwis.accounts.models import User
    from cwis.children.models import Child


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    try:
        return tuple(ip_network(p, strict=False) for p in proxies)
    except ValueError as exc:
        raise ImproperlyConfigured(f"CWIS_TRUSTED_PROXIES: {exc}") from exc


def _address(text: str) -> IPAddress | None:
    try:
        return ip_address(text.strip())
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's address for the access log.

    REMOTE_ADDR, unless it is one of CWIS_TRUSTED_PROXIES: then the right-most address of
    X-Forwarded-For that is not a trusted proxy. Each proxy appends the address it was
    called from, so what lies right of the first untrusted address was written by trusted
    proxies, and what lies left of it by the client, who can write anything there. From a
    client that is not a trusted proxy the header is ignored.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    remote_ip = _address(remote or "")
    trusted = _networks(tuple(settings.CWIS_TRUSTED_PROXIES))
    if remote_ip is None or not any(remote_ip in net for net in trusted):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        hop_ip = _address(hop)
        if hop_ip is None:
            return remote  # not an address: the chain cannot be followed past it
        if not any(hop_ip in net for net in trusted):
            return str(hop_ip)
    return str(_address(hops[0])) if hops else remote


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
