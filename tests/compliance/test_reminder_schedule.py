"""When reminders fall due (pure rules). Offsets: days before the due date."""

from datetime import date

import pytest

from compliance.reminder_schedule import first_reminder_on, next_reminder_on, reminders_due

DUE = date(2026, 12, 15)
OFFSETS = [30, 14, 7, 1, 0]

REMINDERS_DUE = [
    # (since, today, expected offsets, why)
    (date(2026, 11, 15), date(2026, 11, 15), [30], "Nov 15 is 30 days before Dec 15"),
    (date(2026, 11, 16), date(2026, 11, 30), [], "nothing between the 30- and 14-day marks (Dec 1 is 14 days before)"),
    (date(2026, 12, 1), date(2026, 12, 1), [14], "Dec 1 = Dec 15 - 14"),
    (date(2026, 12, 8), date(2026, 12, 8), [7], "Dec 8 = Dec 15 - 7"),
    (date(2026, 12, 14), date(2026, 12, 14), [1], "the day before"),
    (date(2026, 12, 15), date(2026, 12, 15), [0], "the due day"),
    (date(2026, 12, 1), date(2026, 12, 9), [14, 7], "down Dec 1-8: both missed reminders, once each"),
    (date(2026, 12, 22), date(2026, 12, 22), [-7], "a week overdue (Dec 22)"),
    (date(2026, 12, 8), date(2026, 12, 23), [7, 1, 0, -7], "down two weeks: missed 7/1/0 and the latest overdue"),
    (date(2026, 12, 22), date(2027, 1, 6), [-21], "down 15 days while overdue: only the latest step (Jan 5 = +21)"),
    (date(2026, 12, 16), date(2026, 12, 21), [], "overdue but before the first weekly step"),
    (None, date(2026, 12, 21), [], "no reminder left"),
]


@pytest.mark.parametrize(("since", "today", "expected", "why"), REMINDERS_DUE, ids=[r[3] for r in REMINDERS_DUE])
def test_reminders_due(since, today, expected, why):
    assert reminders_due(due_date=DUE, offsets=OFFSETS, overdue_every=7, since=since, today=today) == expected


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (date(2026, 11, 1), date(2026, 11, 15)),  # before everything: the 30-day mark
        (date(2026, 11, 15), date(2026, 12, 1)),  # after the 30-day mark: the 14-day mark
        (date(2026, 12, 14), date(2026, 12, 15)),  # the due day
        (date(2026, 12, 15), date(2026, 12, 22)),  # then weekly overdue: +7
        (date(2026, 12, 22), date(2026, 12, 29)),  # +14
        (date(2026, 12, 25), date(2026, 12, 29)),  # mid-week: the next weekly step
    ],
)
def test_next_reminder_on(after, expected):
    assert next_reminder_on(due_date=DUE, offsets=OFFSETS, overdue_every=7, after=after) == expected


def test_no_overdue_reminders_when_the_rule_has_none():
    assert next_reminder_on(due_date=DUE, offsets=OFFSETS, overdue_every=0, after=DUE) is None


def test_a_new_deadline_does_not_get_reminders_that_predate_it():
    # Created Dec 10 for Dec 15: the 30/14/7-day marks never applied; first is Dec 14.
    assert first_reminder_on(due_date=DUE, offsets=OFFSETS, overdue_every=7, today=date(2026, 12, 10)) == date(
        2026, 12, 14
    )
    # Created on a reminder day: that day counts.
    assert first_reminder_on(due_date=DUE, offsets=OFFSETS, overdue_every=7, today=date(2026, 12, 8)) == date(
        2026, 12, 8
    )
