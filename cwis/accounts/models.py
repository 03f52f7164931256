import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.core.permissions import INSTITUTION_ROLES, ROLE_DIVISION_LEVEL, SCOPE, Role, ScopeKind

MSG_ROLE_NEEDS_INSTITUTION = _("This role works inside an institution: choose the institution.")
MSG_ROLE_NEEDS_DIVISION = _("This role needs a jurisdiction: choose a division of level %(level)s.")
MSG_DIVISION_LEVEL = _("This role needs a division of level %(level)s.")
MSG_INSTITUTION_OUTSIDE_DIVISION = _("The institution is not inside the chosen jurisdiction.")


class User(AbstractUser):
    """A CWIS account: one role, one jurisdiction (division) and, for staff, one institution."""

    display_name = models.CharField(_("full name"), max_length=100, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    division = models.ForeignKey(
        "core.Division",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_accounts",
    )
    partner_department = models.CharField(_("partner department"), max_length=30, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def scope_kind(self) -> ScopeKind:
        return SCOPE.get(self.role, ScopeKind.NONE)

    def clean(self) -> None:
        super().clean()
        if self.role in INSTITUTION_ROLES and self.institution_id is None:
            raise ValidationError({"institution": MSG_ROLE_NEEDS_INSTITUTION})
        level = ROLE_DIVISION_LEVEL.get(self.role)
        if level is None:
            return
        if self.division_id is None:
            raise ValidationError({"division": MSG_ROLE_NEEDS_DIVISION % {"level": level}})
        if self.division.level != level:
            raise ValidationError({"division": MSG_DIVISION_LEVEL % {"level": level}})


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def for_raw(self, raw: str):
        return self.filter(key_hash=_hash_token(raw))


class ApiToken(models.Model):
    """A bearer token for programs. Only its hash is stored; the raw token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("token prefix"), max_length=8)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def new_raw() -> tuple[str, str]:
        raw = secrets.token_urlsafe(32)
        return raw, _hash_token(raw)
