"""Cable license renewal calendar: pure functions, no ORM.

Dates are calendar dates computed exactly as the statute counts them; none is
moved for a weekend or holiday (counsel decides that, and the page says when
a date falls on a closed day), except the appeal period, which follows the
court rule below. Month arithmetic uses relativedelta, so a date
with no twin in the target month falls on that month's last day (expiry
2030-08-31 minus 30 months is 2028-02-29; minus 18 months, 2029-02-28).

- 47 U.S.C. 546(a): the formal renewal window is the 6-month period that
  begins with the 36th month before expiration: it opens at expiry - 36
  months and closes at expiry - 30 months. The City may commence the
  needs-ascertainment proceeding on its own in that window; if the operator
  submits a written renewal notice during the window, the City must commence
  it within 6 months of the notice. A notice outside the window creates no
  federal commencement deadline.
- 47 U.S.C. 546(c)(1): within 4 months of the operator's renewal proposal the
  City renews the license or issues a preliminary assessment that it should
  not be renewed.
- 47 U.S.C. 555(a) (with 546(e)): an operator adversely affected by a final
  decision may appeal within 120 days after receiving notice of it. The
  statute sets no counting method, so Conduit takes the court rule, FRCP
  6(a)(1): the day of receipt is not counted, every later day is, and a last
  day on a Saturday, Sunday or legal holiday runs to the next business day.
- M.G.L. c.166A s.13: a renewal license runs at most 10 years (s.3: an
  initial license at most 15). A license runs through its expiration date, so
  effective 2020-10-08 to 2030-10-07 is exactly 10 years and 2030-10-08 is one
  day too long.
- 207 CMR 3.00 (Massachusetts): a renewal license is filed with the state
  regulator within 7 days of its grant; a statement of reasons for a denial
  within 14 days.
- 47 U.S.C. 546(h): informal renewal may happen at any time; it has no dates.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

WINDOW_OPENS_MONTHS = 36
WINDOW_CLOSES_MONTHS = 30
COMMENCE_WITHIN_MONTHS = 6
DECIDE_WITHIN_MONTHS = 4
APPEAL_DAYS = 120
STATE_FILING_DAYS_GRANT = 7
STATE_FILING_DAYS_DENIAL = 14

GRANTED = "granted"
DENIED = "denied"

CITE_WINDOW = "47 U.S.C. 546(a)"
CITE_PROPOSAL = "47 U.S.C. 546(c)(1)"
CITE_APPEAL = "47 U.S.C. 555(a); 546(e)"
CITE_APPEAL_COUNTED = "47 U.S.C. 555(a); 546(e); FRCP 6(a)(1)"
CITE_STATE_FILING = "207 CMR 3.00"
CITE_INFORMAL = "47 U.S.C. 546(h)"
CITE_TERM = "M.G.L. c.166A s.13"


@dataclass(frozen=True)
class RenewalDate:
    """One dated step of the renewal calendar, with the rule that sets it."""

    key: str
    label: str
    date: date | None
    citation: str
    note: str = ""


def window(expiry):
    """(opens, closes) of the 546(a) window: expiry - 36 months, expiry - 30 months.

    Expiry 2030-10-07: opens 2027-10-07, closes 2028-04-07.
    """
    return expiry - relativedelta(months=WINDOW_OPENS_MONTHS), expiry - relativedelta(months=WINDOW_CLOSES_MONTHS)


def notice_in_window(notice_date, expiry):
    opens, closes = window(expiry)
    return opens <= notice_date <= closes


def commencement_deadline(notice_date, expiry):
    """Last day for the City to commence the 546(a) proceeding after the
    operator's renewal notice: notice + 6 months, only for a notice inside the
    window (None otherwise)."""
    if not notice_in_window(notice_date, expiry):
        return None
    return notice_date + relativedelta(months=COMMENCE_WITHIN_MONTHS)


def decision_deadline(proposal_date):
    """546(c)(1): renew, or issue a preliminary assessment of non-renewal, within
    4 months of the proposal."""
    return proposal_date + relativedelta(months=DECIDE_WITHIN_MONTHS)


def appeal_deadline(decision_notice_date):
    """555(a): the 120th day after notice of the final decision, as counted
    (FRCP 6(a)(1)(A)-(B): the day of receipt excluded, every day counted),
    before any weekend or holiday roll."""
    return decision_notice_date + timedelta(days=APPEAL_DAYS)


def appeal_period_end(notice_received, calendar):
    """Last day of the 555(a) appeal period: the 120th day after the operator
    received notice of the final decision; a 120th day on a Saturday, Sunday
    or legal holiday runs to the next business day (FRCP 6(a)(1)(C)).

    `calendar` is a businessdays.calendar.BusinessCalendar (or anything with
    `next_business_day`). Notice received 2028-01-15: the 120th day is Sunday
    2028-05-14, so the period ends Monday 2028-05-15.
    """
    return calendar.next_business_day(appeal_deadline(notice_received))


def term_exceeds(effective, expiry, years):
    """True when a license effective on `effective` and running through
    `expiry` (inclusive) lasts longer than `years` years (M.G.L. c.166A s.13
    for a renewal, s.3 for an initial license).

    Exactly `years` years ends the day before the anniversary: 2020-10-08
    through 2030-10-07 does not exceed 10 years; through 2030-10-08 does. A
    Feb 29 start has its anniversary on Feb 28 (relativedelta), the earlier
    reading, so the warning never comes late.
    """
    return expiry >= effective + relativedelta(years=years)


def state_filing_deadline(decision_date, decision):
    """207 CMR 3.00: 7 days after a grant, 14 days after a denial."""
    days = STATE_FILING_DAYS_GRANT if decision == GRANTED else STATE_FILING_DAYS_DENIAL
    return decision_date + timedelta(days=days)


def renewal_calendar(
    *,
    expiry,
    notice_date=None,
    proposal_date=None,
    decision_date=None,
    decision=None,
    decision_received_date=None,
    calendar=None,
):
    """Every renewal date that can be computed from what has been logged, in order.

    `decision_received_date` (the day the operator received notice of the
    final decision) sets the appeal period's end, which needs `calendar` for
    the FRCP 6(a)(1)(C) roll. Without it the period is shown from the
    decision date, the earliest it can end.
    """
    if decision_received_date and calendar is None:
        raise ValueError("The appeal period (FRCP 6(a)(1)(C)) needs a BusinessCalendar.")
    opens, closes = window(expiry)
    dates = [
        RenewalDate(
            "window_opens",
            "Formal renewal window opens (36 months before expiration)",
            opens,
            CITE_WINDOW,
            "The City may commence the needs-ascertainment proceeding on its own from this date.",
        ),
        RenewalDate(
            "window_closes",
            "Formal renewal window closes (30 months before expiration)",
            closes,
            CITE_WINDOW,
            "Last day for the operator's written renewal notice that obliges the City to commence.",
        ),
    ]
    if notice_date:
        deadline = commencement_deadline(notice_date, expiry)
        if deadline:
            dates.append(
                RenewalDate(
                    "commence_by",
                    "City must commence the renewal proceeding (6 months after the operator's notice)",
                    deadline,
                    CITE_WINDOW,
                    f"Operator's renewal notice logged {notice_date:%Y-%m-%d}.",
                )
            )
        else:
            dates.append(
                RenewalDate(
                    "commence_by",
                    "Operator's renewal notice fell outside the window",
                    None,
                    CITE_WINDOW,
                    f"Notice logged {notice_date:%Y-%m-%d}, outside {opens:%Y-%m-%d} to {closes:%Y-%m-%d}: "
                    "no federal commencement deadline follows from it.",
                )
            )
    if proposal_date:
        dates.append(
            RenewalDate(
                "decide_by",
                "Renew, or issue a preliminary assessment of non-renewal (4 months after the proposal)",
                decision_deadline(proposal_date),
                CITE_PROPOSAL,
                f"Operator's renewal proposal logged {proposal_date:%Y-%m-%d}.",
            )
        )
    if decision_date and decision in (GRANTED, DENIED):
        granted = decision == GRANTED
        word = "grant" if granted else "denial"
        what = "renewal license" if granted else "statement of reasons for denial"
        days = STATE_FILING_DAYS_GRANT if granted else STATE_FILING_DAYS_DENIAL
        dates.append(
            RenewalDate(
                "state_filing_by",
                f"File the {what} with the state regulator ({days} days)",
                state_filing_deadline(decision_date, decision),
                CITE_STATE_FILING,
                f"Final decision ({word}) logged {decision_date:%Y-%m-%d}.",
            )
        )
        dates.append(_appeal_line(decision_date, decision_received_date, calendar))
    dates.append(RenewalDate("expires", "License expires", expiry, CITE_TERM))
    return sorted(dates, key=lambda item: (item.date is None, item.date or date.max))


def _appeal_line(decision_date, received, calendar):
    label = "Operator's appeal period ends (120 days after notice of the final decision)"
    if not received:
        return RenewalDate(
            "appeal_until",
            label,
            appeal_deadline(decision_date),
            CITE_APPEAL,
            "Counted from the decision date logged; the period runs from the operator's receipt of notice.",
        )
    day_120 = appeal_deadline(received)
    end = appeal_period_end(received, calendar)
    note = f"Notice received {received:%Y-%m-%d}; the 120th day is {day_120:%a %Y-%m-%d}"
    if end != day_120:
        note += f", not a business day, so the period runs to {end:%a %Y-%m-%d}"
    return RenewalDate("appeal_until", label, end, CITE_APPEAL_COUNTED, note + ".")
