"""The shot-clock engine, table-driven (47 CFR 1.6003, 1.6100).

Every expected date is worked out by hand in the case's comment: count the
period forward from the day after submission, add tolled and agreed days, then
move a last day that is not a business day to the next business day. Month
lengths used: 2026 is not a leap year (February 28), 2024 and 2028 are.
Weekdays: 2026-01-05 Monday, 2026-03-01 Sunday, 2026-04-01 Wednesday,
2026-06-01 Monday, 2026-07-01 Wednesday.
"""

from dataclasses import dataclass, field
from datetime import date

import pytest

from businessdays.calendar import BusinessCalendar
from permits import shotclock
from permits.shotclock import ClockError, Event, compute

CAL = BusinessCalendar()
# City legal holidays (the kind of closure day that moves a shot clock; an office closure never does).
CITY_HOLIDAYS = BusinessCalendar(
    legal_holidays={date(2027, 2, 1): "Day of mourning", date(2026, 2, 24): "Day of mourning"}
)


def notice(day):
    return Event(shotclock.INCOMPLETE_NOTICE, day)


def resubmitted(day):
    return Event(shotclock.RESUBMITTED, day)


def agreement(day, days):
    return Event(shotclock.TOLLING_AGREEMENT, day, days=days)


def decision(day, outcome=shotclock.APPROVED):
    return Event(shotclock.DECISION, day, outcome=outcome)


@dataclass
class Case:
    id: str
    category: str
    submitted: date
    as_of: date
    deadline: date | None
    state: str
    events: list = field(default_factory=list)
    sites: tuple = ()
    tolled: int = 0
    remaining: int | None = None  # checked when given
    calendar: BusinessCalendar = CAL
    flagged: bool = False


SWF = shotclock.SWF_COLLOCATION
SWF_NEW = shotclock.SWF_NEW_STRUCTURE
COLLO = shotclock.COLLOCATION
NEW = shotclock.NEW_STRUCTURE
EFR = shotclock.ELIGIBLE_FACILITIES
RUN, TOLL, MET, MISS = shotclock.RUNNING, shotclock.TOLLED, shotclock.MET, shotclock.MISSED

