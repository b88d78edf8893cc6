"""When reminders fall due: pure functions, no ORM.

An offset is a whole number of days before the due date: 30 means "30 days
before", 0 the due day itself, and a negative number an overdue reminder
(-7: a week late). Pre-due offsets come from the rule's list; overdue ones
repeat every `overdue_every` days while the deadline stays open.

Catch-up (../shared/domain.md, "What peers teach"): a sweep looks at every
reminder day from the last one it planned up to today, never at "exactly N
days from today", so a sweep after days of downtime still finds what it
missed. Each missed pre-due reminder is planned once; of the overdue
reminders only the latest is planned (five copies of "overdue" tell nobody
anything new).
"""

from datetime import timedelta


def reminder_day(due_date, offset):
    return due_date - timedelta(days=offset)


def reminders_due(*, due_date, offsets, overdue_every, since, today):
    """Offsets whose reminder day falls in [since, today], most urgent last.

    `since` is the first day not yet planned (the deadline's next_reminder_on).
    """
    if since is None or since > today:
        return []
    due = sorted(
        {offset for offset in offsets if offset >= 0 and since <= reminder_day(due_date, offset) <= today},
        reverse=True,
    )
    if overdue_every and today > due_date:
        steps = (today - due_date).days // overdue_every
        if steps:
            latest = -steps * overdue_every
            if reminder_day(due_date, latest) >= since:
                due.append(latest)
    return due


def next_reminder_on(*, due_date, offsets, overdue_every, after):
    """The first reminder day strictly after `after`, or None when none is left."""
    days = [reminder_day(due_date, offset) for offset in offsets if offset >= 0]
    candidates = [day for day in days if day > after]
    if overdue_every:
        if after < due_date + timedelta(days=overdue_every):
            candidates.append(due_date + timedelta(days=overdue_every))
        else:
            steps = (after - due_date).days // overdue_every + 1
            candidates.append(due_date + timedelta(days=steps * overdue_every))
    return min(candidates) if candidates else None


def first_reminder_on(*, due_date, offsets, overdue_every, today):
    """For a new (or re-dated) deadline: the first reminder day on or after today.

    Reminder days already past when the deadline is created were not missed,
    they never applied, so they are not sent.
    """
    return next_reminder_on(
        due_date=due_date, offsets=offsets, overdue_every=overdue_every, after=today - timedelta(days=1)
    )


def describe_offset(offset):
    if offset > 1:
        return f"due in {offset} days"
    if offset == 1:
        return "due tomorrow"
    if offset == 0:
        return "due today"
    return f"overdue by {-offset} day{'s' if offset != -1 else ''}"
