"""The reminder sweep, with time frozen and the job called directly."""

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections

from accounts.roles import STAFF
from deadlines import reminders
from deadlines.models import Deadline, ReminderDelivery
from deadlines.sync import deadline_close, deadline_sync
from tests.deadlines.factories import DeadlineFactory
from tests.factories import ProviderContactFactory, UserFactory

BOSTON = ZoneInfo("America/New_York")
DUE = date(2026, 12, 15)


def at_seven(day):
    return time_machine.travel(datetime(day.year, day.month, day.day, 7, 0, tzinfo=BOSTON), tick=False)


@pytest.fixture
def filing_deadline(db, staff, comcast):
    """A Comcast report due Dec 15, owned by staff, created on Nov 1."""
    ProviderContactFactory(provider=comcast, email="fees@comcast.example")
    with at_seven(date(2026, 11, 1)):
        return deadline_sync(
            source=comcast,
            key="q3-report",
            kind=Deadline.Kind.FILING,
            title="Comcast Q3 gross revenue report",
            due_date=DUE,
            provider=comcast,
            owner=staff,
            provider_facing=True,
            citation="License s.7.3",
        )


def sweep_on(day):
    mail.outbox.clear()
    with at_seven(day):
        return reminders.sweep()


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_reminder_goes_out_at_each_offset_and_on_no_other_day(filing_deadline):
    sent_on = {}
    day = date(2026, 11, 1)
    while day <= DUE:
        result = sweep_on(day)
        if result.emails:
            sent_on[day] = recipients()
        day += timedelta(days=1)
    # 30, 14, 7, 1 and 0 days before Dec 15, each to the owner and the provider's contact.
    assert list(sent_on) == [date(2026, 11, 15), date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 14), DUE]
    assert all(r == ["fees@comcast.example", "staff@example.test"] for r in sent_on.values())


def test_nothing_is_sent_once_the_deadline_is_satisfied(filing_deadline, comcast):
    assert sweep_on(date(2026, 11, 15)).emails == 2
    deadline_close(source=comcast, key="q3-report")
    for offset in range(29, -30, -1):
        assert sweep_on(DUE - timedelta(days=offset)).emails == 0


def test_catch_up_after_missed_days_sends_each_missed_reminder_once_and_the_overdue_one(filing_deadline):
    sweep_on(date(2026, 11, 15))  # the 30-day reminder, on time
    # The worker is down from Nov 16 until Dec 23 (the 14, 7, 1, 0-day and first overdue reminders fall inside).
    result = sweep_on(date(2026, 12, 23))
    assert result.emails == 2  # one digest per recipient
    offsets = sorted(
        ReminderDelivery.objects.filter(recipient_email="staff@example.test").values_list("offset", flat=True)
    )
    assert offsets == [-7, 0, 1, 7, 14, 30]
    assert "overdue by 7 days" in mail.outbox[0].body
    # A rerun the same day sends nothing more.
    assert sweep_on(date(2026, 12, 23)).emails == 0
    assert ReminderDelivery.objects.count() == 12


def test_overdue_reminders_go_daily_for_a_week_then_once_weekly_then_in_the_monday_roll_up(filing_deadline):
    for day in (date(2026, 11, 15), date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 14), DUE):
        sweep_on(day)
    emailed = [day for day in (DUE + timedelta(days=n) for n in range(1, 22)) if sweep_on(day).emails]
    # Due Tue Dec 15: daily Dec 16..22 (7 days), one escalated repeat Tue Dec 29, then no
    # reminder of its own: long overdue from Dec 30, so the roll-up of Mon Jan 4 lists it.
    daily = [date(2026, 12, 16) + timedelta(days=n) for n in range(7)]
    assert emailed == [*daily, date(2026, 12, 29), date(2027, 1, 4)]


def test_a_failing_mail_server_leaves_the_reminder_pending_and_the_next_sweep_delivers(filing_deadline, settings):
    settings.EMAIL_BACKEND = "tests.deadlines.failing_backend.FailingBackend"
    result = sweep_on(date(2026, 11, 15))
    assert result.failed == 2
    failed = ReminderDelivery.objects.get(recipient_email="staff@example.test")
    assert failed.status == ReminderDelivery.Status.FAILED
    assert "Connection refused" in failed.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    result = sweep_on(date(2026, 11, 16))
    assert result.sent == 2
    failed.refresh_from_db()
    assert failed.status == ReminderDelivery.Status.SENT
    assert failed.attempts == 2


