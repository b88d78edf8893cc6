"""Shot-clock boundaries: the day a rule starts or stops applying, worked by hand.

Each case sits on a legal boundary (47 CFR 1.6003, 1.6100) and its neighbour
one day over, so a rule that is off by one day fails here. Every expected date
is worked out in the comment. 2026 is not a leap year. Weekdays used: Fri Jan
2, Mon Jan 5, Thu Jan 15, Tue Feb 3, Wed Feb 4, Mon Mar 2, Fri Mar 6, Sat Mar
7, Sun Apr 5, Fri May 1, Mon May 4.
"""

from datetime import date

import pytest

from businessdays.calendar import BusinessCalendar
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
    (
        "swf notice on day 11 does nothing",
        SWF,
        [notice(date(2026, 1, 16))],
        date(2026, 1, 17),
        RUN,
        date(2026, 3, 6),
        48,
    ),
    # Collocation, notice Wed Feb 4 = day 30: tolls; Feb 4 -> Sun Apr 5 is 24 + 31 + 5 = 60 days left.
    ("collocation notice on day 30 tolls", COLLO, [notice(date(2026, 2, 4))], date(2026, 2, 5), TOLL, None, 60),
    # Collocation, notice Thu Feb 5 = day 31: no effect; Apr 5 -> Mon Apr 6 stands, Feb 6 -> Apr 6 is 22 + 31 + 6 = 59.
    (
        "collocation notice on day 31 does nothing",
        COLLO,
        [notice(date(2026, 2, 5))],
        date(2026, 2, 6),
        RUN,
        date(2026, 4, 6),
        59,
    ),
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


# ---- tolling agreements (47 CFR 1.6003(d), 1.6100(c)(3)) ----


def test_a_one_day_agreement_is_accepted_and_agreements_add_up():
    # Jan 5 + 60 = Fri Mar 6; + 1 = Sat Mar 7 -> Mon Mar 9.
    one = clock(SWF, date(2026, 2, 2), [agreement(date(2026, 2, 1), 1)])
    assert one.deadline == date(2026, 3, 9)
    # Two agreements, 2 and 3 days: Mar 6 + 5 -> Wed Mar 11.
    two = clock(SWF, date(2026, 2, 3), [agreement(date(2026, 2, 1), 2), agreement(date(2026, 2, 2), 3)])
    assert (two.last_day, two.deadline) == (date(2026, 3, 11), date(2026, 3, 11))


def test_an_agreement_on_the_deadline_day_is_in_time_and_one_the_day_after_is_flagged():
    # Deadline Fri Mar 6. Made on Mar 6 for 10 days: Mar 16 (Mon), not flagged.
    in_time = clock(SWF, date(2026, 3, 7), [agreement(date(2026, 3, 6), 10)])
    assert (in_time.deadline, in_time.flagged) == (date(2026, 3, 16), False)
    assert (
        "written tolling agreement of 2026-03-06: the clock is extended by 10 days (47 CFR 1.6003(d); 1.6100(c)(3))"
    ) in in_time.explanation
    # Made on Sat Mar 7, after the deadline passed: Mar 16 too, but counsel must confirm it revives the clock.
    late = clock(SWF, date(2026, 3, 8), [agreement(date(2026, 3, 7), 10)])
    assert (late.deadline, late.flagged) == (date(2026, 3, 16), True)
    assert (
        "written tolling agreement of 2026-03-07: the clock is extended by 10 days (47 CFR 1.6003(d); 1.6100(c)(3)); "
        "note: it was made after the deadline of 2026-03-06 had passed, so counsel should confirm that it revives "
        "the clock"
    ) in late.explanation


# ---- what staff are told when an event cannot be right ----

