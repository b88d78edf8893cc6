"""Business days for Boston: pure functions, no ORM.

A day is not a business day when it is a Saturday or Sunday, a federal
holiday on its observed date, a Massachusetts legal holiday, a Suffolk County
holiday (Evacuation Day, Bunker Hill Day), or a City closure day that staff
recorded. Closure days are of two kinds, and they do not count alike:

- A legal holiday declared by the City or the Commonwealth counts everywhere:
  for the federal shot clock (47 CFR 1.6003(e) with 47 CFR 1.4(e)(1) and
  1.4(j): a period whose last day is a weekend or a holiday runs to the next
  business day) and for license due dates.
- An office closure (a snow emergency, say) is not a legal holiday. It moves an
  operator's due dates under its license (filings, cure and payment dates: the
  operator's benefit), but never a federal shot-clock date. The City is the
  party that can be sued on a missed shot clock, so where the rule is unsettled
  the earlier date wins.

`BusinessCalendar` holds both; `for_shot_clock()` gives the view the shot
clock must use, in which office closures are business days.

Why two lists from `holidays`: with a state selected the package applies the
state's observance rules (Massachusetts moves a Sunday holiday to Monday but
does not move a Saturday one to Friday), so federal observed Fridays such as
2026-07-03 and 2021-12-31 are missing from holidays.US(subdiv="MA"). The
federal list (5 U.S.C. 6103, Executive Order 11582: Saturday -> Friday,
Sunday -> Monday) is therefore taken on its own and merged with the state's.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

SATURDAY, SUNDAY = 5, 6

# Suffolk County only: M.G.L. c.6 s.12K (Evacuation Day, March 17) and s.12L
# (Bunker Hill Day, June 17). Their Sunday-to-Monday observance follows
# M.G.L. c.4 s.7 cl.18 for legal holidays (unconfirmed for county days; the
# City can add or remove a day through closure days).
SUFFOLK_DAYS = ((3, 17, "Evacuation Day (Suffolk County)"), (6, 17, "Bunker Hill Day (Suffolk County)"))


@lru_cache(maxsize=64)
def _public_holidays(year):
    """Federal (observed dates) + Massachusetts + Suffolk County holidays of one year."""
    days = {}
    for day, name in holidays.US(subdiv="MA", years=year, observed=True).items():
        days[day] = f"{name} (Massachusetts)"
    for day, name in holidays.US(years=year, observed=True).items():
        days[day] = f"{name} (federal)"
    for month, day_of_month, name in SUFFOLK_DAYS:
        day = date(year, month, day_of_month)
        if day.weekday() == SUNDAY:
            days.setdefault(day + timedelta(days=1), f"{name}, observed")
        days.setdefault(day, name)
    return days


def public_holiday(day):
    """The name of the public holiday on `day`, or None."""
    return _public_holidays(day.year).get(day)


class BusinessCalendar:
    """Weekends, public holidays and the City's own closure days.

    `closures` maps a date to the reason of a City office closure (moves
    license due dates only); `legal_holidays` maps a date to the name of a
    legal holiday the City or the Commonwealth declared (moves shot-clock
    dates too). The ORM side (businessdays.selectors.business_calendar and
    shot_clock_calendar) loads them from ClosureDay rows.
    """

    def __init__(self, closures=None, legal_holidays=None):
        self.closures = dict(closures or {})
        self.legal_holidays = dict(legal_holidays or {})

    def for_shot_clock(self):
        """The calendar of the federal shot clock: the same days without the office closures.

        47 CFR 1.6003(e) with 47 CFR 1.4(e)(1) and 1.4(j) move a shot-clock date
        off weekends and holidays only; a City office closure is not a legal
        holiday, so it never moves one (the earlier, safer date for the City).
        Calling it on a shot-clock calendar returns an equal calendar.
        """
        return BusinessCalendar(legal_holidays=self.legal_holidays)

    def reason_closed(self, day):
        """Why `day` is not a business day ("Saturday", a holiday's name...), or None."""
        if day.weekday() == SATURDAY:
            return "Saturday"
        if day.weekday() == SUNDAY:
            return "Sunday"
        if day in self.legal_holidays:
            return f"City legal holiday: {self.legal_holidays[day]}"
        if day in self.closures:
            return f"City office closure: {self.closures[day]}"
        return public_holiday(day)

    def is_business_day(self, day):
        return self.reason_closed(day) is None

    def next_business_day(self, day):
        """The first business day on or after `day`."""
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def previous_business_day(self, day):
        """The last business day on or before `day`."""
        while not self.is_business_day(day):
            day -= timedelta(days=1)
        return day

    def add_business_days(self, day, count):
        """`count` business days after `day` (day itself not counted)."""
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        while remaining:
            day += timedelta(days=step)
            if self.is_business_day(day):
                remaining -= 1
        return day

    def roll(self, day, rule):
        """Apply a due date's business-day rule: "none", "next" or "previous"."""
        if rule == "next":
            return self.next_business_day(day)
        if rule == "previous":
            return self.previous_business_day(day)
        return day

    def closed_days_between(self, start, end):
        """Every non-business day in [start, end] with its reason, for display."""
        day, found = start, []
        while day <= end:
            reason = self.reason_closed(day)
            if reason:
                found.append((day, reason))
            day += timedelta(days=1)
        return found
