"""The logs an assessor reads: the access log (every view of a child's or case's file,
DESIGN.md rule 2) and the security log (sign-in, locks, passwords, roles, second factor,
tokens, exports: docs/security.md). Both are append-only.
"""

from collections.abc import Iterable
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

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


class SecurityEventKind(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGN_OUT = "sign_out", _("Signed out")
    SESSION_IDLE = "session_idle", _("Signed out after being idle")
    LOCKOUT = "lockout", _("Locked out after failed sign-ins")
    UNLOCK = "unlock", _("Unlocked")
    PASSWORD_CHANGE = "password_change", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password set by an administrator")
    ACCOUNT_CREATE = "account_create", _("Account created")
    ACCOUNT_CHANGE = "account_change", _("Account changed")
    ROLE_CHANGE = "role_change", _("Role or jurisdiction changed")
    TWO_FACTOR_ENROL = "two_factor_enrol", _("Two-factor sign-in turned on")
    TWO_FACTOR_DISABLE = "two_factor_disable", _("Two-factor sign-in turned off")
    RECOVERY_CODES = "recovery_codes", _("New recovery codes made")
    TOKEN_ISSUE = "token_issue", _("API token issued")
    TOKEN_REVOKE = "token_revoke", _("API token revoked")
    EXPORT = "export", _("Data exported")
    LOG_PURGE = "log_purge", _("Old security log entries removed")


def security_event_record(kind: str, actor=None, request=None, detail: str = "", *,
                          username: str = ""):
    """Write one row of the security log: what happened (`kind`, a SecurityEventKind),
    who did it (`actor`, None when nobody is signed in), from where (`request`), and a short
    `detail` (e.g. an export: "children.xlsx, 1,204 rows"). `username` names the account the
    event concerns when it is not the actor (a failed sign-in, an unlock, a role change).

    The model lives in cwis.accounts (sign-in security) and core does not import accounts,
    so the app registry finds it here.
    """
    event_model = apps.get_model("accounts", "SecurityEvent")
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    return event_model.objects.create(
        kind=kind,
        actor=actor if signed_in else None,
        username=(username or (actor.get_username() if signed_in else ""))[:150],
        ip_address=client_address(request),
        detail=str(detail)[:500],
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
