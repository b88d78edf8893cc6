"""Recurrence and due-date rules, table-driven. Each expected value is worked
out by hand in its comment."""

from datetime import date

import pytest

from businessdays.calendar import BusinessCalendar
from franchise import recurrence as r
from franchise.recurrence import Rule

CAL = BusinessCalendar()
D = date

QUARTERLY_FEE = Rule(recurrence=r.QUARTERLY, due_rule=r.DAY_OF_MONTH_AFTER_PERIOD_END, offset_months=2, day=15)

PERIODS = [
    # (rule, span_start, span_end, through, expected periods, why)
    (
        Rule(recurrence=r.QUARTERLY, due_rule=r.DAYS_AFTER_PERIOD_END),
        D(2026, 1, 1),
        D(2030, 12, 31),
        D(2026, 12, 31),
        [
            (D(2026, 1, 1), D(2026, 3, 31)),
            (D(2026, 4, 1), D(2026, 6, 30)),
            (D(2026, 7, 1), D(2026, 9, 30)),
            (D(2026, 10, 1), D(2026, 12, 31)),
        ],
        "calendar quarters end Mar 31, Jun 30, Sep 30, Dec 31",
    ),
    (
        Rule(recurrence=r.QUARTERLY, due_rule=r.DAYS_AFTER_PERIOD_END),
        D(2016, 12, 5),
        D(2031, 12, 4),
        D(2017, 4, 1),
        [(D(2016, 12, 5), D(2016, 12, 31)), (D(2017, 1, 1), D(2017, 3, 31)), (D(2017, 4, 1), D(2017, 6, 30))],
        "a license effective Dec 5 starts with a short quarter Dec 5-31",
    ),
    (
        Rule(recurrence=r.QUARTERLY, due_rule=r.DAYS_AFTER_PERIOD_END),
        D(2020, 10, 8),
        D(2030, 10, 7),
        D(2031, 1, 1),
        None,  # only the last period is checked below
        "the last quarter is cut at expiry",
    ),
    (
        Rule(recurrence=r.MONTHLY, due_rule=r.DAYS_AFTER_PERIOD_END, anchor=D(2024, 1, 31)),
        D(2024, 1, 31),
        D(2030, 1, 30),
        D(2024, 3, 31),
        # boundaries anchor + k months: Jan 31, Feb 29 (leap), Mar 31, Apr 30; each period ends the day before the next
        [(D(2024, 1, 31), D(2024, 2, 28)), (D(2024, 2, 29), D(2024, 3, 30)), (D(2024, 3, 31), D(2024, 4, 29))],
        "monthly from the 31st in a leap year: Feb 29 is a boundary, no drift to the 29th",
    ),
    (
        Rule(recurrence=r.MONTHLY, due_rule=r.DAYS_AFTER_PERIOD_END, anchor=D(2025, 1, 31)),
        D(2025, 1, 31),
        D(2030, 1, 30),
        D(2025, 3, 31),
        # Jan 31 + 1 month = Feb 28 (common year); + 2 months = Mar 31 (not Mar 28)
        [(D(2025, 1, 31), D(2025, 2, 27)), (D(2025, 2, 28), D(2025, 3, 30)), (D(2025, 3, 31), D(2025, 4, 29))],
        "monthly from the 31st in a common year: Feb 28 is a boundary, March returns to the 31st",
    ),
    (
        Rule(recurrence=r.ANNUAL, due_rule=r.DAYS_AFTER_PERIOD_START, anchor=D(2020, 10, 8)),
        D(2020, 10, 8),
        D(2030, 10, 7),
        D(2022, 12, 31),
        [
            (D(2020, 10, 8), D(2021, 10, 7)),
            (D(2021, 10, 8), D(2022, 10, 7)),
            (D(2022, 10, 8), D(2023, 10, 7)),
        ],
        "license years run from the effective date",
    ),
    (
        Rule(recurrence=r.EVERY_N_YEARS, interval=2, due_rule=r.DAYS_AFTER_PERIOD_END),
        D(2020, 6, 15),
        D(2027, 6, 14),
        D(2026, 1, 1),
        # grid from Jan 1 2020 every 24 months; the first is cut at the start, the last at the end
        [
            (D(2020, 6, 15), D(2021, 12, 31)),
            (D(2022, 1, 1), D(2023, 12, 31)),
            (D(2024, 1, 1), D(2025, 12, 31)),
            (D(2026, 1, 1), D(2027, 6, 14)),
        ],
        "every 2 years on a calendar grid, clipped at both ends",
    ),
    (
        Rule(recurrence=r.EVERY_N_MONTHS, interval=6, due_rule=r.DAYS_AFTER_PERIOD_END),
        D(2026, 1, 1),
        D(2030, 1, 1),
        D(2026, 12, 31),
        [(D(2026, 1, 1), D(2026, 6, 30)), (D(2026, 7, 1), D(2026, 12, 31))],
        "every 6 months: half years",
    ),
    (
        Rule(recurrence=r.ONE_TIME, due_rule=r.MONTHS_BEFORE_EXPIRY, offset_months=30),
        D(2020, 10, 8),
        D(2030, 10, 7),
        D(2022, 1, 1),
        [(D(2020, 10, 8), D(2030, 10, 7))],
        "a one-time obligation has one period, the whole span, even past the horizon",
    ),
]


