import time

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User


class Command(BaseCommand):
    help = "Print a user's current TOTP code (for the demo logins, or a test install). Needs the database key."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        from allauth.mfa import app_settings
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
        from allauth.mfa.utils import decrypt

        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is None:
            raise CommandError(f"{username} has no authenticator app set up yet; they enrol at their next sign-in.")
        period = app_settings.TOTP_PERIOD
        now = int(time.time())
        code = format_hotp_value(hotp_value(decrypt(totp.data["secret"]), now // period))
        self.stdout.write(f"{code}  (valid for {period - now % period} more seconds)")
