"""A reminder goes out only while its deadline is open: closing, waiving,
removing or superseding a deadline cancels what is pending or failed, and the
send phase re-checks the deadline after claiming."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from deadlines import reminders
from deadlines.models import Deadline, ReminderDelivery
from deadlines.services import deadline_waive
from deadlines.sync import deadline_close, deadline_remove, deadline_sync
from tests.factories import ProviderContactFactory

BOSTON = ZoneInfo("America/New_York")
DUE = date(2026, 12, 15)
FAILING = "tests.deadlines.failing_backend.FailingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def at(day, hour=7):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0, tzinfo=BOSTON), tick=False)


@pytest.fixture
def report(db, staff, comcast):
    """A Comcast report due Dec 15 (30-day reminder Nov 15), owned by staff."""
    ProviderContactFactory(provider=comcast, email="fees@comcast.example")
    with at(date(2026, 11, 1)):
        return deadline_sync(
            source=comcast,
            key="q3-report",
            kind=Deadline.Kind.FILING,
            title="Comcast Q3 gross revenue report",
            due_date=DUE,
            provider=comcast,
            owner=staff,
            provider_facing=True,
        )


def sweep_on(day, hour=7, **kwargs):
    mail.outbox.clear()
    with at(day, hour):
        return reminders.sweep(**kwargs)


def statuses():
    return sorted(ReminderDelivery.objects.values_list("status", flat=True))


def test_a_closed_deadlines_failed_reminder_is_never_sent(report, comcast, settings):
    settings.EMAIL_BACKEND = FAILING
    assert sweep_on(date(2026, 11, 15)).failed == 2  # the mail server is down
    with at(date(2026, 11, 20), hour=10):
        deadline_close(source=comcast, key="q3-report")  # the report arrives
    settings.EMAIL_BACKEND = LOCMEM  # the server is back
    result = sweep_on(date(2026, 11, 21), hour=8)
    assert result.sent == 0
    assert mail.outbox == []
    assert statuses() == ["cancelled", "cancelled"]
    assert set(ReminderDelivery.objects.values_list("cancel_reason", flat=True)) == {"deadline satisfied on 2026-11-20"}


def test_satisfying_a_deadline_cancels_its_pending_reminders_in_the_same_transaction(report, comcast):
    with at(date(2026, 11, 15)):
        reminders.plan()  # planned; the send phase has not run
    assert statuses() == ["pending", "pending"]
    with at(date(2026, 11, 15), hour=7):
        deadline_close(source=comcast, key="q3-report")
    assert statuses() == ["cancelled", "cancelled"]
    assert sweep_on(date(2026, 11, 15), hour=8).emails == 0


def test_sent_reminders_stay_sent_when_the_deadline_closes(report, comcast):
    assert sweep_on(date(2026, 11, 15)).emails == 2
    with at(date(2026, 11, 20)):
        deadline_close(source=comcast, key="q3-report")
    assert statuses() == ["sent", "sent"]


def test_waiving_a_deadline_on_its_page_cancels_its_reminders(report, staff):
    with at(date(2026, 11, 15)):
        reminders.plan()
        deadline_waive(deadline=report, actor=staff, reason="Provider exempt this quarter")
    assert statuses() == ["cancelled", "cancelled"]
    assert ReminderDelivery.objects.first().cancel_reason == "deadline waived on 2026-11-15"


def test_removing_a_deadline_keeps_it_and_its_reminder_records(report, comcast, settings):
    assert sweep_on(date(2026, 11, 15)).emails == 2  # the 30-day reminders, sent
    settings.EMAIL_BACKEND = FAILING
    sweep_on(date(2026, 12, 1))  # the 14-day ones fail
    with at(date(2026, 12, 2)):
        deadline_remove(source=comcast, key="q3-report")
    report.refresh_from_db()
    assert report.state == Deadline.State.WAIVED  # kept for the audit trail, not deleted
    by_offset = dict(
        ReminderDelivery.objects.filter(recipient_email="staff@example.test").values_list("offset", "status")
    )
    assert by_offset == {30: "sent", 14: "cancelled"}
    assert ReminderDelivery.objects.filter(offset=14).first().cancel_reason == "deadline removed on 2026-12-02"


def test_a_moved_due_date_cancels_the_old_deadlines_unsent_reminders(report, comcast, staff, settings):
    settings.EMAIL_BACKEND = FAILING
    sweep_on(date(2026, 11, 15))
    with at(date(2026, 11, 20)):
        deadline_sync(
            source=comcast,
            key="q3-report",
            kind=Deadline.Kind.FILING,
            title="Comcast Q3 gross revenue report",
            due_date=date(2027, 1, 15),
            provider=comcast,
            owner=staff,
            provider_facing=True,
        )
    old = ReminderDelivery.objects.filter(deadline=report)
    assert set(old.values_list("status", flat=True)) == {"cancelled"}
    assert old.first().cancel_reason == "deadline superseded on 2026-11-20: now due 2027-01-15"


def test_a_deadline_closed_by_any_other_path_is_caught_when_the_sweep_claims(report):
    with at(date(2026, 11, 15)):
        reminders.plan()
    # A bulk update that bypasses deadline_close (an admin action, a data fix).
    Deadline.objects.filter(pk=report.pk).update(state=Deadline.State.SATISFIED)
    result = sweep_on(date(2026, 11, 15), hour=8)
    assert (result.sent, result.cancelled) == (0, 2)
    assert statuses() == ["cancelled", "cancelled"]
    assert ReminderDelivery.objects.first().cancel_reason == "deadline satisfied before sending (found 2026-11-15)"


def test_a_deadline_closed_after_the_claim_is_dropped_from_the_digest(report, comcast, monkeypatch):
    real = reminders._claim_deliveries

    def claim_then_close(now, result):
        claim = real(now, result)
        deadline_close(source=comcast, key="q3-report")  # another request, between claim and send
        return claim

    monkeypatch.setattr(reminders, "_claim_deliveries", claim_then_close)
    result = sweep_on(date(2026, 11, 15))
    assert (result.emails, result.cancelled) == (0, 2)
    assert statuses() == ["cancelled", "cancelled"]
