"""The django-q2 schedules Conduit needs, created by `manage.py setup_schedules`
(never in AppConfig.ready(): that would run on every process start)."""

from datetime import timedelta

from django.utils import timezone
from django_q.models import Schedule


def next_hour():
    """The next top of the hour, aware (counted in UTC, so a DST change cannot skip or double it)."""
    return timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def schedules():
    """(name, task, schedule type, extra fields). Daily schedules keep their
    local hour across daylight-saving changes (django-q2 corrects for DST).

    The reminder sweep runs hourly, on the hour: the task itself reads the
    local hour (deadlines.reminders.mode_at), so the 07:00 run plans and
    sends what is newly due whatever the season, and the others send what a
    failed or interrupted run left."""
    return [
        (
            "Deadline reminder sweep",
            "deadlines.reminders.scheduled_sweep",
            Schedule.HOURLY,
            {"next_run": next_hour(), "repeats": -1},
        ),
        (
            "Letter work watchdog",
            "letters.tasks.recover_jobs",
            Schedule.MINUTES,
            {"minutes": 5, "next_run": timezone.now(), "repeats": -1},
        ),
        (
            "Export watchdog",
            "core.tasks.recover_exports",
            Schedule.MINUTES,
            {"minutes": 5, "next_run": timezone.now(), "repeats": -1},
        ),
        (
            "Staff home charts",
            "staff.tasks.refresh_home_charts",
            Schedule.MINUTES,
            {"minutes": 15, "next_run": timezone.now(), "repeats": -1},
        ),
        (
            "Old exports clean-up",
            "core.tasks.purge_exports",
            Schedule.DAILY,
            {"next_run": next_hour(), "repeats": -1},
        ),
    ]
