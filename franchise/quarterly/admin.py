"""Read-only admin: reports arrive only through the portal upload and change
only through the staff review (franchise/quarterly/services.py), so the admin shows them
and their history but edits nothing."""

from django.contrib import admin

from core.admin import ReadOnlyHistoryAdmin
from franchise.models import QuarterlyReport, UploadAttempt


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(ReadOnlyHistoryAdmin):
    list_display = [
        "__str__",
        "provider",
        "period_start",
        "status",
        "payment_status",
        "scorecard_result",
        "uploaded_at",
    ]
    list_filter = ["status", "payment_status", "scorecard_result", "provider"]
    date_hierarchy = "uploaded_at"


@admin.register(UploadAttempt)
class UploadAttemptAdmin(ReadOnlyHistoryAdmin):
    list_display = ["filename", "provider", "user", "size", "outcome", "error_count", "created_at"]
    list_filter = ["outcome", "provider"]
    date_hierarchy = "created_at"
