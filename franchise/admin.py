"""Read-only admin: every write goes through franchise.services (staff pages,
API, commands), so the admin shows records and their history but edits nothing."""

from django.contrib import admin

from core.admin import ReadOnlyHistoryAdmin
from franchise.models import CustomerServiceReport, Filing, FilingAttachment, License, Obligation, Payment


@admin.register(License)
class LicenseAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "provider", "effective_date", "expiration_date", "fee_rate_percent", "status"]
    list_filter = ["status", "provider"]
    search_fields = ["title", "provider__name"]


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "license", "kind", "recurrence", "due_rule", "business_day"]
    list_filter = ["kind", "recurrence", "license"]
    search_fields = ["title", "clause"]


@admin.register(Filing)
class FilingAdmin(ReadOnlyHistoryAdmin):
    list_display = ["obligation", "license", "period_start", "period_end", "due_date", "status", "received_date"]
    list_filter = ["status", "obligation__kind", "license"]
    date_hierarchy = "due_date"


@admin.register(FilingAttachment)
class FilingAttachmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["filing", "description", "uploaded_by", "uploaded_at"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["license", "kind", "period_start", "period_end", "amount", "received_date", "counts_toward_cap"]
    list_filter = ["kind", "license"]
    date_hierarchy = "received_date"


@admin.register(CustomerServiceReport)
class CustomerServiceReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ["license", "period_start", "period_end"]
    list_filter = ["license"]


# The quarterly-report admin lives with its models' package; Django loads only franchise.admin.
from franchise.quarterly import admin as quarterly_admin  # noqa: E402, F401
