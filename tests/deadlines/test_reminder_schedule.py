"""When reminders fall due (pure rules). Offsets: days before the due date."""

from datetime import date, timedelta

import pytest

from deadlines.reminder_schedule import first_reminder_on, is_escalated, next_reminder_on, reminders_due

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
        (date(2026, 12, 15), date(2026, 12, 22)),  # then the one escalated repeat: +7
        (date(2026, 12, 22), None),  # after it, none of its own: the weekly roll-up lists it
        (date(2026, 12, 25), None),  # (it was weekly for ever before the roll-up)
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


# Overdue cadence: daily for 7 days, then one repeat 7 days on, escalated; then the roll-up.
# Due Tue Dec 1 2026: daily Dec 2..8 (offsets -1..-7), then Dec 15 (-14), then nothing of its own.
OVERDUE_DUE = date(2026, 12, 1)
NO_OFFSETS = [0]

NEXT_OVERDUE = [
    # (after, daily, every, expected, why)
    (date(2026, 12, 1), 7, 7, date(2026, 12, 2), "the day after the due day: first daily"),
    (date(2026, 12, 4), 7, 7, date(2026, 12, 5), "mid-week: tomorrow (Dec 5 = +4)"),
    (date(2026, 12, 7), 7, 7, date(2026, 12, 8), "Dec 8 = +7, the last daily one"),
    (date(2026, 12, 8), 7, 7, date(2026, 12, 15), "after the daily week: Dec 8 + 7 = Dec 15"),
    (date(2026, 12, 10), 7, 7, date(2026, 12, 15), "between daily and weekly: still Dec 15"),
    (date(2026, 12, 15), 7, 7, None, "after the escalated Dec 15: none of its own (the roll-up lists it)"),
    (date(2027, 3, 1), 7, 7, None, "Mar 1 is +90: long overdue, none of its own"),
    (date(2026, 12, 1), 0, 7, date(2026, 12, 8), "no daily ones: the one repeat 7 days after the due date (Dec 8)"),
    (date(2026, 12, 8), 0, 7, None, "no daily ones: nothing after the Dec 8 repeat"),
    (date(2026, 12, 8), 3, 0, None, "three daily (Dec 2..4), no repeat: nothing after"),
    (date(2026, 12, 3), 3, 0, date(2026, 12, 4), "three daily: Dec 4 is the last"),
    (date(2026, 12, 1), 0, 0, None, "no overdue reminders at all"),
]


@pytest.mark.parametrize(("after", "daily", "every", "expected", "why"), NEXT_OVERDUE, ids=[r[4] for r in NEXT_OVERDUE])
def test_next_overdue_reminder_follows_the_daily_then_weekly_cadence(after, daily, every, expected, why):
    got = next_reminder_on(
        due_date=OVERDUE_DUE, offsets=NO_OFFSETS, overdue_daily=daily, overdue_every=every, after=after
    )
    assert got == expected


OVERDUE_DUE_ROWS = [
    # (since, today, expected offsets, why)
    (date(2026, 12, 2), date(2026, 12, 2), [-1], "Dec 2: one day overdue"),
    (date(2026, 12, 8), date(2026, 12, 8), [-7], "Dec 8: the last daily one"),
    (date(2026, 12, 9), date(2026, 12, 14), [], "Dec 9..14: quiet until the weekly step"),
    (date(2026, 12, 15), date(2026, 12, 15), [-14], "Dec 15: the first weekly, escalated"),
    (date(2026, 12, 3), date(2026, 12, 6), [-5], "down Dec 3..6: only the latest daily (Dec 6 = +5)"),
    (date(2026, 12, 5), date(2026, 12, 20), [-14], "down Dec 5..20: the latest step is Dec 15"),
]


@pytest.mark.parametrize(("since", "today", "expected", "why"), OVERDUE_DUE_ROWS, ids=[r[3] for r in OVERDUE_DUE_ROWS])
def test_overdue_reminders_due_plan_only_the_latest_step(since, today, expected, why):
    got = reminders_due(
        due_date=OVERDUE_DUE, offsets=NO_OFFSETS, overdue_daily=7, overdue_every=7, since=since, today=today
    )
    assert got == expected


@pytest.mark.parametrize(
    ("offset", "daily", "every", "escalated"),
    [
        (-7, 7, 7, False),  # Dec 8: still a daily one
        (-14, 7, 7, True),  # Dec 15: the first weekly repeat escalates
        (-21, 7, 7, True),  # and every one after it
        (0, 7, 7, False),  # the due day
        (-7, 0, 7, True),  # no daily ones: the first weekly repeat (Dec 8) escalates
        (-3, 3, 0, False),  # daily only, no repeat: nothing escalates
    ],
)
def test_escalation_starts_with_the_first_repeat_after_the_daily_ones(offset, daily, every, escalated):
    assert is_escalated(offset, overdue_daily=daily, overdue_every=every) is escalated


def test_a_long_missed_deadline_is_due_on_one_day_in_seven():
    # The cost of a backlog: over 28 days, 90+ days overdue, reminders fall on 4 days.
    due_days = [
        day
        for day in (date(2027, 3, 1) + timedelta(days=n) for n in range(28))
        if reminders_due(
            due_date=OVERDUE_DUE, offsets=NO_OFFSETS, overdue_daily=7, overdue_every=7, since=day, today=day
        )
    ]
    # Steps at Dec 1 + 7 + 7k: +91 = Mar 2, +98 = Mar 9, +105 = Mar 16, +112 = Mar 23.
    assert due_days == [date(2027, 3, 2), date(2027, 3, 9), date(2027, 3, 16), date(2027, 3, 23)]


def test_a_deadline_created_already_overdue_is_reminded_by_the_first_sweep():
    due = date(2025, 12, 1)  # Monday
    # Keyed in on Wed Dec 31, 30 days late. Daily Dec 2..8, then weekly Dec 15, 22, 29: the latest step on or
    # before Dec 31 is Mon Dec 29 (offset -28), planned at once rather than waiting for Jan 5.
    first = first_reminder_on(due_date=due, offsets=[7, 0], overdue_daily=7, overdue_every=7, today=date(2025, 12, 31))
    assert first == date(2025, 12, 29)
    assert reminders_due(
        due_date=due, offsets=[7, 0], overdue_daily=7, overdue_every=7, since=first, today=date(2025, 12, 31)
    ) == [-28]
    # Keyed in on Fri Dec 5, inside the daily week: reminded that day (offset -4).
    assert first_reminder_on(
        due_date=due, offsets=[7, 0], overdue_daily=7, overdue_every=7, today=date(2025, 12, 5)
    ) == date(2025, 12, 5)
    # Not yet due: the next pre-due reminder, as before (Nov 24 = 7 days before).
    assert first_reminder_on(
        due_date=due, offsets=[7, 0], overdue_daily=7, overdue_every=7, today=date(2025, 11, 20)
    ) == date(2025, 11, 24)