@pytest.mark.parametrize(("rule", "start", "end", "through", "expected", "why"), PERIODS, ids=[p[-1] for p in PERIODS])
def test_periods(rule, start, end, through, expected, why):
    found = r.periods(rule, span_start=start, span_end=end, through=through)
    if expected is None:
        # expiry Oct 7 2030 falls in Q4 2030: the last period is Oct 1 - Oct 7.
        assert found[-1] == (D(2030, 10, 1), D(2030, 10, 7))
        # and the first is the short quarter Oct 8 - Dec 31 2020
        assert found[0] == (D(2020, 10, 8), D(2020, 12, 31))
        assert len(found) == 41  # 1 short + 9 years x 4 + Q1-Q3 2030 + short Q4 = 1 + 36 + 3 + 1
    else:
        assert found == expected


NOMINAL = [
    # (rule, period_start, period_end, expiry, expected, why)
    (
        Rule(recurrence=r.QUARTERLY, due_rule=r.DAYS_AFTER_PERIOD_END, offset_days=45),
        D(2026, 1, 1),
        D(2026, 3, 31),
        None,
        D(2026, 5, 15),
        "Mar 31 + 45: Apr 30 is +30, May 15 is +45",
    ),
    (
        Rule(recurrence=r.QUARTERLY, due_rule=r.DAYS_AFTER_PERIOD_END, offset_days=45),
        D(2026, 4, 1),
        D(2026, 6, 30),
        None,
        D(2026, 8, 14),
        "Jun 30 + 45: Jul 31 is +31, Aug 14 is +45 (not Aug 15)",
    ),
    (
        Rule(recurrence=r.QUARTERLY, due_rule=r.DAYS_AFTER_PERIOD_END, offset_days=45),
        D(2025, 10, 1),
        D(2025, 12, 31),
        None,
        D(2026, 2, 14),
        "Dec 31 + 45: Jan 31 is +31, Feb 14 is +45, across the year end",
    ),
    (QUARTERLY_FEE, D(2025, 10, 1), D(2025, 12, 31), None, D(2026, 2, 15), "15th of the 2nd month after Q4: Feb 15"),
    (QUARTERLY_FEE, D(2026, 1, 1), D(2026, 3, 31), None, D(2026, 5, 15), "after Q1: May 15"),
    (QUARTERLY_FEE, D(2026, 4, 1), D(2026, 6, 30), None, D(2026, 8, 15), "after Q2: Aug 15"),
    (QUARTERLY_FEE, D(2026, 7, 1), D(2026, 9, 30), None, D(2026, 11, 15), "after Q3: Nov 15"),
    (
        Rule(recurrence=r.QUARTERLY, due_rule=r.DAY_OF_MONTH_AFTER_PERIOD_END, offset_months=2, day=31),
        D(2023, 10, 1),
        D(2023, 12, 31),
        None,
        D(2024, 2, 29),
        "last day of February in a leap year: Feb 29 2024",
    ),
    (
        Rule(recurrence=r.QUARTERLY, due_rule=r.DAY_OF_MONTH_AFTER_PERIOD_END, offset_months=2, day=31),
        D(2024, 10, 1),
        D(2024, 12, 31),
        None,
        D(2025, 2, 28),
        "last day of February in a common year: Feb 28 2025",
    ),
    (
        Rule(recurrence=r.QUARTERLY, due_rule=r.DAY_OF_MONTH_AFTER_PERIOD_END, offset_months=2, day=31),
        D(2026, 7, 1),
        D(2026, 9, 30),
        None,
        D(2026, 11, 30),
        "day 31 in November is Nov 30",
    ),
    (
        Rule(recurrence=r.QUARTERLY, due_rule=r.DAY_OF_MONTH_AFTER_PERIOD_END, offset_months=2, day=31),
        D(2026, 1, 1),
        D(2026, 3, 31),
        None,
        D(2026, 5, 31),
        "day 31 in May is May 31",
    ),
    (
        Rule(recurrence=r.MONTHLY, due_rule=r.DAY_OF_MONTH_AFTER_PERIOD_END, offset_months=0, day=31),
        D(2024, 2, 1),
        D(2024, 2, 29),
        None,
        D(2024, 2, 29),
        "last day of the month the period ends, Feb 2024",
    ),
    (
        Rule(recurrence=r.ANNUAL, due_rule=r.DAY_OF_YEAR, month=3, day=15),
        D(2025, 1, 1),
        D(2025, 12, 31),
        None,
        D(2026, 3, 15),
        "per-subscriber fees for 2025: March 15 2026",
    ),
    (
        Rule(recurrence=r.ANNUAL, due_rule=r.DAY_OF_YEAR, month=4, day=30),
        D(2025, 1, 1),
        D(2025, 12, 31),
        None,
        D(2026, 4, 30),
        "financial statements for 2025: April 30 2026",
    ),
    (
        Rule(recurrence=r.ANNUAL, due_rule=r.DAY_OF_YEAR, month=2, day=29),
        D(2026, 1, 1),
        D(2026, 12, 31),
        None,
        D(2027, 2, 28),
        "a Feb 29 rule falls on Feb 28 in a common year",
    ),
    (
        Rule(recurrence=r.ANNUAL, due_rule=r.DAY_OF_YEAR, month=2, day=29),
        D(2027, 1, 1),
        D(2027, 12, 31),
        None,
        D(2028, 2, 29),
        "and on Feb 29 in a leap year",
    ),
    (
        Rule(recurrence=r.QUARTERLY, due_rule=r.DAY_OF_YEAR, month=3, day=15),
        D(2026, 1, 1),
        D(2026, 3, 31),
        None,
        D(2027, 3, 15),
        "the fixed day must come after the period end: Mar 15 2026 is before Mar 31, so 2027",
    ),
    (
        Rule(recurrence=r.ANNUAL, due_rule=r.DAYS_AFTER_PERIOD_START, offset_days=0),
        D(2025, 10, 8),
        D(2026, 10, 7),
        None,
        D(2025, 10, 8),
        "insurance certificate: due the first day of the license year",
    ),
    (
        Rule(recurrence=r.ANNUAL, due_rule=r.DAYS_AFTER_PERIOD_START, offset_days=30),
        D(2025, 10, 8),
        D(2026, 10, 7),
        None,
        D(2025, 11, 7),
        "30 days into the year: Oct 8 + 23 = Oct 31, + 7 = Nov 7",
    ),
    (
        Rule(recurrence=r.ONE_TIME, due_rule=r.MONTHS_BEFORE_EXPIRY, offset_months=30),
        D(2020, 10, 8),
        D(2030, 10, 7),
        D(2030, 10, 7),
        D(2028, 4, 7),
        "expiry minus 30 months",
    ),
    (
        Rule(recurrence=r.ONE_TIME, due_rule=r.MONTHS_BEFORE_EXPIRY, offset_months=30),
        D(2020, 9, 1),
        D(2030, 8, 31),
        D(2030, 8, 31),
        D(2028, 2, 29),
        "Aug 31 2030 minus 30 months is Feb 29 2028 (leap, clamped)",
    ),
    (
        Rule(recurrence=r.ONE_TIME, due_rule=r.MONTHS_BEFORE_EXPIRY, offset_months=36),
        D(2020, 9, 1),
        D(2031, 8, 31),
        D(2031, 8, 31),
        D(2028, 8, 31),
        "Aug 31 2031 minus 36 months: Aug 31 2028",
    ),
    (
        Rule(recurrence=r.ONE_TIME, due_rule=r.FIXED_DATE, fixed_date=D(2027, 6, 30)),
        D(2016, 12, 5),
        D(2031, 12, 4),
        D(2031, 12, 4),
        D(2027, 6, 30),
        "a build-out milestone on its date",
    ),
]


