"""Recurrence boundaries: the first and last period of a span, due days on
the edge of a period, and the plain-English rule checks and sentences staff
read. Each expected value is worked out by hand in its comment."""

from datetime import date as D

import pytest

from businessdays.calendar import BusinessCalendar
from franchise import recurrence as r
from franchise.recurrence import Occurrence, Rule

QUARTERLY_CAL = Rule(r.QUARTERLY, r.DAYS_AFTER_PERIOD_END, offset_days=45)

PERIODS = [
    # (rule, span start, span end, through, expected, why)
    (
        Rule(r.QUARTERLY, r.DAYS_AFTER_PERIOD_END, anchor=D(2020, 10, 8), offset_days=45),
        D(2026, 1, 15),
        D(2030, 10, 7),
        D(2026, 4, 8),
        # license quarters from Oct 8 2020: + 63 months = Jan 8 2026 - Apr 7 2026 holds Jan 15 (clipped);
        # + 66 months = Apr 8 2026 starts on the horizon
        [(D(2026, 1, 15), D(2026, 4, 7)), (D(2026, 4, 8), D(2026, 7, 7))],
        "an obligation added five years into the license keeps its first, clipped quarter",
    ),
    (
        QUARTERLY_CAL,
        D(2026, 3, 31),
        D(2026, 12, 31),
        D(2026, 4, 1),
        # calendar Q1 ends Mar 31: the span's first day is its last, a one-day period; Q2 starts Apr 1
        [(D(2026, 3, 31), D(2026, 3, 31)), (D(2026, 4, 1), D(2026, 6, 30))],
        "a span starting on a quarter's last day has a one-day first period",
    ),
    (
        QUARTERLY_CAL,
        D(2026, 7, 1),
        D(2026, 10, 1),
        D(2027, 12, 31),
        # Q3 Jul 1 - Sep 30, then Q4 clipped to the span's last day Oct 1
        [(D(2026, 7, 1), D(2026, 9, 30)), (D(2026, 10, 1), D(2026, 10, 1))],
        "a span ending on a quarter's first day has a one-day last period",
    ),
    (
        Rule(r.MONTHLY, r.DAYS_AFTER_PERIOD_END, offset_days=10),
        D(2026, 5, 20),
        D(2026, 5, 20),
        D(2026, 12, 31),
        [(D(2026, 5, 20), D(2026, 5, 20))],
        "a one-day span is one period",
    ),
    (
        Rule(r.MONTHLY, r.DAYS_AFTER_PERIOD_END, offset_days=10),
        D(2026, 1, 1),
        D(2026, 12, 31),
        D(2026, 3, 1),
        # Jan, Feb, and Mar (starts on the horizon Mar 1); Apr starts after it
        [(D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 2, 1), D(2026, 2, 28)), (D(2026, 3, 1), D(2026, 3, 31))],
        "months up to and including the one starting on the horizon",
    ),
]


@pytest.mark.parametrize(("rule", "start", "end", "through", "expected", "why"), PERIODS, ids=[p[-1] for p in PERIODS])
def test_first_and_last_periods_of_a_span(rule, start, end, through, expected, why):
    assert r.periods(rule, span_start=start, span_end=end, through=through) == expected


def test_a_span_ending_before_it_starts_has_no_periods():
    assert r.periods(QUARTERLY_CAL, span_start=D(2026, 5, 2), span_end=D(2026, 5, 1), through=D(2027, 1, 1)) == []


DAY_OF_YEAR = [
    # (period end, month, day, due, why)
    (D(2027, 1, 31), 3, 15, D(2027, 3, 15), "a period ending in January: March 15 of the same year"),
    (D(2026, 12, 31), 3, 15, D(2027, 3, 15), "a calendar year: March 15 of the next year"),
    (D(2027, 4, 30), 4, 30, D(2028, 4, 30), "a period ending on April 30 itself: the next April 30"),
    (D(2027, 4, 29), 4, 30, D(2027, 4, 30), "a period ending the day before: the day after it"),
]


