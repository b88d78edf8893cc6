"""Recurrence and due-date rules of license obligations: pure functions, no ORM.

A license obligation repeats (one time, monthly, quarterly, annually, or every
N months / N years) and each occurrence covers a period and has a due date set
by a rule the license states ("45 days after the end of each quarter", "by
March 15 each year", "36 months before expiration"). Payment and reporting
terms come from each license, not from a statute (47 U.S.C. 542 sets the fee
cap but not the schedule), so every rule here is data an obligation carries.

Periods
    Periods are laid on a grid of `interval` months from an anchor date, so
    quarters follow the calendar (anchor January 1: Jan-Mar, Apr-Jun, ...) or
    the license year (anchor = the effective date). Each boundary is
    anchor + k x interval months computed from the anchor with relativedelta,
    never by adding months to the previous boundary, so an anchor on the 31st
    gives Jan 31, Feb 28 (29 in a leap year), Mar 31, ... without drifting.
    The first and last periods are clipped to the obligation's active span
    inside the license term. A one-time obligation has a single period: that
    whole span.

Due rules (nominal due date, before the business-day rule)
    days_after_period_end          period end + N days ("45 days after quarter end")
    day_of_month_after_period_end  day D of the month N months after the period
                                   end ("the 15th of the second month": Feb 15,
                                   May 15, Aug 15, Nov 15); day 31 means the
                                   last day of that month (Feb 28 or 29)
    day_of_year                    the first month/day after the period end
                                   ("March 15 each year", "April 30");
                                   February 29 falls on February 28 in a
                                   common year
    days_after_period_start        period start + N days (0 = the first day:
                                   an insurance certificate for the license year)
    months_before_expiry           expiration date - N months, one-time only
                                   (47 U.S.C. 546(a): expiry - 30 months)
    fixed_date                     a date written in the license, one-time only
                                   (a build-out milestone)

Business days and grace
    The nominal date is then moved by the obligation's business-day rule
    ("none", "next" or "previous") with businessdays.calendar.BusinessCalendar
    (weekends, federal observed, Massachusetts and Suffolk County holidays,
    City closure days), passed in by the caller. Grace days run from the due
    date in calendar days; a grace period that ends on a closed day runs to
    the next business day whenever the rule is not "none" (it never ends
    earlier because of a weekend).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

ONE_TIME = "one_time"
MONTHLY = "monthly"
QUARTERLY = "quarterly"
ANNUAL = "annual"
EVERY_N_MONTHS = "every_n_months"
EVERY_N_YEARS = "every_n_years"
RECURRENCES = (ONE_TIME, MONTHLY, QUARTERLY, ANNUAL, EVERY_N_MONTHS, EVERY_N_YEARS)

DAYS_AFTER_PERIOD_END = "days_after_period_end"
DAY_OF_MONTH_AFTER_PERIOD_END = "day_of_month_after_period_end"
DAY_OF_YEAR = "day_of_year"
DAYS_AFTER_PERIOD_START = "days_after_period_start"
MONTHS_BEFORE_EXPIRY = "months_before_expiry"
FIXED_DATE = "fixed_date"
DUE_RULES = (
    DAYS_AFTER_PERIOD_END,
    DAY_OF_MONTH_AFTER_PERIOD_END,
    DAY_OF_YEAR,
    DAYS_AFTER_PERIOD_START,
    MONTHS_BEFORE_EXPIRY,
    FIXED_DATE,
)
ONE_TIME_ONLY_RULES = (MONTHS_BEFORE_EXPIRY, FIXED_DATE)

BUSINESS_DAY_RULES = ("none", "next", "previous")
DEFAULT_HORIZON_MONTHS = 18

MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Days each month can hold in a leap year: February 29 is a valid rule (it
# falls on February 28 in common years); February 30 is not.
MAX_DAY = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class Rule:
    """One obligation's schedule. `anchor` is a period boundary (None: January 1)."""

    recurrence: str
    due_rule: str
    interval: int = 1
    anchor: date | None = None
    offset_days: int = 0
    offset_months: int = 0
    month: int | None = None
    day: int | None = None
    fixed_date: date | None = None
    business_day: str = "none"
    grace_days: int = 0


@dataclass(frozen=True)
class Occurrence:
    period_start: date
    period_end: date
    nominal_due: date
    due_date: date
    grace_ends: date


def period_months(rule):
    """Length of one period in months; None for a one-time obligation."""
    if rule.recurrence == ONE_TIME:
        return None
    if rule.recurrence == MONTHLY:
        return 1
    if rule.recurrence == QUARTERLY:
        return 3
    if rule.recurrence == ANNUAL:
        return 12
    if rule.recurrence == EVERY_N_MONTHS:
        return rule.interval
    return 12 * rule.interval


