"""Reads for compliance pages."""

from businessdays.calendar import BusinessCalendar
from businessdays.models import ClosureDay


def business_calendar():
    """The calendar of license due dates: public holidays and every City closure day, of both kinds.

    Filings, payments and the cure and payment dates of letters use it. Never
    give it to the shot clock: use shot_clock_calendar().
    """
    closures, legal_holidays = {}, {}
    for day, reason, kind in ClosureDay.objects.values_list("date", "reason", "kind"):
        (legal_holidays if kind == ClosureDay.Kind.LEGAL_HOLIDAY else closures)[day] = reason
    return BusinessCalendar(closures=closures, legal_holidays=legal_holidays)


def shot_clock_calendar():
    """The calendar of the federal shot clock: public holidays and the City's legal holidays only.

    47 CFR 1.6003(e) with 47 CFR 1.4(e)(1) and 1.4(j): a shot-clock date moves
    off weekends and holidays; a City office closure (a snow emergency) is not
    a legal holiday and never moves one. Equal to business_calendar().for_shot_clock().
    """
    rows = ClosureDay.objects.filter(kind=ClosureDay.Kind.LEGAL_HOLIDAY).values_list("date", "reason")
    return BusinessCalendar(legal_holidays=dict(rows))
