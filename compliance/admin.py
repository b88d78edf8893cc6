from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from compliance.models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "reason", "created_by"]

    def save_model(self, request, obj, form, change):
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# Letters keep their read-only admin in their own package; importing it registers it.
from compliance.letters import admin as letters_admin  # noqa: E402, F401
