from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = "Compliance letters"

    def ready(self):
        from letters import search_index

        search_index.register()
        from core.backup import restored
        from letters.backup import check_after_restore

        restored.connect(check_after_restore, dispatch_uid="letters.backup.check_after_restore")
