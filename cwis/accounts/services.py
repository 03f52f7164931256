import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import ApiToken, User

MSG_BAD_CREDENTIALS = _("Wrong username or password, or the account is disabled.")


class AuthenticationFailedError(Exception):
    def __init__(self, message=MSG_BAD_CREDENTIALS) -> None:
        super().__init__(str(message))
        self.message = message


@transaction.atomic
def api_token_issue(*, username: str, password: str, request=None) -> tuple[ApiToken, str]:
    """Check the credentials and issue a bearer token; return the token and its raw value."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise AuthenticationFailedError()
    raw, key_hash = ApiToken.new_raw()
    token = ApiToken.objects.create(
        user=user,
        key_hash=key_hash,
        prefix=raw[:8],
        expires_at=timezone.now() + dt.timedelta(days=settings.CWIS_API_TOKEN_DAYS),
    )
    return token, raw


def api_token_user(*, raw: str) -> User | None:
    """The active user behind a live token, or None (revoked, expired, user disabled)."""
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
    return token.user


@transaction.atomic
def api_token_revoke(*, actor: User, token_id: int) -> None:
    ApiToken.objects.filter(pk=token_id, user=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
