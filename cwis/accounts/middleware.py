"""What a signed-in session must satisfy before it reaches any page: not idle longer than
CWIS_SESSION_IDLE_SECONDS, a second factor for the roles that need one, a password that has
not expired. It reads only the session and the user already loaded, so an ordinary page
costs no query more."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from cwis.accounts.passwords import password_expired
from cwis.accounts.two_factor import two_factor_enrolled, two_factor_required
from cwis.core.audit import SecurityEventKind, security_event_record

SEEN_KEY = "cwis_seen"
SEEN_REFRESH_SECONDS = 60  # the last-seen time is written at most once a minute

MSG_IDLE = _("You were signed out after %(minutes)d minutes without activity.")
MSG_ENROL_FIRST = _("Your role signs in with a second factor: set it up before anything else.")
MSG_PASSWORD_EXPIRED = _("Your password has expired or was set by an administrator: "
                         "choose a new one before anything else.")

# Pages a session may reach while the policy holds it back (sign-in, sign-out, language,
# and the page that resolves the hold).
_ALWAYS = {"login", "logout", "sign_in_code", "set_language"}
_ENROL = {"two_factor", "two_factor_enrol"}
_PASSWORD = {"password_change"}


def mark_seen(request) -> None:
    request.session[SEEN_KEY] = int(time.time())


class SignInPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        if self._idle(request):
            return self._sign_out_idle(request)
        name = request.resolver_match.url_name if request.resolver_match else None
        if name in _ALWAYS:
            return None
        if two_factor_required(user) and not user.is_verified():
            if name in _ENROL:
                return None
            if two_factor_enrolled(user):
                # Signed in some way other than the sign-in page: go through it.
                logout(request)
                return redirect_to_login(request.get_full_path())
            return self._hold(request, MSG_ENROL_FIRST, "two_factor_enrol")
        if password_expired(user) and name not in _PASSWORD:
            return self._hold(request, MSG_PASSWORD_EXPIRED, "password_change")
        return None

    @staticmethod
    def _idle(request) -> bool:
        now = int(time.time())
        seen = request.session.get(SEEN_KEY)
        if seen is not None and now - seen > settings.CWIS_SESSION_IDLE_SECONDS:
            return True
        if seen is None or now - seen >= SEEN_REFRESH_SECONDS:
            request.session[SEEN_KEY] = now
        return False

    @staticmethod
    def _sign_out_idle(request):
        security_event_record(SecurityEventKind.SESSION_IDLE, request.user, request)
        logout(request)
        message = str(MSG_IDLE % {"minutes": settings.CWIS_SESSION_IDLE_SECONDS // 60})
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=401)
        messages.warning(request, message)
        return redirect_to_login(request.get_full_path())

    @staticmethod
    def _hold(request, message, url_name: str):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(message)}, status=403)
        messages.warning(request, message)
        return redirect(url_name)
