"""The quarter open for upload (franchise.quarterly.openquarter): hand-worked cases."""

from datetime import date

import pytest

from franchise.quarterly.openquarter import FeeFiling, Quarter, open_quarter

D = date
Q1 = (D(2026, 1, 1), D(2026, 3, 31))
Q2 = (D(2026, 4, 1), D(2026, 6, 30))
Q3 = (D(2026, 7, 1), D(2026, 9, 30))


def _filing(period, status, reviewed_on=None):
    return FeeFiling(*period, status, reviewed_on)


@pytest.mark.parametrize(
    ("today", "filings", "expected"),
    [
        # Jul 10 is in Q3; Q2 ended Jun 30 and is open, Q1 accepted: Q2.
        (D(2026, 7, 10), [_filing(Q1, "accepted"), _filing(Q2, "open")], "Q2 2026"),
        # A report received and awaiting review stays open (a corrected upload replaces it).
        (D(2026, 7, 10), [_filing(Q1, "accepted"), _filing(Q2, "received")], "Q2 2026"),
        # Q2 accepted, Q1 deficient with no accepted resubmission: the latest unsettled is Q1.
        (D(2026, 7, 10), [_filing(Q1, "deficient"), _filing(Q2, "accepted")], "Q1 2026"),
        # Q3 (Jul 1 to Sep 30) has not ended on Sep 30 itself: Q2 is still the open one.
        (D(2026, 9, 30), [_filing(Q2, "late"), _filing(Q3, "open")], "Q2 2026"),
        # ... and on Oct 1 Q3 has ended.
        (D(2026, 10, 1), [_filing(Q2, "late"), _filing(Q3, "open")], "Q3 2026"),
        # A filing for a whole year is not a quarter of the QR-1: ignored.
        (D(2026, 7, 10), [FeeFiling(D(2025, 1, 1), D(2025, 12, 31), "open"), _filing(Q2, "open")], "Q2 2026"),
    ],
)
def test_the_open_quarter_is_the_latest_ended_quarter_the_city_has_not_settled(today, filings, expected):
    assert open_quarter(today, filings).quarter.label == expected


def test_a_deficient_report_whose_resubmission_was_accepted_is_settled():
    # Q2's original was deficient, its resubmission accepted on Aug 3; Q1 accepted: nothing is open on Aug 10.
    answer = open_quarter(
        D(2026, 8, 10),
        [_filing(Q1, "accepted", D(2026, 5, 1)), _filing(Q2, "deficient"), _filing(Q2, "accepted", D(2026, 8, 3))],
    )
    assert answer.quarter is None and answer.last_settled.label == "Q2 2026"
    # Today is in Q3 (Jul 1 to Sep 30): it opens the day after it ends, Thu Oct 1, 2026.
    assert answer.closed_message() == (
        "Your report for Q2 2026 was accepted on Aug 3, 2026; the next quarter, Q3 2026, opens for upload on "
        "Oct 1, 2026."
    )


def test_when_every_due_quarter_is_accepted_the_message_names_the_next_one_and_its_opening_day():
    # Nov 2 is in Q4 (Oct 1 to Dec 31): Q3 was accepted on Oct 20; Q4 opens the day after Dec 31.
    answer = open_quarter(
        D(2026, 11, 2), [_filing(Q2, "accepted", D(2026, 8, 1)), _filing(Q3, "accepted", D(2026, 10, 20))]
    )
    assert not answer.is_open
    assert answer.closed_message() == (
        "Your report for Q3 2026 was accepted on Oct 20, 2026; the next quarter, Q4 2026, opens for upload on "
        "Jan 1, 2027."
    )


def test_a_waived_quarter_is_settled_and_says_waived():
    answer = open_quarter(D(2026, 7, 10), [_filing(Q1, "accepted"), _filing(Q2, "waived", D(2026, 7, 2))])
    assert answer.closed_message().startswith("Your report for Q2 2026 was waived on Jul 2, 2026;")


def test_no_ended_quarter_means_nothing_is_due_yet():
    # The first filing is Q3 2026, which has not ended on Jul 10.
    answer = open_quarter(D(2026, 7, 10), [_filing(Q3, "open")])
    assert answer.quarter is None
    assert answer.closed_message() == (
        "No quarterly report is due from you under this license yet; the next quarter, Q3 2026, opens for upload "
        "on Oct 1, 2026."
    )


def test_a_quarter_knows_its_number_and_label():
    assert (Quarter.of(D(2026, 12, 31)).number, str(Quarter.of(D(2026, 12, 31)))) == (4, "Q4 2026")
