"""The Django admin for accounts, split between the three administrators (三员分立):
the system administrator creates accounts, edits names, turns accounts on and off and sets
passwords; the security administrator assigns roles and jurisdictions and resets a lost
second factor; the audit administrator reads. Nobody changes their own account here, nobody
deletes an account or a log row, and every change is in the security log."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cwis.accounts.models import ApiToken, SecurityEvent, User
from cwis.accounts.two_factor import two_factor_reset
from cwis.core.audit import SecurityEventKind, security_event_record
from cwis.core.permissions import Perm, has_perm

ACCOUNT_FIELDS = ("username", "display_name", "email", "is_active", "must_change_password")
ROLE_FIELDS = ("role", "division", "institution", "partner_department")
ALWAYS_READ_ONLY = ("last_login", "password_changed_at")


def _is_self(request, obj) -> bool:
    return obj is not None and obj.pk == request.user.pk


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ("username", "display_name", "role", "division", "institution", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "display_name", "division__code", "division__name")
    autocomplete_fields = ("division", "institution")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("display_name", "email")}),
        (_("Role and jurisdiction"), {"fields": ROLE_FIELDS}),
        (_("Status"), {"fields": ("is_active", "must_change_password", "last_login",
                                  "password_changed_at")}),
    )
    # A new account has no role: the security administrator gives it one.
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("username", "display_name", "email", "password1", "password2")}),
    )
    actions = ["reset_two_factor"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if _is_self(request, obj):
            return (*ACCOUNT_FIELDS, *ROLE_FIELDS, *ALWAYS_READ_ONLY)
        fields = list(ALWAYS_READ_ONLY)
        if not has_perm(request.user, Perm.ACCOUNT_MANAGE):
            fields += ACCOUNT_FIELDS
        if not has_perm(request.user, Perm.ROLE_ASSIGN):
            fields += ROLE_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not has_perm(request.user, Perm.ACCOUNT_MANAGE):
            # The password link leads to setting it: the system administrator's work.
            first = ((None, {"fields": ("username",)}),)
            return first + tuple(fieldsets[1:])
        return fieldsets

    def has_change_permission(self, request, obj=None):
        return not _is_self(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # an account is turned off, never deleted: the logs name it

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not has_perm(request.user, Perm.LOCKOUT_MANAGE):
            actions.pop("reset_two_factor", None)
        return actions

    @admin.action(description=_("Reset two-factor sign-in (lost phone)"))
    def reset_two_factor(self, request, queryset):
        for user in queryset.exclude(pk=request.user.pk):
            two_factor_reset(actor=request.user, user=user, request=request)
        messages.success(request, _("Two-factor sign-in reset; the user enrols again."))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True  # the administrator knows this password
        super().save_model(request, obj, form, change)
        if not change:
            security_event_record(SecurityEventKind.ACCOUNT_CREATE, request.user, request,
                                  username=obj.get_username())
            return
        changed = set(form.changed_data)
        roles = [f for f in ROLE_FIELDS if f in changed]
        if roles:
            detail = "; ".join(f"{f}: {getattr(obj, f) or '—'}" for f in roles)
            security_event_record(SecurityEventKind.ROLE_CHANGE, request.user, request,
                                  detail=detail, username=obj.get_username())
        account = sorted(changed & set(ACCOUNT_FIELDS))
        if account:
            detail = "; ".join(f"{f}: {getattr(obj, f)}" for f in account)
            security_event_record(SecurityEventKind.ACCOUNT_CHANGE, request.user, request,
                                  detail=detail, username=obj.get_username())

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, id)
        if not has_perm(request.user, Perm.ACCOUNT_MANAGE) or _is_self(request, user):
            raise PermissionDenied
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and user is not None:
            User.objects.filter(pk=user.pk).update(must_change_password=True)
            security_event_record(SecurityEventKind.PASSWORD_RESET, request.user, request,
                                  username=user.get_username())
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "prefix", "created_at", "expires_at", "last_used_at")
    exclude = ("key_hash",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "revoked_at" in form.changed_data and obj.revoked_at is not None:
            security_event_record(SecurityEventKind.TOKEN_REVOKE, request.user, request,
                                  detail=f"token {obj.prefix}", username=obj.user.username)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "username", "actor", "ip_address", "detail")
    list_filter = ("kind",)
    search_fields = ("username", "detail", "ip_address")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
