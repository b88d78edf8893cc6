from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and providers"

    def ready(self):
        from accounts import search_index

        search_index.register()
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import signed_in

        user_logged_in.connect(signed_in, dispatch_uid="accounts-idle-clock")