@pytest.mark.parametrize(("end", "month", "day", "due", "why"), DAY_OF_YEAR, ids=[d[-1] for d in DAY_OF_YEAR])
def test_day_of_year_is_the_first_such_day_after_the_period(end, month, day, due, why):
    rule = Rule(r.ANNUAL, r.DAY_OF_YEAR, month=month, day=day)
    assert r.nominal_due_date(rule, period_start=D(2026, 1, 1), period_end=end, expiry=D(2030, 10, 7)) == due


def test_an_unknown_due_rule_is_named_in_the_error():
    with pytest.raises(ValueError, match=r"^Unknown due rule 'weekly'$"):
        r.nominal_due_date(
            Rule(r.MONTHLY, "weekly"), period_start=D(2026, 1, 1), period_end=D(2026, 1, 31), expiry=None
        )


def test_occurrences_carry_every_date_of_the_period():
    # Insurance certificate due on the first day of each license year (effective Oct 8 2020), 10 grace days:
    # year Oct 8 2026 - Oct 7 2027, due Oct 8 2026, grace to Oct 18. No business-day rule, so no calendar needed.
    rule = Rule(r.ANNUAL, r.DAYS_AFTER_PERIOD_START, anchor=D(2020, 10, 8), grace_days=10)
    assert r.occurrences(
        rule, span_start=D(2026, 10, 8), span_end=D(2030, 10, 7), expiry=D(2030, 10, 7), through=D(2026, 10, 8)
    ) == [Occurrence(D(2026, 10, 8), D(2027, 10, 7), D(2026, 10, 8), D(2026, 10, 8), D(2026, 10, 18))]


def test_a_one_time_obligation_before_expiry_uses_the_licenses_expiry():
    # 47 U.S.C. 546(a) window closes expiry - 30 months: Oct 7 2030 - 30 months = Apr 7 2028.
    rule = Rule(r.ONE_TIME, r.MONTHS_BEFORE_EXPIRY, offset_months=30)
    (only,) = r.occurrences(
        rule, span_start=D(2020, 10, 8), span_end=D(2030, 10, 7), expiry=D(2030, 10, 7), through=D(2040, 1, 1)
    )
    assert only == Occurrence(D(2020, 10, 8), D(2030, 10, 7), D(2028, 4, 7), D(2028, 4, 7), D(2028, 4, 7))


def test_a_business_day_rule_without_a_calendar_is_refused_with_the_reason():
    rule = Rule(r.QUARTERLY, r.DAYS_AFTER_PERIOD_END, offset_days=45, business_day="next")
    with pytest.raises(ValueError, match=r"^A business-day rule needs a BusinessCalendar\.$"):
        r.occurrences(rule, span_start=D(2026, 1, 1), span_end=D(2026, 12, 31), expiry=None, through=D(2026, 12, 31))


def test_no_grace_under_a_previous_business_day_rule_ends_on_the_due_date():
    # Nominal Sun Feb 15 2026 -> previous business day Fri Feb 13; no grace: grace ends Fri Feb 13 too.
    rule = Rule(r.QUARTERLY, r.DAYS_AFTER_PERIOD_END, business_day="previous")
    assert r.apply_business_day(rule, D(2026, 2, 15), BusinessCalendar()) == (D(2026, 2, 13), D(2026, 2, 13))


RECURRENCES = "one_time, monthly, quarterly, annual, every_n_months, every_n_years"
DUE_RULES = (
    "days_after_period_end, day_of_month_after_period_end, day_of_year, days_after_period_start, "
    "months_before_expiry, fixed_date"
)
INTERVAL = "Enter how many months or years apart the occurrences are (1 or more)."
DAY = "Enter the day of the month the filing is due (1-31; 31 means the last day of the month)."
BEFORE_EXPIRY = "Enter how many months before expiration the obligation falls due (1 or more)."

