"""The checklists of inspections are data the administrators keep: items are added, edited
and withdrawn here (never deleted: inspections' results refer to them)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cwis.safety.models import ChecklistItem


@admin.register(ChecklistItem)
class ChecklistItemAdmin(SimpleHistoryAdmin):
    list_display = ("text", "area", "inspection_kind", "position", "active")
    list_filter = ("area", "inspection_kind", "active")
    search_fields = ("text",)
    ordering = ("area", "position", "id")

    def has_delete_permission(self, request, obj=None):
        return False  # withdraw an item (active off): results of past inspections refer to it
