"""Sign-in, failure, sign-out and lockout into the security log, from Django's and axes'
signals: every way in (the page, the second-factor step, the token endpoint) sends them."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from cwis.accounts.middleware import mark_seen
from cwis.core.audit import SecurityEventKind, security_event_record


@receiver(user_logged_in, dispatch_uid="cwis_sign_in")
def on_sign_in(sender, request, user, **kwargs):
    if request is None:
        return
    mark_seen(request)
    security_event_record(SecurityEventKind.SIGN_IN, user, request)


@receiver(user_login_failed, dispatch_uid="cwis_sign_in_failed")
def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    security_event_record(
        SecurityEventKind.SIGN_IN_FAILED, None, request,
        detail=" ".join(filter(None, [credentials.get("step", "password"),
                                      getattr(request, "path", "")])),
        username=str(credentials.get("username") or ""),
    )


@receiver(user_logged_out, dispatch_uid="cwis_sign_out")
def on_sign_out(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(SecurityEventKind.SIGN_OUT, user, request)


@receiver(user_locked_out, dispatch_uid="cwis_locked_out")
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    security_event_record(
        SecurityEventKind.LOCKOUT, None, request, detail=f"address {ip_address}",
        username=str(username or ""),
    )
