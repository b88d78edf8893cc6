from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Provider, ProviderContact, User


class ProviderContactInline(admin.TabularInline):
    model = ProviderContact
    extra = 0


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "city", "is_active", "is_illustrative"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    inlines = [ProviderContactInline]
    readonly_fields = ["calendar_token"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ProviderContact)
class ProviderContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "provider", "email", "receives_notices", "receives_reminders"]
    list_filter = ["provider"]
    search_fields = ["name", "email"]


@admin.register(User)
class ConduitUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "email", "first_name", "last_name", "provider", "is_active"]
    list_filter = ["groups", "provider", "is_active", "is_superuser"]
    fieldsets = (*UserAdmin.fieldsets, ("Provider", {"fields": ("provider", "is_provider_admin")}))
    readonly_fields = ["calendar_token"]
