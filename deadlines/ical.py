"""iCalendar (RFC 5545) feeds of deadlines, built with the icalendar package."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def build_feed(deadlines, *, name):
    calendar = Calendar()
    calendar.add("prodid", "-//City cable & broadband office//Conduit//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for deadline in deadlines:
        event = Event()
        event.add("uid", f"deadline-{deadline.pk}@conduit")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.due_date)  # an all-day event on the due date
        event.add("dtend", deadline.due_date + timedelta(days=1))
        owner = f"{deadline.provider.name}: " if deadline.provider_id else ""
        event.add("summary", f"Due: {owner}{deadline.title}")
        description = [f"{deadline.get_kind_display()}, due {deadline.due_date:%A %B %-d, %Y}."]
        if deadline.citation:
            description.append(f"Rule: {deadline.citation}")
        url = settings.SITE_URL + deadline.get_absolute_url()
        description.append(url)
        event.add("description", "\n".join(description))
        event.add("url", url)
        event.add("categories", [deadline.get_kind_display()])
        calendar.add_component(event)
    return calendar.to_ical()
