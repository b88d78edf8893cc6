from django.apps import AppConfig


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = "Small-cell permits"

    def ready(self):
        from permits import signals  # noqa: F401 (connects the closure-day receivers)
