"""The reminder sweep: run by django-q2 every hour and by `manage.py send_reminders`.

Reminders newly due are planned and sent by the 07:00 run (America/New_York);
the other hourly runs send what a failed or interrupted run left (pending,
failed, or claims older than the task timeout), and those after 07:00 also
plan what a crashed 07:00 run did not get to. So a crash delays a reminder by
an hour, not a day. Three phases, each safe to run twice at once and to rerun
after a crash:

1. Plan. Claim every open deadline whose next reminder day has come
   (`next_reminder_on <= today`: everything due up to now, never "exactly N
   days from today", so a sweep after a weekend of downtime finds what it
   missed) and write one ReminderDelivery row per (deadline, offset,
   recipient). Rows are claimed with SELECT ... FOR UPDATE SKIP LOCKED on
   PostgreSQL, and with a conditional UPDATE elsewhere; the unique constraint
   on (deadline, offset, recipient) is the last guard against doubles.
2. Claim. In one transaction: every sendable row (pending, failed, or a
   "sending" claim gone stale) of each recipient is moved to "sending" by one
   conditional UPDATE, then the rows whose deadline is no longer open are
   cancelled. Each recipient's rows get one stable Message-ID.
3. Send one digest per recipient, re-checking the deadlines first. A failure
   is recorded with its error and retried by the next hourly run.

One digest per recipient per run: on PostgreSQL the whole sweep holds an
advisory lock (a second sweep that finds it held skips and says so); on
SQLite the plan runs in one write transaction and the claim takes all of a
recipient's rows in one conditional UPDATE, so a second sweep finds none.
Delivery is exactly once in the database and at least once at the mail
server: see docs/deadlines.md, "What is guaranteed".

The weekly "Still overdue" roll-up. A deadline past its last reminder of its
own (reminder_schedule: its daily overdue phase and one escalated repeat) is
never planned again; instead, on the roll-up day (reminder_schedule.
ROLLUP_WEEKDAY, Monday) the plan phase records one ReminderRollup row per
person who would hear of such deadlines (owner, escalation role, the rule's
roles, and a provider's people for its provider-facing ones), with the week's
marker row, in one transaction; the send phase claims those rows like
delivery rows and adds a "Still overdue" section to that person's digest (a
digest of its own if nothing else is due), read at send time: every
recipient's count is summed from one GROUP BY per run (owners x kinds x
providers rows), and each list is one or two LIMITed, index-ordered queries
per recipient. So the roll-up costs a few queries per recipient, whatever the
backlog. A run that crashed before the rows were
written is planned again by the next hourly run that week (no marker yet);
one that crashed after is sent by the next hourly run (pending rows).
"""

import hashlib
import logging
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Provider, ProviderContact, User
from accounts.roles import LEGAL, PROVIDER, STAFF
from core.emails import make_message
from deadlines import attention, reminder_schedule
from deadlines.models import Deadline, ReminderDelivery, ReminderRollup, ReminderRule
from deadlines.selectors import shot_clock_attention
from deadlines.sync import DEFAULT_RULE, cadence

log = logging.getLogger(__name__)

PLAN_BATCH = 1000
DIGEST_LIMIT = 50  # a long digest lists the first 50 and links to the rest
ROLLUP_LIMIT = 20  # the "Still overdue" section lists the oldest 20, counts them all, links to the rest
MAX_ATTEMPTS = 10
PLAN_AT = time(7, 0)  # local time: newly due reminders are planned and sent by this run
ADVISORY_LOCK_KEY = 7_300_415  # any fixed number; names the sweep's PostgreSQL advisory lock


# Sections other apps add to a City user's digest (register_digest_section), in registration order.
_DIGEST_SECTIONS = []


def register_digest_section(builder):
    """Add a section to City users' digests, from a higher app's AppConfig.ready() (deadlines imports no
    app above it: permits registers "Applications assigned to you" this way).

    `builder(users, today)` returns {user id: section} for the users it has something for, with a fixed
    number of queries for all of them together (never one per user or per row). A section is a dict:
    title, intro, lines (each: due (a date or None), status, label, url), more (how many not listed) and
    url (the page with all of them). It rides on a digest that goes out anyway; it never sends one."""
    if builder not in _DIGEST_SECTIONS:
        _DIGEST_SECTIONS.append(builder)


