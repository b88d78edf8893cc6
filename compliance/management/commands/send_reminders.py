from datetime import date

from accounts.management.base import SystemCommand
from compliance import reminders


class Command(SystemCommand):
    help = "Run the reminder sweep now: plan every reminder due up to today, then send the digests."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="sweep as of this date (YYYY-MM-DD)")

    def handle(self, *args, today=None, **options):
        result = reminders.sweep(today=today)
        self.stdout.write(
            f"{result.deadlines} deadlines with reminders due; {result.planned} reminders planned; "
            f"{result.sent} sent in {result.emails} emails; {result.failed} failed (retried next sweep)."
        )