# Upper bounds on a rule's numbers: far beyond any license term (15 years at most, 47 U.S.C. 546), and
# small enough that every date computed from them stays a date (a grace of 10**9 days does not). The API
# serializer states the same bounds in its schema (franchise.serializers.ObligationSerializer).
MAX_INTERVAL = 99
MAX_OFFSET_DAYS = 3650
MAX_OFFSET_MONTHS = 240
MAX_GRACE_DAYS = 365


def rule_errors(rule):
    """Plain-English problems with a rule, as {field: message}; empty when valid."""
    errors = {}
    if rule.recurrence not in RECURRENCES:
        errors["recurrence"] = f"Choose a recurrence: {', '.join(RECURRENCES)}."
    elif rule.recurrence in (EVERY_N_MONTHS, EVERY_N_YEARS) and (rule.interval or 0) < 1:
        errors["interval"] = "Enter how many months or years apart the occurrences are (1 or more)."
    if rule.due_rule not in DUE_RULES:
        errors["due_rule"] = f"Choose a due rule: {', '.join(DUE_RULES)}."
    elif rule.due_rule in ONE_TIME_ONLY_RULES and rule.recurrence != ONE_TIME:
        errors["due_rule"] = "A due date fixed by a date or by the expiration date only fits a one-time obligation."
    if rule.due_rule == DAY_OF_MONTH_AFTER_PERIOD_END and not (rule.day and 1 <= rule.day <= 31):
        errors["day"] = "Enter the day of the month the filing is due (1-31; 31 means the last day of the month)."
    if rule.due_rule == DAY_OF_YEAR:
        if not (rule.month and 1 <= rule.month <= 12):
            errors["month"] = "Enter the month the filing is due each year (1-12)."
        elif not (rule.day and 1 <= rule.day <= MAX_DAY[rule.month]):
            errors["day"] = f"{MONTH_NAMES[rule.month]} has no day {rule.day or 0}."
    if rule.due_rule == FIXED_DATE and rule.fixed_date is None:
        errors["fixed_date"] = "Enter the date the license sets for this obligation."
    if rule.due_rule == MONTHS_BEFORE_EXPIRY and (rule.offset_months or 0) < 1:
        errors["offset_months"] = "Enter how many months before expiration the obligation falls due (1 or more)."
    if (rule.offset_days or 0) < 0:
        errors["offset_days"] = "The number of days cannot be negative."
    if (rule.offset_months or 0) < 0:
        errors["offset_months"] = "The number of months cannot be negative."
    if (rule.interval or 0) > MAX_INTERVAL:
        errors["interval"] = f"The interval can be at most {MAX_INTERVAL}."
    if (rule.offset_days or 0) > MAX_OFFSET_DAYS:
        errors["offset_days"] = f"The number of days can be at most {MAX_OFFSET_DAYS}."
    if (rule.offset_months or 0) > MAX_OFFSET_MONTHS:
        errors["offset_months"] = f"The number of months can be at most {MAX_OFFSET_MONTHS}."
    if (rule.grace_days or 0) > MAX_GRACE_DAYS:
        errors["grace_days"] = f"Grace days can be at most {MAX_GRACE_DAYS}."
    if rule.business_day not in BUSINESS_DAY_RULES:
        errors["business_day"] = "Choose none, next or previous business day."
    if (rule.grace_days or 0) < 0:
        errors["grace_days"] = "Grace days cannot be negative."
    return errors


def periods(rule, *, span_start, span_end, through):
    """The periods of `rule` that overlap [span_start, span_end] and start on or
    before `through` (the horizon), each clipped to the span."""
    if span_end < span_start:
        return []
    step = period_months(rule)
    if step is None:
        return [(span_start, span_end)]
    anchor = rule.anchor or date(span_start.year, 1, 1)
    # Start one step before the period holding span_start; the loop skips ahead.
    k = ((span_start.year - anchor.year) * 12 + span_start.month - anchor.month) // step - 1
    found = []
    while True:
        start = anchor + relativedelta(months=k * step)
        end = anchor + relativedelta(months=(k + 1) * step) - timedelta(days=1)
        k += 1
        if end < span_start:
            continue
        start = max(start, span_start)
        if start > span_end or start > through:
            return found
        found.append((start, min(end, span_end)))