REFUSALS = [
    # (id, category, events, field, message)
    ("a zero-day agreement", SWF, [agreement(date(2026, 1, 6), 0)], "days",
     "A tolling agreement must extend the clock by at least one day."),
    ("a decision without an outcome", SWF, [decision(date(2026, 1, 6), "")], "outcome",
     "A decision's outcome must be approved or denied."),
    ("a deemed grant of an swf application", SWF, [deemed(date(2026, 3, 9))], "kind",
     "Only an eligible facilities request (section 6409(a)) can be deemed granted."),
    ("a resubmission with no notice", COLLO, [resubmitted(date(2026, 1, 10))], "kind",
     "There is no open incompleteness notice for this resubmission to answer; record the notice first."),
    ("a second notice before the resubmission", COLLO, [notice(date(2026, 1, 10)), notice(date(2026, 1, 12))], "kind",
     "The notice of 2026-01-10 is still waiting for the applicant's resubmission; record the resubmission before "
     "another notice."),
    ("a further notice naming new items", COLLO,
     [notice(date(2026, 1, 10), "A"), resubmitted(date(2026, 1, 20)), notice(date(2026, 1, 25), "A", "C", "B")],
     "missing_items",
     "A further incompleteness notice may only name items the first notice named (47 CFR 1.6003(d)(3)(i)); the first "
     "notice did not name: B, C."),
    ("a 6409a further notice naming new items", EFR,
     [notice(date(2026, 1, 10), "A"), resubmitted(date(2026, 1, 20)), notice(date(2026, 1, 25), "B")],
     "missing_items",
     "A further incompleteness notice may only name items the first notice named (47 CFR 1.6100(c)(3)(iii)); the "
     "first notice did not name: B."),
    ("an event before the submission", SWF, [notice(date(2026, 1, 4))], "date",
     "The date is before the application was submitted on 2026-01-05."),
    ("an unknown event kind", SWF, [Event("phone_call", date(2026, 1, 6))], "kind",
     "Unknown event kind 'phone_call'; choose one of incomplete_notice, resubmitted, tolling_agreement, decision, "
     "withdrawn, deemed_granted_notice."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("category", "events", "field_name", "message"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_an_impossible_event_is_refused_in_plain_words(category, events, field_name, message):
    with pytest.raises(ClockError) as refused:
        clock(category, date(2026, 3, 9), events)
    assert (refused.value.field, refused.value.message, str(refused.value)) == (field_name, message, message)


def test_unknown_categories_are_refused_naming_the_choices():
    choices = "swf_collocation, swf_new_structure, collocation, new_structure, eligible_facilities"
    with pytest.raises(ClockError) as refused:
        batch_period("macro")
    assert refused.value.message == f"Unknown category 'macro'; choose one of {choices}."
    with pytest.raises(ClockError) as refused:
        batch_period(SWF, (SWF, "kiosk"))
    assert (refused.value.field, refused.value.message) == (
        "sites",
        f"Unknown site category 'kiosk'; choose one of {choices}.",
    )


# ---- what each notice did, as the clock record and letters show it ----

NOTICE_RECORDS = [
    # (id, category, submitted, events, (effect, citation, day, of, line) of the last notice)
    (
        "swf reset on day 10",
        SWF,
        JAN5,
        [notice(date(2026, 1, 15))],
        ("reset", "47 CFR 1.6003(d)(1)", 10, 60,
         "incompleteness notice on 2026-01-15, day 10: within 10 days of submission, so it resets the SWF clock; a "
         "full new 60-day period starts on the day the applicant resubmits (47 CFR 1.6003(d)(1))"),
    ),
    # Collocation day 30 (Feb 4): Feb 4 -> Sun Apr 5 is 24 + 31 + 5 = 60 days left.
    (
        "collocation toll on day 30",
        COLLO,
        JAN5,
        [notice(date(2026, 2, 4))],
        ("toll", "47 CFR 1.6003(d)(2)", 30, 90,
         "incompleteness notice on 2026-02-04, day 30: within 30 days of submission, so the clock is tolled from "
         "2026-02-05 until the applicant resubmits; 60 days remain on the clock (47 CFR 1.6003(d)(2))"),
    ),
    # 6409(a) day 10 (Jan 15): Jan 15 -> Fri Mar 6 is 16 + 28 + 6 = 50 days left.
    (
        "6409a toll on day 10",
        EFR,
        JAN5,
        [notice(date(2026, 1, 15))],
        ("toll", "47 CFR 1.6100(c)(3)(i)", 10, 60,
         "incompleteness notice on 2026-01-15, day 10: within 30 days of submission, so the clock is tolled from "
         "2026-01-16 until the applicant resubmits; 50 days remain on the clock (47 CFR 1.6100(c)(3)(i))"),
    ),
    # Day 30 (Feb 4, a Wednesday) was a business day: no window note.
    (
        "collocation late on day 31",
        COLLO,
        JAN5,
        [notice(date(2026, 2, 5))],
        ("none", "47 CFR 1.6003(d)(2)", 31, 90,
         "incompleteness notice on 2026-02-05, day 31: later than day 30, so it does not toll the clock; the clock "
         "keeps running (47 CFR 1.6003(d)(2))"),
    ),
    # Submitted Fri Jan 2: day 30 is Sun Feb 1; a notice on Mon Feb 2 is day 31, late, and the window is not extended.
    (
        "6409a late after a window ending on a sunday",
        EFR,
        date(2026, 1, 2),
        [notice(date(2026, 2, 2))],
        ("none", "47 CFR 1.6100(c)(3)(i)", 31, 60,
         "incompleteness notice on 2026-02-02, day 31: later than day 30, so it does not toll the clock; the clock "
         "keeps running (47 CFR 1.6100(c)(3)(i)); the window's last day, 2026-02-01, was not a business day "
         "(Sunday), but Conduit does not extend a notice window (the safe reading; counsel may confirm)"),
    ),
    # Notice Jan 15 (day 10), resubmitted Jan 25 (10 tolled, last day Wed Apr 15); further notice Feb 4 is clock day
    # 30 - 10 = 20; Feb 4 -> Apr 15 is 24 + 31 + 15 = 70 days left.
    (
        "further notice 10 days after the resubmission",
        COLLO,
        JAN5,
        [notice(date(2026, 1, 15)), resubmitted(date(2026, 1, 25)), notice(date(2026, 2, 4))],
        ("toll", "47 CFR 1.6003(d)(3)", 20, 90,
         "further notice on 2026-02-04, 10 days after the resubmission of 2026-01-25: within 10 days, so the clock is "
         "tolled again (no reset) from 2026-02-05 until the next resubmission; 70 days remain on the clock "
         "(47 CFR 1.6003(d)(3))"),
    ),
    # 6409(a): notice Jan 15, resubmitted Jan 25 (last day Mar 6 + 10 = Mon Mar 16); further Feb 4: 24 + 16 = 40 left.
    (
        "6409a further notice 10 days after the resubmission",
        EFR,
        JAN5,
        [notice(date(2026, 1, 15)), resubmitted(date(2026, 1, 25)), notice(date(2026, 2, 4))],
        ("toll", "47 CFR 1.6100(c)(3)(iii)", 20, 60,
         "further notice on 2026-02-04, 10 days after the resubmission of 2026-01-25: within 10 days, so the clock is "
         "tolled again (no reset) from 2026-02-05 until the next resubmission; 40 days remain on the clock "
         "(47 CFR 1.6100(c)(3)(iii))"),
    ),
    # Resubmitted Thu Jan 22 (7 tolled): its 10th day is Sun Feb 1; a further notice Mon Feb 2 is 11 days after,
    # late, on clock day 28 - 7 = 21.
    (
        "further notice late after a window ending on a sunday",
        COLLO,
        JAN5,
        [notice(date(2026, 1, 15)), resubmitted(date(2026, 1, 22)), notice(date(2026, 2, 2))],
        ("none", "47 CFR 1.6003(d)(3)", 21, 90,
         "further notice on 2026-02-02, 11 days after the resubmission of 2026-01-22: later than 10 days, so it has "
         "no effect on the clock (47 CFR 1.6003(d)(3)); the window's last day, 2026-02-01, was not a business day "
         "(Sunday), but Conduit does not extend a notice window (the safe reading; counsel may confirm)"),
    ),
    # SWF notice Jan 16 (day 11, no effect), resubmitted Jan 20; a further notice Jan 25 has no effect either.
    (
        "further notice after a notice that had no effect",
        SWF,
        JAN5,
        [notice(date(2026, 1, 16)), resubmitted(date(2026, 1, 20)), notice(date(2026, 1, 25))],
        ("none", "47 CFR 1.6003(d)(3)", 20, 60,
         "further notice on 2026-01-25: the resubmission of 2026-01-20 answered a notice that had no effect on the "
         "clock, so this notice has none either (47 CFR 1.6003(d)(3))"),
    ),
    # A 5-day agreement makes the clock 95 days; notice Jan 15 is day 10 of 95; Jan 15 -> Apr 5 + 5 = Apr 10 is
    # 16 + 28 + 31 + 10 = 85 days left.
    (
        "a notice after an agreement counts the agreed days",
        COLLO,
        JAN5,
        [agreement(date(2026, 1, 10), 5), notice(date(2026, 1, 15))],
        ("toll", "47 CFR 1.6003(d)(2)", 10, 95,
         "incompleteness notice on 2026-01-15, day 10: within 30 days of submission, so the clock is tolled from "
         "2026-01-16 until the applicant resubmits; 85 days remain on the clock (47 CFR 1.6003(d)(2))"),
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("category", "submitted", "events", "expected"),
    [r[1:] for r in NOTICE_RECORDS],
    ids=[r[0] for r in NOTICE_RECORDS],
)
def test_each_notice_records_its_effect_day_and_citation(category, submitted, events, expected):
    result = clock(category, date(2026, 2, 10), events, submitted=submitted)
    record = result.notices[-1]
    assert (record.effect, record.citation, record.day, record.of, record.line) == expected
    assert (record.index, record.date) == (len(events) - 1, events[-1].date)
    assert record.line in result.explanation


# ---- resubmissions, decisions and withdrawals while the clock waits ----


def test_a_reset_drops_the_old_clocks_agreed_days_and_says_so():
    # SWF: 5 agreed days (Jan 7), notice Jan 10 (day 5, reset), resubmitted Tue Jan 20: Jan 20 + 60 = 11 to Jan 31,
    # 28 in Feb (39), 21 more -> Sat Mar 21 -> Mon Mar 23; the 5 days no longer count.
    result = clock(
        SWF,
        date(2026, 1, 21),
        [agreement(date(2026, 1, 7), 5), notice(date(2026, 1, 10)), resubmitted(date(2026, 1, 20))],
    )
    assert (result.last_day, result.deadline) == (date(2026, 3, 21), date(2026, 3, 23))
    assert (
        "resubmitted 2026-01-20: a new 60-day period starts; day 1 is 2026-01-21 (47 CFR 1.6003(d)(1)); the 5 days "
        "added to the old clock no longer count"
    ) in result.explanation
    plain = clock(SWF, date(2026, 1, 21), [notice(date(2026, 1, 10)), resubmitted(date(2026, 1, 20))])
    assert plain.deadline == date(2026, 3, 23)
    assert "resubmitted 2026-01-20: a new 60-day period starts; day 1 is 2026-01-21 (47 CFR 1.6003(d)(1))" in (
        plain.explanation
    )


def test_a_resubmission_after_a_toll_names_the_tolled_days():
    # Collocation notice Jan 15, resubmitted Jan 25: tolled Jan 16 to Jan 25 = 10 days; Apr 5 + 10 -> Wed Apr 15.
    result = clock(COLLO, date(2026, 1, 26), [notice(date(2026, 1, 15)), resubmitted(date(2026, 1, 25))])
    assert (
        "resubmitted 2026-01-25: 10 days tolled (2026-01-16 to 2026-01-25); the clock runs again and the last day is "
        "now 2026-04-15"
    ) in result.explanation


def test_a_resubmission_answering_a_late_notice_changes_nothing():
    # SWF notice day 11 (Jan 16): no effect; Mar 6 stands after the resubmission of Jan 20.
    result = clock(SWF, date(2026, 1, 21), [notice(date(2026, 1, 16)), resubmitted(date(2026, 1, 20))])
    assert result.deadline == date(2026, 3, 6)
    assert (
        "resubmitted 2026-01-20: the notice it answers did not stop the clock, so nothing changes"
    ) in result.explanation


def test_a_tolled_clock_says_what_it_waits_for():
    # Collocation notice Jan 15 (day 10), as of Jan 20: waiting; Jan 15 -> Apr 5 is 16 + 28 + 31 + 5 = 80 days left,
    # and 5 days (Jan 16 to Jan 20) tolled so far.
    result = clock(COLLO, date(2026, 1, 20), [notice(date(2026, 1, 15))])
    assert (result.state, result.days_remaining, result.tolled_days) == (TOLL, 80, 5)
    assert (result.deadline, result.open_notice_on, result.flagged) == (None, date(2026, 1, 15), False)
    assert result.explanation[-1] == (
        "as of 2026-01-20: tolled, waiting since 2026-01-15 for the applicant to resubmit; 80 days will remain when "
        "the clock runs again"
    )


def test_a_decision_while_a_reset_notice_waits_starts_the_new_period_on_the_decision_day():
    # SWF notice Jan 10 (day 5), denied Thu Jan 22 with no resubmission: the decision closes the wait as a
    # resubmission would, with no old days carried over. Jan 22 + 60: 9 to Jan 31, 28 in Feb (37), 23 more ->
    # Mon Mar 23, a business day (a day more or less would not be hidden by a roll); met, 60 days before it.
    events = [notice(date(2026, 1, 10)), decision(date(2026, 1, 22), shotclock.DENIED)]
    result = clock(SWF, date(2026, 1, 23), events)
    assert (result.state, result.last_day, result.deadline, result.tolled_days, result.open_notice_on) == (
        MET,
        date(2026, 3, 23),
        date(2026, 3, 23),
        0,
        None,
    )
    assert "decision (denied) on 2026-01-22, while the clock was stopped for a notice" in result.explanation
    assert result.explanation[-1] == "decided 2026-01-22, 60 days before the deadline: met"


def test_a_decision_during_a_further_toll_counts_both_tolls():
    # Collocation notice Jan 15, resubmitted Jan 25 (10 days), further notice Fri Jan 30, decided Mon Feb 9 with
    # no resubmission (10 more): 20 days; Apr 5 + 20 = Sat Apr 25 -> Mon Apr 27.
    events = [
        notice(date(2026, 1, 15)),
        resubmitted(date(2026, 1, 25)),
        notice(date(2026, 1, 30)),
        decision(date(2026, 2, 9)),
    ]
    result = clock(COLLO, date(2026, 2, 10), events)
    assert (result.state, result.tolled_days, result.deadline) == (MET, 20, date(2026, 4, 27))
    assert "decision (approved) on 2026-02-09" not in result.explanation


def test_a_decision_on_a_running_clock_is_explained_plainly():
    result = clock(SWF, date(2026, 3, 9), [decision(date(2026, 3, 4))])
    # Deadline Fri Mar 6: decided Wed Mar 4, 2 days before.
    assert result.explanation[-3:] == (
        "decision (approved) on 2026-03-04",
        "deadline 2026-03-06 (Friday)",
        "decided 2026-03-04, 2 days before the deadline: met",
    )


def test_a_withdrawal_while_tolled_keeps_the_days_tolled_until_then():
    # Collocation notice Jan 15, withdrawn Tue Jan 20: 5 days tolled; Apr 5 + 5 -> Fri Apr 10.
    result = clock(COLLO, date(2026, 1, 21), [notice(date(2026, 1, 15)), withdrawn(date(2026, 1, 20))])
    assert (result.state, result.tolled_days, result.deadline) == (shotclock.STATE_WITHDRAWN, 5, date(2026, 4, 10))
    assert result.explanation[-2:] == (
        "withdrawn by the applicant on 2026-01-20: the clock stops",
        "deadline 2026-04-10 (Friday)",
    )
    assert result.attention == shotclock.ATTENTION_CLOSED


def test_the_explanation_opens_with_day_one_and_lists_every_closed_day_of_a_roll():
    # SWF Tue Jan 6 + 60 = Sat Mar 7; Sun Mar 8 closed too -> Mon Mar 9.
    result = clock(SWF, date(2026, 1, 7), submitted=date(2026, 1, 6))
    assert result.category == SWF
    assert result.explanation == (
        "submitted 2026-01-06; small wireless facility collocation on an existing structure: 60 days "
        "(47 CFR 1.6003(c)(1)(i)); day 1 is 2026-01-07",
        "deadline 2026-03-09: the last day, 2026-03-07, is not a business day (2026-03-07 Saturday; 2026-03-08 "
        "Sunday), so the deadline moves to the next business day (47 CFR 1.6003(e); 47 CFR 1.4(j))",
        "as of 2026-01-07: running, 61 days remaining",
    )


# ---- the period of an application or batch (47 CFR 1.6003(c)(1)-(2), 1.6100(c)(2)) ----

PER_SITE_NOTE = (
    "clock of its own category (period, reset or tolling, notice windows; 47 CFR 1.6003(c)(1) and (d); 1.6100(c)) "
    "and the batch's deadline is the earliest of them, the safe reading for the City. Counsel should confirm, or the "
    "applicant may split the batch"
)
PERIODS = [
    ("one swf site", SWF, (), Period(60, "47 CFR 1.6003(c)(1)(i)", True, False, "")),
    ("one 6409a request", EFR, (EFR,), Period(60, "47 CFR 1.6100(c)(2)", False, True, "")),
    (
        "two swf collocations: one period, 1.6003(c)(2)(i)",
        SWF,
        (SWF, SWF),
        Period(
            60,
            "47 CFR 1.6003(c)(1)(i)",
            True,
            False,
            "batch of 2 sites, all small wireless facility collocation on an existing structure: one 60-day period "
            "for the batch (47 CFR 1.6003(c)(2)(i))",
        ),
    ),
    (
        "two non-swf collocations cite their own category",
        COLLO,
        (COLLO, ""),
        Period(
            90,
            "47 CFR 1.6003(c)(1)(ii)",
            False,
            False,
            "batch of 2 sites, all collocation of a facility other than a small wireless facility: one 90-day period "
            "for the batch (47 CFR 1.6003(c)(1)(ii))",
        ),
    ),
    (
        "swf collocation with swf new structure: 90 days, 1.6003(c)(2)(ii)",
        SWF,
        (SWF, SWF_NEW, SWF),
        Period(
            90,
            "47 CFR 1.6003(c)(2)(ii)",
            True,
            False,
            "batch of 3 sites mixing SWF collocations and SWF new structures: 90 days (47 CFR 1.6003(c)(2)(ii))",
        ),
    ),
    # Outside (c)(2): no SWF reset for the batch as a whole, not a 6409(a) request, flagged; the shortest is 60.
    (
        "swf with a non-swf collocation: per site",
        SWF,
        (SWF, COLLO),
        Period(
            60,
            "47 CFR 1.6003(c)(1)(i)",
            False,
            False,
            "batch of 2 sites mixing collocation, swf_collocation: not a batch 47 CFR 1.6003(c)(2) covers, so each "
            "site keeps the " + PER_SITE_NOTE,
            flagged=True,
            per_site=True,
        ),
    ),
    (
        "a 6409a request with a collocation: per site, not a 6409a period",
        COLLO,
        (COLLO, EFR),
        Period(
            60,
            "47 CFR 1.6100(c)(2)",
            False,
            False,
            "batch of 2 sites mixing collocation, eligible_facilities: not a batch 47 CFR 1.6003(c)(2) covers, so "
            "each site keeps the " + PER_SITE_NOTE,
            flagged=True,
            per_site=True,
        ),
    ),
]


@pytest.mark.parametrize(("category", "sites", "expected"), [p[1:] for p in PERIODS], ids=[p[0] for p in PERIODS])
def test_the_period_of_an_application_or_batch(category, sites, expected):
    period = batch_period(category, sites)
    assert period == expected
    assert (period.swf, period.eligible_facilities, period.flagged) == (
        expected.swf,
        expected.eligible_facilities,
        expected.flagged,
    )


def test_a_covered_batch_explains_its_period_after_the_submission_line():
    result = clock(SWF, date(2026, 1, 6), site_categories=(SWF, SWF))
    assert result.explanation[1] == batch_period(SWF, (SWF, SWF)).note


def test_a_category_label_for_an_unknown_code_is_the_code():
    assert shotclock.category_label("retired_code") == "retired_code"
    assert shotclock.category_label(EFR) == "eligible facilities request (section 6409(a), 47 U.S.C. 1455(a))"


# ---- batches outside 47 CFR 1.6003(c)(2): every site's own clock ----


def test_each_site_of_a_mixed_batch_keeps_its_own_clock_and_the_earliest_governs():
    # SWF site and two collocations, submitted Jan 5; notice Sat Jan 10 (day 5), resubmitted Tue Jan 20.
    # SWF: reset, Jan 20 + 60 = Sat Mar 21 -> Mon Mar 23; as of Jan 21: 10 + 28 + 23 = 61 days.
    # Collocations: tolled Jan 10 -> Jan 20 = 10 days, Apr 5 + 10 = Wed Apr 15; 10 + 28 + 31 + 15 = 84 days.
    result = clock(
        COLLO,
        date(2026, 1, 21),
        [notice(date(2026, 1, 10)), resubmitted(date(2026, 1, 20))],
        site_categories=(SWF, COLLO, ""),
        site_labels=("1 Main St", "", "3 Oak St"),
    )
    assert result.category == COLLO  # the application's category, not the governing site's
    assert (result.deadline, result.governing_site, result.flagged) == (date(2026, 3, 23), "site 1 (1 Main St)", True)
    assert result.site_deadlines == (
        SiteClock("site 1 (1 Main St)", SWF, 60, date(2026, 3, 23), date(2026, 3, 21), RUN, 61, 0),
        SiteClock("site 2", COLLO, 90, date(2026, 4, 15), date(2026, 4, 15), RUN, 84, 10),
        SiteClock("site 3 (3 Oak St)", COLLO, 90, date(2026, 4, 15), date(2026, 4, 15), RUN, 84, 10),
    )
    assert result.explanation[0] == "submitted 2026-01-05; day 1 is 2026-01-06"
    assert result.explanation[2] == (
        "site 1 (1 Main St): submitted 2026-01-05; small wireless facility collocation on an existing structure: "
        "60 days (47 CFR 1.6003(c)(1)(i)); day 1 is 2026-01-06"
    )
    assert (
        "site 2, site 3 (3 Oak St): resubmitted 2026-01-20: 10 days tolled (2026-01-11 to 2026-01-20); the clock "
        "runs again and the last day is now 2026-04-15"
    ) in result.explanation
    assert result.explanation[-1] == (
        "the batch's deadline is 2026-03-23, set by site 1 (1 Main St) (small wireless facility collocation on an "
        "existing structure), the earliest of the sites' own clocks; the other sites: site 2, deadline 2026-04-15; "
        "site 3 (3 Oak St), deadline 2026-04-15"
    )
    # The day-5 notice reset one clock and tolled the others: the batch's clock was stopped, a toll.
    record = result.notices[0]
    assert (record.effect, record.index) == ("toll", 0)
    assert record.line == (
        "site 1 (1 Main St): incompleteness notice on 2026-01-10, day 5: within 10 days of submission, so it resets "
        "the SWF clock; a full new 60-day period starts on the day the applicant resubmits (47 CFR 1.6003(d)(1)); "
        "site 2, site 3 (3 Oak St): incompleteness notice on 2026-01-10, day 5: within 30 days of submission, so the "
        "clock is tolled from 2026-01-11 until the applicant resubmits; 85 days remain on the clock "
        "(47 CFR 1.6003(d)(2))"
    )


def test_a_batch_notice_that_stops_one_site_but_not_another_has_no_effect_on_the_batch():
    # Notice Jan 20 = day 15: too late for the SWF site (Mar 6 stands), tolls the collocation
    # (Jan 20 -> Apr 5 is 11 + 28 + 31 + 5 = 75 days left). The running SWF clock governs.
    result = clock(SWF, date(2026, 1, 21), [notice(date(2026, 1, 20))], site_categories=(SWF, COLLO))
    assert (result.state, result.deadline, result.notices[0].effect) == (RUN, date(2026, 3, 6), "none")
    assert result.explanation[-1] == (
        "the batch's deadline is 2026-03-06, set by site 1 (small wireless facility collocation on an existing "
        "structure), the earliest of the sites' own clocks; a running clock governs while another is tolled, so the "
        "City must still decide by then; the other sites: site 2, tolled, 75 days left when the applicant resubmits"
    )


def test_a_batch_whose_every_site_is_tolled_follows_the_fewest_days_left():
    # Notice Jan 10 (day 5): SWF reset (60 days when resubmitted), collocation tolled (Jan 10 -> Apr 5 = 85 days).
    result = clock(SWF, date(2026, 1, 12), [notice(date(2026, 1, 10))], site_categories=(SWF, COLLO))
    assert (result.state, result.days_remaining, result.governing_site) == (TOLL, 60, "site 1")
    assert result.explanation[-1] == (
        "every site's clock is tolled; the batch follows site 1, which has the fewest days left; the other sites: "
        "site 2, tolled, 85 days left when the applicant resubmits"
    )


def test_each_batch_notice_keeps_its_own_effect():
    # Notice Jan 10 (day 5): SWF reset + collocation toll = toll. Resubmitted Jan 20; a further notice Feb 5 is 16
    # days after it, late at both sites: none.
    events = [notice(date(2026, 1, 10)), resubmitted(date(2026, 1, 20)), notice(date(2026, 2, 5))]
    result = clock(SWF, date(2026, 2, 6), events, site_categories=(SWF, COLLO))
    assert [(r.index, r.effect) for r in result.notices] == [(0, "toll"), (2, "none")]
    assert result.notices[1].line.startswith("site 1: further notice on 2026-02-05, 16 days after")


def test_a_batch_lists_an_ignored_event_once_and_refuses_it_when_strict():
    events = [resubmitted(date(2026, 1, 10))]
    result = clock(SWF, date(2026, 1, 11), events, site_categories=(SWF, COLLO), strict=False)
    assert result.ignored == (
        "resubmitted of 2026-01-10 ignored: There is no open incompleteness notice for this resubmission to answer; "
        "record the notice first.",
    )
    with pytest.raises(ClockError):
        clock(SWF, date(2026, 1, 11), events, site_categories=(SWF, COLLO))


def test_a_batch_site_without_an_address_is_named_by_its_number():
    result = clock(SWF, date(2026, 1, 6), site_categories=(SWF, COLLO), site_labels=("1 Main St", " "))
    assert [site.label for site in result.site_deadlines] == ["site 1 (1 Main St)", "site 2"]


# ---- notice previews (notice_effect) ----


def test_a_notice_previewed_on_the_deadline_day_has_zero_days_left_and_the_day_after_none():
    # SWF Jan 5, deadline Fri Mar 6: a notice that day is day 60 of 60, late, 0 days remain.
    on = notice_effect(category=SWF, submitted_on=JAN5, calendar=CAL, notice_date=date(2026, 3, 6))
    assert (on.effect, on.days_remaining, on.deadline) == ("none", 0, date(2026, 3, 6))
    assert on.sentence == (
        "Day 60 of 60: this notice neither resets nor tolls the clock; 0 days remain and the deadline stays "
        "2026-03-06 (47 CFR 1.6003(d)(1))."
    )
    after = notice_effect(category=SWF, submitted_on=JAN5, calendar=CAL, notice_date=date(2026, 3, 7))
    assert after.sentence == (
        "Day 61 of 60: this notice neither resets nor tolls the clock; the deadline has passed and the deadline "
        "stays 2026-03-06 (47 CFR 1.6003(d)(1))."
    )
    assert after.detail == (
        "incompleteness notice on 2026-03-07, day 61: later than day 10, so it does not reset or toll the SWF clock; "
        "the clock keeps running (47 CFR 1.6003(d)(1))"
    )  # day 10, Thu Jan 15, was a business day: no window note


def test_a_late_notice_preview_counts_the_events_already_recorded():
    # Collocation with a 10-day agreement: Sun Apr 5 + 10 -> Wed Apr 15; a day-31 notice (Feb 5) leaves it there.
    effect = notice_effect(
        category=COLLO,
        submitted_on=JAN5,
        events=[agreement(date(2026, 1, 6), 10)],
        calendar=CAL,
        notice_date=date(2026, 2, 5),
    )
    assert (effect.effect, effect.deadline) == ("none", date(2026, 4, 15))


def test_a_timely_notice_preview_carries_the_engines_explanation():
    reset = notice_effect(category=SWF, submitted_on=JAN5, calendar=CAL, notice_date=date(2026, 1, 15))
    assert reset.detail == (
        "incompleteness notice on 2026-01-15, day 10: within 10 days of submission, so it resets the SWF clock; a "
        "full new 60-day period starts on the day the applicant resubmits (47 CFR 1.6003(d)(1))"
    )
    toll = notice_effect(category=COLLO, submitted_on=JAN5, calendar=CAL, notice_date=date(2026, 2, 4))
    assert toll.detail == (
        "incompleteness notice on 2026-02-04, day 30: within 30 days of submission, so the clock is tolled from "
        "2026-02-05 until the applicant resubmits; 60 days remain on the clock (47 CFR 1.6003(d)(2))"
    )


def test_a_refused_notice_preview_has_no_effect_and_says_why():
    effect = notice_effect(
        category=COLLO,
        submitted_on=JAN5,
        events=[notice(date(2026, 1, 10))],
        calendar=CAL,
        notice_date=JAN5.replace(day=15),
    )
    message = (
        "The notice of 2026-01-10 is still waiting for the applicant's resubmission; record the resubmission before "
        "another notice."
    )
    assert (effect.effect, effect.no_effect, effect.refused, effect.field) == ("none", True, message, "kind")
    assert effect.sentence == f"This notice cannot be recorded: {message}"


def test_a_batch_notice_preview_names_every_site_whose_clock_keeps_running():
    # SWF collocation, SWF new structure and a collocation: a day-15 notice is late for both SWF sites.
    effect = notice_effect(
        category=SWF,
        submitted_on=JAN5,
        calendar=CAL,
        notice_date=date(2026, 1, 20),
        site_categories=(SWF, SWF_NEW, COLLO),
    )
    assert "it neither resets nor tolls the clock of site 1, site 2;" in effect.sentence


def test_a_late_agreement_stays_flagged_while_a_further_notice_stops_the_clock():
    # 6409(a), Jan 5 + 60 = Fri Mar 6. Notice Wed Feb 4 (day 30) and three further notices each 10 days after a
    # same-day resubmission (Feb 14, Feb 24, Mar 6): nothing tolled, the deadline stays Mar 6. An agreement of
    # Sat Mar 7 comes after it (counsel must confirm); a further notice Sun Mar 8, 2 days after the resubmission of
    # Mar 6, stops the clock: the flag stays.
    events = []
    for day in (date(2026, 2, 4), date(2026, 2, 14), date(2026, 2, 24), date(2026, 3, 6)):
        events += [notice(day), resubmitted(day)]
    events += [agreement(date(2026, 3, 7), 5), notice(date(2026, 3, 8))]
    result = clock(EFR, date(2026, 3, 9), events)
    assert (result.state, result.flagged, result.open_notice_on) == (TOLL, True, date(2026, 3, 8))


def test_a_notice_after_the_6409a_site_was_deemed_granted_is_recorded_for_the_other_site_only():
    # Batch of an SWF collocation and a 6409(a) request, Jan 5: both clocks end Fri Mar 6. The applicant's deemed-
    # grant notice of Mon Mar 9 closes the 6409(a) site (the SWF site cannot be deemed granted: ignored there); a
    # notice of Tue Mar 10 is then refused at the closed site and is late (day 64) at the SWF site, which governs.
    events = [deemed(date(2026, 3, 9)), notice(date(2026, 3, 10))]
    result = clock(SWF, date(2026, 3, 11), events, site_categories=(SWF, EFR), strict=False)
    assert (result.governing_site, result.deadline) == ("site 1", date(2026, 3, 6))
    record = result.notices[0]
    assert (record.index, record.effect) == (1, "none")
    assert record.line.startswith("site 1: incompleteness notice on 2026-03-10, day 64: later than day 10")
    assert "site 2" not in record.line
    assert result.ignored == (
        "deemed_granted_notice of 2026-03-09 ignored: Only an eligible facilities request (section 6409(a)) can be "
        "deemed granted.",
        "incomplete_notice of 2026-03-10 ignored: The application was deemed granted on 2026-03-09; no further event "
        "can be recorded.",
    )