def digest_sections(users, today):
    """{user id: [sections]} for the City users of this run's digests: each builder runs once."""
    sections = defaultdict(list)
    users = [user for user in users if user is not None]
    if not users:
        return sections
    for builder in _DIGEST_SECTIONS:
        for user_id, section in builder(users, today).items():
            if section and section.get("lines"):
                sections[user_id].append(section)
    return sections


def stale_claim_after():
    """A "sending" claim older than this belonged to a worker that died.

    The task timeout (django-q2 kills a task that runs longer) plus five
    minutes for the last send to finish, so a live sweep is never taken over.
    """
    return timedelta(seconds=settings.Q_CLUSTER["timeout"]) + timedelta(minutes=5)


@dataclass
class SweepResult:
    deadlines: int = 0
    planned: int = 0
    sent: int = 0
    failed: int = 0
    emails: int = 0
    cancelled: int = 0
    rollups: int = 0
    skipped: bool = False


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

    def for_deadline(self, deadline, escalated=False):
        """(email, user or None, provider_id or None) triples, one per address.

        The third item keys the digest: a provider's people get a digest of
        that provider's deadlines only, so one never mentions another provider.
        `escalated`: the reminder is past the daily overdue ones, and the
        rule's escalation role hears too.
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
        if escalated and rule.escalate_to:
            city.extend(self.legal if rule.escalate_to == LEGAL else self.staff)
        for user in city:
            found.setdefault(user.email.lower(), (user.email, user, None))
        if rule.notify_provider and deadline.provider_facing and deadline.provider_id:
            for email, user in self.provider_people.get(deadline.provider_id, []):
                found.setdefault((email.lower(), deadline.provider_id), (email, user, deadline.provider_id))
        return list(found.values())

    def unreachable_owners(self):
        """Users a deadline's owner reminder cannot reach (inactive or no address): one query, cached."""
        if not hasattr(self, "_unreachable"):
            self._unreachable = list(User.objects.filter(Q(is_active=False) | Q(email="")).values_list("pk", flat=True))
        return self._unreachable

    def roles_of(self, user):
        return {role for role, users in ((STAFF, self.staff), (LEGAL, self.legal)) if user in users}

    def _scope(self, kind, user, provider_id):
        """Which long-overdue deadlines of `kind` a recipient hears of: "all",
        "owner" (theirs), "owner+unowned" (theirs and the unreachable-owner
        ones, for Staff), "provider" (the provider's provider-facing ones) or
        None. The one rule that both the roll-up's list and its count follow."""
        rule = self.rule(kind)
        if provider_id is not None:
            return "provider" if rule.notify_provider else None
        roles = self.roles_of(user)
        if (
            (rule.notify_staff and STAFF in roles)
            or (rule.notify_legal and LEGAL in roles)
            or (rule.escalate_to and rule.escalate_to in roles)
        ):
            return "all"
        if rule.notify_owner:
            return "owner+unowned" if STAFF in roles else "owner"
        return None

    def long_overdue(self, today, kind):
        """The Q of the open deadlines of `kind` that are long overdue today."""
        rule = self.rule(kind)
        cutoff = reminder_schedule.long_overdue_due_before(
            today=today, overdue_daily=rule.overdue_daily_days, overdue_every=rule.overdue_every_days
        )
        return Q(state=Deadline.State.OPEN, kind=kind, due_date__lt=cutoff)

    def rollup_filter(self, today, user=None, provider_id=None, kinds=None):
        """The long-overdue open deadlines `user` (a City user) or the people of
        `provider_id` would hear of, as a Q: one clause per kind (of `kinds`,
        default all), no query."""
        clauses = Q(pk__in=[])
        # An owner who cannot be told counts as no owner (for_deadline), without a join.
        unowned = Q(owner__isnull=True) | Q(owner_id__in=self.unreachable_owners())
        for kind in kinds or Deadline.Kind.values:
            scope = self._scope(kind, user, provider_id)
            late = self.long_overdue(today, kind)
            if scope == "all":
                clauses |= late
            elif scope == "owner":
                clauses |= late & Q(owner=user)
            elif scope == "owner+unowned":
                clauses |= late & (Q(owner=user) | unowned)
            elif scope == "provider":
                clauses |= late & Q(provider_id=provider_id, provider_facing=True)
        return clauses

    def rollup_groups(self, today):
        """One GROUP BY query: (kind, owner, provider, provider_facing, count) of
        the long-overdue open deadlines. Its size follows owners x kinds x
        providers, never the backlog; each recipient's count is summed from it."""
        late = Q(pk__in=[])
        for kind in Deadline.Kind.values:
            late |= self.long_overdue(today, kind)
        return list(
            Deadline.objects.filter(late)
            .order_by()
            .values_list("kind", "owner_id", "provider_id", "provider_facing")
            .annotate(n=Count("pk"))
        )

    def rollup_count(self, groups, user=None, provider_id=None):
        """(deadlines, of which shot clocks) of one recipient's roll-up, from rollup_groups."""
        unreachable = set(self.unreachable_owners())
        total = clocks = 0
        for kind, owner_id, group_provider, facing, n in groups:
            scope = self._scope(kind, user, provider_id)
            if (
                scope == "all"
                or (scope in ("owner", "owner+unowned") and owner_id == user.pk)
                or (scope == "owner+unowned" and (owner_id is None or owner_id in unreachable))
                or (scope == "provider" and group_provider == provider_id and facing)
            ):
                total += n
                clocks += n if kind == Deadline.Kind.SHOT_CLOCK else 0
        return total, clocks


