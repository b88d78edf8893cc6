"""When reminders fall due: pure functions, no ORM.

An offset is a whole number of days before the due date: 30 means "30 days
before", 0 the due day itself, and a negative number an overdue reminder
(-7: a week late). Pre-due offsets come from the rule's list.

Overdue cadence: daily for `overdue_daily` days after the due date, then
every `overdue_every` days, while the deadline stays open. From the first of
those sparser repeats the reminder escalates (the rule's `escalate_to` role
hears too): a duty still open after its daily week needs someone who can act
on it, not a seventh identical email. Example, due Mon Dec 1 with 7 and 7:
daily Dec 2..8 (offsets -1..-7), then one escalated repeat Dec 15 (-14).
With `overdue_daily` 0 the one escalated repeat is `overdue_every` days after
the due date (Dec 8); with `overdue_every` 0 there is none and the daily
ones are the last.

Long overdue: after its last per-deadline reminder (the first sparse,
escalated repeat, or the last daily one when there is no sparse repeat) a
deadline gets no more reminders of its own: it stays open on every list, and
instead each person who would hear of it finds it in a weekly "Still
overdue" roll-up, every ROLLUP_WEEKDAY (Monday), until it is decided or
waived. Due Mon Dec 1 with 7 and 7: daily Dec 2..8, escalated Dec 15, then
the roll-up from Mon Dec 22 (Dec 29, ...). A weekly repeat per deadline made
the morning sweep's cost grow with the backlog; one roll-up per person does
not. A missed small-cell shot clock lets the applicant sue within 30 days
(47 U.S.C. 332(c)(7)(B)(v)), so the shot-clock rule escalates to Legal.

Catch-up (what public trackers of similar systems teach): a sweep looks at every
reminder day from the last one it planned up to today, never at "exactly N
days from today", so a sweep after days of downtime still finds what it
missed. Each missed pre-due reminder is planned once; of the overdue
reminders only the latest is planned (five copies of "overdue" tell nobody
anything new).
"""

from datetime import timedelta

ROLLUP_WEEKDAY = 0  # Monday (date.weekday()): the day of the weekly "Still overdue" roll-up


def reminder_day(due_date, offset):
    return due_date - timedelta(days=offset)


def _latest_overdue_on_or_before(due_date, overdue_daily, overdue_every, day):
    """The latest overdue reminder day <= `day`, or None."""
    late = (day - due_date).days
    if late <= 0:
        return None
    if late <= overdue_daily:
        return day
    if not overdue_every:
        return due_date + timedelta(days=overdue_daily) if overdue_daily else None
    steps = (late - overdue_daily) // overdue_every
    if steps:
        return due_date + timedelta(days=overdue_daily + steps * overdue_every)
    return due_date + timedelta(days=overdue_daily) if overdue_daily else None


def _first_overdue_after(due_date, overdue_daily, overdue_every, after):
    """The first overdue reminder day > `after`, or None when the cadence has ended."""
    late = max((after - due_date).days, 0)
    if late < overdue_daily:
        return due_date + timedelta(days=late + 1)
    if not overdue_every or late >= overdue_daily + overdue_every:
        return None  # past the one escalated repeat: the weekly roll-up takes over
    return due_date + timedelta(days=overdue_daily + overdue_every)


def last_reminder_late_days(*, overdue_daily, overdue_every):
    """Days after the due date of a deadline's last reminder of its own: the
    first sparse (escalated) repeat, else the last daily one (0: the due day)."""
    return overdue_daily + overdue_every


def is_long_overdue(*, due_date, today, overdue_daily, overdue_every):
    """True once the deadline's last reminder of its own is behind it (the day
    after it on): from then on it is in the weekly roll-up, not reminded alone."""
    return (today - due_date).days > last_reminder_late_days(overdue_daily=overdue_daily, overdue_every=overdue_every)


def long_overdue_due_before(*, today, overdue_daily, overdue_every):
    """The due dates that are long overdue on `today` are those before this day
    (the query form of is_long_overdue)."""
    return today - timedelta(days=last_reminder_late_days(overdue_daily=overdue_daily, overdue_every=overdue_every))


def is_rollup_day(day):
    return day.weekday() == ROLLUP_WEEKDAY


def rollup_week(day):
    """The roll-up day (Monday) of the ISO week of `day`: the week a roll-up belongs to."""
    return day - timedelta(days=(day.weekday() - ROLLUP_WEEKDAY) % 7)


def first_rollup_on(*, due_date, overdue_daily, overdue_every):
    """The first roll-up day that lists the deadline (if still open then)."""
    first = due_date + timedelta(
        days=last_reminder_late_days(overdue_daily=overdue_daily, overdue_every=overdue_every) + 1
    )
    return first + timedelta(days=(ROLLUP_WEEKDAY - first.weekday()) % 7)


def is_escalated(offset, *, overdue_daily, overdue_every):
    """True from the first sparse overdue repeat on (see the module docstring)."""
    return bool(overdue_every) and -offset > overdue_daily


def reminders_due(*, due_date, offsets, overdue_every, since, today, overdue_daily=0):
    """Offsets whose reminder day falls in [since, today], most urgent last.

    `since` is the first day not yet planned (the deadline's next_reminder_on).
    """
    if since is None or since > today:
        return []
    due = sorted(
        {offset for offset in offsets if offset >= 0 and since <= reminder_day(due_date, offset) <= today},
        reverse=True,
    )
    latest = _latest_overdue_on_or_before(due_date, overdue_daily, overdue_every, today)
    if latest is not None and latest >= since:
        due.append(-(latest - due_date).days)
    return due


def next_reminder_on(*, due_date, offsets, overdue_every, after, overdue_daily=0):
    """The first reminder day strictly after `after`, or None when none is left."""
    days = [reminder_day(due_date, offset) for offset in offsets if offset >= 0]
    candidates = [day for day in days if day > after]
    overdue = _first_overdue_after(due_date, overdue_daily, overdue_every, after)
    if overdue is not None:
        candidates.append(overdue)
    return min(candidates) if candidates else None


def first_reminder_on(*, due_date, offsets, overdue_every, today, overdue_daily=0):
    """For a new (or re-dated) deadline: the first reminder day on or after today.

    Reminder days already past when the deadline is created were not missed,
    they never applied, so they are not sent. A deadline already overdue when
    it is created (a missed shot clock keyed in late, say) is different:
    nobody has heard of it, so its latest overdue step is planned at once
    (the first sweep sends it) and the cadence goes on from there.
    """
    if due_date < today:
        latest = _latest_overdue_on_or_before(due_date, overdue_daily, overdue_every, today)
        if latest is not None:
            return latest
    return next_reminder_on(
        due_date=due_date,
        offsets=offsets,
        overdue_every=overdue_every,
        overdue_daily=overdue_daily,
        after=today - timedelta(days=1),
    )


def describe_offset(offset):
    if offset > 1:
        return f"due in {offset} days"
    if offset == 1:
        return "due tomorrow"
    if offset == 0:
        return "due today"
    return f"overdue by {-offset} day{'s' if offset != -1 else ''}"
