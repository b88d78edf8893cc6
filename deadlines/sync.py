"""Keep the deadline list in step with the records it comes from.

Called by the services of franchise/ and permits/ inside their transactions
(never by a nightly rebuild): a record's service says "this record has this
duty due on this date" and, later, "it is satisfied".
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from deadlines import reminder_schedule
from deadlines.models import Deadline, ReminderDelivery, ReminderRule

DEFAULT_RULE = {"offsets": [30, 14, 7, 1, 0], "overdue_daily_days": 7, "overdue_every_days": 7}


def rule_for(kind):
    rule = ReminderRule.objects.filter(kind=kind).first()
    return rule or ReminderRule(kind=kind, **DEFAULT_RULE)


def _first_reminder(kind, due_date):
    rule = rule_for(kind)
    return reminder_schedule.first_reminder_on(due_date=due_date, today=timezone.localdate(), **cadence(rule))


def cadence(rule):
    """The schedule arguments of a rule, as reminder_schedule takes them."""
    return {
        "offsets": rule.offsets,
        "overdue_daily": rule.overdue_daily_days,
        "overdue_every": rule.overdue_every_days,
    }


def deliveries_cancel(*, deadline, reason):
    """Cancel the reminders of a deadline that is no longer open.

    Called in the transaction that closes it, so no pending or failed reminder
    can be sent after the duty was met. Rows already claimed by a sweep
    ("sending") are left to it: the sweep re-checks the deadline before it
    sends and cancels them itself. Sent and cancelled rows stay on record.
    """
    return ReminderDelivery.objects.filter(
        deadline=deadline, status__in=[ReminderDelivery.Status.PENDING, ReminderDelivery.Status.FAILED]
    ).update(status=ReminderDelivery.Status.CANCELLED, cancel_reason=reason[:200], claim=None)


def _source_filter(source, key):
    return {
        "source_type": ContentType.objects.get_for_model(source, for_concrete_model=False),
        "source_id": source.pk,
        "source_key": key,
    }


def deadline_sync(
    *,
    source,
    kind,
    title,
    due_date,
    key="",
    provider=None,
    owner=None,
    provider_facing=False,
    citation="",
    link=None,
):
    """Create or update the open deadline of `source` (and `key`).

    When the due date moves after reminders went out (a shot-clock reset, a
    re-dated filing), the old row is closed as superseded and a new one opens,
    so each due date gets its own reminders and the old ones stay on record.
    """
    lookup = _source_filter(source, key)
    link = link if link is not None else (source.get_absolute_url() if hasattr(source, "get_absolute_url") else "")
    fields = {
        "kind": kind,
        "title": title[:300],
        "provider": provider,
        "owner": owner,
        "provider_facing": provider_facing,
        "citation": citation[:300],
        "link": link[:300],
    }
    with transaction.atomic():
        return _sync(lookup, fields, kind, key, due_date)


def _sync(lookup, fields, kind, key, due_date):
    deadline = Deadline.objects.filter(**lookup).first()
    if deadline and deadline.due_date != due_date and deadline.deliveries.exists():
        deadline.source_key = f"{key}@{deadline.due_date:%Y-%m-%d}"[:60]
        deadline.state = Deadline.State.WAIVED
        deadline.title = f"{deadline.title} (superseded: now due {due_date:%Y-%m-%d})"[:300]
        deadline.next_reminder_on = None
        deadline.save()
        deliveries_cancel(
            deadline=deadline,
            reason=f"deadline superseded on {timezone.localdate():%Y-%m-%d}: now due {due_date:%Y-%m-%d}",
        )
        deadline = None
    if deadline is None:
        deadline = Deadline(**lookup, **fields, due_date=due_date)
        deadline.next_reminder_on = _first_reminder(kind, due_date)
        deadline.save()
        return deadline
    changed = deadline.due_date != due_date or deadline.state != Deadline.State.OPEN
    for name, value in fields.items():
        if getattr(deadline, name) != value:
            setattr(deadline, name, value)
            changed = True
    if deadline.due_date != due_date or deadline.state != Deadline.State.OPEN:
        deadline.due_date = due_date
        deadline.state = Deadline.State.OPEN
        deadline.satisfied_at = None
        deadline.next_reminder_on = _first_reminder(kind, due_date)
    if changed:
        deadline.save()
    return deadline


def deadline_close(*, source, key="", state=Deadline.State.SATISFIED, reason=""):
    """Mark the deadline of `source` satisfied (or waived): its reminders stop,
    and its pending and failed ones are cancelled in the same transaction."""
    with transaction.atomic():
        deadline = Deadline.objects.filter(**_source_filter(source, key)).first()
        if deadline is None:
            return deadline
        if deadline.state != state:
            deadline.state = state
            deadline.satisfied_at = timezone.now() if state == Deadline.State.SATISFIED else None
            deadline.next_reminder_on = None
            deadline.save()
        if deadline.state != Deadline.State.OPEN:
            label = reason or f"deadline {deadline.get_state_display().lower()}"
            deliveries_cancel(deadline=deadline, reason=f"{label} on {timezone.localdate():%Y-%m-%d}")
    return deadline


def deadline_remove(*, source, key=""):
    """The duty no longer exists (a record deleted, a rule withdrawn): waive it.

    The row is kept, never deleted: deleting it would cascade to its
    ReminderDelivery rows, and an audit asks what was sent, to whom and when,
    and what was cancelled and why, long after the duty went away.
    """
    return deadline_close(source=source, key=key, state=Deadline.State.WAIVED, reason="deadline removed")
