"""Business-day boundaries for Boston: weekend names, rolls backwards over a
holiday weekend, negative and multi-day business-day counts, and the closed
days listed for a range including its ends. Dates checked against a 2027
calendar by hand."""

from datetime import date

import pytest

from businessdays.calendar import BusinessCalendar

CAL = BusinessCalendar()


def test_weekend_days_are_named_as_staff_read_them():
    assert CAL.reason_closed(date(2027, 1, 16)) == "Saturday"
    assert CAL.reason_closed(date(2027, 1, 17)) == "Sunday"
    assert CAL.reason_closed(date(2027, 1, 15)) is None  # a Friday


def test_previous_business_day_from_a_monday_holiday_steps_back_one_day_at_a_time():
    # Mon Jan 18 2027 is Martin Luther King Jr. Day; Sun 17, Sat 16 closed; Fri Jan 15 open.
    assert CAL.previous_business_day(date(2027, 1, 18)) == date(2027, 1, 15)


def test_previous_business_day_of_an_open_day_is_that_day():
    assert CAL.previous_business_day(date(2027, 1, 15)) == date(2027, 1, 15)


ADD = [
    # (start, count, expected, why)
    # Tue Jan 19 2027 back one: Mon 18 MLK Day, Sun 17, Sat 16 closed -> Fri Jan 15
    (date(2027, 1, 19), -1, date(2027, 1, 15), "one business day back skips a holiday weekend"),
    # Fri Jan 15 back two: Thu 14 (1), Wed 13 (2)
    (date(2027, 1, 15), -2, date(2027, 1, 13), "two business days back"),
    # Fri Jan 15 + 2: Sat, Sun, Mon 18 (MLK) closed; Tue 19 (1), Wed 20 (2)
    (date(2027, 1, 15), 2, date(2027, 1, 20), "two business days forward over a holiday weekend"),
    # Thu Jan 14 + 3: Fri 15 (1), Tue 19 (2), Wed 20 (3)
    (date(2027, 1, 14), 3, date(2027, 1, 20), "three business days forward"),
    (date(2027, 1, 16), 0, date(2027, 1, 16), "zero business days: the day itself, even a Saturday"),
]


@pytest.mark.parametrize(("start", "count", "expected", "why"), ADD, ids=[a[-1] for a in ADD])
def test_add_business_days_both_ways(start, count, expected, why):
    assert CAL.add_business_days(start, count) == expected


def test_closed_days_between_include_both_ends():
    # Sat Jan 16 to Mon Jan 18 2027: all three closed, each with its reason, in order.
    assert CAL.closed_days_between(date(2027, 1, 16), date(2027, 1, 18)) == [
        (date(2027, 1, 16), "Saturday"),
        (date(2027, 1, 17), "Sunday"),
        (date(2027, 1, 18), "Martin Luther King Jr. Day (federal)"),
    ]


def test_closed_days_between_a_single_closed_day_lists_it():
    cal = BusinessCalendar({date(2027, 2, 1): "Snow emergency"})
    assert cal.closed_days_between(date(2027, 2, 1), date(2027, 2, 1)) == [
        (date(2027, 2, 1), "City office closure: Snow emergency")
    ]


def test_closed_days_between_open_days_is_empty():
    # Tue Jan 19 to Fri Jan 22 2027: four open days.
    assert CAL.closed_days_between(date(2027, 1, 19), date(2027, 1, 22)) == []


# Closure-day kinds. Mon Feb 1 2027 is an ordinary Monday; Fri Jan 29 2027 the business day before it.
SNOW = {date(2027, 2, 1): "Snow emergency"}
MOURNING = {date(2027, 2, 1): "Day of mourning"}


def test_the_shot_clock_view_keeps_a_legal_holiday():
    # A legal holiday the City declares moves a shot-clock date (47 CFR 1.6003(e) with 47 CFR 1.4(e)(1)):
    # a last day of Mon Feb 1 2027 runs to Tue Feb 2.
    shot_clock = BusinessCalendar(legal_holidays=MOURNING).for_shot_clock()
    assert shot_clock.reason_closed(date(2027, 2, 1)) == "City legal holiday: Day of mourning"
    assert shot_clock.next_business_day(date(2027, 2, 1)) == date(2027, 2, 2)


def test_the_shot_clock_view_drops_an_office_closure_on_the_same_kind_of_day():
    # A snow emergency on Mon Feb 1 2027 moves a license due date to Tue Feb 2, never a shot-clock date.
    license_days = BusinessCalendar(closures=SNOW)
    assert license_days.next_business_day(date(2027, 2, 1)) == date(2027, 2, 2)
    shot_clock = license_days.for_shot_clock()
    assert shot_clock.is_business_day(date(2027, 2, 1))
    assert shot_clock.previous_business_day(date(2027, 2, 1)) == date(2027, 2, 1)


def test_a_day_that_is_both_a_legal_holiday_and_an_office_closure_is_named_as_the_holiday():
    # The legal holiday is the reason that counts everywhere, so it is the one shown; the shot-clock view keeps it.
    both = BusinessCalendar(closures=SNOW, legal_holidays=MOURNING)
    assert both.reason_closed(date(2027, 2, 1)) == "City legal holiday: Day of mourning"
    assert not both.for_shot_clock().is_business_day(date(2027, 2, 1))
    # A weekend day is named as the weekend even when staff also listed it.
    assert (
        BusinessCalendar(legal_holidays={date(2027, 1, 30): "Day of mourning"}).reason_closed(date(2027, 1, 30))
        == "Saturday"
    )
