from django_q.models import Schedule

from accounts.management.base import SystemCommand
from staff.schedules import schedules


class Command(SystemCommand):
    help = "Create or update the django-q2 schedules (idempotent: one row per name)."

    def handle(self, *args, **options):
        for name, func, schedule_type, extra in schedules():
            schedule = Schedule.objects.filter(name=name).first()
            if schedule is None:
                Schedule.objects.create(name=name, func=func, schedule_type=schedule_type, **extra)
                self.stdout.write(f"Created schedule {name!r}, first run {extra.get('next_run')}.")
            elif schedule.schedule_type != schedule_type:
                # A new cadence (the reminder sweep went from daily to hourly): start it afresh.
                Schedule.objects.filter(pk=schedule.pk).update(
                    func=func, schedule_type=schedule_type, next_run=extra.get("next_run", schedule.next_run)
                )
                self.stdout.write(f"Schedule {name!r} now runs {schedule_type}, first run {extra.get('next_run')}.")
            else:
                # Keep its next run (it may be mid-cycle); bring the task up to date.
                Schedule.objects.filter(pk=schedule.pk).update(func=func)
                self.stdout.write(f"Schedule {name!r} is in place (next run {schedule.next_run}).")
