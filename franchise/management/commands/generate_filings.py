from datetime import date

from django.core.management.base import CommandError

from accounts.audit import system_user
from accounts.management.base import SystemCommand
from franchise import recurrence, services
from franchise.models import License


class Command(SystemCommand):
    help = (
        "Generate license filings from each obligation's rule, from the license's effective date to "
        f"{recurrence.DEFAULT_HORIZON_MONTHS} months ahead (idempotent; future open filings follow rule edits, "
        "nothing received or past due is touched). Run daily. Recorded as the system user."
    )

    def add_arguments(self, parser):
        parser.add_argument("--license", type=int, help="Only this license (id).")
        parser.add_argument(
            "--horizon-months", type=int, default=recurrence.DEFAULT_HORIZON_MONTHS, help="How far ahead (months)."
        )
        parser.add_argument("--today", type=date.fromisoformat, help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, license=None, horizon_months, today=None, **options):
        if horizon_months < recurrence.DEFAULT_HORIZON_MONTHS:
            raise CommandError(f"The horizon must be at least {recurrence.DEFAULT_HORIZON_MONTHS} months.")
        target = None
        if license is not None:
            target = License.objects.filter(pk=license).first()
            if target is None:
                raise CommandError(f"No license with id {license}.")
        result = services.filings_generate_all(
            actor=system_user(), today=today, license=target, horizon_months=horizon_months
        )
        self.stdout.write(f"Filings: {result}.")
