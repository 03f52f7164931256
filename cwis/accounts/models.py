import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.core.audit import SecurityEventKind
from cwis.core.models import ImmutableQuerySet
from cwis.core.permissions import (
    INSTITUTION_ROLES,
    ROLE_DIVISION_LEVEL,
    SCOPE,
    PartnerDepartment,
    Role,
    ScopeKind,
)

MSG_ROLE_NEEDS_INSTITUTION = _("This role works inside an institution: choose the institution.")
MSG_ROLE_NEEDS_DIVISION = _("This role needs a jurisdiction: choose a division of level %(level)s.")
MSG_DIVISION_LEVEL = _("This role needs a division of level %(level)s.")
MSG_INSTITUTION_OUTSIDE_DIVISION = _("The institution is not inside the chosen jurisdiction.")
MSG_PARTNER_NEEDS_DEPARTMENT = _("A partner department's account needs its department.")
MSG_PARTNER_NEEDS_AREA = _("A partner department's account needs the area it serves.")


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
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    # Set when an administrator sets the password: the user chooses their own at next sign-in.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login", "password_changed_at"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def scope_kind(self) -> ScopeKind:
        return SCOPE.get(self.role, ScopeKind.NONE)

    def set_password(self, raw_password) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def save(self, *args, **kwargs) -> None:
        # Every way a password changes (the user's own page or API, an administrator, the
        # changepassword command) ends here, so here every bearer token of the user is
        # revoked: a token must not outlive the password that obtained it. The password
        # history is kept by the validator's password_changed hook (cwis.accounts.passwords).
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            ApiToken.objects.filter(user=self, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )

    # No superuser shortcut: the three administrators' separation holds for every account,
    # whatever its is_superuser flag says (docs/security.md). Django-admin permissions come
    # from the role (cwis.accounts.backends).
    def has_perm(self, perm, obj=None) -> bool:
        return self.is_active and _backends_grant(self, "has_perm", perm, obj)

    def has_module_perms(self, app_label) -> bool:
        return self.is_active and _backends_grant(self, "has_module_perms", app_label)

    def _clean_partner(self) -> None:
        """A partner account sees what is addressed to its department in its area (ADR
        0018): without either it would see nothing, so it is refused."""
        errors = _partner_errors(self)
        if errors:
            raise ValidationError(errors)

    def clean(self) -> None:
        super().clean()
        if self.role in INSTITUTION_ROLES and self.institution_id is None:
            raise ValidationError({"institution": MSG_ROLE_NEEDS_INSTITUTION})
        if self.role == Role.PARTNER_VIEWER:
            self._clean_partner()
        level = ROLE_DIVISION_LEVEL.get(self.role)
        if level is None:
            return
        if self.division_id is None:
            raise ValidationError({"division": MSG_ROLE_NEEDS_DIVISION % {"level": level}})
        if self.division.level != level:
            raise ValidationError({"division": MSG_DIVISION_LEVEL % {"level": level}})


def _partner_errors(user: "User") -> dict[str, list]:
    errors: dict[str, list] = {}
    if user.partner_department not in PartnerDepartment.values:
        errors["partner_department"] = [MSG_PARTNER_NEEDS_DEPARTMENT]
    if user.division_id is None:
        errors["division"] = [MSG_PARTNER_NEEDS_AREA]
    return errors


def _backends_grant(user, method: str, *args) -> bool:
    for backend in auth.get_backends():
        if not hasattr(backend, method):
            continue
        try:
            if getattr(backend, method)(user, *args):
                return True
        except PermissionDenied:
            return False
    return False


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def for_raw(self, raw: str):
        return self.filter(key_hash=token_hash(raw))


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
        return raw, token_hash(raw)


class PasswordHistory(models.Model):
    """A password hash the user had, so that the last N cannot be chosen again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class SecurityEventQuerySet(ImmutableQuerySet):
    def older_than(self, days: int):
        return self.filter(at__lt=timezone.now() - dt.timedelta(days=days))

    def purge_older_than(self, days: int) -> int:
        """Delete the rows older than `days`; never a row younger than the legal minimum
        (six months: 网络安全法 第二十一条), whatever `days` says."""
        days = max(days, settings.CWIS_SECURITY_LOG_MIN_DAYS)
        count, _detail = models.QuerySet.delete(self.model.objects.all().older_than(days))
        return count


class SecurityEvent(models.Model):
    """One security event: sign-in, failure, lock, unlock, password, role, second factor,
    token, export (cwis.core.audit.security_event_record). Append-only: no row is changed,
    and rows are removed only by the retention purge (`cwis purge_security_log`)."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=SecurityEventKind.choices,
                            db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The account the event concerns, as typed or as it was named then (a failed sign-in
    # may name no account at all).
    username = models.CharField(_("account"), max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit records cannot be deleted.")
