"""Shot-clock boundaries: the day a rule starts or stops applying, worked by hand.

Each case sits on a legal boundary (47 CFR 1.6003, 1.6100) and its neighbour
one day over, so a rule that is off by one day fails here. Every expected date
is worked out in the comment. 2026 is not a leap year. Weekdays used: Fri Jan
2, Mon Jan 5, Thu Jan 15, Tue Feb 3, Wed Feb 4, Mon Mar 2, Fri Mar 6, Sat Mar
7, Sun Apr 5, Fri May 1, Mon May 4.
"""

from datetime import date

import pytest

from compliance.calendar import BusinessCalendar
from permits import shotclock
from permits.shotclock import ClockError, Event, Period, SiteClock, batch_period, compute, notice_effect

CAL = BusinessCalendar()
SWF = shotclock.SWF_COLLOCATION
SWF_NEW = shotclock.SWF_NEW_STRUCTURE
COLLO = shotclock.COLLOCATION
NEW = shotclock.NEW_STRUCTURE
EFR = shotclock.ELIGIBLE_FACILITIES
RUN, TOLL, MET, MISS = shotclock.RUNNING, shotclock.TOLLED, shotclock.MET, shotclock.MISSED
JAN5 = date(2026, 1, 5)


def notice(day, *items):
    return Event(shotclock.INCOMPLETE_NOTICE, day, items=frozenset(items))


def resubmitted(day):
    return Event(shotclock.RESUBMITTED, day)


def agreement(day, days):
    return Event(shotclock.TOLLING_AGREEMENT, day, days=days)


def decision(day, outcome=shotclock.APPROVED):
    return Event(shotclock.DECISION, day, outcome=outcome)


def withdrawn(day):
    return Event(shotclock.WITHDRAWN, day)


def deemed(day):
    return Event(shotclock.DEEMED_GRANTED_NOTICE, day)


def clock(category, as_of, events=(), submitted=JAN5, **kwargs):
    return compute(category=category, submitted_on=submitted, events=events, calendar=CAL, as_of=as_of, **kwargs)


# ---- periods: one day more or fewer is a different deadline ----


def test_an_swf_new_structure_takes_90_days_not_91():
    # Feb 3 + 90: 25 to Feb 28, 31 in Mar (56), 30 in Apr (86), 4 more -> Mon May 4, a business day, so no roll
    # hides a 91st day (Tue May 5).
    result = clock(SWF_NEW, date(2026, 2, 4), submitted=date(2026, 2, 3))
    assert (result.last_day, result.deadline, result.days) == (date(2026, 5, 4), date(2026, 5, 4), 90)


def test_a_batch_mixing_swf_collocations_and_new_structures_takes_90_days():
    # 47 CFR 1.6003(c)(2)(ii). Feb 3 + 90 -> Mon May 4 (business day); 60 would be Sat Apr 4, 91 Tue May 5.
    result = clock(SWF, date(2026, 2, 4), submitted=date(2026, 2, 3), site_categories=(SWF, SWF_NEW))
    assert (result.last_day, result.deadline, result.days) == (date(2026, 5, 4), date(2026, 5, 4), 90)
    assert not result.site_deadlines and not result.flagged


# ---- events dated on as_of count; the day after does not ----


def test_an_event_dated_on_the_as_of_day_counts_and_one_dated_the_day_after_does_not():
    # SWF Jan 5 + 60 -> Fri Mar 6. A decision dated Mar 6, as of Mar 6: decided on the deadline, met.
    today = clock(SWF, date(2026, 3, 6), [decision(date(2026, 3, 6))])
    assert (today.state, today.decided_on) == (MET, date(2026, 3, 6))
    # As of Thu Mar 5 the same decision lies in the future: still running, Mar 5 -> Mar 6 is 1 day left.
    before = clock(SWF, date(2026, 3, 5), [decision(date(2026, 3, 6))])
    assert (before.state, before.days_remaining, before.decided_on) == (RUN, 1, None)


def test_a_notice_dated_on_the_submission_day_itself_is_timely():
    # Day 0 is within the 10 days of 47 CFR 1.6003(d)(1): the SWF clock waits for the resubmission.
    result = clock(SWF, JAN5, [notice(JAN5)])
    assert (result.state, result.days_remaining, result.open_notice_on) == (TOLL, 60, JAN5)
    assert result.notices[0].effect == "reset" and result.notices[0].day == 0


def test_events_recorded_out_of_date_order_are_applied_by_date():
    # Collocation: the resubmission of Sun Jan 25 was entered before the notice of Thu Jan 15 (day 10) it answers.
    # Tolled Jan 15 -> Jan 25 = 10 days; Jan 5 + 90 = Sun Apr 5, + 10 -> Wed Apr 15.
    result = clock(COLLO, date(2026, 1, 26), [resubmitted(date(2026, 1, 25)), notice(date(2026, 1, 15))])
    assert (result.deadline, result.tolled_days) == (date(2026, 4, 15), 10)
    assert result.notices[0].index == 1


