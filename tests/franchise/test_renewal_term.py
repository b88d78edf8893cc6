"""The license term limits (M.G.L. c.166A s.13: a renewal at most 10 years;
s.3: an initial license at most 15). A license runs through its expiration
date, so a term of exactly N years ends the day before the Nth anniversary."""

from datetime import date as D

import pytest

from franchise import renewal
from franchise.models import License

TERMS = [
    # (effective, expiry, years, exceeds, why)
    (D(2020, 10, 8), D(2030, 10, 7), 10, False, "Oct 8 2020 through Oct 7 2030 is exactly 10 years"),
    (D(2020, 10, 8), D(2030, 10, 8), 10, True, "through Oct 8 2030 is 10 years and 1 day"),
    (D(2020, 10, 8), D(2030, 10, 6), 10, False, "a day short of 10 years"),
    (D(1999, 1, 1), D(2013, 12, 31), 15, False, "Jan 1 1999 through Dec 31 2013 is exactly 15 years"),
    (D(1999, 1, 1), D(2014, 1, 1), 15, True, "through Jan 1 2014 is 15 years and 1 day"),
    # Feb 29 2020 + 10 years = Feb 28 2030 (no Feb 29): through Feb 27 is 10 years, through Feb 28 one day more
    (D(2020, 2, 29), D(2030, 2, 27), 10, False, "a Feb 29 start: through Feb 27 2030 is 10 years"),
    (D(2020, 2, 29), D(2030, 2, 28), 10, True, "a Feb 29 start: through Feb 28 2030 warns"),
]


@pytest.mark.parametrize(("effective", "expiry", "years", "exceeds", "why"), TERMS, ids=[t[-1] for t in TERMS])
def test_a_term_exceeds_its_limit_only_past_the_last_day_of_the_nth_year(effective, expiry, years, exceeds, why):
    assert renewal.term_exceeds(effective, expiry, years) is exceeds


def _license(kind, effective, expiry):
    return License(license_kind=kind, effective_date=effective, expiration_date=expiry)


def test_a_renewal_license_of_ten_years_and_one_day_warns():
    warning = _license(License.Kind.RENEWAL, D(2020, 10, 8), D(2030, 10, 8)).term_warning
    assert warning == (
        "The term is longer than the 10 years M.G.L. c.166A s.13 allows for a renewal license; "
        "check for an extension agreement."
    )


def test_a_renewal_license_of_exactly_ten_years_does_not_warn():
    assert _license(License.Kind.RENEWAL, D(2020, 10, 8), D(2030, 10, 7)).term_warning == ""


def test_an_initial_license_is_allowed_fifteen_years_and_warns_a_day_past_them():
    # Jan 1 1999 through Dec 31 2013 is 15 years; through Jan 1 2014, 15 years and a day.
    assert _license(License.Kind.INITIAL, D(1999, 1, 1), D(2013, 12, 31)).term_warning == ""
    assert _license(License.Kind.INITIAL, D(1999, 1, 1), D(2014, 1, 1)).term_warning == (
        "The term is longer than the 15 years M.G.L. c.166A s.3 allows for an initial license; "
        "check for an extension agreement."
    )