def _claim_batch(today, limit, created_before=None):
    """Open deadlines with a reminder due, locked for this worker (PostgreSQL)."""
    query = (
        Deadline.objects.filter(state=Deadline.State.OPEN, next_reminder_on__lte=today)
        .select_related("owner")
        .order_by("next_reminder_on", "id")
    )
    if created_before is not None:
        query = query.filter(created_at__lt=created_before)
    if connection.features.has_select_for_update_skip_locked:
        query = query.select_for_update(skip_locked=True, of=("self",))
    return list(query[:limit])


def plan(today=None, batch_size=PLAN_BATCH, created_before=None):
    """Phase 1: write the delivery rows for every reminder due up to today.

    `created_before` (a catch-up run): only deadlines that existed before
    this morning's run, i.e. what a crashed 07:00 run left unplanned.
    """
    today = today or timezone.localdate()
    recipients = Recipients()
    result = SweepResult()
    locking = connection.features.has_select_for_update_skip_locked
    # Without row locks (SQLite, whose transactions here begin IMMEDIATE, so
    # one writer at a time): the whole plan is one write transaction; a second
    # sweep waits for it and then finds nothing left to plan.
    with transaction.atomic() if not locking else _nothing():
        while _plan_batch(today, batch_size, created_before, recipients, result):
            pass
    return result


@contextmanager
def _nothing():
    yield


def plan_rollup(today=None):
    """Record this week's roll-up, once, for every person who would hear of a
    long-overdue deadline (see the module docstring). Returns the rows made.

    Runs on the roll-up day and, if that day's runs all failed before the rows
    were written, on the later days of the same week. Costs one lookup when the
    week is already planned; otherwise one DISTINCT query over the long-overdue
    deadlines (owners x kinds x providers, not one row per deadline).
    """
    today = today or timezone.localdate()
    week = reminder_schedule.rollup_week(today)
    if ReminderRollup.objects.filter(week=week, recipient_email="", provider_key=0).exists():
        return 0
    recipients = Recipients()
    groups = recipients.rollup_groups(today)
    owners = User.objects.in_bulk({owner for _kind, owner, _p, _f, _n in groups if owner})
    found = {}
    for kind, owner_id, provider_id, facing, _n in groups:
        stand_in = Deadline(kind=kind, owner=owners.get(owner_id), provider_id=provider_id, provider_facing=facing)
        for email, user, recipient_provider in recipients.for_deadline(stand_in, escalated=True):
            found.setdefault((email.lower(), recipient_provider or 0), (email, user, recipient_provider))
    rows = [ReminderRollup(week=week, recipient_email="", status=ReminderRollup.Status.MARKER)]
    rows += [
        ReminderRollup(
            week=week, recipient_email=email, recipient_user=user, recipient_provider_id=provider, provider_key=key
        )
        for (_lower, key), (email, user, provider) in found.items()
    ]
    with transaction.atomic():
        created = ReminderRollup.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created) - 1