# ---- notice windows: 10 days (SWF reset, further notice), 30 days (tolling) ----

NOTICE_WINDOWS = [
    # (id, category, events, as_of, state, deadline, remaining)
    # SWF, notice Thu Jan 15 = day 10: resets; a full 60 days wait for the resubmission.
    ("swf notice on day 10 resets", SWF, [notice(date(2026, 1, 15))], date(2026, 1, 16), TOLL, None, 60),
    # SWF, notice Fri Jan 16 = day 11: no effect; Jan 5 + 60 -> Fri Mar 6 stands, Jan 17 -> Mar 6 is 14 + 28 + 6 = 48.
    ("swf notice on day 11 does nothing", SWF, [notice(date(2026, 1, 16))], date(2026, 1, 17), RUN, date(2026, 3, 6), 48),
    # Collocation, notice Wed Feb 4 = day 30: tolls; Feb 4 -> Sun Apr 5 is 24 + 31 + 5 = 60 days left.
    ("collocation notice on day 30 tolls", COLLO, [notice(date(2026, 2, 4))], date(2026, 2, 5), TOLL, None, 60),
    # Collocation, notice Thu Feb 5 = day 31: no effect; Apr 5 -> Mon Apr 6 stands, Feb 6 -> Apr 6 is 22 + 31 + 6 = 59.
    ("collocation notice on day 31 does nothing", COLLO, [notice(date(2026, 2, 5))], date(2026, 2, 6), RUN, date(2026, 4, 6), 59),
    # 6409(a), notice day 30 (Feb 4): tolls; Jan 5 + 60 = Fri Mar 6, Feb 4 -> Mar 6 is 24 + 6 = 30 left.
    ("6409a notice on day 30 tolls", EFR, [notice(date(2026, 2, 4))], date(2026, 2, 5), TOLL, None, 30),
    # Further notice exactly 10 days after the resubmission: collocation notice Jan 15 (day 10), resubmitted Sun
    # Jan 25 (10 days tolled, last day Apr 15); further notice Wed Feb 4 tolls again; Feb 4 -> Apr 15 is 24 + 31 + 15.
    (
        "a further notice on day 10 after the resubmission tolls",
        COLLO,
        [notice(date(2026, 1, 15)), resubmitted(date(2026, 1, 25)), notice(date(2026, 2, 4))],
        date(2026, 2, 5),
        TOLL,
        None,
        70,
    ),
    # The same further notice on Thu Feb 5, 11 days after: no effect; Wed Apr 15 stands, Feb 6 -> Apr 15 is 22+31+15.
    (
        "a further notice on day 11 after the resubmission does nothing",
        COLLO,
        [notice(date(2026, 1, 15)), resubmitted(date(2026, 1, 25)), notice(date(2026, 2, 5))],
        date(2026, 2, 6),
        RUN,
        date(2026, 4, 15),
        68,
    ),
]


@pytest.mark.parametrize(
    ("category", "events", "as_of", "state", "deadline", "remaining"),
    [row[1:] for row in NOTICE_WINDOWS],
    ids=[row[0] for row in NOTICE_WINDOWS],
)
def test_notice_windows_end_on_their_last_day(category, events, as_of, state, deadline, remaining):
    result = clock(category, as_of, events)
    assert (result.state, result.deadline, result.days_remaining) == (state, deadline, remaining)


def test_a_same_day_resubmission_tolls_nothing():
    # Collocation notice Wed Feb 4 (day 30), resubmitted the same day: 0 days tolled; Sun Apr 5 -> Mon Apr 6.
    result = clock(COLLO, date(2026, 2, 5), [notice(date(2026, 2, 4)), resubmitted(date(2026, 2, 4))])
    assert (result.tolled_days, result.last_day, result.deadline) == (0, date(2026, 4, 5), date(2026, 4, 6))
    assert (
        "resubmitted 2026-02-04: 0 days tolled (none, same-day resubmission); the clock runs again and the last day "
        "is now 2026-04-05"
    ) in result.explanation


# ---- decisions and the at-risk flag ----


def test_a_decision_on_the_deadline_meets_it_and_a_day_later_misses_it():
    # SWF Jan 5 + 60 -> Fri Mar 6.
    on_time = clock(SWF, date(2026, 3, 9), [decision(date(2026, 3, 6))])
    assert on_time.state == MET
    assert on_time.explanation[-1] == "decided 2026-03-06, on the deadline: met"
    late = clock(SWF, date(2026, 3, 9), [decision(date(2026, 3, 7), shotclock.DENIED)])
    assert (late.state, late.outcome) == (MISS, shotclock.DENIED)
    assert late.explanation[-1] == (
        "decided 2026-03-07, 1 days after the deadline: missed; " + shotclock.PRESUMED_PROHIBITION
    )


