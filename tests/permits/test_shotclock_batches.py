"""Batches outside 47 CFR 1.6003(c)(2), 6409(a) deadlines, further notices' items and the notice preview.

Each expected date is worked by hand in the comment. 2026: Mon Jan 5, Fri Mar 6,
Sun Apr 5, Mon Apr 20 Patriots' Day, Sat Jul 4 (observed Fri Jul 3). A batch of
an SWF collocation (60 days) and a non-SWF collocation (90 days) submitted Mon
2026-01-05 has the own clocks Jan 5 + 60 -> Fri Mar 6 and Jan 5 + 90 -> Sun
Apr 5 -> Mon Apr 6.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from businessdays.calendar import BusinessCalendar
from permits import shotclock
from permits.shotclock import ClockError, Event, compute, notice_effect

CAL = BusinessCalendar()
SWF = shotclock.SWF_COLLOCATION
COLLO = shotclock.COLLOCATION
NEW = shotclock.NEW_STRUCTURE
EFR = shotclock.ELIGIBLE_FACILITIES
RUN, TOLL, MET, MISS = shotclock.RUNNING, shotclock.TOLLED, shotclock.MET, shotclock.MISSED
JAN5 = date(2026, 1, 5)
LABELS = ("1 Main St", "2 Elm St")


def notice(day, *items):
    return Event(shotclock.INCOMPLETE_NOTICE, day, items=frozenset(items))


def resubmitted(day):
    return Event(shotclock.RESUBMITTED, day)


def agreement(day, days):
    return Event(shotclock.TOLLING_AGREEMENT, day, days=days)


def decision(day):
    return Event(shotclock.DECISION, day, outcome=shotclock.APPROVED)


@dataclass
class Case:
    id: str
    as_of: date
    deadline: date | None
    state: str
    governing: str
    others: tuple  # the other sites' deadlines (None when tolled)
    events: list = field(default_factory=list)
    sites: tuple = (SWF, COLLO)
    submitted: date = JAN5
    remaining: int | None = None


CASES = [
    # No events: SWF Mar 6, collocation Apr 6; the SWF site governs.
    Case(
        "no events: the swf site's 60 days govern",
        date(2026, 1, 6),
        date(2026, 3, 6),
        RUN,
        "site 1",
        (date(2026, 4, 6),),
    ),
    # Notice day 10 (Jan 15), resubmitted day 30 (Feb 4). SWF: reset, Feb 4 + 60: 24 to Feb 28, 31 in Mar (55), 5 more
    # -> Sun Apr 5 -> Mon Apr 6. Collocation: tolled Jan 15 -> Feb 4 = 20 days, Apr 5 + 20 = Sat Apr 25 -> Mon Apr 27.
    Case(
        "a day-10 notice resets the swf site and tolls the other",
        date(2026, 2, 5),
        date(2026, 4, 6),
        RUN,
        "site 1",
        (date(2026, 4, 27),),
        [notice(date(2026, 1, 15)), resubmitted(date(2026, 2, 4))],
    ),
    # Notice day 11 (Jan 16): too late for the SWF site (Mar 6 stands); tolls the collocation Jan 16 -> Feb 4 = 19
    # days, Apr 5 + 19 = Fri Apr 24.
    Case(
        "a day-11 notice leaves the swf clock running",
        date(2026, 2, 5),
        date(2026, 3, 6),
        RUN,
        "site 1",
        (date(2026, 4, 24),),
        [notice(date(2026, 1, 16)), resubmitted(date(2026, 2, 4))],
    ),
    # The worked example: notice day 15 (Jan 20), resubmitted day 30 (Feb 4). SWF: no effect, Mar 6. Collocation:
    # 15 days, Apr 5 + 15 = Mon Apr 20 Patriots' Day -> Tue Apr 21. The batch: Mar 6, not the tolled date.
    Case(
        "the worked example: a day-15 notice, the batch keeps mar 6",
        date(2026, 2, 5),
        date(2026, 3, 6),
        RUN,
        "site 1",
        (date(2026, 4, 21),),
        [notice(date(2026, 1, 20)), resubmitted(date(2026, 2, 4))],
    ),
    # Notice day 30 (Feb 4), resubmitted Feb 9: SWF Mar 6; collocation tolled 5 days, Apr 5 + 5 = Fri Apr 10.
    Case(
        "a day-30 notice tolls only the collocation",
        date(2026, 2, 10),
        date(2026, 3, 6),
        RUN,
        "site 1",
        (date(2026, 4, 10),),
        [notice(date(2026, 2, 4)), resubmitted(date(2026, 2, 9))],
    ),
    # Notice day 31 (Feb 5), resubmitted Feb 10: late for both; Mar 6 and Apr 6 stand.
    Case(
        "a day-31 notice has no effect on either site",
        date(2026, 2, 11),
        date(2026, 3, 6),
        RUN,
        "site 1",
        (date(2026, 4, 6),),
        [notice(date(2026, 2, 5)), resubmitted(date(2026, 2, 10))],
    ),
    # Notice day 15 still open on Jan 25: the collocation is tolled, the SWF clock runs and governs. Jan 25 -> Mar 6:
    # 6 to Jan 31, 28 in Feb (34), 6 more = 40 days.
    Case(
        "while one site is tolled the running one governs",
        date(2026, 1, 25),
        date(2026, 3, 6),
        RUN,
        "site 1",
        (None,),
        [notice(date(2026, 1, 20))],
        remaining=40,
    ),
    # Notice day 7 (Jan 12) still open on Jan 20: both stopped. SWF will have a new 60; the collocation Jan 12 -> Apr 5
    # = 19 + 28 + 31 + 5 = 83. The fewest, 60, governs.
    Case(
        "when every site is stopped the fewest days left govern",
        date(2026, 1, 20),
        None,
        TOLL,
        "site 1",
        (None,),
        [notice(date(2026, 1, 12))],
        remaining=60,
    ),
    # Reset Jan 12 / Feb 2, further notice Feb 9 (7 days after), resubmitted Feb 19. SWF: Feb 2 + 60 = Fri Apr 3, +10
    # tolled (Feb 9 -> 19) = Mon Apr 13. Collocation: 21 + 10 = 31 tolled, Apr 5 + 31 = Wed May 6.
    Case(
        "a timely further notice tolls both site clocks again",
        date(2026, 2, 20),
        date(2026, 4, 13),
        RUN,
        "site 1",
        (date(2026, 5, 6),),
        [
            notice(date(2026, 1, 12)),
            resubmitted(date(2026, 2, 2)),
            notice(date(2026, 2, 9)),
            resubmitted(date(2026, 2, 19)),
        ],
    ),
    # The same with the further notice on Feb 16, 14 days after: no effect. SWF Apr 3; collocation Apr 5 + 21 = Sun
    # Apr 26 -> Mon Apr 27.
    Case(
        "a late further notice changes neither site",
        date(2026, 2, 20),
        date(2026, 4, 3),
        RUN,
        "site 1",
        (date(2026, 4, 27),),
        [
            notice(date(2026, 1, 12)),
            resubmitted(date(2026, 2, 2)),
            notice(date(2026, 2, 16)),
            resubmitted(date(2026, 2, 19)),
        ],
    ),
    # First notice day 15 (no effect on the SWF site), resubmitted Feb 4, further notice Feb 10, resubmitted Feb 20.
    # SWF: still none, Mar 6. Collocation: 15 + 10 = 25, Apr 5 + 25 = Thu Apr 30.
    Case(
        "a further notice after a no-effect notice leaves the swf site running",
        date(2026, 2, 21),
        date(2026, 3, 6),
        RUN,
        "site 1",
        (date(2026, 4, 30),),
        [
            notice(date(2026, 1, 20)),
            resubmitted(date(2026, 2, 4)),
            notice(date(2026, 2, 10)),
            resubmitted(date(2026, 2, 20)),
        ],
    ),
    # A 30-day agreement on Feb 1 extends both: SWF Jan 5 + 90 = Sun Apr 5 -> Mon Apr 6; collocation Jan 5 + 120 =
    # Tue May 5.
    Case(
        "a tolling agreement extends every site",
        date(2026, 2, 2),
        date(2026, 4, 6),
        RUN,
        "site 1",
        (date(2026, 5, 5),),
        [agreement(date(2026, 2, 1), 30)],
    ),
    # Day-15 notice, resubmitted Feb 4, 20-day agreement Feb 10. SWF: Mar 6 + 20 = Thu Mar 26. Collocation: Jan 5 + 90
    # + 15 + 20 = Apr 5 + 35 = Sun May 10 -> Mon May 11.
    Case(
        "an agreement after a day-15 notice",
        date(2026, 2, 11),
        date(2026, 3, 26),
        RUN,
        "site 1",
        (date(2026, 5, 11),),
        [notice(date(2026, 1, 20)), resubmitted(date(2026, 2, 4)), agreement(date(2026, 2, 10), 20)],
    ),
    # Decided Mar 10 after the day-15 notice: the SWF site's Mar 6 was missed (the collocation's Apr 21 was not).
    Case(
        "a decision after the swf site's deadline misses the batch clock",
        date(2026, 3, 11),
        date(2026, 3, 6),
        MISS,
        "site 1",
        (date(2026, 4, 21),),
        [notice(date(2026, 1, 20)), resubmitted(date(2026, 2, 4)), decision(date(2026, 3, 10))],
    ),
    # Decided Mar 5: before Mar 6, met.
    Case(
        "a decision by the swf site's deadline meets it",
        date(2026, 3, 11),
        date(2026, 3, 6),
        MET,
        "site 1",
        (date(2026, 4, 21),),
        [notice(date(2026, 1, 20)), resubmitted(date(2026, 2, 4)), decision(date(2026, 3, 5))],
    ),
    # A macro tower first, then an SWF; notice day 20 (Jan 25), resubmitted Feb 24. Macro: tolled 30, Jan 5 + 150 =
    # Thu Jun 4, + 30 = Sat Jul 4 -> Sun 5 -> Mon Jul 6. SWF (site 2): no effect, Mar 6.
    Case(
        "the site that sets the deadline is named whatever its position",
        date(2026, 2, 25),
        date(2026, 3, 6),
        RUN,
        "site 2",
        (date(2026, 7, 6),),
        [notice(date(2026, 1, 25)), resubmitted(date(2026, 2, 24))],
        sites=(NEW, SWF),
    ),
    # A 6409(a) request with a collocation, submitted Tue Jan 6: 6409(a) Jan 6 + 60 = Sat Mar 7, never moved;
    # collocation Jan 6 + 90 = Mon Apr 6.
    Case(
        "a 6409(a) site keeps its unmoved date in a batch",
        date(2026, 1, 7),
        date(2026, 3, 7),
        RUN,
        "site 1",
        (date(2026, 4, 6),),
        sites=(EFR, COLLO),
        submitted=date(2026, 1, 6),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_batch_outside_the_rule(case):
    result = compute(
        category=case.sites[0],
        submitted_on=case.submitted,
        events=case.events,
        calendar=CAL,
        as_of=case.as_of,
        site_categories=case.sites,
        site_labels=LABELS,
    )
    assert result.deadline == case.deadline, result.explanation
    assert result.state == case.state, result.explanation
    assert result.governing_site.startswith(case.governing), result.explanation
    others = tuple(site.deadline for site in result.site_deadlines if site.label != result.governing_site)
    assert others == case.others, result.explanation
    assert result.flagged
    if case.remaining is not None:
        assert result.days_remaining == case.remaining, result.explanation


def test_the_batch_explanation_names_the_governing_site_and_the_others():
    events = [notice(date(2026, 1, 20)), resubmitted(date(2026, 2, 4))]
    result = compute(
        category=SWF,
        submitted_on=JAN5,
        events=events,
        calendar=CAL,
        as_of=date(2026, 2, 5),
        site_categories=(SWF, COLLO),
        site_labels=LABELS,
    )
    assert result.governing_site == "site 1 (1 Main St)"
    summary = result.explanation[-1]
    assert "the batch's deadline is 2026-03-06, set by site 1 (1 Main St)" in summary
    assert "site 2 (2 Elm St), deadline 2026-04-21" in summary
    assert any("1.6003(c)(2)" in line for line in result.explanation)
    assert any(
        line.startswith("site 1 (1 Main St): incompleteness notice on 2026-01-20") for line in result.explanation
    )


def test_a_covered_batch_keeps_one_clock():
    result = compute(category=SWF, submitted_on=JAN5, calendar=CAL, as_of=date(2026, 1, 6), site_categories=(SWF, SWF))
    assert result.deadline == date(2026, 3, 6) and result.site_deadlines == () and result.governing_site == ""


EFR_CASES = [
    # Tue Jan 6 + 60: 25 to Jan 31, 28 in Feb (53), 7 more -> Sat Mar 7. Not moved; act by Fri Mar 6.
    ("a saturday 60th day", date(2026, 1, 6), [], date(2026, 3, 7), date(2026, 3, 6)),
    # Thu Feb 19 + 60: 9 to Feb 28, 31 in Mar (40), 20 more -> Mon Apr 20 Patriots' Day. Not moved; act by Fri Apr 17.
    ("a monday holiday 60th day", date(2026, 2, 19), [], date(2026, 4, 20), date(2026, 4, 17)),
    # Mon Mar 2 + 60: 29 to Mar 31, 30 in Apr (59), 1 more -> Fri May 1, a business day: act by the same day.
    ("a business day 60th day", date(2026, 3, 2), [], date(2026, 5, 1), date(2026, 5, 1)),
    # Jan 6, notice Jan 20 (day 14) tolls until Jan 27: 7 days. Mar 7 + 7 = Sat Mar 14, not moved; act by Fri Mar 13.
    (
        "tolled days added then not moved",
        date(2026, 1, 6),
        [notice(date(2026, 1, 20)), resubmitted(date(2026, 1, 27))],
        date(2026, 3, 14),
        date(2026, 3, 13),
    ),
]


@pytest.mark.parametrize(("why", "submitted", "events", "deadline", "act_by"), EFR_CASES, ids=[c[0] for c in EFR_CASES])
def test_a_6409a_deadline_is_never_rolled_and_has_an_act_by_date(why, submitted, events, deadline, act_by):
    result = compute(
        category=EFR, submitted_on=submitted, events=events, calendar=CAL, as_of=submitted + timedelta(days=30)
    )
    assert result.deadline == deadline and result.last_day == deadline, result.explanation
    assert result.act_by == act_by, result.explanation
    assert f"act by {act_by.isoformat()}" in " ".join(result.explanation)


def test_the_6409a_explanation_says_why_the_date_is_not_moved():
    result = compute(category=EFR, submitted_on=date(2026, 1, 6), calendar=CAL, as_of=date(2026, 1, 7))
    line = next(line for line in result.explanation if line.startswith("deadline 2026-03-07"))
    assert "not moved" in line and "1.6100(c)" in line and "1.6003(e)" in line and "act by 2026-03-06" in line


def test_other_clocks_act_by_their_deadline():
    result = compute(category=SWF, submitted_on=date(2026, 1, 6), calendar=CAL, as_of=date(2026, 1, 7))
    assert result.deadline == date(2026, 3, 9) and result.act_by == date(2026, 3, 9)


def test_a_6409a_deemed_grant_counts_from_the_unmoved_deadline():
    # Deadline Sat Mar 7 (not moved to Mon Mar 9): the applicant's notice on Sun Mar 8 is after it.
    events = [Event(shotclock.DEEMED_GRANTED_NOTICE, date(2026, 3, 8))]
    before = compute(category=EFR, submitted_on=date(2026, 1, 6), calendar=CAL, as_of=date(2026, 3, 8))
    assert before.state == MISS and before.deemed_granted_available and before.days_remaining == -1
    after = compute(category=EFR, submitted_on=date(2026, 1, 6), events=events, calendar=CAL, as_of=date(2026, 3, 8))
    assert after.deemed_granted
    with pytest.raises(ClockError) as raised:
        compute(
            category=EFR,
            submitted_on=date(2026, 1, 6),
            events=[Event(shotclock.DEEMED_GRANTED_NOTICE, date(2026, 3, 7))],
            calendar=CAL,
            as_of=date(2026, 3, 8),
        )
    assert "2026-03-07" in raised.value.message


def test_a_further_notice_naming_the_first_notices_items_tolls():
    # Collocation: notice Jan 10 (A, B) tolls to Jan 20 (10 days); further notice Jan 25 (A) tolls again.
    events = [notice(date(2026, 1, 10), "A", "B"), resubmitted(date(2026, 1, 20)), notice(date(2026, 1, 25), "A")]
    result = compute(category=COLLO, submitted_on=JAN5, events=events, calendar=CAL, as_of=date(2026, 1, 26))
    assert result.state == TOLL and result.notices[-1].effect == "toll"


@pytest.mark.parametrize(("category", "cite"), [(COLLO, "47 CFR 1.6003(d)(3)(i)"), (EFR, "47 CFR 1.6100(c)(3)(iii)")])
def test_a_further_notice_naming_a_new_item_is_refused(category, cite):
    events = [notice(date(2026, 1, 10), "A", "B"), resubmitted(date(2026, 1, 20)), notice(date(2026, 1, 25), "A", "C")]
    with pytest.raises(ClockError) as raised:
        compute(category=category, submitted_on=JAN5, events=events, calendar=CAL, as_of=date(2026, 1, 26))
    assert raised.value.field == "missing_items"
    assert cite in raised.value.message and "C" in raised.value.message and "B" not in raised.value.message


def test_only_the_first_notices_items_count_not_a_later_ones():
    # The second notice names A; a third may still name B (from the first) but not D.
    events = [
        notice(date(2026, 1, 10), "A", "B"),
        resubmitted(date(2026, 1, 20)),
        notice(date(2026, 1, 25), "A"),
        resubmitted(date(2026, 1, 28)),
        notice(date(2026, 1, 30), "B"),
    ]
    compute(category=COLLO, submitted_on=JAN5, events=events, calendar=CAL, as_of=date(2026, 1, 31))
    bad = [*events[:4], notice(date(2026, 1, 30), "D")]
    with pytest.raises(ClockError):
        compute(category=COLLO, submitted_on=JAN5, events=bad, calendar=CAL, as_of=date(2026, 1, 31))


def test_a_late_notice_previews_no_effect_with_the_days_left():
    # SWF Jan 5, deadline Fri Mar 6; a notice on Tue Mar 3 is on day 57 of 60 and 3 days remain.
    effect = notice_effect(category=SWF, submitted_on=JAN5, calendar=CAL, notice_date=date(2026, 3, 3))
    assert effect.no_effect and effect.deadline == date(2026, 3, 6) and effect.days_remaining == 3
    assert effect.sentence == (
        "Day 57 of 60: this notice neither resets nor tolls the clock; 3 days remain and the deadline stays "
        "2026-03-06 (47 CFR 1.6003(d)(1))."
    )


def test_a_timely_notice_previews_its_reset_or_toll():
    reset = notice_effect(category=SWF, submitted_on=JAN5, calendar=CAL, notice_date=date(2026, 1, 12))
    assert reset.effect == "reset" and reset.days_remaining == 60 and "1.6003(d)(1)" in reset.sentence
    # Collocation, notice day 20 (Jan 25): Jan 25 -> Apr 5 is 6 + 28 + 31 + 5 = 70 days left.
    toll = notice_effect(category=COLLO, submitted_on=JAN5, calendar=CAL, notice_date=date(2026, 1, 25))
    assert toll.effect == "toll" and toll.days_remaining == 70
    assert toll.sentence == (
        "Day 20 of 90: this notice tolls the clock from 2026-01-26 until the applicant resubmits; 70 days will "
        "remain when it runs again (47 CFR 1.6003(d)(2))."
    )


def test_a_notice_that_stops_only_some_sites_previews_no_effect_for_the_batch():
    effect = notice_effect(
        category=SWF,
        submitted_on=JAN5,
        calendar=CAL,
        notice_date=date(2026, 1, 20),
        site_categories=(SWF, COLLO),
        site_labels=LABELS,
    )
    assert effect.no_effect and effect.deadline == date(2026, 3, 6)
    assert "does not stop the batch's clock" in effect.sentence and "site 1 (1 Main St)" in effect.sentence


def test_a_notice_the_engine_would_refuse_previews_the_refusal():
    events = [notice(date(2026, 1, 10), "A"), resubmitted(date(2026, 1, 20))]
    effect = notice_effect(
        category=COLLO, submitted_on=JAN5, events=events, calendar=CAL, notice_date=date(2026, 1, 25), items=["Z"]
    )
    assert effect.refused and effect.field == "missing_items" and "Z" in effect.refused
    waiting = notice_effect(
        category=COLLO, submitted_on=JAN5, events=events[:1], calendar=CAL, notice_date=date(2026, 1, 15)
    )
    assert "still waiting" in waiting.refused
