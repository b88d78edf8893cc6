"""Reads for compliance pages."""

from accounts.models import Provider
from compliance.calendar import BusinessCalendar
from compliance.models import ClosureDay


def home_summary():
    providers = list(Provider.objects.filter(is_active=True).order_by("name").only("id", "name", "kind"))
    return {"providers": providers}


def business_calendar():
    """The Boston business-day calendar with the City's closure days loaded."""
    return BusinessCalendar(dict(ClosureDay.objects.values_list("date", "reason")))
