"""The logs an assessor reads: the access log (every view of a child's or case's file,
DESIGN.md rule 2) and the security log (sign-in, locks, passwords, roles, second factor,
tokens, exports: docs/security.md). Both are append-only.
"""

from typing import TYPE_CHECKING

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from cwis.core.models import AccessLog

if TYPE_CHECKING:
    from cwis.accounts.models import User


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
