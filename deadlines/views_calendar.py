"""The month calendar of deadlines: the City's page (`deadlines:calendar`) and what the portal's calendar
(portal.views_calendar) reuses. One query reads the month's deadlines, one the closure days, whatever the
number of deadlines."""

import calendar as pycalendar
import re
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from accounts.mixins import CityRoleRequiredMixin
from businessdays.selectors import business_calendar
from deadlines import selectors
from deadlines.filters import DeadlineFilter
from deadlines.models import Deadline

MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")
# Weeks run Sunday to Saturday, as on the City's printed calendars.
FIRST_WEEKDAY = pycalendar.SUNDAY
WEEKDAY_NAMES = [
    (pycalendar.day_name[(FIRST_WEEKDAY + i) % 7], pycalendar.day_abbr[(FIRST_WEEKDAY + i) % 7]) for i in range(7)
]


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    is_weekend: bool
    closed: str  # why the City is closed that day (a holiday, a closure), "" on a business day or a weekend
    deadlines: list = field(default_factory=list)


def parse_month(value, today):
    """(first day of the month asked for, error message or ""): ?month=2026-12 -> Dec 1, 2026. Anything else
    is the current month, with a message unless nothing was asked."""
    if not value:
        return today.replace(day=1), ""
    match = MONTH.match(value)
    if match:
        year, month = int(match["year"]), int(match["month"])
        # Keep a month either side inside what date() can hold, for the previous and next links.
        if MINYEAR < year < MAXYEAR and 1 <= month <= 12:
            return date(year, month, 1), ""
    return today.replace(day=1), f"“{value[:20]}” is not a month (use YYYY-MM, e.g. 2026-12); showing this month."


def shift(first, months):
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_weeks(first, deadlines, today, business):
    """The month as weeks of Days (Sunday first, padded with the neighbouring months' days), each in-month
    day holding its deadlines in the order given."""
    by_day = {}
    for deadline in deadlines:
        by_day.setdefault(deadline.due_date, []).append(deadline)
    weeks = []
    for week in pycalendar.Calendar(FIRST_WEEKDAY).monthdatescalendar(first.year, first.month):
        row = []
        for day in week:
            in_month = day.month == first.month
            weekend = day.weekday() >= 5
            row.append(
                Day(
                    date=day,
                    in_month=in_month,
                    is_today=day == today,
                    is_weekend=weekend,
                    closed="" if weekend else (business.reason_closed(day) or ""),
                    deadlines=by_day.get(day, []) if in_month else [],
                )
            )
        weeks.append(row)
    return weeks


class MonthCalendarMixin:
    """The month, its weeks and the previous/next links; a subclass gives month_deadlines(first, last)."""

    def month_context(self):
        today = timezone.localdate()
        first, problem = parse_month(self.request.GET.get("month", ""), today)
        if problem:
            messages.warning(self.request, problem)
        last = date(first.year, first.month, pycalendar.monthrange(first.year, first.month)[1])
        deadlines = list(self.month_deadlines(first, last).order_by("due_date", "title", "id"))
        selectors.with_attention(deadlines, today)
        weeks = month_weeks(first, deadlines, today, business_calendar())
        query = self.request.GET.copy()
        query.pop("month", None)
        extra = f"&{query.urlencode()}" if query else ""
        return {
            "today": today,
            "first": first,
            "weeks": weeks,
            "weekdays": WEEKDAY_NAMES,
            "days_with_deadlines": [day for week in weeks for day in week if day.in_month and day.deadlines],
            "deadline_count": len(deadlines),
            "previous_month": f"?month={shift(first, -1):%Y-%m}{extra}",
            "next_month": f"?month={shift(first, 1):%Y-%m}{extra}",
            "this_month": f"?month={today:%Y-%m}{extra}",
            "month_param": f"{first:%Y-%m}",
            "previous_first": shift(first, -1),
            "next_first": shift(first, 1),
        }


class CalendarFilter(DeadlineFilter):
    """The deadline list's filters without its date range: the month is the range."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("due_after", "due_before"):
            self.filters.pop(name)


class DeadlineCalendarView(CityRoleRequiredMixin, MonthCalendarMixin, TemplateView):
    """Every deadline of a month in a grid, with the deadline list's filters (all states unless one is chosen)."""

    template_name = "deadlines/calendar.html"

    def month_deadlines(self, first, last):
        # Open deadlines when no filter is asked, as on the deadline list; any filter is taken as it is.
        data = self.request.GET if set(self.request.GET) - {"month"} else {"state": Deadline.State.OPEN}
        self.filter = CalendarFilter(data, queryset=selectors.deadline_queryset(), request=self.request)
        queryset = self.filter.qs if self.filter.is_valid() else selectors.deadline_queryset().none()
        return queryset.filter(due_date__range=(first, last))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.month_context())
        context["filter"] = self.filter
        context["feed_url"] = self.request.build_absolute_uri(
            reverse("deadlines:calendar-feed", args=[self.request.user.calendar_token])
        )
        return context