def _plan_batch(today, batch_size, created_before, recipients, result):
    """Plan one batch; False when nothing was left to plan."""
    with transaction.atomic():
        batch = _claim_batch(today, batch_size, created_before)
        if not batch:
            return False
        rows, moved = [], []
        # Each deadline here is this worker's: locked (PostgreSQL) or inside
        # the plan's write transaction (SQLite).
        for deadline in batch:
            rule = recipients.rule(deadline.kind)
            since = deadline.next_reminder_on
            deadline.next_reminder_on = reminder_schedule.next_reminder_on(
                due_date=deadline.due_date, after=today, **cadence(rule)
            )
            moved.append(deadline)
            offsets = reminder_schedule.reminders_due(
                due_date=deadline.due_date, since=since, today=today, **cadence(rule)
            )
            result.deadlines += 1
            for offset in offsets:
                escalated = reminder_schedule.is_escalated(
                    offset, overdue_daily=rule.overdue_daily_days, overdue_every=rule.overdue_every_days
                )
                for email, user, provider_id in recipients.for_deadline(deadline, escalated=escalated):
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
    return True


def _sendable(now):
    ready = Q(status__in=[ReminderDelivery.Status.PENDING, ReminderDelivery.Status.FAILED], attempts__lt=MAX_ATTEMPTS)
    stale = Q(status=ReminderDelivery.Status.SENDING, claimed_at__lt=now - stale_claim_after())
    return ready | stale


def _cancel_closed(rows, today):
    """Cancel the rows (a queryset) whose deadline is no longer open."""
    cancelled = 0
    for state in (Deadline.State.SATISFIED, Deadline.State.WAIVED):
        ids = list(rows.filter(deadline__state=state).values_list("pk", flat=True))
        if ids:
            cancelled += ReminderDelivery.objects.filter(pk__in=ids).update(
                status=ReminderDelivery.Status.CANCELLED,
                cancel_reason=f"deadline {Deadline.State(state).label.lower()} before sending (found {today:%Y-%m-%d})",
                claim=None,
            )
    return cancelled


def message_id(delivery_ids, email, rollup_ids=()):
    """A digest's Message-ID (RFC 5322 s.3.6.4): the same rows to the same
    address always give the same one, so a digest re-sent after a crash is
    recognisably the same message. A roll-up it carries is one more row."""
    key = ",".join(str(pk) for pk in sorted(delivery_ids)) + "|" + email.lower()
    if rollup_ids:
        key += "|rollup:" + ",".join(str(pk) for pk in sorted(rollup_ids))
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = urlsplit(settings.SITE_URL).hostname or "conduit"
    return f"<reminders.{digest}@{domain}>"


def _claim_deliveries(now, result):
    """Phase 2: claim every sendable row of each recipient in one transaction.

    The UPDATE's own WHERE (no join) is the condition re-checked row by row
    under its lock, so of two workers only one moves a row out of pending;
    it takes all of a recipient's sendable rows at once, so the other finds
    none of them. Then, in the same transaction, rows whose deadline closed
    are cancelled and each digest gets its Message-ID.
    """
    claim = uuid.uuid4()
    today = timezone.localdate(now)
    sendable = _sendable(now)
    with transaction.atomic():
        emails = set(
            ReminderDelivery.objects.filter(sendable, deadline__state=Deadline.State.OPEN)
            .values_list("recipient_email", flat=True)
            .distinct()
        )
        result.cancelled += _cancel_closed(ReminderDelivery.objects.filter(sendable), today)
        rollups = ReminderRollup.objects.filter(sendable).exclude(status=ReminderRollup.Status.MARKER)
        rollup_emails = set(rollups.values_list("recipient_email", flat=True))
        if rollup_emails:
            rollups.filter(recipient_email__in=rollup_emails).update(
                status=ReminderRollup.Status.SENDING, claim=claim, claimed_at=now
            )
        if not emails:
            _name_rollups(claim, {})
            return claim
        ReminderDelivery.objects.filter(sendable, recipient_email__in=emails).update(
            status=ReminderDelivery.Status.SENDING, claim=claim, claimed_at=now
        )
        # Re-check after claiming: a deadline closed since the rows were planned.
        result.cancelled += _cancel_closed(ReminderDelivery.objects.filter(claim=claim), today)
        unnamed = defaultdict(list)
        for pk, email, provider_id in ReminderDelivery.objects.filter(claim=claim, message_id="").values_list(
            "pk", "recipient_email", "recipient_provider_id"
        ):
            unnamed[(email.lower(), provider_id)].append(pk)
        _name_rollups(claim, unnamed)
    return claim


