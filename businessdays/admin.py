from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from businessdays.models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(SimpleHistoryAdmin):
    """The kind decides what a day moves: a legal holiday moves shot clocks and license due dates, an office
    closure license due dates only. Saving here recomputes nearby shot clocks as the page does (permits.signals)."""

    list_display = ["date", "kind", "reason", "created_by"]
    list_filter = ["kind"]
    fields = ["date", "kind", "reason"]
    radio_fields = {"kind": admin.VERTICAL}

    def save_model(self, request, obj, form, change):
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
