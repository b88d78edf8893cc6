from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public register of small-cell applications: pages anyone may read without signing in.
    No models; it reads permits' records through its own selectors and shows only what is public."""

    name = "public"
    verbose_name = "Public register"