def _name_rollups(claim, unnamed):
    """Give each digest its Message-ID: the new delivery rows of a recipient and
    their claimed, unnamed roll-up share one; a roll-up re-claimed from a crash
    keeps its own."""
    rollups = {
        (email.lower(), provider or None): pk
        for pk, email, provider in ReminderRollup.objects.filter(claim=claim, message_id="").values_list(
            "pk", "recipient_email", "recipient_provider_id"
        )
    }
    for (email, provider_id), ids in unnamed.items():
        rollup = rollups.pop((email, provider_id), None)
        rollup_ids = [rollup] if rollup else []
        mid = message_id(ids, email, rollup_ids)
        ReminderDelivery.objects.filter(pk__in=ids).update(message_id=mid)
        if rollup:
            ReminderRollup.objects.filter(pk=rollup).update(message_id=mid)
    for (email, _provider_id), pk in rollups.items():
        ReminderRollup.objects.filter(pk=pk).update(message_id=message_id([], email, [pk]))


def send(now=None):
    """Phase 3: one digest per recipient (per provider, for provider people).

    Rows re-claimed from a crashed run keep their Message-ID and go out as the
    same digest they were; anything newer for that recipient goes in its own.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = SweepResult()
    claim = _claim_deliveries(now, result)
    deliveries = _load_claimed(claim)
    digests = defaultdict(list)
    for delivery in deliveries:
        digests[(delivery.recipient_email.lower(), delivery.recipient_provider_id, delivery.message_id)].append(
            delivery
        )
    rollups = {
        (r.recipient_email.lower(), r.recipient_provider_id, r.message_id): r
        for r in ReminderRollup.objects.filter(claim=claim).select_related("recipient_user", "recipient_provider")
    }
    recipients = Recipients() if rollups else None
    groups = recipients.rollup_groups(today) if rollups else []
    city_users = {d.recipient_user for d in deliveries if d.recipient_user and not d.recipient_provider_id}
    city_users |= {r.recipient_user for r in rollups.values() if r.recipient_user and not r.recipient_provider_id}
    extra = digest_sections(city_users, today)
    for key in list(digests) + [key for key in rollups if key not in digests]:
        email, provider_id, mid = key
        items = _still_open(digests.get(key, []), now, result)
        rollup = rollups.get(key)
        section = rollup_section(rollup, recipients, today, groups) if rollup else None
        if rollup and not section["count"]:
            ReminderRollup.objects.filter(pk=rollup.pk).update(status=ReminderRollup.Status.CANCELLED, claim=None)
            section = rollup = None
        if not items and not rollup:
            continue
        ids = [item.pk for item in items]
        address = items[0].recipient_email if items else rollup.recipient_email
        try:
            first = items[0] if items else rollup
            sections = extra.get(first.recipient_user_id, []) if not provider_id else []
            _send_digest(
                address, items, provider_id, today, message_id=mid, rollup=rollup, section=section, sections=sections
            )
        except Exception as error:  # any mail failure: record it, retry next sweep
            log.warning("Reminder digest to %s failed: %s", email, error)
            failed = {"last_error": str(error)[:2000], "attempts": F("attempts") + 1, "claim": None}
            ReminderDelivery.objects.filter(pk__in=ids, claim=claim).update(
                status=ReminderDelivery.Status.FAILED, **failed
            )
            if rollup:
                ReminderRollup.objects.filter(pk=rollup.pk, claim=claim).update(
                    status=ReminderRollup.Status.FAILED, **failed
                )
            result.failed += len(ids) + bool(rollup)
            continue
        # A crash here, after the server accepted the message and before this
        # UPDATE, is the one window for a duplicate: the re-send carries `mid`.
        done = {"sent_at": timezone.now(), "attempts": F("attempts") + 1, "last_error": ""}
        ReminderDelivery.objects.filter(pk__in=ids).update(status=ReminderDelivery.Status.SENT, **done)
        if rollup:
            ReminderRollup.objects.filter(pk=rollup.pk).update(
                status=ReminderRollup.Status.SENT, listed=section["count"], **done
            )
            result.rollups += 1
        result.sent += len(ids)
        result.emails += 1
    return result


def rollup_section(rollup, recipients, today, groups):
    """The "Still overdue" section of a roll-up: its count summed from the run's
    one GROUP BY (`groups`, Recipients.rollup_groups), then at most two
    LIMITed queries (the oldest missed shot clocks, then the oldest of the
    rest to fill up to ROLLUP_LIMIT), each ordered on an index so it stops at
    its limit. Missed clocks come first, in the attention rule's wording."""
    if rollup.provider_key:
        who = {"provider_id": rollup.provider_key}
    elif rollup.recipient_user is not None:
        who = {"user": rollup.recipient_user}
    else:
        return {"count": 0, "lines": []}
    count, clocks = recipients.rollup_count(groups, **who)
    figures = {"count": count, "clocks": clocks}
    if not figures["count"]:
        return {"count": 0, "lines": []}
    others = [kind for kind in Deadline.Kind.values if kind != Deadline.Kind.SHOT_CLOCK]
    oldest = []
    for kinds in ([Deadline.Kind.SHOT_CLOCK], others):
        if len(oldest) < min(ROLLUP_LIMIT, count):
            query = Deadline.objects.filter(recipients.rollup_filter(today, kinds=kinds, **who))
            query = query.select_related("provider").order_by("due_date", "id")
            oldest += list(query[: ROLLUP_LIMIT - len(oldest)])
    lines = [
        {
            "deadline": deadline,
            "status": digest_status(deadline, (deadline.due_date - today).days, today),
            "missed": shot_clock_attention(deadline, today) == attention.ATTENTION_MISSED,
            "url": settings.SITE_URL + deadline.get_absolute_url(),
        }
        for deadline in oldest
    ]
    if rollup.provider_key:
        list_url = reverse("portal:home")
    else:
        newest = max(
            reminder_schedule.long_overdue_due_before(
                today=today, overdue_daily=rule.overdue_daily_days, overdue_every=rule.overdue_every_days
            )
            for rule in map(recipients.rule, Deadline.Kind.values)
        ) - timedelta(days=1)
        list_url = reverse("deadlines:list") + f"?state=open&due_before={newest:%Y-%m-%d}"
    return {
        "count": figures["count"],
        "missed": figures["clocks"],
        "lines": lines,
        "more": max(0, figures["count"] - len(lines)),
        "url": settings.SITE_URL + list_url,
    }