@pytest.mark.parametrize(
    ("rule", "start", "end", "expiry", "expected", "why"), NOMINAL, ids=[row[-1] for row in NOMINAL]
)
def test_nominal_due_date(rule, start, end, expiry, expected, why):
    assert r.nominal_due_date(rule, period_start=start, period_end=end, expiry=expiry) == expected


BUSINESS = [
    # (nominal, business_day, grace_days, calendar, expected due, expected grace end, why)
    (
        D(2026, 2, 15),
        "next",
        0,
        CAL,
        D(2026, 2, 17),
        D(2026, 2, 17),
        "Sun Feb 15 2026, Mon 16 is Presidents' Day -> Tue 17",
    ),
    (D(2026, 2, 15), "previous", 0, CAL, D(2026, 2, 13), D(2026, 2, 13), "Sun Feb 15 back to Fri Feb 13"),
    (D(2026, 2, 15), "none", 0, CAL, D(2026, 2, 15), D(2026, 2, 15), "no adjustment keeps the Sunday"),
    (D(2026, 5, 15), "next", 0, CAL, D(2026, 5, 15), D(2026, 5, 15), "Fri May 15 is a business day"),
    (D(2026, 8, 15), "next", 0, CAL, D(2026, 8, 17), D(2026, 8, 17), "Sat Aug 15 -> Mon Aug 17"),
    (D(2026, 11, 15), "next", 0, CAL, D(2026, 11, 16), D(2026, 11, 16), "Sun Nov 15 -> Mon Nov 16"),
    (
        D(2025, 3, 15),
        "next",
        0,
        CAL,
        D(2025, 3, 18),
        D(2025, 3, 18),
        "Sat Mar 15 2025, Mon 17 is Evacuation Day (Suffolk County) -> Tue 18",
    ),
    (D(2026, 4, 20), "next", 0, CAL, D(2026, 4, 21), D(2026, 4, 21), "Patriots' Day Mon Apr 20 2026 -> Tue 21"),
    (D(2022, 4, 30), "next", 0, CAL, D(2022, 5, 2), D(2022, 5, 2), "Sat Apr 30 2022 -> Mon May 2"),
    (
        D(2026, 7, 4),
        "previous",
        0,
        CAL,
        D(2026, 7, 2),
        D(2026, 7, 2),
        "Sat Jul 4 2026, observed Fri Jul 3 -> back to Thu Jul 2",
    ),
    (
        D(2027, 2, 15),
        "next",
        0,
        BusinessCalendar({D(2027, 2, 16): "Snow emergency"}),
        D(2027, 2, 17),
        D(2027, 2, 17),
        "Presidents' Day Mon Feb 15 2027, City closed Tue 16 for snow -> Wed 17",
    ),
    (
        D(2026, 5, 15),
        "next",
        10,
        CAL,
        D(2026, 5, 15),
        D(2026, 5, 26),
        "grace 10 days from Fri May 15 ends Mon May 25, Memorial Day -> Tue May 26",
    ),
    (D(2026, 5, 15), "none", 10, CAL, D(2026, 5, 15), D(2026, 5, 25), "without a business-day rule grace ends May 25"),
    (
        D(2026, 2, 15),
        "previous",
        1,
        CAL,
        D(2026, 2, 13),
        D(2026, 2, 17),
        "previous moves the due date back to Fri 13; grace 1 day lands Sat 14 and runs forward to Tue 17",
    ),
]


