from django_q.models import Schedule

from accounts.management.base import SystemCommand
from compliance.schedules import SCHEDULES


class Command(SystemCommand):
    help = "Create or update the django-q2 schedules (idempotent: one row per name)."

    def handle(self, *args, **options):
        for name, func, schedule_type, extra in SCHEDULES:
            _, created = Schedule.objects.update_or_create(
                name=name, defaults={"func": func, "schedule_type": schedule_type, **extra}
            )
            self.stdout.write(f"{'Created' if created else 'Updated'} schedule {name!r}.")
        if not SCHEDULES:
            self.stdout.write("No schedules to create.")
