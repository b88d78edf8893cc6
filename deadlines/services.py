"""Staff writes on the deadline list itself (the records' services keep it in step)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import update_change_reason

from accounts.audit import acting_as
from deadlines.models import Deadline, ReminderDelivery
from deadlines.sync import deliveries_cancel


def deadline_waive(*, deadline, actor, reason):
    with transaction.atomic(), acting_as(actor):
        deadline.state = Deadline.State.WAIVED
        deadline.next_reminder_on = None
        deadline.save()
        deliveries_cancel(deadline=deadline, reason=f"deadline waived on {timezone.localdate():%Y-%m-%d}")
        update_change_reason(deadline, f"Waived: {reason}"[:100])
    return deadline


def reminder_rule_update(
    *,
    rule,
    actor,
    offsets,
    overdue_every_days,
    notify_owner,
    notify_staff,
    notify_legal,
    notify_provider,
    overdue_daily_days=None,
    escalate_to=None,
):
    """Edit a kind's rule; open deadlines of that kind are re-planned by the next sweep."""
    with transaction.atomic(), acting_as(actor):
        rule.offsets = offsets
        rule.overdue_every_days = overdue_every_days
        if overdue_daily_days is not None:
            rule.overdue_daily_days = overdue_daily_days
        if escalate_to is not None:
            rule.escalate_to = escalate_to
        rule.notify_owner, rule.notify_staff = notify_owner, notify_staff
        rule.notify_legal, rule.notify_provider = notify_legal, notify_provider
        rule.full_clean()
        rule.save()
        # One UPDATE, not a loop: the next sweep re-plans these deadlines with
        # the new offsets (only reminders falling today are sent, none twice).
        Deadline.objects.filter(kind=rule.kind, state=Deadline.State.OPEN).update(next_reminder_on=timezone.localdate())
    return rule


def notifications_mark_read(*, actor, user):
    """Mark every unread reminder of `user` read; return how many.

    ReminderDelivery keeps no history table by design (one row per email sent;
    a read mark is not a decision anyone audits), so no history row is left.
    This service is still the one place that writes read_at. Only the user
    themselves may mark their reminders read.
    """
    if actor.pk != user.pk:
        raise PermissionDenied("You can only mark your own reminders read.")
    with transaction.atomic():
        return ReminderDelivery.objects.filter(recipient_user=user, read_at__isnull=True).update(read_at=timezone.now())
