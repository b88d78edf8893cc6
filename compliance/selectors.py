"""Reads for compliance pages."""

from compliance.calendar import BusinessCalendar
from compliance.models import ClosureDay


def business_calendar():
    """The Boston business-day calendar with the City's closure days loaded."""
    return BusinessCalendar(dict(ClosureDay.objects.values_list("date", "reason")))