RULE_ERRORS = [
    # (rule, errors, why)
    (Rule("weekly", r.DAYS_AFTER_PERIOD_END), {"recurrence": f"Choose a recurrence: {RECURRENCES}."}, "recurrence"),
    (Rule(r.EVERY_N_MONTHS, r.DAYS_AFTER_PERIOD_END, interval=0), {"interval": INTERVAL}, "every 0 months"),
    (Rule(r.EVERY_N_YEARS, r.DAYS_AFTER_PERIOD_END, interval=None), {"interval": INTERVAL}, "every ? years"),
    (Rule(r.EVERY_N_MONTHS, r.DAYS_AFTER_PERIOD_END, interval=1), {}, "every 1 month is allowed"),
    (Rule(r.MONTHLY, r.DAYS_AFTER_PERIOD_END, interval=0), {}, "monthly ignores the interval"),
    (Rule(r.MONTHLY, "whenever"), {"due_rule": f"Choose a due rule: {DUE_RULES}."}, "due rule"),
    (
        Rule(r.MONTHLY, r.FIXED_DATE, fixed_date=D(2027, 1, 1)),
        {"due_rule": "A due date fixed by a date or by the expiration date only fits a one-time obligation."},
        "a fixed date on a monthly obligation",
    ),
    (Rule(r.MONTHLY, r.DAY_OF_MONTH_AFTER_PERIOD_END, day=1), {}, "day 1 is allowed"),
    (Rule(r.MONTHLY, r.DAY_OF_MONTH_AFTER_PERIOD_END, day=31), {}, "day 31 (last day) is allowed"),
    (Rule(r.MONTHLY, r.DAY_OF_MONTH_AFTER_PERIOD_END, day=32), {"day": DAY}, "day 32"),
    (Rule(r.MONTHLY, r.DAY_OF_MONTH_AFTER_PERIOD_END, day=None), {"day": DAY}, "no day"),
    (Rule(r.MONTHLY, r.DAYS_AFTER_PERIOD_END, day=40), {}, "a day is ignored by other rules"),
    (Rule(r.ANNUAL, r.DAY_OF_YEAR, month=1, day=1), {}, "January 1 is allowed"),
    (Rule(r.ANNUAL, r.DAY_OF_YEAR, month=12, day=31), {}, "December 31 is allowed"),
    (
        Rule(r.ANNUAL, r.DAY_OF_YEAR, month=13, day=1),
        {"month": "Enter the month the filing is due each year (1-12)."},
        "month 13",
    ),
    (Rule(r.ANNUAL, r.DAY_OF_YEAR, month=2, day=30), {"day": "February has no day 30."}, "February 30"),
    (Rule(r.ANNUAL, r.DAY_OF_YEAR, month=4, day=None), {"day": "April has no day 0."}, "April, no day"),
    (Rule(r.ONE_TIME, r.FIXED_DATE), {"fixed_date": "Enter the date the license sets for this obligation."}, "no date"),
    (Rule(r.ONE_TIME, r.MONTHS_BEFORE_EXPIRY, offset_months=1), {}, "1 month before expiry is allowed"),
    (Rule(r.ONE_TIME, r.MONTHS_BEFORE_EXPIRY, offset_months=0), {"offset_months": BEFORE_EXPIRY}, "0 months before"),
    (Rule(r.ONE_TIME, r.MONTHS_BEFORE_EXPIRY, offset_months=None), {"offset_months": BEFORE_EXPIRY}, "no months"),
    (
        Rule(r.MONTHLY, r.DAYS_AFTER_PERIOD_END, offset_days=-1),
        {"offset_days": "The number of days cannot be negative."},
        "-1 days",
    ),
    (Rule(r.MONTHLY, r.DAYS_AFTER_PERIOD_END, offset_days=None), {}, "no days given counts as 0"),
    (
        Rule(r.MONTHLY, r.DAYS_AFTER_PERIOD_END, offset_months=-1),
        {"offset_months": "The number of months cannot be negative."},
        "-1 months",
    ),
    (
        Rule(r.MONTHLY, r.DAYS_AFTER_PERIOD_END, business_day="weekend"),
        {"business_day": "Choose none, next or previous business day."},
        "business-day rule",
    ),
    (
        Rule(r.MONTHLY, r.DAYS_AFTER_PERIOD_END, grace_days=-1),
        {"grace_days": "Grace days cannot be negative."},
        "grace",
    ),
    (Rule(r.MONTHLY, r.DAYS_AFTER_PERIOD_END, grace_days=None), {}, "no grace given counts as 0"),
]