def test_provider_reminders_never_mention_another_provider(db, staff, comcast, verizon):
    ProviderContactFactory(provider=comcast, email="shared-consultant@example.com")
    ProviderContactFactory(provider=verizon, email="shared-consultant@example.com")
    with at_seven(date(2026, 11, 1)):
        deadline_sync(
            source=comcast,
            key="a",
            kind="filing",
            title="Comcast report",
            due_date=DUE,
            provider=comcast,
            owner=staff,
            provider_facing=True,
        )
        deadline_sync(
            source=verizon,
            key="b",
            kind="filing",
            title="Verizon report",
            due_date=DUE,
            provider=verizon,
            owner=staff,
            provider_facing=True,
        )
    sweep_on(date(2026, 11, 15))
    to_consultant = [m for m in mail.outbox if m.to == ["shared-consultant@example.com"]]
    assert len(to_consultant) == 2  # one digest per provider
    for message in to_consultant:
        body = message.body + message.alternatives[0][0]
        assert ("Comcast" in body) != ("Verizon" in body)
    staff_digest = next(m for m in mail.outbox if m.to == ["staff@example.test"])
    assert "Comcast report" in staff_digest.body
    assert "Verizon report" in staff_digest.body


def test_internal_deadlines_do_not_go_to_provider_contacts(db, staff, comcast):
    ProviderContactFactory(provider=comcast, email="fees@comcast.example")
    with at_seven(date(2026, 11, 1)):
        deadline_sync(
            source=comcast,
            key="x",
            kind="renewal",
            title="City must commence ascertainment",
            due_date=DUE,
            provider=comcast,
            owner=staff,
            provider_facing=False,
        )
    sweep_on(date(2026, 11, 15))
    assert "fees@comcast.example" not in recipients()


def test_a_long_digest_lists_fifty_and_links_to_the_rest(db, staff, comcast):
    with at_seven(date(2026, 11, 1)):
        for n in range(60):
            deadline_sync(
                source=comcast,
                key=f"k{n}",
                kind="filing",
                title=f"Report {n}",
                due_date=DUE,
                owner=staff,
                provider=comcast,
            )
    sweep_on(date(2026, 11, 15))
    digest = next(m for m in mail.outbox if m.to == ["staff@example.test"])
    assert digest.body.count("Report ") == 50
    assert "and 10 more" in digest.body
    assert "60 deadlines" in digest.subject


def test_moving_a_due_date_after_reminders_opens_a_new_deadline(filing_deadline, comcast, staff):
    sweep_on(date(2026, 11, 15))
    with at_seven(date(2026, 11, 20)):
        moved = deadline_sync(
            source=comcast,
            key="q3-report",
            kind="filing",
            title="Comcast Q3 report",
            due_date=date(2027, 1, 15),
            provider=comcast,
            owner=staff,
            provider_facing=True,
        )
    filing_deadline.refresh_from_db()
    assert filing_deadline.state == Deadline.State.WAIVED
    assert "superseded" in filing_deadline.title
    assert moved.pk != filing_deadline.pk
    assert sweep_on(date(2026, 12, 16)).emails == 2  # 30 days before Jan 15, for the new date


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweeps_at_once_on_postgresql_send_each_recipient_one_digest(comcast):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (advisory lock, SELECT ... FOR UPDATE SKIP LOCKED); CI runs it there")
    owners = [UserFactory(username=f"owner{n}", email=f"owner{n}@city.example", role=STAFF) for n in range(30)]
    with at_seven(date(2026, 11, 1)):
        for n in range(300):
            DeadlineFactory(
                provider=comcast,
                owner=owners[n % 30],
                due_date=DUE,
                source_key=f"c{n}",
                next_reminder_on=date(2026, 11, 15),
                provider_facing=False,
            )
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            with at_seven(date(2026, 11, 15)):
                results.append(reminders.sweep())
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ReminderDelivery.objects.count() == 300
    assert sum(r.planned for r in results) == 300
    assert sum(r.sent for r in results) == 300
    assert len(mail.outbox) == sum(r.emails for r in results) == 30
    assert sorted(m.to[0] for m in mail.outbox) == sorted(o.email for o in owners)  # one digest each
    assert ReminderDelivery.objects.exclude(status=ReminderDelivery.Status.SENT).count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sweep_that_finds_another_holding_the_lock_skips_and_says_so(filing_deadline, caplog):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (advisory lock)")
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [reminders.ADVISORY_LOCK_KEY])
        result = sweep_on(date(2026, 11, 15))
        assert result.skipped and result.emails == 0
        assert "another sweep holds the lock" in caplog.text
    finally:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [reminders.ADVISORY_LOCK_KEY])
        other.close()
    assert sweep_on(date(2026, 11, 15)).emails == 2  # lock released: the next run sends
