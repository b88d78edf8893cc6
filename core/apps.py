from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Plumbing with no domain: exports, e-mail, charts, history entries,
    backup and restore, the health check, and the shared form, view, service
    and admin helpers. Imports no other Conduit app."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import checks  # noqa: F401 - registers the database role check
