from django.contrib import admin

from cwis.core.models import AccessLog, Division


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)

    def has_delete_permission(self, request, obj=None):
        return False  # withdraw a code by setting valid_to; references must keep resolving


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = (
        "at", "user", "action", "object_type", "object_id", "division_code", "ip_address"
    )
    list_filter = ("object_type", "action")
    search_fields = ("object_id", "division_code", "user__username")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
