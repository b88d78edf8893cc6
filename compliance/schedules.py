"""The django-q2 schedules Conduit needs, created by `manage.py setup_schedules`
(never in AppConfig.ready(): that would run on every process start)."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_q.models import Schedule


def next_local(at):
    """The next occurrence of local time `at` (America/New_York), aware."""
    now = timezone.localtime()
    run = timezone.make_aware(datetime.combine(now.date(), at))
    if run <= now:
        run = timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), at))
    return run


def schedules():
    """(name, task, schedule type, extra fields). Daily schedules keep their
    local hour across daylight-saving changes (django-q2 corrects for DST)."""
    return [
        (
            "Deadline reminder sweep",
            "compliance.reminders.scheduled_sweep",
            Schedule.DAILY,
            {"next_run": next_local(time(7, 0)), "repeats": -1},
        ),
        (
            "Letter work watchdog",
            "compliance.letters.tasks.recover_jobs",
            Schedule.MINUTES,
            {"minutes": 5, "next_run": timezone.now(), "repeats": -1},
        ),
    ]