@pytest.mark.parametrize(("rule", "errors", "why"), RULE_ERRORS, ids=[e[-1] for e in RULE_ERRORS])
def test_rule_errors_name_the_field_and_the_fix(rule, errors, why):
    assert r.rule_errors(rule) == errors


DESCRIBE = [
    (Rule(r.ONE_TIME, r.FIXED_DATE, fixed_date=D(2027, 6, 30), anchor=D(2020, 10, 8)), "One time, due 2027-06-30."),
    (Rule(r.ONE_TIME, r.FIXED_DATE), "One time, due on a fixed date."),
    (Rule(r.MONTHLY, r.DAYS_AFTER_PERIOD_END, offset_days=30), "Monthly, due 30 days after the period ends."),
    (
        Rule(r.QUARTERLY, r.DAY_OF_MONTH_AFTER_PERIOD_END, offset_months=2, day=15, business_day="next"),
        "Quarterly, due the 15th of the 2nd month after the period ends; "
        "a weekend or holiday moves it to the next business day.",
    ),
    (
        Rule(r.ANNUAL, r.DAY_OF_YEAR, month=3, day=15, business_day="previous", grace_days=10),
        "Annually, due March 15 after the period ends; a weekend or holiday moves it to the previous business day; "
        "10 grace days.",
    ),
    (
        Rule(r.ANNUAL, r.DAYS_AFTER_PERIOD_START, anchor=D(2020, 10, 8)),
        "Annually (periods from October 8), due on the first day of the period.",
    ),
    (Rule(r.ANNUAL, r.DAYS_AFTER_PERIOD_START, anchor=D(2020, 1, 1), offset_days=30), "Annually, due 30 days in."),
    (
        Rule(r.QUARTERLY, r.DAYS_AFTER_PERIOD_END, anchor=D(2021, 2, 1), offset_days=45),
        "Quarterly (periods from February 1), due 45 days after the period ends.",
    ),
    (
        Rule(r.QUARTERLY, r.DAYS_AFTER_PERIOD_END, anchor=D(2021, 1, 2), offset_days=45),
        "Quarterly (periods from January 2), due 45 days after the period ends.",
    ),
    (
        Rule(r.ONE_TIME, r.MONTHS_BEFORE_EXPIRY, offset_months=30),
        "One time, due 30 months before the license expires.",
    ),
    (Rule(r.EVERY_N_YEARS, r.DAYS_AFTER_PERIOD_END, interval=3), "Every 3 years, due 0 days after the period ends."),
    (
        Rule(r.EVERY_N_MONTHS, r.DAY_OF_MONTH_AFTER_PERIOD_END, interval=6, day=31),
        "Every 6 months, due the last day of the same month after the period ends.",
    ),
    (Rule("weekly", r.DAYS_AFTER_PERIOD_END, offset_days=5), "weekly, due 5 days after the period ends."),
]


@pytest.mark.parametrize(("rule", "sentence"), DESCRIBE, ids=[d[1][:60] for d in DESCRIBE])
def test_describe_says_the_rule_as_staff_read_it(rule, sentence):
    assert r.describe(rule) == sentence


ORDINALS = [
    (1, 1, "1st", "1st"),
    (2, 2, "2nd", "2nd"),
    (3, 3, "3rd", "3rd"),
    (4, 4, "4th", "4th"),
    (11, 11, "11th", "11th"),
    (12, 12, "12th", "12th"),
    (13, 13, "13th", "13th"),
    (21, 21, "21st", "21st"),
    (22, 22, "22nd", "22nd"),
    (23, 23, "23rd", "23rd"),
    (30, 10, "30th", "10th"),
]


@pytest.mark.parametrize(("day", "months", "day_word", "month_word"), ORDINALS, ids=[o[2] for o in ORDINALS])
def test_ordinals_in_the_sentence(day, months, day_word, month_word):
    rule = Rule(r.MONTHLY, r.DAY_OF_MONTH_AFTER_PERIOD_END, day=day, offset_months=months)
    assert r.describe(rule) == f"Monthly, due the {day_word} of the {month_word} month after the period ends."