@pytest.mark.parametrize(
    ("nominal", "rule_name", "grace", "calendar", "due", "grace_ends", "why"), BUSINESS, ids=[b[-1] for b in BUSINESS]
)
def test_business_day_and_grace(nominal, rule_name, grace, calendar, due, grace_ends, why):
    rule = Rule(
        recurrence=r.ONE_TIME, due_rule=r.FIXED_DATE, fixed_date=nominal, business_day=rule_name, grace_days=grace
    )
    assert r.apply_business_day(rule, nominal, calendar) == (due, grace_ends)


def test_quarterly_fee_occurrences_for_a_year_follow_the_business_day_rule():
    rule = Rule(
        recurrence=r.QUARTERLY,
        due_rule=r.DAY_OF_MONTH_AFTER_PERIOD_END,
        offset_months=2,
        day=15,
        business_day="next",
    )
    found = r.occurrences(
        rule,
        span_start=D(2025, 10, 1),
        span_end=D(2030, 10, 7),
        expiry=D(2030, 10, 7),
        through=D(2026, 9, 30),
        calendar=CAL,
    )
    assert [(o.period_start, o.nominal_due, o.due_date) for o in found] == [
        (D(2025, 10, 1), D(2026, 2, 15), D(2026, 2, 17)),  # Sun, then Presidents' Day -> Tue
        (D(2026, 1, 1), D(2026, 5, 15), D(2026, 5, 15)),  # Friday
        (D(2026, 4, 1), D(2026, 8, 15), D(2026, 8, 17)),  # Saturday -> Monday
        (D(2026, 7, 1), D(2026, 11, 15), D(2026, 11, 16)),  # Sunday -> Monday
    ]


