"""Password rules (等保2.0 level 3, docs/security.md): length, character classes, no reuse
of the last N passwords, expiry. The validators are in AUTH_PASSWORD_VALIDATORS, so every
form that sets a password (the user's own page and API, the administrators' forms) applies
them."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

MSG_CHARACTER_CLASSES = _(
    "The password needs characters of at least %(count)d of these kinds: lower-case letters, "
    "upper-case letters, digits, other characters."
)
MSG_REUSED = _("This password was one of your last %(count)d: choose a new one.")

_CLASSES = (str.islower, str.isupper, str.isdigit)


def character_classes(password: str) -> int:
    kinds = {index for ch in password for index, test in enumerate(_CLASSES) if test(ch)}
    if any(not (ch.isalpha() or ch.isdigit()) or not ch.isascii() for ch in password):
        kinds.add(len(_CLASSES))
    return len(kinds)


class CharacterClassesValidator:
    """At least `min_classes` of: lower-case, upper-case, digits, other characters."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                MSG_CHARACTER_CLASSES, code="password_classes",
                params={"count": self.min_classes},
            )

    def get_help_text(self) -> str:
        return str(MSG_CHARACTER_CLASSES % {"count": self.min_classes})


class PasswordHistoryValidator:
    """Refuse the current password and the `count` before it; keep the history."""

    def __init__(self, count: int = 5) -> None:
        self.count = count

    def _recent(self, user):
        return list(user.password_history.values_list("password", flat=True)[: self.count])

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None or self.count <= 0:
            return
        hashes = [user.password, *self._recent(user)] if user.password else self._recent(user)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(MSG_REUSED, code="password_reused",
                                  params={"count": self.count})

    def password_changed(self, password: str, user=None) -> None:
        if user is None or user.pk is None or not user.password:
            return
        from cwis.accounts.models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        stale = user.password_history.values_list("pk", flat=True)[self.count:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self) -> str:
        return ngettext(
            "Your password cannot be your last password.",
            "Your password cannot be one of your last %(count)d passwords.",
            self.count,
        ) % {"count": self.count}


def password_expired(user) -> bool:
    """The user must choose a new password before anything else: an administrator set it,
    or it is older than CWIS_PASSWORD_MAX_AGE_DAYS (0: passwords do not expire)."""
    if getattr(user, "must_change_password", False):
        return True
    max_age = settings.CWIS_PASSWORD_MAX_AGE_DAYS
    changed = getattr(user, "password_changed_at", None)
    if not max_age or changed is None:
        return False
    return timezone.now() - changed > dt.timedelta(days=max_age)
