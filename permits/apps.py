from django.apps import AppConfig


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = "Small-cell permits"

    def ready(self):
        from permits import search_index

        search_index.register()
        from permits import letter_sources, signals  # noqa: F401 (signals connects the closure-day receivers)

        letter_sources.register()
        from deadlines.reminders import register_digest_section
        from permits.digest import assigned_sections

        register_digest_section(assigned_sections)
