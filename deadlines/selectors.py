"""Reads for the deadline pages and feeds."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from accounts.roles import LEGAL, STAFF, is_provider_user, user_roles
from deadlines import attention
from deadlines.models import Deadline, ReminderDelivery, ReminderRule


def deadline_queryset():
    return Deadline.objects.select_related("provider", "owner")


def shot_clock_attention(deadline, today):
    """The attention class of a shot-clock deadline (deadlines/attention.py), or "".

    permits.services keeps a shot-clock row open, due on the clock's deadline,
    exactly while the clock runs or is missed with no decision; it closes the
    row on a decision, a withdrawal, a deemed grant or a tolling notice. So an
    open row is an undecided running clock with that deadline.
    """
    if deadline.kind != Deadline.Kind.SHOT_CLOCK or deadline.state != Deadline.State.OPEN:
        return ""
    return attention.attention(attention.RUNNING, deadline.due_date, False, today)


def with_attention(deadlines, today):
    """Set `attention` on each deadline of a page (no query)."""
    for deadline in deadlines:
        deadline.attention = shot_clock_attention(deadline, today)
    return deadlines


def deadlines_for_user(user):
    """The deadlines a user hears about: what the reminder rules send them.

    Provider users: their organisation's provider-facing deadlines. Staff:
    what they own, what nobody owns, and kinds whose rule notifies all Staff.
    Legal: kinds whose rule notifies Legal. Others: none.
    """
    if is_provider_user(user):
        return deadline_queryset().filter(provider_id=user.provider_id, provider_facing=True)
    roles = user_roles(user)
    rules = list(ReminderRule.objects.all())
    condition = Q(owner=user)
    if STAFF in roles:
        condition |= Q(owner__isnull=True) | Q(kind__in=[r.kind for r in rules if r.notify_staff])
    if LEGAL in roles:
        condition |= Q(kind__in=[r.kind for r in rules if r.notify_legal])
    return deadline_queryset().filter(condition)


def my_deadlines(user, today=None):
    """Overdue, this week (next 7 days), next 30 days: open deadlines only."""
    today = today or timezone.localdate()
    base = deadlines_for_user(user).filter(state=Deadline.State.OPEN).order_by("due_date", "id")
    limit = 200  # a page, not a table: the full list is /deadlines/
    return {
        "today": today,
        "overdue": with_attention(list(base.filter(due_date__lt=today)[:limit]), today),
        "this_week": with_attention(
            list(base.filter(due_date__gte=today, due_date__lte=today + timedelta(days=7))[:limit]), today
        ),
        "next_30": with_attention(
            list(base.filter(due_date__gt=today + timedelta(days=7), due_date__lte=today + timedelta(days=30))[:limit]),
            today,
        ),
    }


def feed_deadlines(queryset, today=None):
    """What a calendar feed carries: open deadlines from a year back, capped."""
    today = today or timezone.localdate()
    return list(
        queryset.filter(state=Deadline.State.OPEN, due_date__gte=today - timedelta(days=365)).order_by("due_date")[
            :5000
        ]
    )


def unread_reminders(user):
    return ReminderDelivery.objects.filter(recipient_user=user, read_at__isnull=True)


def notifications(user, limit=100):
    return list(
        ReminderDelivery.objects.filter(recipient_user=user)
        .select_related("deadline", "deadline__provider")
        .order_by("-created_at")[:limit]
    )
