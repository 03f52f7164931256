"""Sign-in, failure, sign-out and lockout into the security log, from Django's and axes'
signals: every way in (the page, the second-factor step, the token endpoint) sends them."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from cwis.accounts.middleware import mark_seen
from cwis.accounts.models import ApiToken, User
from cwis.accounts.token_cache import token_cache_forget
from cwis.core.audit import SecurityEventKind, security_event_record


@receiver(post_save, sender=User, dispatch_uid="cwis_token_cache_user")
def on_user_saved(sender, instance, **kwargs):
    # Deactivated, password or scope changed: the user's cached tokens go at once.
    token_cache_forget(instance.pk)


@receiver(post_save, sender=ApiToken, dispatch_uid="cwis_token_cache_token")
def on_token_saved(sender, instance, **kwargs):
    token_cache_forget(instance.user_id)  # revoked


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
