"""Needs attention: the one rule every page, the API and the reminder digests use for shot clocks. Pure, no ORM.

47 U.S.C. 332(c)(7)(B)(v): once a shot clock has run with no decision the
applicant may sue within 30 days, so a missed, undecided clock is the most
urgent thing on the City's desk and must never be hidden behind "at risk".
The classes are computed from plain values (a stored state and deadline or a
fresh ShotClock of permits/shotclock.py), so the pages that read stored
columns and the API that computes live agree; permits.selectors.attention_filter
and the deadline list build the same classes as database filters from
`attention_window` and `deadline_window` below.

The rule lives here, below the apps that show it (deadlines, permits, staff),
so the deadline list and the reminder digests classify a shot-clock deadline
without reading permits. permits/shotclock.py computes the clock states this
rule reads and imports them from here.
"""

from datetime import timedelta

from django.db.models import Q

# The states of a shot clock (permits/shotclock.py::ShotClock.state).
RUNNING = "running"
TOLLED = "tolled"
MET = "met"
MISSED = "missed"
STATE_WITHDRAWN = "withdrawn"
STATES = (RUNNING, TOLLED, MET, MISSED, STATE_WITHDRAWN)

AT_RISK_DAYS = 7  # the queue flags a running clock with this many days left, or fewer

ATTENTION_MISSED = "missed"
ATTENTION_AT_RISK = "at_risk"
ATTENTION_TOLLED = "tolled"
ATTENTION_RUNNING = "running"
ATTENTION_CLOSED = "closed"
ATTENTION_CLASSES = (ATTENTION_MISSED, ATTENTION_AT_RISK, ATTENTION_TOLLED, ATTENTION_RUNNING, ATTENTION_CLOSED)
ATTENTION_LABELS = {
    ATTENTION_MISSED: "Missed, decide now",
    ATTENTION_AT_RISK: f"At risk: {AT_RISK_DAYS} days or fewer left",
    ATTENTION_TOLLED: "Tolled, waiting for the applicant",
    ATTENTION_RUNNING: f"Running, more than {AT_RISK_DAYS} days left",
    ATTENTION_CLOSED: "Closed: decided, withdrawn or deemed granted",
}


def attention(state, deadline, decided, today):
    """How urgently a clock needs the City, from its state, deadline and whether it is closed.

    `decided` is true once a decision, a withdrawal or a deemed grant is on
    record. Classes, in order of urgency:

    - missed: undecided and past its deadline: a running clock whose deadline
      is before `today`, or the stored state "missed" with nothing decided.
      The applicant may sue (47 U.S.C. 332(c)(7)(B)(v)); a 6409(a) request may
      be deemed granted on the applicant's notice (47 CFR 1.6100(c)(4)).
    - at_risk: running with 0 to AT_RISK_DAYS days left, both ends included
      (a deadline today has 0 days left and is still at risk, not missed:
      a decision on the deadline meets the clock: permits/shotclock.py, convention 6).
    - tolled: stopped by a timely incompleteness notice until the applicant
      resubmits (47 CFR 1.6003(d)(1)-(3); 1.6100(c)(3)).
    - running: more than AT_RISK_DAYS days left.
    - closed: decided (met or missed), withdrawn or deemed granted.
    """
    if decided or state in (MET, STATE_WITHDRAWN):
        return ATTENTION_CLOSED
    if state == TOLLED:
        return ATTENTION_TOLLED
    if state == MISSED:
        return ATTENTION_MISSED
    if deadline is None:
        # A running clock always has a deadline; without one there is no date to be missed or at risk.
        return ATTENTION_RUNNING
    left = (deadline - today).days
    if left < 0:
        return ATTENTION_MISSED
    if left <= AT_RISK_DAYS:
        return ATTENTION_AT_RISK
    return ATTENTION_RUNNING


def attention_window(kind, today):
    """(first, last) deadline of a running, undecided clock in class `kind`; None is open-ended.

    The same boundaries as `attention`, for the database filters: missed is
    any deadline up to yesterday, at risk today to today + AT_RISK_DAYS,
    running anything later. Tolled and closed clocks are told apart by their
    state, not their deadline, so they have no window.
    """
    if kind == ATTENTION_MISSED:
        return None, today - timedelta(days=1)
    if kind == ATTENTION_AT_RISK:
        return today, today + timedelta(days=AT_RISK_DAYS)
    if kind == ATTENTION_RUNNING:
        return today + timedelta(days=AT_RISK_DAYS + 1), None
    raise ValueError(f"{kind!r} has no deadline window; choose missed, at_risk or running.")


def deadline_window(field, kind, today):
    """A Q on the date `field` for the deadline window of `kind` (attention_window)."""
    first, last = attention_window(kind, today)
    condition = Q()
    if first is not None:
        condition &= Q(**{f"{field}__gte": first})
    if last is not None:
        condition &= Q(**{f"{field}__lte": last})
    return condition
