from django.apps import AppConfig


class CityOIDCConfig(AppConfig):
    name = "accounts.cityoidc"
    label = "cityoidc"
    verbose_name = "City single sign-on (OpenID Connect)"
