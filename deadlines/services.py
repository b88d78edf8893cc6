"""Staff writes on the deadline list itself (the records' services keep it in step)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import acting_as
from deadlines.models import Deadline, ReminderDelivery
from deadlines.sync import deliveries_cancel

# The most rows one bulk action takes (a page is 50): a larger selection is refused, never cut short.
BULK_LIMIT = 500


def _waive_refusal(deadline):
    """Why `deadline` cannot be waived, or "": only an open deadline can be (a met or waived one has no
    reminders left to stop)."""
    if deadline.state != Deadline.State.OPEN:
        return f"{deadline.title} is already {deadline.get_state_display().lower()}"
    return ""


def _clean_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for waiving: it is kept in the deadline's history."})
    return reason


def _waive(deadline, reason):
    deadline.state = Deadline.State.WAIVED
    deadline.next_reminder_on = None
    deadline.full_clean()
    deadline._change_reason = f"Waived: {reason}"[:100]  # simple-history puts it on the history row
    deadline.save()
    deliveries_cancel(deadline=deadline, reason=f"deadline waived on {timezone.localdate():%Y-%m-%d}")


def deadline_waive(*, deadline, actor, reason):
    """Waive one open deadline: its reminders stop and the reason is kept in its history."""
    reason = _clean_reason(reason)
    with transaction.atomic(), acting_as(actor):
        deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
        refusal = _waive_refusal(deadline)
        if refusal:
            raise ValidationError(f"Not waived: {refusal}. Only an open deadline can be waived.")
        _waive(deadline, reason)
    return deadline


def deadline_waive_many(*, deadlines, actor, reason):
    """Waive every deadline of `deadlines` with one reason, all or nothing: if any of them cannot be
    waived (deadline_waive's rule: it must be open), none is, and the message names each one that cannot.
    Returns how many were waived."""
    reason = _clean_reason(reason)
    ids = list(dict.fromkeys(deadline.pk for deadline in deadlines))
    if not ids:
        raise ValidationError("Choose at least one deadline to waive.")
    if len(ids) > BULK_LIMIT:
        raise ValidationError(f"{len(ids)} deadlines were chosen; waive at most {BULK_LIMIT} at a time.")
    with transaction.atomic(), acting_as(actor):
        rows = list(Deadline.objects.select_for_update().filter(pk__in=ids).order_by("due_date", "id"))
        missing = set(ids) - {row.pk for row in rows}
        if missing:
            numbers = ", ".join(str(pk) for pk in sorted(missing))
            raise ValidationError(f"Nothing was waived: there is no deadline {numbers} (it may have been removed).")
        refusals = [refusal for refusal in map(_waive_refusal, rows) if refusal]
        if refusals:
            raise ValidationError(
                f"Nothing was waived: only open deadlines can be waived, and {len(refusals)} of the "
                f"{len(rows)} chosen {'is' if len(refusals) == 1 else 'are'} not: {'; '.join(refusals)}."
            )
        for row in rows:
            _waive(row, reason)
    return len(rows)


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
