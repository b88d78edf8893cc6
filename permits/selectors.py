"""Reads for permit pages: a fixed number of queries per page, whatever the data size."""

from django.db.models import Count, OuterRef, Prefetch, Subquery

from permits.models import ClockEvent, FeeSchedule, Permit, PermitApplication, Site


def application_queue():
    """Every application, soonest deadline first; tolled clocks (no deadline) after the running ones."""
    return (
        # Applicant and reviewer are prefetched, not joined: with no join the
        # database walks the open-queue index for the first page instead of
        # sorting every open application.
        PermitApplication.objects.prefetch_related("applicant", "assigned_reviewer")
        # A correlated count, evaluated only for the rows on the page: a JOIN +
        # GROUP BY would aggregate every application before the LIMIT.
        .annotate(
            site_count=Subquery(
                Site.objects.filter(application=OuterRef("pk"))
                .order_by()
                .values("application")
                .annotate(n=Count("id"))
                .values("n")[:1]
            )
        )
        .order_by("queue_order", "submitted_on", "id")
    )


def application_detail_queryset():
    return PermitApplication.objects.select_related("applicant", "assigned_reviewer").prefetch_related(
        Prefetch("sites", queryset=Site.objects.select_related("permit").order_by("id")),
        Prefetch(
            "events",
            queryset=ClockEvent.objects.select_related("recorded_by", "letter").prefetch_related("missing_items"),
        ),
        Prefetch("permits", queryset=Permit.objects.select_related("site").order_by("number")),
    )


def application_for_api():
    return PermitApplication.objects.select_related("applicant").prefetch_related(
        Prefetch("sites", queryset=Site.objects.order_by("id")),
        Prefetch("events", queryset=ClockEvent.objects.prefetch_related("missing_items")),
    )


def permit_list():
    return Permit.objects.select_related("application__applicant", "site").order_by("expires_on", "number")


def permit_detail_queryset():
    return Permit.objects.select_related("application__applicant", "site")


def fee_schedule_current(on):
    """The City's fee schedule in force on `on`, or None when staff have not entered one."""
    return FeeSchedule.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def fee_schedules():
    return FeeSchedule.objects.select_related("recorded_by").order_by("-effective_from")
