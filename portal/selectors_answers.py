"""Provider-scoped reads for the applicant's answers and the message thread (the provider comes first)."""

from django.db.models import Prefetch

from permits.models import ApplicationMessage, ClockEvent, PermitApplication

LATEST_MESSAGES = 3


def application_for(provider, pk):
    """The provider's own small-cell application, or PermitApplication.DoesNotExist (also for a cable-only
    provider, which files none)."""
    if not provider.handles_wireless:
        raise PermitApplication.DoesNotExist("Cable-only providers have no small-cell applications.")
    return (
        PermitApplication.objects.select_related("applicant", "assigned_reviewer", "submitted_by")
        .prefetch_related(
            Prefetch("events", queryset=ClockEvent.objects.prefetch_related("missing_items")),
            "sites",
        )
        .get(applicant=provider, pk=pk)
    )


def open_notice(application, clock):
    """The incompleteness notice the resubmission would answer (dated clock.open_notice_on), or None."""
    if clock.open_notice_on is None:
        return None
    notices = [
        event
        for event in application.events.all()
        if event.kind == ClockEvent.Kind.INCOMPLETE_NOTICE and event.date == clock.open_notice_on
    ]
    return max(notices, key=lambda event: event.pk, default=None)


def notice_items(notice):
    return list(notice.missing_items.all()) if notice else []


def thread(application):
    """Every message, oldest first, with its author."""
    return list(
        ApplicationMessage.objects.filter(application=application).select_related("author").order_by("sent_at", "id")
    )


def latest_messages(application, count=LATEST_MESSAGES):
    """The newest `count` messages, shown oldest first, and how many there are in all."""
    messages = ApplicationMessage.objects.filter(application=application).select_related("author")
    latest = list(messages.order_by("-sent_at", "-id")[:count])
    return list(reversed(latest)), messages.count()