def test_a_clock_is_at_risk_with_seven_days_left_and_running_with_eight():
    # Deadline Fri Mar 6: as of Fri Feb 27 that is 1 (Feb 28) + 6 = 7 days; as of Thu Feb 26, 8 days.
    assert clock(SWF, date(2026, 2, 27)).attention == shotclock.ATTENTION_AT_RISK
    assert clock(SWF, date(2026, 2, 27)).at_risk
    assert clock(SWF, date(2026, 2, 26)).attention == shotclock.ATTENTION_RUNNING


def test_a_missed_clock_says_how_many_days_ago():
    # Deadline Fri Mar 6, as of Mon Mar 9: 3 days ago.
    result = clock(SWF, date(2026, 3, 9))
    assert (result.state, result.days_remaining) == (MISS, -3)
    assert result.explanation[-1] == (
        "as of 2026-03-09: no decision by the deadline, 3 days ago: missed; " + shotclock.PRESUMED_PROHIBITION
    )


# ---- 6409(a): the unmoved deadline, act-by, deemed grant ----


def test_the_act_by_date_of_a_6409a_deadline_on_a_business_day_is_the_deadline():
    # Mar 2 + 60: 29 to Mar 31, 30 in Apr (59), 1 more -> Fri May 1, a business day: act by May 1.
    result = clock(EFR, date(2026, 3, 3), submitted=date(2026, 3, 2))
    assert (result.deadline, result.act_by) == (date(2026, 5, 1), date(2026, 5, 1))
    assert result.explanation[-2:] == (
        "deadline 2026-05-01 (Friday); act by 2026-05-01",
        "as of 2026-03-03: running, 59 days remaining",
    )


def test_a_6409a_deadline_on_a_saturday_stays_and_acts_by_the_friday():
    # Jan 6 + 60: 25 to Jan 31, 28 in Feb (53), 7 more -> Sat Mar 7, not moved; act by Fri Mar 6.
    # As of Mar 1: Mar 1 -> Mar 7 is 6 days.
    result = clock(EFR, date(2026, 3, 1), submitted=date(2026, 1, 6))
    assert (result.deadline, result.act_by) == (date(2026, 3, 7), date(2026, 3, 6))
    assert result.explanation[-2:] == (
        "deadline 2026-03-07 (Saturday), not moved: Saturday is not a business day, but 47 CFR 1.6100(c) has no "
        "weekend or holiday rule of its own and the roll in 47 CFR 1.6003(e) is written for 1.6003 clocks, so "
        "Conduit takes the earlier date; act by 2026-03-06 (Friday), the last business day on or before it",
        "as of 2026-03-01: running, 6 days remaining; act by 2026-03-06",
    )


def test_a_deemed_grant_notice_on_the_deadline_day_is_refused_and_the_day_after_is_accepted():
    # 47 CFR 1.6100(c)(4): the notice must come after the period has run. Mar 2 + 60 -> Fri May 1.
    with pytest.raises(ClockError) as refused:
        clock(EFR, date(2026, 5, 4), [deemed(date(2026, 5, 1))], submitted=date(2026, 3, 2))
    assert refused.value.field == "date"
    assert refused.value.message == (
        "A deemed grant needs the applicant's written notice after the review period has expired "
        "(the deadline is 2026-05-01)."
    )
    granted = clock(EFR, date(2026, 5, 4), [deemed(date(2026, 5, 2))], submitted=date(2026, 3, 2))
    assert granted.deemed_granted and not granted.deemed_granted_available
    assert "the applicant's written notice of 2026-05-02: the request is deemed granted (47 CFR 1.6100(c)(4))" in (
        granted.explanation
    )
    assert granted.attention == shotclock.ATTENTION_CLOSED


def test_a_deemed_grant_notice_while_the_clock_is_tolled_is_refused_without_a_deadline():
    # 6409(a) notice day 10 (Jan 15) tolls; no deadline runs while the applicant has not resubmitted.
    with pytest.raises(ClockError) as refused:
        clock(EFR, date(2026, 5, 4), [notice(date(2026, 1, 15)), deemed(date(2026, 5, 2))])
    assert refused.value.message == (
        "A deemed grant needs the applicant's written notice after the review period has expired."
    )


def test_a_missed_6409a_request_names_the_deemed_grant_remedy():
    # Deadline Fri May 1, as of Mon May 4: 3 days ago.
    result = clock(EFR, date(2026, 5, 4), submitted=date(2026, 3, 2))
    assert result.deemed_granted_available
    assert result.explanation[-1] == (
        "as of 2026-05-04: no decision by the deadline, 3 days ago: missed; the request is deemed granted once the "
        "applicant notifies the City in writing that it is (47 CFR 1.6100(c)(4))"
    )


def test_nothing_can_be_recorded_after_a_deemed_grant():
    with pytest.raises(ClockError) as refused:
        clock(EFR, date(2026, 5, 6), [deemed(date(2026, 5, 2)), decision(date(2026, 5, 5))], submitted=date(2026, 3, 2))
    assert refused.value.message == (
        "The application was deemed granted on 2026-05-02; no further event can be recorded."
    )
