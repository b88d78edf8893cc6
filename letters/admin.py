"""Read-only admin for letters .

Every write goes through letters.services, so the admin shows
letters, wording versions, deliveries, bulk jobs and their history, and
changes or deletes nothing: no add, no change, no delete, no bulk delete
action, for any user, superusers included.
"""

from django.contrib import admin

from core.admin import ReadOnlyHistoryAdmin
from letters.models import Letter, LetterBatch, LetterDelivery, LetterEvent, LetterTemplateVersion


class LetterEventInline(admin.TabularInline):
    model = LetterEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "actor", "detail"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Letter)
class LetterAdmin(ReadOnlyHistoryAdmin):
    list_display = ["number", "kind", "status", "provider", "issued_on", "sha256"]
    list_filter = ["status", "kind", "provider"]
    search_fields = ["number", "sha256", "source_label"]
    date_hierarchy = "issued_on"
    inlines = [LetterEventInline]


@admin.register(LetterTemplateVersion)
class LetterTemplateVersionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["kind", "number", "created_at", "created_by", "note"]
    list_filter = ["kind"]


@admin.register(LetterDelivery)
class LetterDeliveryAdmin(ReadOnlyHistoryAdmin):
    list_display = ["letter", "status", "requested_by", "requested_at", "sent_at"]
    list_filter = ["status"]


@admin.register(LetterBatch)
class LetterBatchAdmin(ReadOnlyHistoryAdmin):
    list_display = ["pk", "kind", "status", "created_by", "created_at", "total", "done", "failed"]
    list_filter = ["status", "kind"]
