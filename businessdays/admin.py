"""Read-only admin for closure days.

Closure days are recorded and removed on the closure-days page, through
businessdays.services, which names the actor and, for a legal holiday,
recomputes the stored shot clocks nearby (permits.signals). The admin shows
each day and its history and changes nothing, for any user, superusers included.
"""

from django.contrib import admin

from businessdays.models import ClosureDay
from core.admin import ReadOnlyHistoryAdmin


@admin.register(ClosureDay)
class ClosureDayAdmin(ReadOnlyHistoryAdmin):
    """The kind decides what a day moves: a legal holiday moves shot clocks and license due dates, an office
    closure license due dates only."""

    list_display = ["date", "kind", "reason", "created_by"]
    list_filter = ["kind"]
    fields = ["date", "kind", "reason", "created_by"]
