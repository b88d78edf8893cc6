"""The one way Conduit writes a date for people: "Tue, Dec 7, 2026", and an event time
"Tue, Dec 7, 2026, 3:04 p.m." in the City's time zone. Pages use the template filters of the same
names (core/templatetags/conduit.py); messages and labels written in Python use these. Machine
formats (the API, CSV/xlsx cells, <time datetime>, form values) stay ISO 8601."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format

DAY_FORMAT = "D, M j, Y"
MOMENT_FORMAT = "D, M j, Y, g:i a"


def local_day(value):
    """The calendar day of a date, or of a datetime in the City's time zone."""
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def day(value):
    """A date (or the local day of a datetime) as "Tue, Dec 7, 2026"; "" for no value."""
    if not isinstance(value, date):
        return ""
    return date_format(local_day(value), DAY_FORMAT)


def moment(value):
    """An event time in the City's time zone as "Tue, Dec 7, 2026, 3:04 p.m."; a date as `day`."""
    if not isinstance(value, datetime):
        return day(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, MOMENT_FORMAT)


def relative(value, today=None):
    """How far a date is from today, in words: "today", "tomorrow", "in 6 days", "yesterday", "3 days ago"."""
    if not isinstance(value, date):
        return ""
    days = (local_day(value) - local_day(today if isinstance(today, date) else timezone.localdate())).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"
