"""Reads for permit pages: a fixed number of queries per page, whatever the data size."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from accounts.models import User
from accounts.roles import STAFF
from deadlines.attention import deadline_window
from permits import shotclock
from permits.models import (
    ApplicationDocument,
    ChecklistItem,
    ChecklistReview,
    ClockEvent,
    ClockState,
    FeeSchedule,
    Permit,
    PermitApplication,
    Site,
)


def application_queue():
    """Every application, soonest deadline first; tolled clocks (no deadline) after the running ones."""
    return (
        # Applicant and reviewer are prefetched, not joined: with no join the
        # database walks the open-queue index for the first page instead of
        # sorting every open application.
        # Site counts come after the slice (with_site_counts), not as an annotation.
        PermitApplication.objects.prefetch_related("applicant", "assigned_reviewer").order_by(
            "queue_order", "submitted_on", "id"
        )
    )


def with_site_counts(applications):
    """Set `site_count` on each application of a page (or an export chunk) with one grouped query.

    Counted after the slice: a correlated subquery per row, or a JOIN + GROUP BY
    over the whole queue, would cost more the more applications there are."""
    counts = dict(
        Site.objects.filter(application__in=[application.pk for application in applications])
        .order_by()
        .values_list("application")
        .annotate(n=Count("id"))
    )
    for application in applications:
        application.site_count = counts.get(application.pk, 0)
    return applications


def application_detail_queryset():
    # message_count: the "Messages (N)" link to the thread (permits/views_messages.py), in the same query.
    return (
        PermitApplication.objects.select_related("applicant", "assigned_reviewer")
        .annotate(message_count=Count("messages", distinct=True))
        .prefetch_related(
            Prefetch("sites", queryset=Site.objects.select_related("permit").order_by("id")),
            Prefetch(
                "events",
                queryset=ClockEvent.objects.select_related("recorded_by", "letter").prefetch_related("missing_items"),
            ),
            Prefetch("permits", queryset=Permit.objects.select_related("site").order_by("number")),
        )
    )


def application_for_api():
    return PermitApplication.objects.select_related("applicant").prefetch_related(
        Prefetch("sites", queryset=Site.objects.order_by("id")),
        Prefetch("events", queryset=ClockEvent.objects.prefetch_related("missing_items")),
        # Matched to the checklist items by item_id: no join to the item (its position orders the default).
        Prefetch("checklist_reviews", queryset=ChecklistReview.objects.order_by("id")),
    )


def checklist_items():
    """The City's whole published checklist, retired items too (permits.checklist.items_for picks those that
    apply to an application): read once per request, not once per application."""
    return list(ChecklistItem.objects.order_by("position", "id"))


def permit_list():
    return Permit.objects.select_related("application__applicant", "site").order_by("expires_on", "number")


def permit_detail_queryset():
    return Permit.objects.select_related("application__applicant", "site")


def fee_schedule_current(on):
    """The City's fee schedule in force on `on`, or None when staff have not entered one."""
    return FeeSchedule.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def fee_schedules():
    return FeeSchedule.objects.select_related("recorded_by").order_by("-effective_from")


def attention_filter(kind, today):
    """The applications in attention class `kind` on `today`, as a Q: the database
    twin of shotclock.attention on the stored columns (`in_queue` is "nothing
    decided, withdrawn or deemed granted"). Each branch is an equality on
    in_queue and clock_state plus a deadline range, which the partial index
    permits_app_open_state answers."""
    undecided = Q(in_queue=True)
    if kind == shotclock.ATTENTION_CLOSED:
        return Q(in_queue=False) | (undecided & Q(clock_state__in=[ClockState.MET, ClockState.WITHDRAWN]))
    if kind == shotclock.ATTENTION_TOLLED:
        return undecided & Q(clock_state=ClockState.TOLLED)
    running = undecided & Q(clock_state=ClockState.RUNNING)
    if kind == shotclock.ATTENTION_MISSED:
        return (undecided & Q(clock_state=ClockState.MISSED)) | (
            running & deadline_window("clock_deadline", kind, today)
        )
    if kind == shotclock.ATTENTION_AT_RISK:
        return running & deadline_window("clock_deadline", kind, today)
    if kind == shotclock.ATTENTION_RUNNING:
        # shotclock.attention counts a running clock with no deadline as running.
        return running & (deadline_window("clock_deadline", kind, today) | Q(clock_deadline__isnull=True))
    raise ValueError(f"Unknown attention class {kind!r}; choose one of {', '.join(shotclock.ATTENTION_CLASSES)}.")


