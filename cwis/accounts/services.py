"""Accounts' writes: bearer tokens (issue, revoke) and the user's own password change."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate, user_login_failed
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.lockout import lockout_message
from cwis.accounts.models import ApiToken, User
from cwis.accounts.passwords import password_expired
from cwis.accounts.two_factor import (
    second_factor_match,
    two_factor_enrolled,
    two_factor_required,
)
from cwis.core.audit import SecurityEventKind, security_event_record
from cwis.core.errors import NotFoundError

MSG_BAD_CREDENTIALS = _("Wrong username or password, or the account is disabled.")
MSG_CODE_NEEDED = _("This account signs in with a second factor: send the code of the "
                    "authenticator app (or a recovery code) as otp_code.")
MSG_WRONG_CODE = _("Wrong or already used two-factor code.")
MSG_ENROL_FIRST = _("This account must turn on two-factor sign-in on the web (My account) "
                    "before it can have a token.")
MSG_PASSWORD_EXPIRED = _("The password has expired or was set by an administrator: change "
                         "it on the web before asking for a token.")
MSG_WRONG_OLD_PASSWORD = _("That is not your current password.")
MSG_SAME_PASSWORD = _("The new password must differ from the current one.")


class AuthenticationFailedError(Exception):
    """A refused token request; `status` is the HTTP answer (401, 403 or 429)."""

    def __init__(self, message=MSG_BAD_CREDENTIALS, status: int = 401) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status


def api_token_issue(*, username: str, password: str, otp_code: str = "",
                    request: HttpRequest) -> tuple[ApiToken, str]:
    """Check the credentials (and the second factor of an enrolled user) and issue a bearer
    token; return the token and its raw value.

    Not one transaction: a failed attempt must stay counted (django-axes) when the call is
    refused.
    """
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise _refusal(request, MSG_BAD_CREDENTIALS)
    if password_expired(user):
        raise AuthenticationFailedError(MSG_PASSWORD_EXPIRED, status=403)
    if two_factor_enrolled(user):
        if not otp_code:
            raise AuthenticationFailedError(MSG_CODE_NEEDED)
        if second_factor_match(user, otp_code) is None:
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username(),
                                              "step": "two-factor code"},
                request=request,
            )
            raise _refusal(request, MSG_WRONG_CODE)
    elif two_factor_required(user):
        raise AuthenticationFailedError(MSG_ENROL_FIRST, status=403)
    return api_token_create(user=user, request=request)


def _refusal(request, message) -> AuthenticationFailedError:
    if getattr(request, "axes_locked_out", False):
        return AuthenticationFailedError(lockout_message(), status=429)
    return AuthenticationFailedError(message)


@transaction.atomic
def api_token_create(*, user: User, request: HttpRequest | None = None) -> tuple[ApiToken, str]:
    """Issue a token to a user whose sign-in was checked; return it and its raw value."""
    raw, key_hash = ApiToken.new_raw()
    token = ApiToken.objects.create(
        user=user,
        key_hash=key_hash,
        prefix=raw[:8],
        expires_at=timezone.now() + dt.timedelta(days=settings.CWIS_API_TOKEN_DAYS),
    )
    security_event_record(SecurityEventKind.TOKEN_ISSUE, user, request,
                          detail=f"token {token.prefix}")
    return token, raw


def api_token_get(*, raw: str) -> ApiToken | None:
    """The live token behind `raw` with its active user, or None (revoked, expired,
    user disabled)."""
    now = timezone.now()
    token = (
        ApiToken.objects.for_raw(raw)
        .select_related("user", "user__division", "user__institution")
        .filter(revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def api_token_user(*, raw: str) -> User | None:
    """The active user behind a live token, or None (revoked, expired, user disabled)."""
    token = api_token_get(raw=raw)
    return token.user if token is not None else None


def api_token_list(*, actor: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (live and past)."""
    return ApiToken.objects.filter(user=actor).order_by("-created_at", "-id")


@transaction.atomic
def api_token_revoke(*, actor: User, token_id: int, request: HttpRequest | None = None
                     ) -> ApiToken:
    """Revoke one of the user's own tokens; another user's token is not found."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
    if token is None:
        raise NotFoundError()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        security_event_record(SecurityEventKind.TOKEN_REVOKE, actor, request,
                              detail=f"token {token.prefix}")
    return token


@transaction.atomic
def password_change(*, actor: User, old_password: str, new_password: str,
                    request: HttpRequest | None = None) -> User:
    """The user changes their own password: the current one, then a new one that passes
    the password rules (AUTH_PASSWORD_VALIDATORS). Every bearer token of the user is
    revoked (User.save)."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    if not user.check_password(old_password or ""):
        raise ValidationError({"old_password": MSG_WRONG_OLD_PASSWORD})
    if old_password == new_password:
        raise ValidationError({"new_password": MSG_SAME_PASSWORD})
    try:
        validate_password(new_password or "", user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from exc
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    security_event_record(SecurityEventKind.PASSWORD_CHANGE, user, request)
    return user
