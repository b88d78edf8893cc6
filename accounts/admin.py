"""Read-only admin for providers, their contacts, users and role groups.

Every write goes through accounts.services (the staff pages, the API and the
`create_user` and `grant_role` commands), which keep a user to one role and a
provider user to one provider organisation, and leave a history row naming the
actor. The admin shows records and their history and changes nothing, for any
user, superusers included.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import models

from accounts.models import Provider, ProviderContact, User
from core.admin import ReadOnlyHistoryAdmin, ReadOnlyInline, ReadOnlyPermissions


class ProviderContactInline(ReadOnlyInline):
    model = ProviderContact


@admin.register(Provider)
class ProviderAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "kind", "city", "is_active", "is_illustrative"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    inlines = [ProviderContactInline]
    exclude = ["calendar_token"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ProviderContact)
class ProviderContactAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "provider", "email", "receives_notices", "receives_reminders"]
    list_filter = ["provider"]
    search_fields = ["name", "email"]


@admin.register(User)
class ConduitUserAdmin(UserAdmin, ReadOnlyHistoryAdmin):
    """UserAdmin's pages, read-only: ReadOnlyPermissions comes before SimpleHistoryAdmin in the MRO."""

    list_display = ["username", "email", "first_name", "last_name", "provider", "is_active"]
    list_filter = ["groups", "provider", "is_active", "is_superuser"]
    fieldsets = (*UserAdmin.fieldsets, ("Provider", {"fields": ("provider", "is_provider_admin")}))


# Role groups are Conduit's roles (accounts.roles): who is in one is set by
# accounts.services.user_set_role, and what each may do is in code. The admin
# lists them and their permissions but edits neither.
admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(ReadOnlyPermissions, GroupAdmin):
    pass