def test_a_rule_edited_mid_year_gives_new_dates_for_the_rest_of_the_year():
    # Until mid-2026 the license said "45 days after quarter end"; an amendment
    # changes it to "the last day of the month after quarter end".
    before = Rule(recurrence=r.QUARTERLY, due_rule=r.DAYS_AFTER_PERIOD_END, offset_days=45)
    after = Rule(recurrence=r.QUARTERLY, due_rule=r.DAY_OF_MONTH_AFTER_PERIOD_END, offset_months=1, day=31)
    q3 = {"period_start": D(2026, 7, 1), "period_end": D(2026, 9, 30), "expiry": None}
    q4 = {"period_start": D(2026, 10, 1), "period_end": D(2026, 12, 31), "expiry": None}
    assert r.nominal_due_date(before, **q3) == D(2026, 11, 14)  # Sep 30 + 45: Oct 31 +31, Nov 14 +45
    assert r.nominal_due_date(after, **q3) == D(2026, 10, 31)  # last day of October
    assert r.nominal_due_date(before, **q4) == D(2027, 2, 14)  # Dec 31 + 45
    assert r.nominal_due_date(after, **q4) == D(2027, 1, 31)  # last day of January


def test_horizon_is_eighteen_months_ahead():
    assert r.horizon(D(2026, 8, 31)) == D(2028, 2, 29)  # Aug 31 + 18 months: Feb 2028 has 29 days


def test_previous_quarter():
    assert r.previous_quarter(D(2026, 11, 25)) == (D(2026, 7, 1), D(2026, 9, 30))
    assert r.previous_quarter(D(2026, 1, 2)) == (D(2025, 10, 1), D(2025, 12, 31))


RULE_ERRORS = [
    (Rule(recurrence=r.QUARTERLY, due_rule=r.FIXED_DATE, fixed_date=D(2027, 1, 1)), "due_rule"),
    (Rule(recurrence=r.ANNUAL, due_rule=r.MONTHS_BEFORE_EXPIRY, offset_months=30), "due_rule"),
    (Rule(recurrence=r.ONE_TIME, due_rule=r.FIXED_DATE), "fixed_date"),
    (Rule(recurrence=r.ANNUAL, due_rule=r.DAY_OF_YEAR, month=2, day=30), "day"),
    (Rule(recurrence=r.ANNUAL, due_rule=r.DAY_OF_YEAR, month=13, day=1), "month"),
    (Rule(recurrence=r.QUARTERLY, due_rule=r.DAY_OF_MONTH_AFTER_PERIOD_END, offset_months=1), "day"),
    (Rule(recurrence=r.EVERY_N_MONTHS, interval=0, due_rule=r.DAYS_AFTER_PERIOD_END), "interval"),
    (Rule(recurrence=r.ONE_TIME, due_rule=r.MONTHS_BEFORE_EXPIRY, offset_months=0), "offset_months"),
    (Rule(recurrence=r.MONTHLY, due_rule=r.DAYS_AFTER_PERIOD_END, business_day="sometimes"), "business_day"),
    (Rule(recurrence="weekly", due_rule=r.DAYS_AFTER_PERIOD_END), "recurrence"),
]


@pytest.mark.parametrize(("rule", "field"), RULE_ERRORS)
def test_invalid_rules_are_explained(rule, field):
    assert field in r.rule_errors(rule)


def test_february_29_is_a_valid_day_of_year_rule():
    assert r.rule_errors(Rule(recurrence=r.ANNUAL, due_rule=r.DAY_OF_YEAR, month=2, day=29)) == {}


def test_a_business_day_rule_without_a_calendar_is_refused():
    with pytest.raises(ValueError, match="BusinessCalendar"):
        r.occurrences(
            Rule(recurrence=r.ANNUAL, due_rule=r.DAY_OF_YEAR, month=3, day=15, business_day="next"),
            span_start=D(2026, 1, 1),
            span_end=D(2027, 1, 1),
            expiry=D(2027, 1, 1),
            through=D(2026, 6, 1),
        )


def test_describe_reads_as_a_sentence():
    rule = Rule(
        recurrence=r.QUARTERLY, due_rule=r.DAY_OF_MONTH_AFTER_PERIOD_END, offset_months=2, day=15, business_day="next"
    )
    assert r.describe(rule) == (
        "Quarterly, due the 15th of the 2nd month after the period ends; "
        "a weekend or holiday moves it to the next business day."
    )
