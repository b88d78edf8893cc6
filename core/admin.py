"""The one read-only admin base: every write goes through a service (with an
actor, in a transaction, leaving a history row), so the admin shows records
and their history and changes nothing, for any user, superusers included."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyPermissions:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(ReadOnlyPermissions, SimpleHistoryAdmin):
    """A model's list, detail and history pages; no add, change or delete."""


class ReadOnlyInline(ReadOnlyPermissions, admin.TabularInline):
    extra = 0
    can_delete = False
