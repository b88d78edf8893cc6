"""The reminder sweep: run by django-q2 every morning at 07:00 (America/New_York)
and by `manage.py send_reminders`.

Two phases, each safe to run twice at once and to rerun after a crash:

1. Plan. Claim every open deadline whose next reminder day has come
   (`next_reminder_on <= today`: everything due up to now, never "exactly N
   days from today", so a sweep after a weekend of downtime finds what it
   missed) and write one ReminderDelivery row per (deadline, offset,
   recipient). Rows are claimed with SELECT ... FOR UPDATE SKIP LOCKED on
   PostgreSQL, and with a conditional UPDATE elsewhere; the unique constraint
   on (deadline, offset, recipient) is the last guard against doubles.
2. Send. Claim pending or failed deliveries with a conditional UPDATE, commit,
   then send one digest email per recipient. A failure is recorded with its
   error and retried on the next sweep.
"""

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import ProviderContact, User
from accounts.roles import LEGAL, PROVIDER, STAFF
from compliance import reminder_schedule
from compliance.deadlines import DEFAULT_RULE
from compliance.emails import make_message
from compliance.models import Deadline, ReminderDelivery, ReminderRule
from compliance.selectors_deadlines import shot_clock_attention
from permits import shotclock

log = logging.getLogger(__name__)

PLAN_BATCH = 1000
DIGEST_LIMIT = 50  # a long digest lists the first 50 and links to the rest
MAX_ATTEMPTS = 10
STALE_CLAIM = timedelta(hours=1)  # a "sending" claim older than this was a crashed worker


@dataclass
class SweepResult:
    deadlines: int = 0
    planned: int = 0
    sent: int = 0
    failed: int = 0
    emails: int = 0


class Recipients:
    """Who hears about a deadline, per its kind's rule. Loaded once per sweep."""

    def __init__(self):
        self.rules = {rule.kind: rule for rule in ReminderRule.objects.all()}
        role_users = defaultdict(list)
        for user in (
            User.objects.filter(is_active=True, groups__name__in=[STAFF, LEGAL])
            .exclude(email="")
            .annotate(role=F("groups__name"))
        ):
            role_users[user.role].append(user)
        self.staff = role_users[STAFF]
        self.legal = role_users[LEGAL]
        self.provider_people = defaultdict(list)
        for contact in ProviderContact.objects.filter(receives_reminders=True):
            self.provider_people[contact.provider_id].append((contact.email, None))
        provider_group = Group.objects.filter(name=PROVIDER).first()
        if provider_group:
            for user in User.objects.filter(is_active=True, groups=provider_group, provider__isnull=False).exclude(
                email=""
            ):
                self.provider_people[user.provider_id].append((user.email, user))
        self.owners = {}

    def rule(self, kind):
        return self.rules.get(kind) or ReminderRule(kind=kind, **DEFAULT_RULE)

    def for_deadline(self, deadline):
        """(email, user or None, provider_id or None) triples, one per address.

        The third item keys the digest: a provider's people get a digest of
        that provider's deadlines only, so one never mentions another provider.
        """
        rule = self.rule(deadline.kind)
        found = {}
        city = []
        if rule.notify_owner:
            if deadline.owner_id and deadline.owner and deadline.owner.is_active and deadline.owner.email:
                city.append(deadline.owner)
            else:
                city.extend(self.staff)  # an unowned deadline goes to the whole office, never to nobody
        if rule.notify_staff:
            city.extend(self.staff)
        if rule.notify_legal:
            city.extend(self.legal)
        for user in city:
            found.setdefault(user.email.lower(), (user.email, user, None))
        if rule.notify_provider and deadline.provider_facing and deadline.provider_id:
            for email, user in self.provider_people.get(deadline.provider_id, []):
                found.setdefault((email.lower(), deadline.provider_id), (email, user, deadline.provider_id))
        return list(found.values())


def _claim_batch(today, limit):
    """Open deadlines with a reminder due, locked for this worker (PostgreSQL)."""
    query = (
        Deadline.objects.filter(state=Deadline.State.OPEN, next_reminder_on__lte=today)
        .select_related("owner")
        .order_by("next_reminder_on", "id")
    )
    if connection.features.has_select_for_update_skip_locked:
        query = query.select_for_update(skip_locked=True, of=("self",))
    return list(query[:limit])


def plan(today=None, batch_size=PLAN_BATCH):
    """Phase 1: write the delivery rows for every reminder due up to today."""
    today = today or timezone.localdate()
    recipients = Recipients()
    result = SweepResult()
    locking = connection.features.has_select_for_update_skip_locked
    while True:
        with transaction.atomic():
            batch = _claim_batch(today, batch_size)
            if not batch:
                break
            rows, moved = [], []
            for deadline in batch:
                rule = recipients.rule(deadline.kind)
                since = deadline.next_reminder_on
                deadline.next_reminder_on = reminder_schedule.next_reminder_on(
                    due_date=deadline.due_date,
                    offsets=rule.offsets,
                    overdue_every=rule.overdue_every_days,
                    after=today,
                )
                if not locking:
                    # Without row locks: claim by a conditional update; a worker
                    # that lost the race moves on.
                    won = Deadline.objects.filter(pk=deadline.pk, next_reminder_on=since).update(
                        next_reminder_on=deadline.next_reminder_on
                    )
                    if not won:
                        continue
                else:
                    moved.append(deadline)
                offsets = reminder_schedule.reminders_due(
                    due_date=deadline.due_date,
                    offsets=rule.offsets,
                    overdue_every=rule.overdue_every_days,
                    since=since,
                    today=today,
                )
                people = recipients.for_deadline(deadline) if offsets else []
                result.deadlines += 1
                for offset in offsets:
                    for email, user, provider_id in people:
                        rows.append(
                            ReminderDelivery(
                                deadline=deadline,
                                offset=offset,
                                recipient_email=email,
                                recipient_user=user,
                                recipient_provider_id=provider_id,
                            )
                        )
            # One UPDATE per distinct new date (a handful per batch), not a CASE per row.
            by_next_day = defaultdict(list)
            for deadline in moved:
                by_next_day[deadline.next_reminder_on].append(deadline.pk)
            for next_day, ids in by_next_day.items():
                Deadline.objects.filter(pk__in=ids).update(next_reminder_on=next_day)
            created = ReminderDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
            result.planned += len(created)
    return result


