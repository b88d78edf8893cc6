"""The watchdog: finds letter work a killed worker left behind and queues it again.

With the Redis broker django-q2 forgets a task whose worker dies (its `retry`
and `max_attempts` apply to the ORM broker only), so three things can stall:

- a letter stuck "issuing": its render task was lost;
- a letter email stuck "sending": the worker died between claiming and sending it;
- a bulk job stuck "running": its worker stopped reporting progress (`heartbeat_at`).

Work counts as stalled once it is older than the longest a task may live
(Q_CLUSTER "timeout", after which django-q2 kills it, or "retry", after which
the ORM broker hands it out again, whichever is later) plus a margin
(settings.WORKER_RECOVERY_MARGIN seconds, 60 by default). Anything younger may
still be running. The services in letters/services.py lock each row
and check again before queueing it, so a rerun or a second watchdog does nothing.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from letters import services
from letters.models import Letter, LetterBatch, LetterDelivery, LetterEvent

logger = logging.getLogger(__name__)

DEFAULT_MARGIN_SECONDS = 60


def stall_limit(q_cluster=None, margin_seconds=None):
    """How long work may go without news before the watchdog takes it back.

    >>> stall_limit({"timeout": 300, "retry": 360}, 60)
    datetime.timedelta(seconds=420)
    """
    q_cluster = settings.Q_CLUSTER if q_cluster is None else q_cluster
    if margin_seconds is None:
        margin_seconds = getattr(settings, "WORKER_RECOVERY_MARGIN", DEFAULT_MARGIN_SECONDS)
    longest = max(int(q_cluster.get("timeout") or 0), int(q_cluster.get("retry") or 0))
    return timedelta(seconds=longest + int(margin_seconds))


def stalled_letters(stalled_before):
    """Letters issuing since before the cutoff, never recovered since then, whose render did not fail."""
    return (
        Letter.objects.filter(status=Letter.Status.ISSUING, render_error="", issue_requested_at__lt=stalled_before)
        .annotate(last_recovered=Max("events__at", filter=Q(events__kind=LetterEvent.Kind.RECOVERED)))
        .filter(Q(last_recovered__isnull=True) | Q(last_recovered__lt=stalled_before))
        .order_by("issue_requested_at", "pk")
    )


def stalled_deliveries(stalled_before):
    """Emails claimed by a worker before the cutoff and not sent (one claimed before claims were timed: its
    request time stands in)."""
    return (
        LetterDelivery.objects.filter(status=LetterDelivery.Status.SENDING)
        .annotate(claimed=Coalesce("claimed_at", "requested_at"))
        .filter(claimed__lt=stalled_before)
        .order_by("claimed", "pk")
    )


def stalled_batches(stalled_before):
    return (
        LetterBatch.objects.filter(status=LetterBatch.Status.RUNNING)
        .annotate(beat=Coalesce("heartbeat_at", "started_at", "created_at"))
        .filter(beat__lt=stalled_before)
        .order_by("beat", "pk")
    )


@dataclass
class Recovered:
    letters: int = 0
    deliveries: int = 0
    batches: int = 0

    @property
    def total(self):
        return self.letters + self.deliveries + self.batches

    def __str__(self):
        return (
            f"Recovered {self.letters} letter(s) stuck issuing, {self.deliveries} email(s) stuck sending "
            f"and {self.batches} bulk job(s) whose worker stopped."
        )


def recover_stalled(now=None):
    """Queue again everything stalled as of `now`; returns what was taken back."""
    stalled_before = (now or timezone.now()) - stall_limit()
    found = Recovered()
    for letter_id in stalled_letters(stalled_before).values_list("pk", flat=True):
        if services.letter_recover(letter_id=letter_id, stalled_before=stalled_before):
            found.letters += 1
    for delivery_id in stalled_deliveries(stalled_before).values_list("pk", flat=True):
        if services.delivery_recover(delivery_id=delivery_id, stalled_before=stalled_before):
            found.deliveries += 1
    for batch_id in stalled_batches(stalled_before).values_list("pk", flat=True):
        if services.batch_recover(batch_id=batch_id, stalled_before=stalled_before):
            found.batches += 1
    if found.total:
        logger.warning("Watchdog: %s", found)
    else:
        logger.info("Watchdog: nothing stalled")
    return found
