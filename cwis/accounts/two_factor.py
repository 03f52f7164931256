"""Two-factor sign-in: a TOTP authenticator app (django-otp) and single-use recovery codes.

Required for the roles in CWIS_TWO_FACTOR_REQUIRED_ROLES (the three administrators by
default), offered to everyone else on "My account". An enrolled user signs in with the
password, then a code (cwis.accounts.views.SignInView); a bearer token needs the code too.
"""

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cwis.accounts.models import User
from cwis.core.audit import SecurityEventKind, security_event_record
from cwis.core.errors import PermissionDeniedError
from cwis.core.permissions import Perm, require

MSG_WRONG_CODE = _("That code is not right (or was already used). Try the next code.")
MSG_REQUIRED = _("Your role must sign in with a second factor: it cannot be turned off.")
MSG_WRONG_PASSWORD = _("That is not your password.")
MSG_NOT_ENROLLED = _("Two-factor sign-in is not turned on for this account.")

DEVICE_NAME = "CWIS"


def two_factor_required(user: User) -> bool:
    return getattr(user, "role", None) in settings.CWIS_TWO_FACTOR_REQUIRED_ROLES


def two_factor_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code, drawn on the server (no network)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@transaction.atomic
def totp_pending(*, actor: User) -> TOTPDevice:
    """The not yet confirmed authenticator of the user's enrolment, made on first call."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, confirmed=False)
    return device


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.CWIS_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@transaction.atomic
def totp_confirm(*, actor: User, code: str, request: HttpRequest | None = None
                 ) -> tuple[TOTPDevice, list[str]]:
    """Turn two-factor sign-in on with the first code of the new authenticator; return the
    device and the recovery codes, which the page shows this once."""
    device = (
        TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).first()
    )
    if device is None or not device.verify_token((code or "").strip()):
        raise ValidationError({"code": MSG_WRONG_CODE})
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(actor)
    security_event_record(SecurityEventKind.TWO_FACTOR_ENROL, actor, request)
    return device, codes


@transaction.atomic
def recovery_codes_renew(*, actor: User, request: HttpRequest | None = None) -> list[str]:
    if not two_factor_enrolled(actor):
        raise ValidationError(MSG_NOT_ENROLLED)
    codes = _new_recovery_codes(actor)
    security_event_record(SecurityEventKind.RECOVERY_CODES, actor, request)
    return codes


@transaction.atomic
def two_factor_disable(*, actor: User, password: str, request: HttpRequest | None = None
                       ) -> User:
    """Turn the user's own second factor off (not for a role that requires it)."""
    if two_factor_required(actor):
        raise PermissionDeniedError(MSG_REQUIRED)
    if not actor.check_password(password or ""):
        raise ValidationError({"password": MSG_WRONG_PASSWORD})
    _remove_devices(actor)
    security_event_record(SecurityEventKind.TWO_FACTOR_DISABLE, actor, request)
    return actor


@transaction.atomic
def two_factor_reset(*, actor: User, user: User, request: HttpRequest | None = None) -> None:
    """The security administrator removes another user's authenticator and recovery codes
    (a lost phone): the user enrols again at next sign-in."""
    require(actor, Perm.LOCKOUT_MANAGE)
    if user.pk == actor.pk:
        raise PermissionDeniedError()
    _remove_devices(user)
    security_event_record(SecurityEventKind.TWO_FACTOR_DISABLE, actor, request,
                          detail="reset by the security administrator",
                          username=user.get_username())


def _remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def second_factor_match(user: User, code: str) -> Device | None:
    """The device that accepts `code` (an authenticator code or an unused recovery code);
    each device throttles repeated failures."""
    code = (code or "").strip().replace(" ", "").lower()
    if not code:
        return None
    return match_token(user, code)
