"""The clock record: one small-cell application's shot clock as a printable PDF, for counsel
preparing or defending a shot-clock suit (47 U.S.C. 332(c)(7)(B)(v): an applicant may sue
within 30 days of a missed deadline).

It sets every event beside the engine's own reading of it (permits/shotclock.py, with its
citations), says who recorded what and when, and lists the letters about the application
with their SHA-256. City roles only; rendered as tagged PDF/A-3a by the letters' renderer.
"""

import logging
from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from accounts.mixins import CityRoleRequiredMixin
from businessdays.selectors import business_calendar
from letters import rendering
from letters import selectors as letter_selectors
from permits import selectors, services, shotclock
from permits.models import ClockState

logger = logging.getLogger(__name__)


@dataclass
class TimelineRow:
    """One line of the record: an event (None for the submission or the deadline) and the engine's reading."""

    date: object
    label: str
    event: object = None
    lines: list = field(default_factory=list)
    ignored: str = ""
    recorded_by: object = None
    recorded_at: object = None


def _engine_readings(application, events, sites, *, calendar, as_of):
    """The engine's explanation split by event: (head lines, [(line, ignored) per event], tail lines).

    The engine (shotclock.compute) writes its explanation in order: the submission (and a
    batch's period note), then one line for each event it applies, then the deadline and the
    state. It skips, without a line, an event it cannot apply (listed in `ignored`) or one dated
    after `as_of`. Running it on each prefix of the events, in the order it applies them, tells
    which line belongs to which event.
    """
    full = services.application_clock(application, calendar=calendar, as_of=as_of)
    site_categories = [site.category or application.category for site in sites]
    head = 1 + bool(shotclock.batch_period(application.category, site_categories).note)
    engine_events = [event.as_engine_event() for event in events]
    readings, handled, ignored = [], 0, 0
    for count, event in enumerate(events, start=1):
        if event.date > as_of:
            readings.append(("", "Dated after today: not yet counted by the clock."))
            continue
        partial = shotclock.compute(
            category=application.category,
            submitted_on=application.submitted_on,
            events=engine_events[:count],
            calendar=calendar,
            as_of=as_of,
            site_categories=site_categories,
            strict=False,
        )
        if len(partial.ignored) > ignored:
            ignored = len(partial.ignored)
            readings.append(("", partial.ignored[-1]))
        else:
            readings.append((full.explanation[head + handled], ""))
            handled += 1
    return full, full.explanation[:head], readings, full.explanation[head + handled :]


def _event_label(event):
    label = event.get_kind_display()
    if event.outcome:
        label += f": {event.get_outcome_display().lower()}"
    if event.days:
        label += f" ({event.days} days)"
    return label


def clock_record_context(application, *, user, now, calendar):
    """Everything templates/permits/clock_record.html shows (the application comes from
    selectors.application_detail_queryset, so this costs a fixed number of queries)."""
    today = timezone.localdate(now)
    sites = list(application.sites.all())
    events = list(application.events.all())
    clock, head, readings, tail = _engine_readings(application, events, sites, calendar=calendar, as_of=today)
    created = application.history.filter(history_type="+").select_related("history_user").order_by("history_date")
    creation = created.first()
    rows = [
        TimelineRow(
            date=application.submitted_on,
            label="Application submitted",
            lines=list(head),
            recorded_by=creation.history_user if creation else None,
            recorded_at=creation.history_date if creation else application.created_at,
        )
    ]
    for event, (line, ignored) in zip(events, readings, strict=True):
        rows.append(
            TimelineRow(
                date=event.date,
                label=_event_label(event),
                event=event,
                lines=[line] if line else [],
                ignored=ignored,
                recorded_by=event.recorded_by,
                recorded_at=event.recorded_at,
            )
        )
    rows.append(
        TimelineRow(
            date=clock.deadline or today,
            label="Shot-clock deadline" if clock.deadline else f"Clock {ClockState(clock.state).label.lower()}",
            lines=list(tail),
        )
    )
    category = shotclock.CATEGORIES[application.category]
    return {
        "application": application,
        "sites": sites,
        "category": category,
        "period": shotclock.batch_period(application.category, [s.category or application.category for s in sites]),
        "clock": clock,
        "clock_state_label": ClockState(clock.state).label,
        "days_overdue": -clock.days_remaining if clock.days_remaining is not None and clock.days_remaining < 0 else 0,
        "rows": rows,
        "letters": letter_selectors.letters_for(application),
        "letterhead": rendering.letterhead(),
        "static_prefix": rendering.PDF_STATIC_PREFIX,
        "generated_at": timezone.localtime(now),
        "generated_by": user,
        "title": clock_record_title(application),
    }


def clock_record_title(application):
    return f"Shot-clock record of application {application.reference} ({application.applicant.name})"


class ApplicationClockRecordView(CityRoleRequiredMixin, View):
    """GET: the clock record PDF of one application (Staff, Legal and Auditor)."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, pk):
        application = get_object_or_404(selectors.application_detail_queryset(), pk=pk)
        context = clock_record_context(application, user=request.user, now=timezone.now(), calendar=business_calendar())
        filename = f"clock-record-{slugify(application.reference) or application.pk}.pdf"
        return rendering.pdf_response(
            "permits/clock_record.html", context, filename=filename, what="The clock record", logger=logger
        )