def _claim_deliveries(now):
    claim = uuid.uuid4()
    ready = Q(status__in=[ReminderDelivery.Status.PENDING, ReminderDelivery.Status.FAILED], attempts__lt=MAX_ATTEMPTS)
    stale = Q(status=ReminderDelivery.Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
    with transaction.atomic():
        # The WHERE clause is re-checked row by row under the update's lock:
        # of two workers, only one moves a row out of pending.
        ReminderDelivery.objects.filter(ready | stale).update(
            status=ReminderDelivery.Status.SENDING, claim=claim, claimed_at=now
        )
    return claim


def send(now=None):
    """Phase 2: one digest per recipient (per provider, for provider people)."""
    now = now or timezone.now()
    claim = _claim_deliveries(now)
    deliveries = list(
        ReminderDelivery.objects.filter(claim=claim)
        .select_related("deadline", "deadline__provider", "recipient_user", "recipient_provider")
        .order_by("deadline__due_date", "deadline_id", "-offset")
    )
    digests = defaultdict(list)
    for delivery in deliveries:
        digests[(delivery.recipient_email.lower(), delivery.recipient_provider_id)].append(delivery)
    result = SweepResult()
    for (email, provider_id), items in digests.items():
        ids = [item.pk for item in items]
        try:
            _send_digest(items[0].recipient_email, items, provider_id, timezone.localdate(now))
        except Exception as error:  # any mail failure: record it, retry next sweep
            log.warning("Reminder digest to %s failed: %s", email, error)
            ReminderDelivery.objects.filter(pk__in=ids).update(
                status=ReminderDelivery.Status.FAILED,
                last_error=str(error)[:2000],
                attempts=F("attempts") + 1,
                claim=None,
            )
            result.failed += len(ids)
            continue
        ReminderDelivery.objects.filter(pk__in=ids).update(
            status=ReminderDelivery.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
        )
        result.sent += len(ids)
        result.emails += 1
    return result


def digest_status(deadline, offset, today):
    """A digest line's status words. A shot clock speaks by the one attention rule
    (shotclock.attention): a missed, undecided clock says so first, since the
    applicant may sue (47 U.S.C. 332(c)(7)(B)(v)); an at-risk one counts its days."""
    kind = shot_clock_attention(deadline, today)
    if kind == shotclock.ATTENTION_MISSED:
        return "MISSED — decide now"
    if kind == shotclock.ATTENTION_AT_RISK:
        left = (deadline.due_date - today).days
        return f"at risk: {left} day{'' if left == 1 else 's'} left"
    return reminder_schedule.describe_offset(offset)


def _send_digest(email, deliveries, provider_id, today):
    # One line per deadline: its most urgent reminder.
    firsts, seen = [], set()
    for delivery in sorted(deliveries, key=lambda d: (d.deadline.due_date, d.offset)):
        if delivery.deadline_id not in seen:
            seen.add(delivery.deadline_id)
            firsts.append(delivery)
    # Missed shot clocks first, so a long digest can never cut them off.
    firsts.sort(key=lambda d: shot_clock_attention(d.deadline, today) != shotclock.ATTENTION_MISSED)
    lines = [
        {
            "deadline": delivery.deadline,
            "status": digest_status(delivery.deadline, delivery.offset, today),
            "missed": shot_clock_attention(delivery.deadline, today) == shotclock.ATTENTION_MISSED,
            "url": settings.SITE_URL + delivery.deadline.get_absolute_url(),
        }
        for delivery in firsts[:DIGEST_LIMIT]
    ]
    recipient = deliveries[0].recipient_user
    provider = deliveries[0].recipient_provider if provider_id else None
    more_url = settings.SITE_URL + (reverse("portal:home") if provider else reverse("my-deadlines"))
    context = {
        "recipient": recipient,
        "provider": provider,
        "lines": lines,
        "missed": sum(line["missed"] for line in lines),
        "more": max(0, len(firsts) - DIGEST_LIMIT),
        "total": len(firsts),
        "more_url": more_url,
    }
    make_message("reminder_digest", context, to=[email]).send()


def sweep(today=None, now=None):
    """Plan then send. Returns the figures for logs and the command."""
    planned = plan(today=today)
    sent = send(now=now)
    planned.sent, planned.failed, planned.emails = sent.sent, sent.failed, sent.emails
    log.info(
        "Reminder sweep: %s deadlines, %s reminders planned, %s sent in %s emails, %s failed",
        planned.deadlines,
        planned.planned,
        planned.sent,
        planned.emails,
        planned.failed,
    )
    return planned


def scheduled_sweep():
    """The django-q2 task: the sweep as the named system user."""
    from accounts.audit import acting_as, system_user

    with acting_as(system_user()):
        result = sweep()
    return f"{result.planned} planned, {result.sent} sent, {result.failed} failed"
