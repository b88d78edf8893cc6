from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings

from accounts.audit import system_user
from accounts.management.base import SystemCommand

# Each app that has demo data exposes demo.load(actor); order matters.
DEMO_APPS = ["accounts", "franchise", "permits", "compliance", "portal", "letters"]


class Command(SystemCommand):
    help = "Load the illustrative demo data and demo users (idempotent), then print the logins."

    def handle(self, *args, **options):
        actor = system_user()
        logins = []
        # The demo's filings and messages would e-mail the demo carriers and staff: nobody is mailed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            for app in DEMO_APPS:
                if find_spec(f"{app}.demo") is None:
                    continue
                result = import_module(f"{app}.demo").load(actor)
                if app == "accounts":
                    logins = result
        self.stdout.write(self.style.SUCCESS("Demo data loaded (illustrative, not real records of the City)."))
        self.stdout.write(f"Demo logins (kept in {settings.VAR_DIR / 'demo-logins.json'}):")
        self.stdout.write(f"  {'username':<12} {'password':<20} {'TOTP secret':<34} role")
        for username, password, role, secret in logins:
            self.stdout.write(f"  {username:<12} {password:<20} {secret:<34} {role}")
        self.stdout.write(
            "Every account signs in with a second factor: add the TOTP secret to an authenticator app,\n"
            "or print the current 6-digit code with:  bin/manage totp <username>"
        )
