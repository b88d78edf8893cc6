"""The hourly sweep: stale claims taken back after the task timeout, what each
hour's run does, one digest per recipient, stable Message-IDs, escalation."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.roles import LEGAL
from deadlines import reminders
from deadlines.models import Deadline, ReminderDelivery, ReminderRule
from deadlines.sync import deadline_sync
from tests.factories import ProviderContactFactory

BOSTON = ZoneInfo("America/New_York")
DUE = date(2026, 12, 15)
REMINDER_DAY = date(2026, 11, 15)  # 30 days before Dec 15


def at(day, hour=7, minute=0):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, minute, tzinfo=BOSTON), tick=False)


def make_report(source, key, staff, *, due=DUE, kind=Deadline.Kind.FILING, created=date(2026, 11, 1), hour=7):
    with at(created, hour):
        return deadline_sync(
            source=source,
            key=key,
            kind=kind,
            title=f"Report {key}",
            due_date=due,
            provider=source,
            owner=staff,
            provider_facing=True,
        )


@pytest.fixture
def report(db, staff, comcast):
    ProviderContactFactory(provider=comcast, email="fees@comcast.example")
    return make_report(comcast, "q3", staff)


def crash_after_claiming(day, hour=7):
    """What a worker killed mid-send leaves: rows claimed as "sending"."""
    with at(day, hour):
        reminders.plan()
        reminders._claim_deliveries(timezone.now(), reminders.SweepResult())
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {"sending"}


def test_the_stale_claim_window_is_the_task_timeout_plus_five_minutes(settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 300}
    assert reminders.stale_claim_after() == timedelta(minutes=10)
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 1200}
    assert reminders.stale_claim_after() == timedelta(minutes=25)


def test_a_crashed_sweeps_claims_are_sent_by_the_next_hourly_run_not_before_the_timeout(report):
    crash_after_claiming(REMINDER_DAY)
    mail.outbox.clear()
    # 07:09, nine minutes later: the claim may still be a live worker (timeout 300 s + 5 min).
    with at(REMINDER_DAY, 7, 9):
        assert reminders.sweep(mode="send").emails == 0
    # 08:00, the next hourly run: the claim is stale and is taken back.
    with at(REMINDER_DAY, 8):
        result = reminders.scheduled_sweep()
    assert "2 sent" in result
    assert sorted(m.to[0] for m in mail.outbox) == ["fees@comcast.example", "staff@example.test"]
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_resent_digest_carries_the_message_id_recorded_before_the_crash(report, settings):
    settings.SITE_URL = "https://conduit.boston.example"
    crash_after_claiming(REMINDER_DAY)
    recorded = ReminderDelivery.objects.get(recipient_email="staff@example.test").message_id
    assert recorded.startswith("<reminders.") and recorded.endswith("@conduit.boston.example>")
    mail.outbox.clear()
    with at(REMINDER_DAY, 8):
        reminders.sweep(mode="send")
    digest = next(m for m in mail.outbox if m.to == ["staff@example.test"])
    assert digest.extra_headers["Message-ID"] == recorded
    assert digest.message()["Message-ID"] == recorded


def test_the_message_id_is_derived_from_the_rows_and_the_recipient():
    one = reminders.message_id([3, 1, 2], "Staff@Example.test")
    assert one == reminders.message_id([1, 2, 3], "staff@example.test")  # order and case do not matter
    assert one != reminders.message_id([1, 2, 4], "staff@example.test")
    assert one != reminders.message_id([1, 2, 3], "legal@example.test")


def test_runs_before_seven_only_send_what_was_left(report):
    with at(REMINDER_DAY, 3):
        assert reminders.mode_at(timezone.now()) == "send"
        result = reminders.scheduled_sweep()
    assert result.startswith("0 planned, 0 sent")
    report.refresh_from_db()
    assert report.next_reminder_on == REMINDER_DAY  # left for 07:00
    with at(REMINDER_DAY, 7):
        assert reminders.mode_at(timezone.now()) == "full"
        assert reminders.scheduled_sweep().startswith("2 planned, 2 sent")


def test_runs_after_seven_plan_only_what_a_crashed_morning_run_left(report, staff, comcast):
    # A deadline created at 10:00 on the reminder day is newly due: the next 07:00 run sends it.
    late = make_report(comcast, "late", staff, due=REMINDER_DAY + timedelta(days=30), created=REMINDER_DAY, hour=10)
    assert late.next_reminder_on == REMINDER_DAY
    # The 07:00 run crashed before planning anything; the 11:00 run plans what it should have.
    mail.outbox.clear()
    with at(REMINDER_DAY, 11):
        assert reminders.mode_at(timezone.now()) == "catch_up"
        reminders.scheduled_sweep()
    assert set(ReminderDelivery.objects.values_list("deadline_id", flat=True)) == {report.pk}
    late.refresh_from_db()
    assert late.next_reminder_on == REMINDER_DAY  # newly due at 10:00: left for the 07:00 run
    with at(REMINDER_DAY + timedelta(days=1), 7):
        reminders.scheduled_sweep()
    assert ReminderDelivery.objects.filter(deadline=late, offset=30).count() == 2


def test_a_second_sweep_finds_none_of_a_recipients_claimed_rows(db, staff, comcast):
    for n in range(5):
        make_report(comcast, f"r{n}", staff)
    with at(REMINDER_DAY):
        reminders.plan()
        first = reminders.SweepResult()
        claim = reminders._claim_deliveries(timezone.now(), first)
        # A second sweep starting now claims nothing: all five rows of the recipient are taken.
        mail.outbox.clear()
        assert reminders.send().emails == 0
    assert ReminderDelivery.objects.filter(claim=claim).count() == 5
    assert len(set(ReminderDelivery.objects.values_list("message_id", flat=True))) == 1


def test_each_recipient_gets_one_digest_per_run(db, staff, comcast, verizon):
    for n in range(30):
        make_report(comcast if n % 2 else verizon, f"d{n}", staff)
    mail.outbox.clear()
    with at(REMINDER_DAY):
        result = reminders.sweep()
    assert result.emails == len(mail.outbox) == 1
    assert mail.outbox[0].to == ["staff@example.test"]


def test_an_overdue_deadline_escalates_to_the_rules_role_from_the_first_weekly_reminder(db, staff, legal, comcast):
    ReminderRule.objects.filter(kind=Deadline.Kind.FILING).update(escalate_to=LEGAL)
    # Due Tue Dec 1: daily Dec 2..8 to the owner, one escalated repeat Dec 15 to the owner and
    # Legal; then no reminder of its own: the Monday roll-up (Dec 16 on -> Mon Dec 21) lists it.
    report = make_report(comcast, "late", staff, due=date(2026, 12, 1), created=date(2026, 12, 1))
    to = {}
    for day in (date(2026, 12, 1) + timedelta(days=n) for n in range(1, 22)):
        mail.outbox.clear()
        with at(day):
            reminders.sweep()
        if mail.outbox:
            to[day] = sorted(m.to[0] for m in mail.outbox)
    daily = {date(2026, 12, 2) + timedelta(days=n) for n in range(7)}
    assert set(to) == daily | {date(2026, 12, 15), date(2026, 12, 21)}
    assert all(to[day] == ["staff@example.test"] for day in daily)
    assert to[date(2026, 12, 15)] == to[date(2026, 12, 21)] == ["legal@example.test", "staff@example.test"]
    assert report.deliveries.filter(recipient_email="legal@example.test").count() == 1


def test_a_missed_shot_clock_is_no_longer_reminded_every_day(db, staff, crown_castle):
    clock = make_report(crown_castle, "shot_clock", staff, due=date(2026, 12, 1), kind=Deadline.Kind.SHOT_CLOCK)
    clock.refresh_from_db()
    days = []
    for day in (date(2027, 3, 1) + timedelta(days=n) for n in range(14)):
        Deadline.objects.filter(pk=clock.pk, next_reminder_on__lt=day - timedelta(days=1)).update(
            next_reminder_on=day
        )  # as if every earlier day had been swept
        with at(day):
            if reminders.plan().planned:
                days.append(day)
    # Mar 1 is Dec 1 + 90, long past its escalated repeat (Dec 15): no reminder of its
    # own any more (it was weekly for ever before the roll-up); the Monday roll-up lists it.
    assert days == []
