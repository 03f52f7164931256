from django.contrib.admin.apps import AdminConfig


class CwisAdminConfig(AdminConfig):
    """django.contrib.admin with CWIS's site: open to the three administrators by role."""

    default_site = "cwis.accounts.admin_site.AdminSite"
