from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext_lazy as _

from cwis.core.permissions import ADMIN_ROLES


class AdminSite(admin.AdminSite):
    """The Django admin, open to the three administrators only (by role, not is_staff)."""

    site_header = _("CWIS administration")
    site_title = _("CWIS administration")

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and getattr(user, "role", None) in ADMIN_ROLES)

    def login(self, request, extra_context=None):
        # One way in: CWIS's sign-in page, with its lockout and second factor.
        return redirect_to_login(request.get_full_path())
