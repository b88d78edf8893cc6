from django.apps import AppConfig


class FranchiseConfig(AppConfig):
    name = "franchise"
    verbose_name = "Cable licenses"

    def ready(self):
        from franchise import search_index

        search_index.register()
        from franchise import letter_sources

        letter_sources.register()