def nominal_due_date(rule, *, period_start, period_end, expiry):
    """The due date the rule gives, before any business-day adjustment."""
    if rule.due_rule == DAYS_AFTER_PERIOD_END:
        return period_end + timedelta(days=rule.offset_days)
    if rule.due_rule == DAY_OF_MONTH_AFTER_PERIOD_END:
        # relativedelta sets the day after moving the month and clamps it to
        # the month's length: day 31 two months after Dec 31 is Feb 28/29.
        return period_end + relativedelta(months=rule.offset_months, day=rule.day)
    if rule.due_rule == DAY_OF_YEAR:
        candidate = date(period_end.year, rule.month, 1) + relativedelta(day=rule.day)
        if candidate <= period_end:
            candidate = date(period_end.year + 1, rule.month, 1) + relativedelta(day=rule.day)
        return candidate
    if rule.due_rule == DAYS_AFTER_PERIOD_START:
        return period_start + timedelta(days=rule.offset_days)
    if rule.due_rule == MONTHS_BEFORE_EXPIRY:
        return expiry - relativedelta(months=rule.offset_months)
    if rule.due_rule == FIXED_DATE:
        return rule.fixed_date
    raise ValueError(f"Unknown due rule {rule.due_rule!r}")


def apply_business_day(rule, nominal, calendar):
    """(due date, end of grace) for a nominal due date under the rule's settings."""
    if rule.business_day == "none" or calendar is None:
        due = nominal
        grace_ends = due + timedelta(days=rule.grace_days)
    else:
        due = calendar.roll(nominal, rule.business_day)
        grace_ends = calendar.roll(due + timedelta(days=rule.grace_days), "next") if rule.grace_days else due
    return due, grace_ends


def occurrences(rule, *, span_start, span_end, expiry, through, calendar=None):
    """Every occurrence of `rule` in the span up to the horizon `through`.

    `calendar` is a businessdays.calendar.BusinessCalendar; it is required when
    the rule moves due dates to a business day.
    """
    if rule.business_day != "none" and calendar is None:
        raise ValueError("A business-day rule needs a BusinessCalendar.")
    found = []
    for start, end in periods(rule, span_start=span_start, span_end=span_end, through=through):
        nominal = nominal_due_date(rule, period_start=start, period_end=end, expiry=expiry)
        due, grace_ends = apply_business_day(rule, nominal, calendar)
        found.append(Occurrence(start, end, nominal, due, grace_ends))
    return found


def horizon(today, months=DEFAULT_HORIZON_MONTHS):
    """The last period start to generate: `months` months after today."""
    return today + relativedelta(months=months)


def quarter_of(day):
    """(first day, last day) of the calendar quarter holding `day`."""
    start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return start, start + relativedelta(months=3, days=-1)


def previous_quarter(day):
    """The last complete calendar quarter before `day`'s quarter."""
    start, _ = quarter_of(day)
    return quarter_of(start - timedelta(days=1))


def _ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe(rule):
    """The rule in a sentence, for pages and exports."""
    step = period_months(rule)
    repeat = {
        ONE_TIME: "One time",
        MONTHLY: "Monthly",
        QUARTERLY: "Quarterly",
        ANNUAL: "Annually",
        EVERY_N_MONTHS: f"Every {rule.interval} months",
        EVERY_N_YEARS: f"Every {rule.interval} years",
    }.get(rule.recurrence, rule.recurrence)
    if step and rule.anchor and (rule.anchor.month, rule.anchor.day) != (1, 1):
        repeat += f" (periods from {MONTH_NAMES[rule.anchor.month]} {rule.anchor.day})"
    if rule.due_rule == DAYS_AFTER_PERIOD_END:
        due = f"due {rule.offset_days} days after the period ends"
    elif rule.due_rule == DAY_OF_MONTH_AFTER_PERIOD_END:
        day = "last day" if rule.day == 31 else _ordinal(rule.day or 0)
        month = "the same month" if not rule.offset_months else f"the {_ordinal(rule.offset_months)} month"
        due = f"due the {day} of {month} after the period ends"
    elif rule.due_rule == DAY_OF_YEAR:
        due = f"due {MONTH_NAMES[rule.month or 0]} {rule.day} after the period ends"
    elif rule.due_rule == DAYS_AFTER_PERIOD_START:
        due = "due on the first day of the period" if not rule.offset_days else f"due {rule.offset_days} days in"
    elif rule.due_rule == MONTHS_BEFORE_EXPIRY:
        due = f"due {rule.offset_months} months before the license expires"
    else:
        due = f"due {rule.fixed_date:%Y-%m-%d}" if rule.fixed_date else "due on a fixed date"
    parts = [f"{repeat}, {due}"]
    if rule.business_day == "next":
        parts.append("a weekend or holiday moves it to the next business day")
    elif rule.business_day == "previous":
        parts.append("a weekend or holiday moves it to the previous business day")
    if rule.grace_days:
        parts.append(f"{rule.grace_days} grace days")
    return "; ".join(parts) + "."