CASES = [
    # ---- periods (47 CFR 1.6003(c)(1), 1.6100(c)(2)) ----
    # Jan 5 + 60: 26 days to Jan 31, 28 in Feb (54), 6 more -> Fri Mar 6. As of Feb 1: Feb 1 -> Mar 1 is 28, +5 = 33.
    Case("swf collocation takes 60 days", SWF, date(2026, 1, 5), date(2026, 2, 1), date(2026, 3, 6), RUN, remaining=33),
    # Jan 5 + 90: 54 to Feb 28, 31 in Mar (85), 5 more -> Sun Apr 5 -> Mon Apr 6.
    Case("swf new structure takes 90 days", SWF_NEW, date(2026, 1, 5), date(2026, 2, 1), date(2026, 4, 6), RUN),
    # Feb 3 + 90: 25 to Feb 28, 31 in Mar (56), 30 in Apr (86), 4 more -> Mon May 4.
    Case("other collocation takes 90 days", COLLO, date(2026, 2, 3), date(2026, 2, 4), date(2026, 5, 4), RUN),
    # Jan 5 + 150: 54 to Feb 28, Mar 85, Apr 115, May 146, 4 more -> Thu Jun 4.
    Case("other new structure takes 150 days", NEW, date(2026, 1, 5), date(2026, 1, 6), date(2026, 6, 4), RUN),
    # Mar 2 + 60: 29 to Mar 31, 30 in Apr (59), 1 more -> Fri May 1.
    Case("eligible facilities request takes 60 days", EFR, date(2026, 3, 2), date(2026, 3, 3), date(2026, 5, 1), RUN),
    # ---- weekends and holidays (47 CFR 1.6003(e), 1.4(j)) ----
    # Jan 6 + 60 = Sat Mar 7 -> Sun Mar 8 -> Mon Mar 9.
    Case("a saturday last day moves to monday", SWF, date(2026, 1, 6), date(2026, 1, 7), date(2026, 3, 9), RUN),
    # Aug 28 + 90: 3 to Aug 31, Sep 33, Oct 64, 26 more -> Thu Nov 26 Thanksgiving -> Fri Nov 27.
    Case("a federal holiday last day moves on", COLLO, date(2026, 8, 28), date(2026, 9, 1), date(2026, 11, 27), RUN),
    # May 4 + 60: 27 to May 31, Jun 57, 3 more -> Fri Jul 3 (Independence Day observed, Jul 4 is a Saturday),
    # Sat 4, Sun 5 -> Mon Jul 6.
    Case("a federal holiday observed on friday", SWF, date(2026, 5, 4), date(2026, 5, 5), date(2026, 7, 6), RUN),
    # Sep 26 2022 + 90: 4 to Sep 30, Oct 35, Nov 65, 25 more -> Sun Dec 25 2022, Mon Dec 26 observed -> Tue Dec 27.
    Case(
        "a sunday federal holiday observed on monday",
        SWF_NEW,
        date(2022, 9, 26),
        date(2022, 9, 27),
        date(2022, 12, 27),
        RUN,
    ),
    # Nov 1 2021 + 60: 29 to Nov 30, 31 more -> Fri Dec 31 2021 (New Year's Day 2022 observed), Sat, Sun ->
    # Mon Jan 3 2022: observed holiday and a year boundary.
    Case("new years day observed the year before", SWF, date(2021, 11, 1), date(2021, 11, 2), date(2022, 1, 3), RUN),
    # Jul 27 2027 + 150: 4 to Jul 31, Aug 35, Sep 65, Oct 96, Nov 126, 24 more -> Fri Dec 24 2027 (Christmas
    # observed, Dec 25 is a Saturday), Sat, Sun -> Mon Dec 27.
    Case("christmas observed on friday", NEW, date(2027, 7, 27), date(2027, 7, 28), date(2027, 12, 27), RUN),
    # Feb 17 + 60: 11 to Feb 28, Mar 42, 18 more -> Sat Apr 18, Sun 19, Mon 20 Patriots' Day -> Tue Apr 21.
    Case("patriots day in massachusetts", SWF, date(2026, 2, 17), date(2026, 2, 18), date(2026, 4, 21), RUN),
    # Jan 16 + 60: 15 to Jan 31, Feb 43, 17 more -> Tue Mar 17 Evacuation Day (Suffolk County) -> Wed Mar 18.
    # (An SWF: a 6409(a) request's last day is never moved, 47 CFR 1.6100(c); see test_shotclock_batches.py.)
    Case("evacuation day in suffolk county", SWF, date(2026, 1, 16), date(2026, 1, 17), date(2026, 3, 18), RUN),
    # 2024 is a leap year. Jan 16 2024 + 60: 15 to Jan 31, 29 in Feb (44), 16 more -> Sat Mar 16, Sun Mar 17
    # Evacuation Day, Mon Mar 18 Evacuation Day observed -> Tue Mar 19.
    Case("evacuation day observed on monday", SWF, date(2024, 1, 16), date(2024, 1, 17), date(2024, 3, 19), RUN),
    # Mar 19 + 90: 12 to Mar 31, Apr 42, May 73, 17 more -> Wed Jun 17 Bunker Hill Day -> Thu Jun 18.
    Case("bunker hill day in suffolk county", COLLO, date(2026, 3, 19), date(2026, 3, 20), date(2026, 6, 18), RUN),
    # Mar 19 2027 + 90: 12 + 30 + 31 = 73 to May 31, 17 more -> Thu Jun 17 2027 Bunker Hill Day, Fri Jun 18
    # Juneteenth observed (Jun 19 is a Saturday), Sat, Sun -> Mon Jun 21.
    Case(
        "bunker hill day then juneteenth observed", COLLO, date(2027, 3, 19), date(2027, 3, 20), date(2027, 6, 21), RUN
    ),
    # Dec 1 2026 + 60: 30 to Dec 31, 30 more -> Sat Jan 30 2027, Sun 31, Mon Feb 1 City legal holiday -> Tue Feb 2.
    Case(
        "a city legal holiday after a weekend",
        SWF,
        date(2026, 12, 1),
        date(2026, 12, 2),
        date(2027, 2, 2),
        RUN,
        calendar=CITY_HOLIDAYS,
    ),
    # Dec 26 2025 + 60: 5 to Dec 31, Jan 36, 24 more -> Tue Feb 24 2026, a City legal holiday -> Wed Feb 25.
    Case(
        "a city legal holiday on a weekday across the year",
        SWF,
        date(2025, 12, 26),
        date(2025, 12, 29),
        date(2026, 2, 25),
        RUN,
        calendar=CITY_HOLIDAYS,
    ),
    # Same dates without the legal holiday: Tue Feb 24 2026 is a business day.
    Case(
        "the same day without the legal holiday is the deadline",
        EFR,
        date(2025, 12, 26),
        date(2025, 12, 29),
        date(2026, 2, 24),
        RUN,
    ),
    # ---- month ends and leap day ----
    # Jan 30 + 60: 1 to Jan 31, 28 in Feb (29), 31 more -> Tue Mar 31.
    Case("a deadline on the last day of a month", SWF, date(2026, 1, 30), date(2026, 2, 1), date(2026, 3, 31), RUN),
    # Dec 1 2027 + 90: 30 to Dec 31, Jan 61, 29 more -> Tue Feb 29 2028, the leap day, a business day.
    Case("a deadline on the leap day", COLLO, date(2027, 12, 1), date(2027, 12, 2), date(2028, 2, 29), RUN),
    # Feb 15 2028 + 60: 14 to Feb 29, Mar 45, 15 more -> Sat Apr 15, Sun 16, Mon 17 Patriots' Day 2028 -> Tue Apr 18.
    Case("counting across a leap february", SWF, date(2028, 2, 15), date(2028, 2, 16), date(2028, 4, 18), RUN),
    # ---- SWF reset (47 CFR 1.6003(d)(1)) ----
    # Notice on day 7 resets; resubmitted Feb 2: Feb 2 + 60 = 26 to Feb 28, Mar 57, 3 more -> Fri Apr 3.
    # As of Mar 1: Mar 1 -> Apr 1 is 31, +2 = 33.
    Case(
        "swf notice on day 7 resets the clock",
        SWF,
        date(2026, 1, 5),
        date(2026, 3, 1),
        date(2026, 4, 3),
        RUN,
        events=[notice(date(2026, 1, 12)), resubmitted(date(2026, 2, 2))],
        remaining=33,
    ),
    # Day 10 is Jan 15, still in time. Jan 20 + 60: 11 to Jan 31, Feb 39, 21 more -> Sat Mar 21 -> Mon Mar 23.
    Case(
        "swf notice on day 10 still resets",
        SWF,
        date(2026, 1, 5),
        date(2026, 1, 21),
        date(2026, 3, 23),
        RUN,
        events=[notice(date(2026, 1, 15)), resubmitted(date(2026, 1, 20))],
    ),
    # Day 11 (Jan 16) is late: no reset, no tolling; the original Mar 6 stands.
    Case(
        "swf notice on day 11 has no effect",
        SWF,
        date(2026, 1, 5),
        date(2026, 1, 27),
        date(2026, 3, 6),
        RUN,
        events=[notice(date(2026, 1, 16)), resubmitted(date(2026, 1, 26))],
    ),
    # Mar 2 submitted, notice Mar 9 (day 7), resubmitted Mar 30: Mar 30 + 90: 1 to Mar 31, Apr 31, May 62,
    # 28 more -> Sun Jun 28 -> Mon Jun 29.
    Case(
        "swf new structure reset gives a full 90 days",
        SWF_NEW,
        date(2026, 3, 2),
        date(2026, 3, 31),
        date(2026, 6, 29),
        RUN,
        events=[notice(date(2026, 3, 9)), resubmitted(date(2026, 3, 30))],
    ),
    # Reset notice, no resubmission yet: tolled, no deadline; a full 60 days will remain.
    Case(
        "swf clock waits for the resubmission after a reset",
        SWF,
        date(2026, 1, 5),
        date(2026, 1, 20),
        None,
        TOLL,
        events=[notice(date(2026, 1, 12))],
        remaining=60,
    ),
    # Reset, resubmitted Feb 2 (last day Apr 3), further notice Feb 9 (7 days later) tolls, resubmitted Feb 19:
    # 10 days tolled -> Mon Apr 13.
    Case(
        "swf further notice within 10 days of the resubmission tolls without a reset",
        SWF,
        date(2026, 1, 5),
        date(2026, 2, 20),
        date(2026, 4, 13),
        RUN,
        events=[
            notice(date(2026, 1, 12)),
            resubmitted(date(2026, 2, 2)),
            notice(date(2026, 2, 9)),
            resubmitted(date(2026, 2, 19)),
        ],
        tolled=10,
    ),
    # Further notice Feb 13 is 11 days after the Feb 2 resubmission: no effect; Apr 3 stands.
    Case(
        "swf further notice 11 days after the resubmission has no effect",
        SWF,
        date(2026, 1, 5),
        date(2026, 2, 21),
        date(2026, 4, 3),
        RUN,
        events=[
            notice(date(2026, 1, 12)),
            resubmitted(date(2026, 2, 2)),
            notice(date(2026, 2, 13)),
            resubmitted(date(2026, 2, 20)),
        ],
    ),
    # Late first notice (day 15), resubmitted Jan 22, further notice Jan 25: the first notice never stopped the
    # clock, so the further one cannot toll it either. Jan 5 + 60 = Mar 6 stands.
    Case(
        "a further notice after a late notice has no effect",
        SWF,
        date(2026, 1, 5),
        date(2026, 1, 26),
        date(2026, 3, 6),
        RUN,
        events=[notice(date(2026, 1, 20)), resubmitted(date(2026, 1, 22)), notice(date(2026, 1, 25))],
    ),
    # Submitted Wed Jan 7: day 10 is Sat Jan 17; a notice on Tue Jan 20 (day 13) is late even so.
    # Jan 7 + 60: 24 to Jan 31, Feb 52, 8 more -> Sun Mar 8 -> Mon Mar 9.
    Case(
        "the swf notice window is not extended past a weekend",
        SWF,
        date(2026, 1, 7),
        date(2026, 1, 21),
        date(2026, 3, 9),
        RUN,
        events=[notice(date(2026, 1, 20))],
    ),
    # ---- tolling (47 CFR 1.6003(d)(2)-(3), 1.6100(c)(3)) ----
    # Notice Jan 15 (day 10), resubmitted Jan 25: tolled Jan 16..Jan 25 = 10 days. Jan 5 + 90 + 10: Apr 5 + 10 ->
    # Wed Apr 15.
    Case(
        "a timely notice tolls a collocation until resubmission",
        COLLO,
        date(2026, 1, 5),
        date(2026, 1, 26),
        date(2026, 4, 15),
        RUN,
        events=[notice(date(2026, 1, 15)), resubmitted(date(2026, 1, 25))],
        tolled=10,
    ),
    # Notice Feb 4 is day 30 (Jan 5 + 30), in time. Resubmitted Mar 6: Feb 4 -> Mar 4 is 28, +2 = 30 tolled.
    # Jun 4 + 30: 26 to Jun 30, 4 more -> Sat Jul 4, Sun Jul 5 -> Mon Jul 6.
    Case(
        "a notice on day 30 still tolls",
        NEW,
        date(2026, 1, 5),
        date(2026, 3, 7),
        date(2026, 7, 6),
        RUN,
        events=[notice(date(2026, 2, 4)), resubmitted(date(2026, 3, 6))],
        tolled=30,
    ),
    # Feb 3 + 31 = Mar 6 (Feb 3 -> Mar 3 is 28, +3): day 31, late. May 4 stands.
    Case(
        "a notice on day 31 has no effect",
        COLLO,
        date(2026, 2, 3),
        date(2026, 3, 21),
        date(2026, 5, 4),
        RUN,
        events=[notice(date(2026, 3, 6)), resubmitted(date(2026, 3, 20))],
    ),
    # 6409(a): notice Mar 20 (day 18), resubmitted Apr 3: 11 + 3 = 14 days tolled. May 1 + 14 -> Fri May 15.
    Case(
        "an eligible facilities request is tolled, not reset",
        EFR,
        date(2026, 3, 2),
        date(2026, 4, 4),
        date(2026, 5, 15),
        RUN,
        events=[notice(date(2026, 3, 20)), resubmitted(date(2026, 4, 3))],
        tolled=14,
    ),
    # Notice Jan 15 not yet answered on Jan 20: tolled for Jan 16..20 = 5 days so far; Apr 5 - Jan 15 = 80 days
    # (16 to Jan 31, 28, 31, 5) will remain.
    Case(
        "a tolled clock waits for the resubmission",
        COLLO,
        date(2026, 1, 5),
        date(2026, 1, 20),
        None,
        TOLL,
        events=[notice(date(2026, 1, 15))],
        tolled=5,
        remaining=80,
    ),
    # Three rounds: Jan 15 -> Jan 25 (10), further Jan 30 -> Feb 9 (10), further Feb 16 (7 days after Feb 9) ->
    # Feb 26 (10): 30 tolled. Apr 5 + 30: 25 to Apr 30, 5 more -> Tue May 5.
    Case(
        "repeated further notices each toll again",
        COLLO,
        date(2026, 1, 5),
        date(2026, 2, 27),
        date(2026, 5, 5),
        RUN,
        events=[
            notice(date(2026, 1, 15)),
            resubmitted(date(2026, 1, 25)),
            notice(date(2026, 1, 30)),
            resubmitted(date(2026, 2, 9)),
            notice(date(2026, 2, 16)),
            resubmitted(date(2026, 2, 26)),
        ],
        tolled=30,
    ),
    # Notice and resubmission on the same day toll nothing; May 4 stands.
    Case(
        "a same day resubmission tolls nothing",
        COLLO,
        date(2026, 2, 3),
        date(2026, 2, 11),
        date(2026, 5, 4),
        RUN,
        events=[notice(date(2026, 2, 10)), resubmitted(date(2026, 2, 10))],
    ),
    # The resubmission is dated after "as of", so it has not happened yet: still tolled (Jan 16..20 = 5 days).
    Case(
        "events after the as of date are left out",
        COLLO,
        date(2026, 1, 5),
        date(2026, 1, 20),
        None,
        TOLL,
        events=[notice(date(2026, 1, 15)), resubmitted(date(2026, 1, 25))],
        tolled=5,
    ),
    # ---- written tolling agreements ----
    # Mar 6 + 30: 25 to Mar 31, 5 more -> Sun Apr 5 -> Mon Apr 6.
    Case(
        "a tolling agreement extends the clock by its days",
        SWF,
        date(2026, 1, 5),
        date(2026, 2, 21),
        date(2026, 4, 6),
        RUN,
        events=[agreement(date(2026, 2, 20), 30)],
    ),
    # Tolled to Apr 15 (10 days), then 14 agreed days: Apr 15 + 14 -> Wed Apr 29.
    Case(
        "an agreement adds to tolled days",
        COLLO,
        date(2026, 1, 5),
        date(2026, 3, 2),
        date(2026, 4, 29),
        RUN,
        events=[notice(date(2026, 1, 15)), resubmitted(date(2026, 1, 25)), agreement(date(2026, 3, 1), 14)],
        tolled=10,
    ),
    # A 10-day agreement on Jan 8, then a reset: the new clock starts at zero on Feb 2 -> Fri Apr 3.
    Case(
        "a reset replaces an earlier agreement",
        SWF,
        date(2026, 1, 5),
        date(2026, 2, 3),
        date(2026, 4, 3),
        RUN,
        events=[agreement(date(2026, 1, 8), 10), notice(date(2026, 1, 12)), resubmitted(date(2026, 2, 2))],
    ),
    # Deadline Fri Mar 6; an agreement signed Mar 9 still adds 10 days: Mar 16 (Mon), flagged for counsel.
    Case(
        "an agreement after the deadline is applied and flagged",
        SWF,
        date(2026, 1, 5),
        date(2026, 3, 10),
        date(2026, 3, 16),
        RUN,
        events=[agreement(date(2026, 3, 9), 10)],
        flagged=True,
    ),
    # ---- decisions and missed clocks ----
    # Deadline Fri Mar 6; decided Mar 2.
    Case(
        "a decision before the deadline meets it",
        SWF,
        date(2026, 1, 5),
        date(2026, 3, 20),
        date(2026, 3, 6),
        MET,
        events=[decision(date(2026, 3, 2))],
    ),
    # Decided on Fri Mar 6 itself.
    Case(
        "a decision on the deadline meets it",
        SWF,
        date(2026, 1, 5),
        date(2026, 3, 20),
        date(2026, 3, 6),
        MET,
        events=[decision(date(2026, 3, 6), shotclock.DENIED)],
    ),
    # Decided Mon Mar 9, after Fri Mar 6.
    Case(
        "a decision after the deadline misses it",
        SWF,
        date(2026, 1, 5),
        date(2026, 3, 20),
        date(2026, 3, 6),
        MISS,
        events=[decision(date(2026, 3, 9), shotclock.DENIED)],
    ),
    # Last day Sat Mar 7 moves to Mon Mar 9; a Monday decision is in time.
    Case(
        "a decision on the moved deadline meets it",
        SWF,
        date(2026, 1, 6),
        date(2026, 3, 20),
        date(2026, 3, 9),
        MET,
        events=[decision(date(2026, 3, 9))],
    ),
    # Deadline Fri Mar 6; no decision on Sat Mar 7: missed by 1 day.
    Case(
        "no decision after the deadline is missed",
        SWF,
        date(2026, 1, 5),
        date(2026, 3, 7),
        date(2026, 3, 6),
        MISS,
        remaining=-1,
    ),
    # On the deadline itself the clock still runs, with 0 days left.
    Case(
        "the deadline day itself is still running",
        SWF,
        date(2026, 1, 5),
        date(2026, 3, 6),
        date(2026, 3, 6),
        RUN,
        remaining=0,
    ),
    # Notice Jan 15, denied Feb 1 while tolled: Jan 16..Feb 1 = 17 days tolled; Apr 5 + 17 -> Wed Apr 22; met.
    Case(
        "a decision while tolled meets the clock",
        COLLO,
        date(2026, 1, 5),
        date(2026, 2, 2),
        date(2026, 4, 22),
        MET,
        events=[notice(date(2026, 1, 15)), decision(date(2026, 2, 1), shotclock.DENIED)],
        tolled=17,
    ),
    # 6409(a): May 1 deadline, no decision on May 4: missed, 3 days ago; deemed grant available on written notice.
    Case(
        "an eligible facilities request past its deadline is missed",
        EFR,
        date(2026, 3, 2),
        date(2026, 5, 4),
        date(2026, 5, 1),
        MISS,
        remaining=-3,
    ),
    # ---- batches (47 CFR 1.6003(c)(2)) ----
    # Three SWF collocations: 60 days, Jan 5 -> Mar 6.
    Case(
        "a batch of swf collocations takes 60 days",
        SWF,
        date(2026, 1, 5),
        date(2026, 1, 6),
        date(2026, 3, 6),
        RUN,
        sites=(SWF, SWF, SWF),
    ),
    # Three SWF new structures: 90 days, Jan 5 -> Apr 6 (Apr 5 is a Sunday).
    Case(
        "a batch of swf new structures takes 90 days",
        SWF_NEW,
        date(2026, 1, 5),
        date(2026, 1, 6),
        date(2026, 4, 6),
        RUN,
        sites=(SWF_NEW, SWF_NEW, SWF_NEW),
    ),
    # SWF collocations with an SWF new structure: 90 days, Jan 5 -> Apr 6.
    Case(
        "a mixed swf batch takes 90 days",
        SWF,
        date(2026, 1, 5),
        date(2026, 1, 6),
        date(2026, 4, 6),
        RUN,
        sites=(SWF, SWF, SWF_NEW),
    ),
    # Mixed SWF batch reset on day 7, resubmitted Feb 2: Feb 2 + 90: 26 to Feb 28, Mar 57, Apr 87, 3 more -> Sun
    # May 3 -> Mon May 4.
    Case(
        "a mixed swf batch resets with its 90 days",
        SWF,
        date(2026, 1, 5),
        date(2026, 2, 3),
        date(2026, 5, 4),
        RUN,
        sites=(SWF, SWF_NEW),
        events=[notice(date(2026, 1, 12)), resubmitted(date(2026, 2, 2))],
    ),
    # An SWF collocation with a macro tower: outside the batching rule; each site keeps its own clock (SWF Jan 5 +
    # 60 -> Fri Mar 6; macro Jan 5 + 150 -> Thu Jun 4) and the earliest governs, flagged. -> Mar 6.
    Case(
        "a batch outside the rule takes the earliest site deadline",
        SWF,
        date(2026, 1, 5),
        date(2026, 1, 6),
        date(2026, 3, 6),
        RUN,
        sites=(SWF, NEW),
        flagged=True,
    ),
    # The same kind of batch is outside 1.6003(c)(2), so each site keeps its own clock. A day-7 notice resets the
    # SWF site: resubmitted Feb 2, Feb 2 + 60: 26 to Feb 28, 31 in Mar (57), 3 more -> Fri Apr 3. It tolls the
    # collocation: Jan 12 -> Feb 2 is 21 days; Jan 5 + 90 = Sun Apr 5, + 21 = Sun Apr 26 -> Mon Apr 27. Earliest:
    # the SWF site's Apr 3, with no tolled days.
    Case(
        "a batch outside the rule gives each site its own clock",
        SWF,
        date(2026, 1, 5),
        date(2026, 2, 3),
        date(2026, 4, 3),
        RUN,
        sites=(SWF, COLLO),
        events=[notice(date(2026, 1, 12)), resubmitted(date(2026, 2, 2))],
        flagged=True,
    ),
    # Sites without a category take the application's: two blank sites of an SWF new structure application, 90 days.
    Case(
        "blank site categories take the application's",
        SWF_NEW,
        date(2026, 1, 5),
        date(2026, 1, 6),
        date(2026, 4, 6),
        RUN,
        sites=("", ""),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_shot_clock(case):
    result = compute(
        category=case.category,
        submitted_on=case.submitted,
        events=case.events,
        calendar=case.calendar,
        as_of=case.as_of,
        site_categories=case.sites,
    )
    assert result.deadline == case.deadline, result.explanation
    assert result.state == case.state, result.explanation
    assert result.tolled_days == case.tolled, result.explanation
    if case.remaining is not None:
        assert result.days_remaining == case.remaining, result.explanation
    assert result.flagged == case.flagged, result.explanation


def test_there_are_at_least_forty_hand_worked_cases():
    assert len(CASES) >= 40


def test_the_explanation_walks_through_a_reset_step_by_step():
    result = compute(
        category=SWF,
        submitted_on=date(2026, 1, 5),
        events=[notice(date(2026, 1, 12)), resubmitted(date(2026, 2, 2))],
        calendar=CAL,
        as_of=date(2026, 3, 1),
    )
    lines = result.explanation
    assert lines[0].startswith("submitted 2026-01-05; small wireless facility collocation")
    assert "60 days (47 CFR 1.6003(c)(1)(i))" in lines[0]
    assert "day 7" in lines[1] and "resets the SWF clock" in lines[1] and "1.6003(d)(1)" in lines[1]
    assert lines[2].startswith("resubmitted 2026-02-02: a new 60-day period starts")
    assert lines[3] == "deadline 2026-04-03 (Friday)"
    assert lines[4] == "as of 2026-03-01: running, 33 days remaining"


def test_the_explanation_says_why_a_deadline_moved():
    # Last day Sat Apr 18 -> Sun 19 -> Mon 20 Patriots' Day -> Tue Apr 21.
    result = compute(category=SWF, submitted_on=date(2026, 2, 17), calendar=CAL, as_of=date(2026, 2, 18))
    line = result.explanation[-2]
    assert line.startswith("deadline 2026-04-21: the last day, 2026-04-18, is not a business day")
    assert "2026-04-18 Saturday" in line and "2026-04-19 Sunday" in line and "Patriots' Day" in line
    assert "next business day" in line and "47 CFR 1.4(j)" in line


def test_the_explanation_names_a_city_legal_holiday():
    result = compute(category=SWF, submitted_on=date(2026, 12, 1), calendar=CITY_HOLIDAYS, as_of=date(2026, 12, 2))
    assert "City legal holiday: Day of mourning" in result.explanation[-2]


def test_a_late_swf_notice_is_explained_as_having_no_effect():
    result = compute(
        category=SWF,
        submitted_on=date(2026, 1, 5),
        events=[notice(date(2026, 1, 16))],
        calendar=CAL,
        as_of=date(2026, 1, 17),
    )
    assert result.state == RUN
    assert "day 11: later than day 10, so it does not reset or toll" in result.explanation[1]


def test_a_late_notice_on_a_closed_window_day_says_the_window_is_not_extended():
    result = compute(
        category=SWF,
        submitted_on=date(2026, 1, 7),
        events=[notice(date(2026, 1, 20))],
        calendar=CAL,
        as_of=date(2026, 1, 21),
    )
    assert "2026-01-17, was not a business day (Saturday)" in result.explanation[1]
    assert "does not extend a notice window" in result.explanation[1]


def test_a_late_tolling_notice_is_explained_as_having_no_effect():
    result = compute(
        category=COLLO,
        submitted_on=date(2026, 2, 3),
        events=[notice(date(2026, 3, 6))],
        calendar=CAL,
        as_of=date(2026, 3, 7),
    )
    assert "day 31: later than day 30, so it does not toll the clock" in result.explanation[1]


def test_a_missed_clock_names_the_remedy():
    result = compute(category=SWF, submitted_on=date(2026, 1, 5), calendar=CAL, as_of=date(2026, 3, 9))
    assert result.state == MISS
    assert "effective prohibition" in result.explanation[-1] and "332(c)(7)(B)(v)" in result.explanation[-1]
    assert not result.deemed_granted_available


def test_a_missed_eligible_facilities_request_can_be_deemed_granted_on_written_notice():
    events = [Event(shotclock.DEEMED_GRANTED_NOTICE, date(2026, 5, 5))]
    before = compute(category=EFR, submitted_on=date(2026, 3, 2), calendar=CAL, as_of=date(2026, 5, 4))
    assert before.deemed_granted_available and not before.deemed_granted
    assert "1.6100(c)(4)" in before.explanation[-1]
    after = compute(category=EFR, submitted_on=date(2026, 3, 2), events=events, calendar=CAL, as_of=date(2026, 5, 6))
    assert after.state == MISS and after.deemed_granted and not after.deemed_granted_available
    assert "deemed granted" in after.explanation[-1]


def test_a_decided_clock_says_how_close_it_was():
    result = compute(
        category=SWF,
        submitted_on=date(2026, 1, 5),
        events=[decision(date(2026, 3, 2))],
        calendar=CAL,
        as_of=date(2026, 4, 1),
    )
    assert result.explanation[-1] == "decided 2026-03-02, 4 days before the deadline: met"
    assert result.decided_on == date(2026, 3, 2) and result.outcome == shotclock.APPROVED


def test_a_withdrawn_application_stops_the_clock():
    events = [Event(shotclock.WITHDRAWN, date(2026, 2, 1))]
    result = compute(category=SWF, submitted_on=date(2026, 1, 5), events=events, calendar=CAL, as_of=date(2026, 4, 1))
    assert result.state == shotclock.STATE_WITHDRAWN
    assert result.days_remaining is None


def test_at_risk_means_running_with_seven_days_or_fewer():
    # Deadline Fri Mar 6: 7 days left on Fri Feb 27, 8 on Thu Feb 26.
    seven = compute(category=SWF, submitted_on=date(2026, 1, 5), calendar=CAL, as_of=date(2026, 2, 27))
    eight = compute(category=SWF, submitted_on=date(2026, 1, 5), calendar=CAL, as_of=date(2026, 2, 26))
    assert seven.days_remaining == 7 and seven.at_risk
    assert eight.days_remaining == 8 and not eight.at_risk


INVALID = [
    # (why, category, events, field, words in the message)
    ("a resubmission with no notice", SWF, [resubmitted(date(2026, 1, 10))], "kind", "no open incompleteness notice"),
    ("an event before submission", SWF, [notice(date(2026, 1, 4))], "date", "before the application was submitted"),
    (
        "a second notice before the first is answered",
        COLLO,
        [notice(date(2026, 1, 10)), notice(date(2026, 1, 12))],
        "kind",
        "still waiting",
    ),
    (
        "a decision without an outcome",
        SWF,
        [Event(shotclock.DECISION, date(2026, 1, 10))],
        "outcome",
        "approved or denied",
    ),
    (
        "an event after the decision",
        SWF,
        [decision(date(2026, 1, 10)), notice(date(2026, 1, 12))],
        "kind",
        "was decided on 2026-01-10",
    ),
    (
        "a decision after withdrawal",
        SWF,
        [Event(shotclock.WITHDRAWN, date(2026, 1, 10)), decision(date(2026, 1, 12))],
        "kind",
        "withdrawn",
    ),
    ("an agreement of zero days", SWF, [agreement(date(2026, 1, 10), 0)], "days", "at least one day"),
    (
        "a deemed grant for an swf",
        SWF,
        [Event(shotclock.DEEMED_GRANTED_NOTICE, date(2026, 3, 10))],
        "kind",
        "Only an eligible facilities request",
    ),
    (
        "a deemed grant before the deadline",
        EFR,
        [Event(shotclock.DEEMED_GRANTED_NOTICE, date(2026, 1, 10))],
        "date",
        "after the review period has expired",
    ),
    ("an unknown event kind", SWF, [Event("phone_call", date(2026, 1, 10))], "kind", "Unknown event kind"),
]


@pytest.mark.parametrize(("why", "category", "events", "field_name", "words"), INVALID, ids=[row[0] for row in INVALID])
def test_impossible_events_are_refused_naming_the_field(why, category, events, field_name, words):
    with pytest.raises(ClockError) as raised:
        compute(category=category, submitted_on=date(2026, 1, 5), events=events, calendar=CAL, as_of=date(2026, 6, 1))
    assert raised.value.field == field_name
    assert words in raised.value.message


def test_unknown_categories_are_refused():
    with pytest.raises(ClockError) as raised:
        compute(category="macro", submitted_on=date(2026, 1, 5), calendar=CAL, as_of=date(2026, 1, 6))
    assert raised.value.field == "category"
    with pytest.raises(ClockError) as raised:
        compute(
            category=SWF, submitted_on=date(2026, 1, 5), calendar=CAL, as_of=date(2026, 1, 6), site_categories=["x"]
        )
    assert raised.value.field == "sites"


def test_not_strict_skips_an_impossible_event_and_says_so():
    result = compute(
        category=SWF,
        submitted_on=date(2026, 1, 5),
        events=[resubmitted(date(2026, 1, 10))],
        calendar=CAL,
        as_of=date(2026, 1, 11),
        strict=False,
    )
    assert result.deadline == date(2026, 3, 6)
    assert "resubmitted of 2026-01-10 ignored" in result.ignored[0]
