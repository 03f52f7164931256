from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cwis.institutions.models import Institution


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    """Read-only here: institutions change through CWIS's pages, which check jurisdiction."""

    list_display = ("name", "level", "kind", "division_code", "status")
    list_filter = ("level", "kind", "status")
    search_fields = ("name", "uscc", "division_code")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
