"""Every line of the renewal calendar as the license page shows it: date,
label, citation and note (47 U.S.C. 546, 555; 207 CMR 3.00; c.166A s.13).
Expiry 2030-10-07: the 546(a) window opens 2027-10-07 and closes 2028-04-07."""

from datetime import date as D

from businessdays.calendar import BusinessCalendar
from franchise import renewal
from franchise.renewal import RenewalDate

OPENS = RenewalDate(
    "window_opens",
    "Formal renewal window opens (36 months before expiration)",
    D(2027, 10, 7),
    "47 U.S.C. 546(a)",
    "The City may commence the needs-ascertainment proceeding on its own from this date.",
)
CLOSES = RenewalDate(
    "window_closes",
    "Formal renewal window closes (30 months before expiration)",
    D(2028, 4, 7),
    "47 U.S.C. 546(a)",
    "Last day for the operator's written renewal notice that obliges the City to commence.",
)
EXPIRES = RenewalDate("expires", "License expires", D(2030, 10, 7), "M.G.L. c.166A s.13")


def test_a_denied_renewal_lists_every_step_in_date_order():
    # notice Nov 1 2027 (inside the window) + 6 months = May 1 2028; proposal Jun 1 2028 + 4 months = Oct 1 2028;
    # denial Sep 15 2028 + 14 days = Sep 29 2028; notice received Sep 18: Sep 30 is day 12, Oct 31 43, Nov 30 73,
    # Dec 31 104, Jan 16 2029 120 (a Tuesday; MLK Day is Jan 15).
    items = renewal.renewal_calendar(
        expiry=D(2030, 10, 7),
        notice_date=D(2027, 11, 1),
        proposal_date=D(2028, 6, 1),
        decision_date=D(2028, 9, 15),
        decision=renewal.DENIED,
        decision_received_date=D(2028, 9, 18),
        calendar=BusinessCalendar(),
    )
    assert items == [
        OPENS,
        CLOSES,
        RenewalDate(
            "commence_by",
            "City must commence the renewal proceeding (6 months after the operator's notice)",
            D(2028, 5, 1),
            "47 U.S.C. 546(a)",
            "Operator's renewal notice logged 2027-11-01.",
        ),
        RenewalDate(
            "state_filing_by",
            "File the statement of reasons for denial with the state regulator (14 days)",
            D(2028, 9, 29),
            "207 CMR 3.00",
            "Final decision (denial) logged 2028-09-15.",
        ),
        RenewalDate(
            "decide_by",
            "Renew, or issue a preliminary assessment of non-renewal (4 months after the proposal)",
            D(2028, 10, 1),
            "47 U.S.C. 546(c)(1)",
            "Operator's renewal proposal logged 2028-06-01.",
        ),
        RenewalDate(
            "appeal_until",
            "Operator's appeal period ends (120 days after notice of the final decision)",
            D(2029, 1, 16),
            "47 U.S.C. 555(a); 546(e); FRCP 6(a)(1)",
            "Notice received 2028-09-18; the 120th day is Tue 2029-01-16.",
        ),
        EXPIRES,
    ]


def test_a_grant_files_the_renewal_license_within_seven_days():
    # Sep 15 2028 + 7 = Sep 22; appeal counted from the decision date while receipt is not logged:
    # Sep 15 + 15 = Sep 30 (15), Oct 31 46, Nov 30 76, Dec 31 107, Jan 13 2029 120.
    items = renewal.renewal_calendar(expiry=D(2030, 10, 7), decision_date=D(2028, 9, 15), decision=renewal.GRANTED)
    assert items == [
        OPENS,
        CLOSES,
        RenewalDate(
            "state_filing_by",
            "File the renewal license with the state regulator (7 days)",
            D(2028, 9, 22),
            "207 CMR 3.00",
            "Final decision (grant) logged 2028-09-15.",
        ),
        RenewalDate(
            "appeal_until",
            "Operator's appeal period ends (120 days after notice of the final decision)",
            D(2029, 1, 13),
            "47 U.S.C. 555(a); 546(e)",
            "Counted from the decision date logged; the period runs from the operator's receipt of notice.",
        ),
        EXPIRES,
    ]


def test_a_decision_without_its_date_or_a_date_without_the_decision_adds_no_steps():
    assert renewal.renewal_calendar(expiry=D(2030, 10, 7), decision=renewal.GRANTED) == [OPENS, CLOSES, EXPIRES]
    assert renewal.renewal_calendar(expiry=D(2030, 10, 7), decision_date=D(2028, 9, 15)) == [OPENS, CLOSES, EXPIRES]


def test_a_notice_outside_the_window_says_why_it_has_no_date():
    items = renewal.renewal_calendar(expiry=D(2030, 10, 7), notice_date=D(2026, 1, 5))
    assert items[-1] == RenewalDate(
        "commence_by",
        "Operator's renewal notice fell outside the window",
        None,
        "47 U.S.C. 546(a)",
        "Notice logged 2026-01-05, outside 2027-10-07 to 2028-04-07: no federal commencement deadline follows from it.",
    )
