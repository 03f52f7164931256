from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cwis.institutions.models import (
    CountyReceiver,
    FamilyResidence,
    Institution,
    IntegrationFact,
    Licence,
    Post,
    ProvinceLayout,
    StaffMember,
    Transformation,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Read-only here: these records change through CWIS's pages and API, which check
    jurisdiction, versions and the rules of the policy."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ("name", "level", "kind", "division_code", "status")
    list_filter = ("level", "kind", "status")
    search_fields = ("name", "uscc", "division_code")


@admin.register(Transformation)
class TransformationAdmin(ReadOnlyAdmin):
    list_display = ("institution", "state", "target_handover_date", "target_completion_date",
                    "completed_on")
    list_filter = ("state",)
    search_fields = ("institution__name", "institution__division_code")


@admin.register(IntegrationFact)
class IntegrationFactAdmin(ReadOnlyAdmin):
    list_display = ("transformation", "kind", "duty", "effective_on", "withdrawn_at")


@admin.register(ProvinceLayout)
class ProvinceLayoutAdmin(ReadOnlyAdmin):
    list_display = ("division", "planned_child_welfare", "planned_minors_protection")


@admin.register(CountyReceiver)
class CountyReceiverAdmin(ReadOnlyAdmin):
    list_display = ("county", "receiver")
    search_fields = ("division_code", "receiver__name")


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin):
    list_display = ("institution", "kind", "number", "valid_from", "valid_to")
    list_filter = ("kind",)


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ("institution", "post_type", "headcount_set")


@admin.register(StaffMember)
class StaffMemberAdmin(ReadOnlyAdmin):
    list_display = ("name", "institution", "post_type", "started_on", "left_on")
    search_fields = ("name", "institution__name")


@admin.register(FamilyResidence)
class FamilyResidenceAdmin(ReadOnlyAdmin):
    list_display = ("name", "institution", "capacity", "is_active")
