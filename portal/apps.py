from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Provider pages only: views, provider-scoped selectors and templates.
    No models (its migrations are kept from when the quarterly-report models
    lived here; they now belong to franchise)."""

    name = "portal"
    verbose_name = "Provider portal"