def attention_counts(today, *, kinds=None):
    """Open applications and the missed, at-risk and tolled counts, for the queue
    cards; `kinds` narrows them to what a page shows (the staff home: missed and
    at risk; counting every open application grows with the queue). Five small counts, each a range on the partial
    index (in_queue, clock_state, clock_deadline), never a scan of every open
    application; missed is two of them, since an OR of two states would not
    stay on one index range."""
    apps = PermitApplication.objects.filter(in_queue=True)
    missed_window = deadline_window("clock_deadline", shotclock.ATTENTION_MISSED, today)
    counters = {
        "open": apps.count,
        shotclock.ATTENTION_MISSED: lambda: (
            apps.filter(clock_state=ClockState.MISSED).count()
            + apps.filter(missed_window, clock_state=ClockState.RUNNING).count()
        ),
        shotclock.ATTENTION_AT_RISK: lambda: apps.filter(attention_filter(shotclock.ATTENTION_AT_RISK, today)).count(),
        shotclock.ATTENTION_TOLLED: lambda: apps.filter(attention_filter(shotclock.ATTENTION_TOLLED, today)).count(),
    }
    return {kind: count() for kind, count in counters.items() if kinds is None or kind in kinds}


def attention_list(kind, today, limit=10):
    """Up to `limit` applications of class `kind`, oldest deadline first, with
    applicant and reviewer joined (one query)."""
    return list(
        PermitApplication.objects.filter(attention_filter(kind, today))
        .select_related("applicant", "assigned_reviewer")
        .order_by("clock_deadline", "submitted_on", "id")[:limit]
    )


def assignable_reviewers():
    """Who may be assigned an application: active Staff users (the queue's reviewer filter offers the same)."""
    return User.objects.filter(groups__name=STAFF, is_active=True).order_by("username").distinct()


def assigned_open_count(user):
    """How many open applications are assigned to `user` (one count on the reviewer's index)."""
    return PermitApplication.objects.filter(assigned_reviewer=user, in_queue=True).count()


# Completeness review and the published checklist -------------------------------------------


def review_queue():
    """Applications awaiting a completeness finding: open and not waiting on the applicant (received, or under
    review: assigned or resubmitted), newest clocks first. Applicant, reviewer and the findings are prefetched;
    `resubmitted_on` is the latest resubmission, if any."""
    latest_resubmission = (
        ClockEvent.objects.filter(application=OuterRef("pk"), kind=ClockEvent.Kind.RESUBMITTED)
        .order_by("-date", "-id")
        .values("date")[:1]
    )
    return (
        PermitApplication.objects.filter(
            in_queue=True, status__in=[PermitApplication.Status.RECEIVED, PermitApplication.Status.UNDER_REVIEW]
        )
        .annotate(resubmitted_on=Subquery(latest_resubmission))
        .prefetch_related("applicant", "assigned_reviewer", "checklist_reviews")
        .order_by("-submitted_on", "-id")
    )


def application_review(pk):
    """One application for its completeness review, with its findings and the documents filed for an item."""
    return (
        PermitApplication.objects.select_related("applicant", "assigned_reviewer")
        .prefetch_related(
            "checklist_reviews__checked_by",
            Prefetch(
                "documents",
                queryset=ApplicationDocument.objects.filter(checklist_item__isnull=False).order_by("uploaded_at", "id"),
            ),
        )
        .get(pk=pk)
    )


def latest_resubmission(application):
    """The day of the application's latest resubmission, or None (the review page's countdown runs from it)."""
    return (
        application.events.filter(kind=ClockEvent.Kind.RESUBMITTED)
        .order_by("-date", "-id")
        .values_list("date", flat=True)
        .first()
    )
