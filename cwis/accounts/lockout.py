"""Sign-in throttling with django-axes: an account locks after CWIS_LOCKOUT_ACCOUNT_LIMIT
failed sign-ins, an address after CWIS_LOCKOUT_ADDRESS_LIMIT (an office behind one address
has many users, so its limit is higher), both for CWIS_LOCKOUT_MINUTES or until the security
administrator unlocks them. The sign-in page, the second-factor step and the API's token
endpoint all authenticate through django.contrib.auth.authenticate(request=...), so axes
counts every failure.
"""

import datetime as dt
from dataclasses import dataclass

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.audit import SecurityEventKind, security_event_record
from cwis.core.permissions import Perm, require

MSG_LOCKED = _(
    "Too many failed sign-ins: this account or this address is locked for %(minutes)d "
    "minutes. The security administrator can unlock it sooner."
)


def lockout_message() -> str:
    return str(MSG_LOCKED % {"minutes": settings.CWIS_LOCKOUT_MINUTES})


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check before the password is tried.

    Every way a person signs in passes the request (the sign-in page, the second-factor step,
    the token endpoint); a call without one comes from code (tests, the shell), which axes
    would refuse outright, and has no address to count.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LockoutHandler(AxesDatabaseHandler):
    """Two limits where axes has one: the address count is compared with its own limit by
    shifting it onto the account's scale (AXES_FAILURE_LIMIT is the account limit)."""

    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = (
            qs.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for qs in self.get_user_attempts(request, credentials)
        )
        shift = settings.CWIS_LOCKOUT_ACCOUNT_LIMIT - settings.CWIS_LOCKOUT_ADDRESS_LIMIT
        return max(by_account, by_address + shift)

    def reset_user_attempts(self, request, credentials=None) -> int:
        # After a good sign-in forget only this account's failures from this address: other
        # accounts' failures from here, and this account's from elsewhere, still count.
        username = get_client_username(request, credentials)
        count, _detail = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


def lockout_response(request: HttpRequest, original_response=None,
                     credentials=None) -> HttpResponse:
    """What a locked-out sign-in gets (AXES_LOCKOUT_CALLABLE): 429 and the reason, as JSON
    from the API, else on the sign-in page."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(
        request, "registration/login.html",
        {"form": AuthenticationForm(request), "lockout_message": message,
         "next": request.POST.get("next", "")},
        status=429,
    )


@dataclass(frozen=True)
class FailureCount:
    key: str  # the username or the address
    failures: int
    last_at: dt.datetime
    locked: bool


def _counts(field: str, limit: int) -> list[FailureCount]:
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last_at=Max("attempt_time"))
        .order_by("-last_at")
    )
    return [
        FailureCount(row[field], row["failures"], row["last_at"], row["failures"] >= limit)
        for row in rows
    ]


def failed_sign_ins(*, actor: User) -> tuple[list[FailureCount], list[FailureCount]]:
    """Accounts and addresses with failed sign-ins still counting, the locked ones marked."""
    require(actor, Perm.LOCKOUT_MANAGE)
    return (
        _counts("username", settings.CWIS_LOCKOUT_ACCOUNT_LIMIT),
        _counts("ip_address", settings.CWIS_LOCKOUT_ADDRESS_LIMIT),
    )


@transaction.atomic
def lockout_clear(*, actor: User, username: str = "", ip_address: str = "",
                  request: HttpRequest | None = None) -> int:
    """Forget the failed sign-ins of one account or one address (which unlocks it)."""
    require(actor, Perm.LOCKOUT_MANAGE)
    if bool(username) == bool(ip_address):
        raise ValueError("name an account or an address")
    attempts = AccessAttempt.objects.filter(
        **({"username": username} if username else {"ip_address": ip_address})
    )
    count, _detail = attempts.delete()
    security_event_record(
        SecurityEventKind.UNLOCK, actor, request,
        detail=f"address {ip_address}" if ip_address else "", username=username,
    )
    return count
