"""Pure rules of the letter kinds: formatting, dates set by the issue date, input checks, shot-clock wording."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from letters import kinds


class Calendar:
    """Weekends closed, plus the days given."""

    def __init__(self, closed=()):
        self.closed = set(closed)

    def next_business_day(self, day):
        while day.weekday() >= 5 or day in self.closed:
            day += timedelta(days=1)
        return day


@pytest.mark.parametrize(
    ("field_type", "stored", "shown"),
    [
        (kinds.DATE, "2027-03-05", "March 5, 2027"),
        (kinds.MONEY, "1234567.5", "$1,234,567.50"),
        (kinds.MONEY, "0", "$0.00"),
        (kinds.PERCENT, "12.000", "12%"),
        (kinds.PERCENT, "1.500", "1.5%"),
        (kinds.PERCENT, "100", "100%"),
        (kinds.INT, 30, "30"),
        (kinds.TEXT, "", ""),
        (kinds.DATE, "", ""),
    ],
)
def test_values_read_in_the_letter_as_lawyers_write_them(field_type, stored, shown):
    assert kinds.display(kinds.Field("x", "X", field_type), stored) == shown


@pytest.mark.parametrize(
    ("code", "data", "issue_date", "closed", "expected"),
    [
        # Cure: Fri 2026-11-20 + 30 = Sun 2026-12-20 -> Mon 2026-12-21.
        ("cure_notice", {"cure_days": 30}, date(2026, 11, 20), (), {"cure_by": date(2026, 12, 21)}),
        # Cure: Mon 2026-11-02 + 30 = Wed 2026-12-02, a business day: unchanged.
        ("cure_notice", {"cure_days": 30}, date(2026, 11, 2), (), {"cure_by": date(2026, 12, 2)}),
        # Cure ending on a City closure day (Wed 2026-12-02 closed) -> Thu 2026-12-03.
        ("cure_notice", {"cure_days": 30}, date(2026, 11, 2), (date(2026, 12, 2),), {"cure_by": date(2026, 12, 3)}),
        # Payment: Fri 2026-11-20 + 45 = Mon 2027-01-04.
        ("fee_interest", {"pay_days": 45}, date(2026, 11, 20), (), {"pay_by": date(2027, 1, 4)}),
        # 76.309(a): Fri 2026-11-20 + 90 = Thu 2027-02-18; never moved (enforcing later is always allowed).
        ("cs_enforcement", {"notice_days": 90}, date(2026, 11, 20), (), {"enforce_from": date(2027, 2, 18)}),
        # Sat 2026-11-21 + 90 = Fri 2027-02-19 ... and + 91 = Sat 2027-02-20 stays a Saturday.
        ("cs_enforcement", {"notice_days": 91}, date(2026, 11, 21), (), {"enforce_from": date(2027, 2, 20)}),
        # Kinds with no issue-date rule compute nothing here.
        ("denial_reasons", {}, date(2026, 11, 20), (), {}),
        ("cure_notice", {"cure_days": ""}, date(2026, 11, 20), (), {}),
    ],
)
def test_dates_that_follow_from_the_issue_date(code, data, issue_date, closed, expected):
    assert kinds.after_issue(code, data, issue_date, Calendar(closed)) == expected


@pytest.mark.parametrize(
    ("code", "data", "errors"),
    [
        ("cs_enforcement", {"notice_days": 89}, {"notice_days": "47 CFR 76.309(a) requires at least 90 days"}),
        ("cs_enforcement", {"notice_days": 90}, {}),
        ("cure_notice", {"cure_days": 0}, {"cure_days": "at least one day"}),
        ("tolling_agreement", {"tolling_days": 0}, {"tolling_days": "at least one day"}),
        ("smallcell_incomplete", {"missing_items": [["Structural analysis", ""]]}, {"missing_items": "Line 1"}),
        ("smallcell_incomplete", {"missing_items": [["Structural analysis", "PIC rule 7"]]}, {}),
    ],
)
def test_rule_checks_on_values_legal_types(code, data, errors):
    found = kinds.input_errors(code, data)
    assert set(found) == set(errors)
    for name, fragment in errors.items():
        assert fragment in found[name]


def test_missing_values_names_required_fields_and_empty_placeholders():
    data = dict.fromkeys(kinds.field_map("renewal_ascertainment"), "x")
    data.update(signatory_name="", notice_date="")
    found = kinds.missing_values("renewal_ascertainment", data, ["acknowledges your notice of {{ notice_date }}"])
    assert "Signed by has no value." in found
    assert any("uses {{ notice_date }}" in message for message in found)


@pytest.mark.parametrize(
    ("kwargs", "fragments"),
    [
        (
            {"effect": kinds.RESET, "days": 60, "notice_date": date(2026, 11, 20)},
            ["within 10 days of submission", "reset", "new 60-day period", "47 CFR 1.6003(d)(1)"],
        ),
        (
            {"effect": kinds.TOLL, "days": 150, "notice_date": date(2026, 11, 20), "remaining": 125},
            ["within 30 days of submission", "tolled from November 21, 2026", "125 days will remain", "1.6003(d)(2)"],
        ),
        (
            {
                "effect": kinds.TOLL,
                "days": 60,
                "notice_date": date(2026, 11, 20),
                "remaining": 40,
                "eligible_facilities": True,
            },
            ["47 CFR 1.6100(c)(3)(i)"],
        ),
        (
            {
                "effect": kinds.TOLL,
                "days": 90,
                "notice_date": date(2026, 11, 20),
                "remaining": 12,
                "further": True,
                "answered_on": date(2026, 11, 13),
            },
            ["within 10 days of your resubmission of November 13, 2026", "tolled again", "47 CFR 1.6003(d)(3)"],
        ),
        (
            {"effect": kinds.NO_EFFECT, "days": 60, "notice_date": date(2026, 11, 20), "deadline": date(2026, 11, 30)},
            ["does not reset or toll the clock", "remains November 30, 2026", "(47 CFR 1.6003(d))"],
        ),
    ],
)
def test_the_shot_clock_effect_is_stated_with_its_rule(kwargs, fragments):
    text = kinds.clock_effect_text(**kwargs)
    for fragment in fragments:
        assert fragment in text


def test_money_is_stored_as_a_decimal_string_never_a_float():
    field = kinds.Field("fee", "Fee", kinds.MONEY)
    assert kinds.to_json(field, Decimal("10.50")) == "10.50"
    assert kinds.parse_decimal("10.50") == Decimal("10.50")
