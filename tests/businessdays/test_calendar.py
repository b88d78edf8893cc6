"""Boston business-day calendar, table-driven. Each expected value is worked
out by hand in its comment."""

from datetime import date

import pytest

from businessdays.calendar import BusinessCalendar, public_holiday

CAL = BusinessCalendar()

NEXT_BUSINESS_DAY = [
    # (day, expected, why)
    (date(2026, 11, 24), date(2026, 11, 24), "an ordinary Tuesday is its own next business day"),
    (date(2026, 11, 28), date(2026, 11, 30), "Saturday -> Monday"),
    (date(2026, 11, 29), date(2026, 11, 30), "Sunday -> Monday"),
    (date(2026, 11, 26), date(2026, 11, 27), "Thanksgiving (Thu) -> Friday"),
    (date(2026, 7, 3), date(2026, 7, 6), "federal observed Independence Day (Fri, Jul 4 is a Sat) -> Mon"),
    (date(2021, 12, 31), date(2022, 1, 3), "New Year's Day 2022 is a Saturday: observed Fri Dec 31 -> Mon Jan 3"),
    (date(2027, 12, 24), date(2027, 12, 27), "Christmas 2027 is a Saturday: observed Fri Dec 24 -> Mon Dec 27"),
    (date(2022, 12, 26), date(2022, 12, 27), "Christmas 2022 is a Sunday: observed Mon Dec 26 -> Tue"),
    (date(2026, 4, 20), date(2026, 4, 21), "Patriots' Day (third Monday of April, Massachusetts) -> Tue"),
    (date(2026, 3, 17), date(2026, 3, 18), "Evacuation Day (Suffolk County, Tue) -> Wed"),
    (date(2026, 6, 17), date(2026, 6, 18), "Bunker Hill Day (Suffolk County, Wed) -> Thu"),
    (date(2024, 3, 17), date(2024, 3, 19), "Evacuation Day 2024 is a Sunday: observed Mon Mar 18 -> Tue"),
    (date(2026, 6, 19), date(2026, 6, 22), "Juneteenth (Fri) -> Mon"),
    (date(2021, 6, 18), date(2021, 6, 21), "Juneteenth 2021 is a Sat: federal observed Fri Jun 18 -> Mon"),
    (date(2026, 1, 19), date(2026, 1, 20), "Martin Luther King Jr. Day -> Tue"),
    (date(2026, 12, 31), date(2026, 12, 31), "New Year's Eve 2026 is an ordinary Thursday"),
    (date(2027, 1, 1), date(2027, 1, 4), "New Year's Day 2027 (Fri) -> Mon across the year boundary"),
]


@pytest.mark.parametrize(("day", "expected", "why"), NEXT_BUSINESS_DAY, ids=[row[2] for row in NEXT_BUSINESS_DAY])
def test_next_business_day(day, expected, why):
    assert CAL.next_business_day(day) == expected


def test_a_city_closure_day_is_not_a_business_day():
    # Snow emergency on Monday 2027-02-01: a license due date that day moves to Tuesday.
    cal = BusinessCalendar({date(2027, 2, 1): "Snow emergency"})
    assert cal.reason_closed(date(2027, 2, 1)) == "City office closure: Snow emergency"
    assert cal.next_business_day(date(2027, 1, 30)) == date(2027, 2, 2)


def test_massachusetts_list_alone_misses_federal_saturday_observance():
    # The reason the calendar merges two lists: Jul 3 2026 is only in the federal one.
    assert "federal" in public_holiday(date(2026, 7, 3))


@pytest.mark.parametrize(
    ("day", "rule", "expected"),
    [
        (date(2026, 2, 15), "none", date(2026, 2, 15)),  # Sunday, no rule: stays
        (date(2026, 2, 15), "next", date(2026, 2, 17)),  # Sun, then Presidents' Day Mon 16 -> Tue 17
        (date(2026, 2, 15), "previous", date(2026, 2, 13)),  # back to Friday 13
        (date(2026, 5, 15), "next", date(2026, 5, 15)),  # a Friday business day stays
    ],
)
def test_roll_follows_the_business_day_rule(day, rule, expected):
    assert CAL.roll(day, rule) == expected


def test_add_business_days_skips_weekends_and_holidays():
    # From Wed 2026-11-25: Thu 26 Thanksgiving, Fri 27 (1), Mon 30 (2), Tue Dec 1 (3).
    assert CAL.add_business_days(date(2026, 11, 25), 3) == date(2026, 12, 1)
