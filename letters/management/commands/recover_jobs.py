from accounts.management.base import SystemCommand
from letters.recovery import recover_stalled, stall_limit


class Command(SystemCommand):
    help = (
        "Queue again the letter work a killed worker left behind: letters stuck issuing, emails stuck sending, "
        "bulk jobs that stopped reporting progress. The same watchdog runs every 5 minutes (setup_schedules)."
    )

    def handle(self, *args, **options):
        found = recover_stalled()
        self.stdout.write(f"{found} (stalled means no news for {int(stall_limit().total_seconds())} seconds)")