def digest_status(deadline, offset, today):
    """A digest line's status words. A shot clock speaks by the one attention rule
    (deadlines/attention.py): a missed, undecided clock says so first, since the
    applicant may sue (47 U.S.C. 332(c)(7)(B)(v)); an at-risk one counts its days."""
    kind = shot_clock_attention(deadline, today)
    if kind == attention.ATTENTION_MISSED:
        return "MISSED — decide now"
    if kind == attention.ATTENTION_AT_RISK:
        left = (deadline.due_date - today).days
        return f"at risk: {left} day{'' if left == 1 else 's'} left"
    return reminder_schedule.describe_offset(offset)


def _load_claimed(claim):
    """The claimed rows with their deadline, recipient and provider attached,
    each object loaded once (a deadline with five recipients is one row, not
    five joined copies)."""
    deliveries = list(
        ReminderDelivery.objects.filter(claim=claim).order_by("deadline__due_date", "deadline_id", "-offset")
    )
    deadlines = Deadline.objects.select_related("provider").in_bulk({d.deadline_id for d in deliveries})
    users = User.objects.in_bulk({d.recipient_user_id for d in deliveries if d.recipient_user_id})
    providers = Provider.objects.in_bulk({d.recipient_provider_id for d in deliveries if d.recipient_provider_id})
    for delivery in deliveries:
        delivery.deadline = deadlines[delivery.deadline_id]
        delivery.recipient_user = users.get(delivery.recipient_user_id)
        delivery.recipient_provider = providers.get(delivery.recipient_provider_id)
    return deliveries


