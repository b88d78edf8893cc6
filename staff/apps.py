from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The City's home page and history pages, and the commands that compose
    every app (demo data, the scale seed, the scheduled jobs)."""

    name = "staff"
    verbose_name = "Staff home"
