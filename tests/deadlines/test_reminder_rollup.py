"""The weekly "Still overdue" roll-up: a long-missed deadline stops costing the sweep."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from deadlines import reminder_schedule, reminders
from deadlines.models import Deadline, ReminderDelivery, ReminderRollup
from deadlines.sync import deadline_close
from tests.deadlines.factories import DeadlineFactory
from tests.factories import ProviderContactFactory

BOSTON = ZoneInfo("America/New_York")
MONDAY = date(2027, 1, 4)  # a roll-up day


def at(day, hour=7):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0, tzinfo=BOSTON), tick=False)


# Due Mon Dec 1 2025, daily 7, every 7 (the default rule). The last reminder of its own is the
# escalated repeat 14 days late; from the day after it the deadline is long overdue, and the
# first roll-up that lists it is the first Monday on or after that day.
BOUNDARY = [
    # (due, daily, every, last own reminder, first long-overdue day, first roll-up, worked out)
    (
        date(2025, 12, 1),
        7,
        7,
        date(2025, 12, 15),
        date(2025, 12, 16),
        date(2025, 12, 22),
        "daily Dec 2..8, escalated Dec 15 (+14); long overdue Tue Dec 16; roll-up from Mon Dec 22",
    ),
    (
        date(2025, 12, 1),
        7,
        0,
        date(2025, 12, 8),
        date(2025, 12, 9),
        date(2025, 12, 15),
        "no sparse repeat: the last daily is Dec 8 (+7); long overdue Tue Dec 9; roll-up Mon Dec 15",
    ),
    (
        date(2025, 12, 1),
        0,
        7,
        date(2025, 12, 8),
        date(2025, 12, 9),
        date(2025, 12, 15),
        "no daily ones: the one repeat Dec 8 (+7, escalated); Tue Dec 9; roll-up Mon Dec 15",
    ),
    (
        date(2025, 12, 3),
        7,
        7,
        date(2025, 12, 17),
        date(2025, 12, 18),
        date(2025, 12, 22),
        "due Wed Dec 3: escalated Wed Dec 17 (+14); Thu Dec 18; the next Monday is Dec 22",
    ),
    (
        date(2025, 12, 7),
        7,
        7,
        date(2025, 12, 21),
        date(2025, 12, 22),
        date(2025, 12, 22),
        "due Sun Dec 7: escalated Sun Dec 21; long overdue Mon Dec 22, a roll-up day itself",
    ),
    (
        date(2025, 12, 1),
        0,
        0,
        date(2025, 12, 1),
        date(2025, 12, 2),
        date(2025, 12, 8),
        "no overdue reminders at all: long overdue the day after the due day; roll-up Mon Dec 8",
    ),
]


@pytest.mark.parametrize(("due", "daily", "every", "last", "first_late", "first_rollup", "why"), BOUNDARY,
                         ids=[row[6] for row in BOUNDARY])  # fmt: skip
def test_long_overdue_boundary(due, daily, every, last, first_late, first_rollup, why):
    cadence = {"overdue_daily": daily, "overdue_every": every}
    assert due + timedelta(days=reminder_schedule.last_reminder_late_days(**cadence)) == last
    assert not reminder_schedule.is_long_overdue(due_date=due, today=last, **cadence)
    assert reminder_schedule.is_long_overdue(due_date=due, today=first_late, **cadence)
    assert reminder_schedule.first_rollup_on(due_date=due, **cadence) == first_rollup
    assert reminder_schedule.is_rollup_day(first_rollup)
    # The query form agrees: due dates before this day are long overdue on first_late.
    assert reminder_schedule.long_overdue_due_before(today=first_late, **cadence) > due
    assert reminder_schedule.long_overdue_due_before(today=last, **cadence) == due
    # After its last reminder of its own, nothing more is planned for it.
    after = reminder_schedule.next_reminder_on(due_date=due, offsets=[0], after=last, **cadence)
    assert after is None


def test_the_roll_up_week_is_the_monday_of_the_iso_week():
    # Mon Jan 4 2027 .. Sun Jan 10 all belong to the week of Jan 4; Sun Jan 3 to Dec 28.
    assert {reminder_schedule.rollup_week(MONDAY + timedelta(days=n)) for n in range(7)} == {MONDAY}
    assert reminder_schedule.rollup_week(date(2027, 1, 3)) == date(2026, 12, 28)


def clock(owner, provider, due, **fields):
    fields.setdefault("next_reminder_on", None)
    return DeadlineFactory(
        kind=Deadline.Kind.SHOT_CLOCK,
        due_date=due,
        owner=owner,
        provider=provider,
        provider_facing=False,
        title=f"Shot clock due {due}",
        **fields,
    )


def test_a_long_missed_clock_gets_no_reminder_after_its_escalated_repeat_but_is_in_mondays_roll_up_once(
    db, staff, legal, crown_castle
):
    # Due Tue Dec 1 2026 (created that day): daily Dec 2..8, escalated Tue Dec 15 (to Legal too),
    # long overdue from Dec 16, so the first roll-up is Mon Dec 21.
    with at(date(2026, 12, 1)):
        missed = clock(staff, crown_castle, date(2026, 12, 1), next_reminder_on=date(2026, 12, 2))
    emailed = {}
    for day in (date(2026, 12, 2) + timedelta(days=n) for n in range(27)):
        mail.outbox.clear()
        with at(day):
            reminders.sweep()
        if mail.outbox:
            emailed[day] = mail.outbox[:]
    own = sorted(set(ReminderDelivery.objects.filter(deadline=missed).values_list("offset", flat=True)))
    assert own == [-14, -7, -6, -5, -4, -3, -2, -1]  # nothing after the escalated -14
    missed.refresh_from_db()
    assert missed.next_reminder_on is None and missed.state == Deadline.State.OPEN
    rollup_days = [day for day, sent in emailed.items() if "Still overdue" in sent[0].body]
    assert rollup_days == [date(2026, 12, 21), date(2026, 12, 28)]  # once a week, on Mondays
    monday = emailed[date(2026, 12, 21)]
    assert sorted(m.to[0] for m in monday) == ["legal@example.test", "staff@example.test"]
    assert all("MISSED — decide now" in m.body and "Shot clock due 2026-12-01" in m.body for m in monday)
    assert all("MISSED, decide now" in m.subject for m in monday)
    # A rerun, and the later hourly runs of that Monday, send nothing more.
    for hour in (7, 8, 12):
        mail.outbox.clear()
        with at(date(2026, 12, 21), hour):
            reminders.sweep(mode=reminders.mode_at(datetime(2026, 12, 21, hour, tzinfo=BOSTON)))
        assert mail.outbox == []
    assert ReminderRollup.objects.filter(week=date(2026, 12, 21), status=ReminderRollup.Status.SENT).count() == 2


def test_the_roll_up_lists_missed_clocks_first_and_at_most_n_with_the_true_count(db, staff, legal, comcast):
    for n in range(reminders.ROLLUP_LIMIT + 5):  # 25 filings long overdue, older than the clocks
        DeadlineFactory(owner=staff, provider=comcast, due_date=date(2026, 6, 1) + timedelta(days=n))
    for n in range(3):
        clock(staff, comcast, date(2026, 11, 1) + timedelta(days=n))
    with at(MONDAY):
        reminders.sweep()
    body = next(m.body for m in mail.outbox if m.to == ["staff@example.test"])
    section = body.split("Still overdue:", 1)[1]
    assert section.startswith(" 28 deadlines")
    assert "(3 missed shot clocks, listed first)" in section
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(lines) == reminders.ROLLUP_LIMIT
    assert all("MISSED — decide now" in line for line in lines[:3])
    assert "MISSED" not in lines[3] and "Jun 1, 2026" in lines[3]  # then the oldest
    assert "... and 8 more." in section
    assert "/deadlines/?state=open&due_before=" in section


def test_a_providers_roll_up_holds_only_its_own_provider_facing_deadlines(db, staff, comcast, verizon):
    ProviderContactFactory(provider=comcast, email="fees@comcast.example")
    ProviderContactFactory(provider=verizon, email="fees@verizon.example")
    DeadlineFactory(owner=staff, provider=comcast, due_date=date(2026, 9, 1), title="Comcast late report")
    DeadlineFactory(
        owner=staff, provider=comcast, due_date=date(2026, 9, 2), title="Comcast internal", provider_facing=False
    )
    DeadlineFactory(owner=staff, provider=verizon, due_date=date(2026, 9, 3), title="Verizon late report")
    with at(MONDAY):
        reminders.sweep()
    comcast_mail = [m for m in mail.outbox if m.to == ["fees@comcast.example"]]
    assert len(comcast_mail) == 1
    body = comcast_mail[0].body
    assert "Still overdue: 1 deadline of Comcast" in body and "Comcast late report" in body
    assert "Comcast internal" not in body and "Verizon" not in body
    staff_body = next(m.body for m in mail.outbox if m.to == ["staff@example.test"])
    assert "Still overdue: 3 deadlines" in staff_body


def test_a_closed_deadline_leaves_the_roll_up(db, staff, comcast):
    report = DeadlineFactory(owner=staff, provider=comcast, source_id=comcast.pk, due_date=date(2026, 9, 1))
    DeadlineFactory(owner=staff, provider=comcast, due_date=date(2026, 9, 2), title="Still late")
    with at(date(2026, 12, 28)):
        reminders.sweep()
    assert "Still overdue: 2 deadlines" in mail.outbox[0].body
    with at(date(2026, 12, 30)):
        deadline_close(source=comcast, key=report.source_key)
    mail.outbox.clear()
    with at(MONDAY):
        reminders.sweep()
    assert "Still overdue: 1 deadline past" in mail.outbox[0].body
    assert report.title not in mail.outbox[0].body


def test_a_roll_up_whose_send_crashed_goes_out_with_the_next_hourly_run(db, staff, comcast, settings):
    DeadlineFactory(owner=staff, provider=comcast, due_date=date(2026, 9, 1))
    settings.EMAIL_BACKEND = "tests.deadlines.failing_backend.FailingBackend"
    with at(MONDAY):
        reminders.sweep()
    assert ReminderRollup.objects.get(recipient_email="staff@example.test").status == ReminderRollup.Status.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with at(MONDAY, 8):
        reminders.sweep(mode="catch_up")
    assert [m.to for m in mail.outbox] == [["staff@example.test"]]
    rollup = ReminderRollup.objects.get(recipient_email="staff@example.test")
    assert rollup.status == ReminderRollup.Status.SENT and rollup.listed == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == rollup.message_id


def test_the_roll_up_shares_the_mornings_digest_and_its_message_id(db, staff, comcast):
    DeadlineFactory(owner=staff, provider=comcast, due_date=date(2026, 9, 1), title="Long late")
    due_today = DeadlineFactory(
        owner=staff, provider=comcast, due_date=MONDAY, next_reminder_on=MONDAY, title="Due today"
    )
    with at(MONDAY):
        reminders.sweep()
    staff_mail = [m for m in mail.outbox if m.to == ["staff@example.test"]]
    assert len(staff_mail) == 1
    body = staff_mail[0].body
    assert body.index("Due today") < body.index("Still overdue:") < body.index("Long late")
    delivery = ReminderDelivery.objects.get(deadline=due_today, recipient_email="staff@example.test")
    rollup = ReminderRollup.objects.get(recipient_email="staff@example.test")
    assert delivery.message_id == rollup.message_id == staff_mail[0].extra_headers["Message-ID"]


def seed_backlog(size, owner, provider, legal_user):
    Deadline.objects.bulk_create(
        [
            Deadline(
                kind=Deadline.Kind.SHOT_CLOCK if n % 2 else Deadline.Kind.FILING,
                title=f"Backlog {size}-{n}",
                due_date=date(2025, 1, 1) + timedelta(days=n % 500),
                owner=owner if n % 3 else legal_user,
                provider=provider,
                provider_facing=bool(n % 2 == 0),
                source_key=f"b{size}-{n}",
            )
            for n in range(size)
        ]
    )


@pytest.mark.parametrize("size", [30, 300])
def test_the_roll_up_query_count_does_not_grow_with_the_backlog(
    db, staff, legal, comcast, size, django_assert_max_num_queries
):
    ProviderContactFactory(provider=comcast, email="fees@comcast.example")
    seed_backlog(size, staff, comcast, legal)
    # The same at 30 and 300: a few queries per recipient (3 here) and per phase, none per deadline.
    with at(MONDAY), django_assert_max_num_queries(50):
        result = reminders.sweep()
    assert result.rollups == 3  # staff, legal, the Comcast contact
    assert len(mail.outbox) == 3
    # A later run the same week: one lookup finds the week planned.
    with at(MONDAY + timedelta(days=1)), django_assert_max_num_queries(25):
        reminders.sweep()
