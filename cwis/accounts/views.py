"""Sign-in (password, then the second factor of an enrolled user) and "My account":
password, bearer tokens, two-factor sign-in."""

import time
from base64 import b32encode
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash, user_login_failed
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticToken

from cwis.accounts import services, two_factor
from cwis.accounts.forms import CodeForm, PasswordChangeForm, PasswordConfirmForm
from cwis.accounts.lockout import lockout_response
from cwis.accounts.models import User
from cwis.core.web import page, render_form, run_service

PENDING_KEY = "cwis_sign_in_pending"
PENDING_SECONDS = 300  # the code must follow the password within five minutes

MSG_PASSWORD_CHANGED = _("Your password is changed. Your API tokens were revoked.")
MSG_TOKEN_REVOKED = _("The token is revoked.")
MSG_TWO_FACTOR_OFF = _("Two-factor sign-in is turned off.")
MSG_TWO_FACTOR_ON = _("Two-factor sign-in is turned on.")
MSG_CODES_RENEWED = _("New recovery codes were made; the old ones no longer work.")


class SignInView(LoginView):
    """The password first; an account with two-factor sign-in then gives its code on the
    next page before it is signed in."""

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor.two_factor_enrolled(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk, "backend": user.backend, "at": int(time.time()),
        }
        query = urlencode({"next": self.get_redirect_url()})
        return redirect(f"{reverse('sign_in_code')}?{query}")


def _pending_user(request) -> tuple[User | None, str]:
    pending = request.session.get(PENDING_KEY) or {}
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, ""
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending["backend"]


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def sign_in_code(request):
    """The second step of signing in: the authenticator's code or a recovery code."""
    user, backend = _pending_user(request)
    if user is None:
        return redirect("login")
    if not AxesProxyHandler.is_allowed(request, {"username": user.get_username()}):
        request.session.pop(PENDING_KEY, None)
        return lockout_response(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.second_factor_match(user, form.cleaned_data["code"])
        if device is not None:
            request.session.pop(PENDING_KEY, None)
            login(request, user, backend=backend)
            otp_login(request, device)
            return redirect(_next_url(request))
        user_login_failed.send(
            sender=__name__, request=request,
            credentials={"username": user.get_username(), "step": "two-factor code"},
        )
        if getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING_KEY, None)
            return lockout_response(request)
        form.add_error("code", two_factor.MSG_WRONG_CODE)
    return render_form(request, "registration/sign_in_code.html", form,
                       {"next": _next_url(request)})


@page
def account_home(request):
    user = request.user
    return render(request, "accounts/account.html", {
        "enrolled": two_factor.two_factor_enrolled(user),
        "required": two_factor.two_factor_required(user),
        "live_tokens": services.api_token_list(actor=user).filter(revoked_at__isnull=True)
        .count(),
    })


@page(methods=("GET", "POST"))
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if form.is_bound and form.is_valid():
        user = run_service(form, lambda: services.password_change(
            actor=request.user, old_password=form.cleaned_data["old_password"],
            new_password=form.cleaned_data["new_password"], request=request,
        ))
        if user is not None:
            update_session_auth_hash(request, user)  # stay signed in here
            messages.success(request, MSG_PASSWORD_CHANGED)
            return redirect("account")
    return render_form(request, "accounts/password_change.html", form)


@page
def token_list(request):
    return render(request, "accounts/tokens.html", {
        "tokens": services.api_token_list(actor=request.user),
        "token_days": settings.CWIS_API_TOKEN_DAYS,
    })


@page(methods=("POST",))
def token_revoke(request, pk: int):
    services.api_token_revoke(actor=request.user, token_id=pk, request=request)
    messages.success(request, MSG_TOKEN_REVOKED)
    return redirect("token_list")


@page
def two_factor_status(request):
    user = request.user
    enrolled = two_factor.two_factor_enrolled(user)
    return render(request, "accounts/two_factor.html", {
        "enrolled": enrolled,
        "required": two_factor.two_factor_required(user),
        "codes_left": StaticToken.objects.filter(device__user=user).count(),
        "disable_form": PasswordConfirmForm(),
    })


@page(methods=("GET", "POST"))
def two_factor_enrol(request):
    if two_factor.two_factor_enrolled(request.user):
        return redirect("two_factor")
    device = two_factor.totp_pending(actor=request.user)
    form = CodeForm(request.POST or None)
    if form.is_bound and form.is_valid():
        done = run_service(form, lambda: two_factor.totp_confirm(
            actor=request.user, code=form.cleaned_data["code"], request=request,
        ))
        if done is not None:
            confirmed, codes = done
            otp_login(request, confirmed)  # this session has just shown the second factor
            messages.success(request, MSG_TWO_FACTOR_ON)
            return _recovery_codes_page(request, codes)
    return render_form(request, "accounts/two_factor_enrol.html", form, {
        "secret": b32encode(device.bin_key).decode(),
        "uri": device.config_url,
        "qr": two_factor.qr_svg(device.config_url),
    })


def _recovery_codes_page(request, codes: list[str]):
    response = render(request, "accounts/recovery_codes.html", {"codes": codes})
    response["Cache-Control"] = "no-store"
    return response


@page(methods=("POST",))
def recovery_codes_renew(request):
    codes = two_factor.recovery_codes_renew(actor=request.user, request=request)
    messages.success(request, MSG_CODES_RENEWED)
    return _recovery_codes_page(request, codes)


@page(methods=("POST",))
def two_factor_disable(request):
    form = PasswordConfirmForm(request.POST)
    if form.is_valid():
        done = run_service(form, lambda: two_factor.two_factor_disable(
            actor=request.user, password=form.cleaned_data["password"], request=request,
        ))
        if done:
            messages.success(request, MSG_TWO_FACTOR_OFF)
            return redirect("two_factor")
    user = request.user
    return render_form(request, "accounts/two_factor.html", form, {
        "enrolled": True, "required": two_factor.two_factor_required(user),
        "codes_left": StaticToken.objects.filter(device__user=user).count(),
        "disable_form": form,
    })
