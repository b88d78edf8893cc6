from datetime import date

from accounts.management.base import SystemCommand
from deadlines import reminders


class Command(SystemCommand):
    help = (
        "Run the reminder sweep now: plan every reminder due up to today, then send the digests "
        "(with --send-only: send only what an earlier run left: pending, failed or stale claims)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="sweep as of this date (YYYY-MM-DD)")
        parser.add_argument(
            "--send-only", action="store_true", help="plan nothing; send what a failed or crashed run left"
        )

    def handle(self, *args, today=None, send_only=False, **options):
        result = reminders.sweep(today=today, mode="send" if send_only else "full")
        if result.skipped:
            self.stdout.write("Another reminder sweep is running: this one skipped (that sweep sends the digests).")
            return
        self.stdout.write(
            f"{result.deadlines} deadlines with reminders due; {result.planned} reminders planned; "
            f"{result.sent} sent in {result.emails} emails; {result.failed} failed (retried next sweep); "
            f"{result.cancelled} cancelled (deadline closed)."
        )