def _still_open(items, now, result):
    """Drop (and cancel) the rows whose deadline closed since the claim."""
    ids = [item.pk for item in items]
    closed = ReminderDelivery.objects.filter(pk__in=ids).exclude(deadline__state=Deadline.State.OPEN)
    gone = set(closed.values_list("pk", flat=True))
    if gone:
        result.cancelled += _cancel_closed(ReminderDelivery.objects.filter(pk__in=gone), timezone.localdate(now))
    return [item for item in items if item.pk not in gone]


def _send_digest(email, deliveries, provider_id, today, message_id="", rollup=None, section=None, sections=()):
    # One line per deadline: its most urgent reminder.
    firsts, seen = [], set()
    for delivery in sorted(deliveries, key=lambda d: (d.deadline.due_date, d.offset)):
        if delivery.deadline_id not in seen:
            seen.add(delivery.deadline_id)
            firsts.append(delivery)
    # Missed shot clocks first, so a long digest can never cut them off.
    firsts.sort(key=lambda d: shot_clock_attention(d.deadline, today) != attention.ATTENTION_MISSED)
    lines = [
        {
            "deadline": delivery.deadline,
            "status": digest_status(delivery.deadline, delivery.offset, today),
            "missed": shot_clock_attention(delivery.deadline, today) == attention.ATTENTION_MISSED,
            "url": settings.SITE_URL + delivery.deadline.get_absolute_url(),
        }
        for delivery in firsts[:DIGEST_LIMIT]
    ]
    first = deliveries[0] if deliveries else rollup
    recipient = first.recipient_user
    provider = first.recipient_provider if provider_id else None
    more_url = settings.SITE_URL + (reverse("portal:home") if provider else reverse("deadlines:mine"))
    context = {
        "recipient": recipient,
        "provider": provider,
        "lines": lines,
        "missed": sum(line["missed"] for line in lines),
        "more": max(0, len(firsts) - DIGEST_LIMIT),
        "total": len(firsts),
        "more_url": more_url,
        "rollup": section,
        "sections": sections,
    }
    message = make_message("reminder_digest", context, to=[email])
    if message_id:
        message.extra_headers["Message-ID"] = message_id
    message.send()


@contextmanager
def _sweep_lock():
    """PostgreSQL: one sweep at a time (session advisory lock); yields False
    when another sweep holds it. Elsewhere always True: see the docstring."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        got = cursor.fetchone()[0]
    try:
        yield got
    finally:
        if got:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])


def sweep(today=None, now=None, mode="full"):
    """Plan then send. Returns the figures for logs and the command.

    `mode`: "full" plans everything due up to today (the 07:00 run, the
    command); "catch_up" plans only deadlines older than this morning's 07:00
    (what a crashed run left); "send" plans nothing and sends what is left.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    with _sweep_lock() as got:
        if not got:
            log.info("Reminder sweep skipped: another sweep holds the lock; it sends this run's digests.")
            return SweepResult(skipped=True)
        if mode == "send":
            planned = SweepResult()
        else:
            created_before = _plan_time(today) if mode == "catch_up" else None
            planned = plan(today=today, created_before=created_before)
            planned.rollups = plan_rollup(today=today)
        sent = send(now=now)
    planned.sent, planned.failed, planned.emails = sent.sent, sent.failed, sent.emails
    planned.cancelled = sent.cancelled
    log.info(
        "Reminder sweep (%s): %s deadlines, %s reminders planned, %s sent in %s emails, %s failed, %s cancelled",
        mode,
        planned.deadlines,
        planned.planned,
        planned.sent,
        planned.emails,
        planned.failed,
        planned.cancelled,
    )
    return planned


def _plan_time(day):
    return timezone.make_aware(datetime.combine(day, PLAN_AT))


def mode_at(now):
    """Which sweep an hourly run at `now` does (see the module docstring)."""
    local = timezone.localtime(now)
    if local.hour < PLAN_AT.hour:
        return "send"
    return "full" if local.hour == PLAN_AT.hour else "catch_up"


def scheduled_sweep():
    """The hourly django-q2 task: the sweep as the named system user."""
    from accounts.audit import acting_as, system_user

    now = timezone.now()
    with acting_as(system_user()):
        result = sweep(now=now, mode=mode_at(now))
    if result.skipped:
        return "skipped: another sweep was running"
    return f"{result.planned} planned, {result.sent} sent, {result.failed} failed, {result.cancelled} cancelled"
