"""Renewal calendar (47 U.S.C. 546, 555; 207 CMR 3.00), table-driven. Each
expected value is worked out by hand in its comment."""

from datetime import date as D

import pytest

from franchise import renewal

WINDOWS = [
    # (expiry, opens, closes, why)
    (D(2030, 10, 7), D(2027, 10, 7), D(2028, 4, 7), "expiry - 36 months and expiry - 30 months"),
    (D(2020, 10, 7), D(2017, 10, 7), D(2018, 4, 7), "Comcast's extended expiry 2020-10-07"),
    (D(2030, 8, 31), D(2027, 8, 31), D(2028, 2, 29), "closes on Feb 29 2028: Aug 31 - 30 months, clamped, leap"),
    (D(2031, 8, 31), D(2028, 8, 31), D(2029, 2, 28), "closes on Feb 28 2029: clamped, common year"),
    (D(2032, 2, 29), D(2029, 2, 28), D(2029, 8, 29), "a Feb 29 expiry opens on Feb 28 three years before"),
    (D(2027, 3, 31), D(2024, 3, 31), D(2024, 9, 30), "Mar 31 - 30 months = Sep 31, clamped to Sep 30"),
]


@pytest.mark.parametrize(("expiry", "opens", "closes", "why"), WINDOWS, ids=[w[-1] for w in WINDOWS])
def test_formal_renewal_window(expiry, opens, closes, why):
    assert renewal.window(expiry) == (opens, closes)


COMMENCE = [
    # (notice, expiry, expected, why)
    (D(2028, 1, 15), D(2030, 10, 7), D(2028, 7, 15), "notice inside the window: + 6 months"),
    (D(2027, 8, 31), D(2030, 8, 31), D(2028, 2, 29), "notice on the opening day Aug 31: + 6 months = Feb 29 2028"),
    (D(2028, 4, 7), D(2030, 10, 7), D(2028, 10, 7), "notice on the closing day still counts"),
    (D(2028, 4, 8), D(2030, 10, 7), None, "a day after the window: no federal commencement deadline"),
    (D(2027, 10, 6), D(2030, 10, 7), None, "a day before the window: none either"),
]


@pytest.mark.parametrize(("notice", "expiry", "expected", "why"), COMMENCE, ids=[c[-1] for c in COMMENCE])
def test_commencement_deadline_after_the_operators_notice(notice, expiry, expected, why):
    assert renewal.commencement_deadline(notice, expiry) == expected


DECISION = [
    (D(2026, 9, 1), D(2027, 1, 1), "4 months after Sep 1 is Jan 1, across the year end"),
    (D(2026, 10, 31), D(2027, 2, 28), "Oct 31 + 4 months: Feb has no 31st, Feb 28"),
    (D(2027, 10, 31), D(2028, 2, 29), "Oct 31 2027 + 4 months: Feb 29 2028 (leap)"),
]


@pytest.mark.parametrize(("proposal", "expected", "why"), DECISION, ids=[d[-1] for d in DECISION])
def test_decision_deadline_after_the_proposal(proposal, expected, why):
    assert renewal.decision_deadline(proposal) == expected


APPEAL = [
    # Jan has 31 days: Jan 1 + 30 = Jan 31; + 28 = Feb 28 (58); + 31 = Mar 31 (89); + 30 = Apr 30 (119); May 1 (120)
    (D(2026, 1, 1), D(2026, 5, 1), "120 days from Jan 1 in a common year"),
    # leap: Jan 31 (30), Feb 29 (59), Mar 31 (90), Apr 30 (120)
    (D(2024, 1, 1), D(2024, 4, 30), "120 days from Jan 1 in a leap year"),
    # Oct 8 + 23 = Oct 31; + 30 = Nov 30 (53); + 31 = Dec 31 (84); + 31 = Jan 31 (115); Feb 5 (120)
    (D(2020, 10, 8), D(2021, 2, 5), "120 days across the year end"),
]


@pytest.mark.parametrize(("decision", "expected", "why"), APPEAL, ids=[a[-1] for a in APPEAL])
def test_appeal_period_after_the_final_decision(decision, expected, why):
    assert renewal.appeal_deadline(decision) == expected


STATE_FILING = [
    (D(2020, 10, 8), renewal.GRANTED, D(2020, 10, 15), "a grant: 7 days"),
    (D(2020, 10, 8), renewal.DENIED, D(2020, 10, 22), "a denial: 14 days"),
    (D(2026, 12, 28), renewal.GRANTED, D(2027, 1, 4), "7 days across the year end: Dec 28 + 3 = Dec 31, + 4 = Jan 4"),
    (D(2028, 2, 22), renewal.DENIED, D(2028, 3, 7), "14 days across Feb 29 2028: Feb 22 + 7 = Feb 29, + 7 = Mar 7"),
]


@pytest.mark.parametrize(
    ("decision_date", "decision", "expected", "why"), STATE_FILING, ids=[s[-1] for s in STATE_FILING]
)
def test_massachusetts_filing_after_the_decision(decision_date, decision, expected, why):
    assert renewal.state_filing_deadline(decision_date, decision) == expected


def test_calendar_lists_every_computed_date_in_order_with_citations():
    items = renewal.renewal_calendar(
        expiry=D(2027, 3, 31),
        notice_date=D(2024, 5, 15),
        proposal_date=D(2026, 9, 1),
        decision_date=D(2026, 12, 15),
        decision=renewal.GRANTED,
    )
    assert [(i.key, i.date, i.citation) for i in items] == [
        ("window_opens", D(2024, 3, 31), "47 U.S.C. 546(a)"),
        ("window_closes", D(2024, 9, 30), "47 U.S.C. 546(a)"),
        ("commence_by", D(2024, 11, 15), "47 U.S.C. 546(a)"),  # May 15 + 6 months
        ("state_filing_by", D(2026, 12, 22), "207 CMR 3.00"),  # Dec 15 + 7
        ("decide_by", D(2027, 1, 1), "47 U.S.C. 546(c)(1)"),  # Sep 1 + 4 months
        ("expires", D(2027, 3, 31), "M.G.L. c.166A s.13"),
        (
            "appeal_until",
            D(2027, 4, 14),
            "47 U.S.C. 555(a); 546(e)",
        ),  # Dec 31 +16, Jan 31 +47, Feb 28 +75, Mar 31 +106, Apr 14 +120
    ]


def test_a_notice_outside_the_window_is_listed_without_a_date():
    items = renewal.renewal_calendar(expiry=D(2030, 10, 7), notice_date=D(2026, 1, 5))
    outside = next(i for i in items if i.key == "commence_by")
    assert outside.date is None
    assert "outside" in outside.note
    assert items[-1] is outside  # undated lines go last
