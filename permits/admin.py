"""Read-only admin for small-cell records: every write goes through the staff
pages and permits.services, so the shot clock, its history and the deadline
list stay in step. The admin still shows each record and its history."""

from django.contrib import admin

from core.admin import ReadOnlyHistoryAdmin
from permits.models import ClockEvent, FeeSchedule, MissingItem, Permit, PermitApplication, Site


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["address", "category", "structure_type", "new_structure", "owner", "historic_district", "height_ft"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PermitApplication)
class PermitApplicationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["reference", "applicant", "category", "submitted_on", "status", "clock_state", "clock_deadline"]
    list_filter = ["status", "category", "clock_state", "applicant"]
    search_fields = ["reference", "applicant__name"]
    date_hierarchy = "submitted_on"
    inlines = [SiteInline]


@admin.register(Site)
class SiteAdmin(ReadOnlyHistoryAdmin):
    list_display = ["address", "application", "category", "structure_type", "owner", "historic_district"]
    search_fields = ["address", "structure_id", "application__reference"]


@admin.register(ClockEvent)
class ClockEventAdmin(ReadOnlyHistoryAdmin):
    list_display = ["application", "kind", "date", "outcome", "recorded_by", "recorded_at"]
    list_filter = ["kind", "outcome"]
    search_fields = ["application__reference"]


@admin.register(MissingItem)
class MissingItemAdmin(ReadOnlyHistoryAdmin):
    list_display = ["item", "rule", "notice"]


@admin.register(Permit)
class PermitAdmin(ReadOnlyHistoryAdmin):
    list_display = ["number", "application", "site", "build_by", "expires_on", "renewal_status"]
    list_filter = ["renewal_status"]
    search_fields = ["number", "application__reference", "site__address"]


@admin.register(FeeSchedule)
class FeeScheduleAdmin(ReadOnlyHistoryAdmin):
    list_display = ["effective_from", "application_up_to_five", "each_additional", "new_pole", "annual_per_swf"]
