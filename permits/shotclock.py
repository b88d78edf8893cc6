"""The FCC shot clock for wireless siting applications: pure, no ORM.

Sources (regulation wording quoted from memory where marked; check the eCFR
before relying on a quotation):

- 47 CFR 1.6003(c)(1): presumptively reasonable periods, in calendar days:
  (i) small wireless facility (SWF) collocation on an existing structure 60;
  (ii) other collocation 90; (iii) SWF on a new structure 90; (iv) other new
  structure 150.
- 47 CFR 1.6003(c)(2): a batch whose deployments all fall in (c)(1)(i), or all
  in (c)(1)(iii), takes that category's period; a batch mixing the two takes 90
  days; a batch may not be refused.
- 47 CFR 1.6100(c)(2): an eligible facilities request under section 6409(a)
  of the Spectrum Act (47 U.S.C. 1455(a)) must be decided within 60 days;
  1.6100(c)(4): when it is not, it is deemed granted once the applicant
  notifies the City in writing after the period has run.
- 47 CFR 1.6003(e): the shot clock date is found by counting forward from the
  day after submission by the period, plus any tolling. When the last day falls
  on a weekend or holiday the date is the next business day (47 CFR 1.4(j);
  federal, Massachusetts and Suffolk County holidays; the BusinessCalendar
  passed in decides which days those are).
- 47 CFR 1.6100(c): a 6409(a) request has no weekend or holiday rule of its
  own, and the roll in 1.6003(e) is written for 1.6003 clocks. Conduit takes
  the earlier date: the 60th (+ tolled + agreed) day is the deadline, never
  moved, and `act_by` is the last business day on or before it. The deemed
  grant (1.6100(c)(4)) is measured from that unmoved deadline.
- 47 CFR 1.6003(d)(1): an SWF notice of material incompleteness on or before
  the 10th day after submission restarts the clock "at zero" on the day the
  applicant resubmits.
- 47 CFR 1.6003(d)(2) and 1.6100(c)(3)(i): for other applications (and 6409(a)
  requests) a notice on or before the 30th day tolls the clock from the day
  after the notice until the day of resubmission.
- 47 CFR 1.6003(d)(3) and 1.6100(c)(3)(iii): after a resubmission, a further
  notice on or before the 10th day after it, saying items from the first
  notice are still missing, tolls again the same way (it never resets). A
  further notice may name only items the first notice named (1.6003(d)(3)(i);
  1.6100(c)(3)(iii)): one naming anything else is refused.
- 47 CFR 1.6003(d) (opening words: "unless a written agreement between the
  applicant and the siting authority provides otherwise") and 1.6100(c)(3):
  the parties may extend the clock by written agreement.
- 47 U.S.C. 332(c)(7)(B)(ii) and (v): a decision within a reasonable time; a
  missed shot clock is a presumed effective prohibition and the applicant may
  sue within 30 days.

Day-counting conventions (also in docs/permits.md):

1. Day 1 is the day after the submission (or, after a reset, the
   resubmission); the last day is that date plus the period.
2. A notice is timely when it is dated on or before day 10 (SWF reset, or a
   further notice after a resubmission) or day 30 (tolling). Those windows are
   NOT extended when their last day falls on a weekend or holiday: the safe
   reading for the City, flagged in the explanation.
3. The notice day itself is a clock day; tolling covers the day after the
   notice through the resubmission day, so tolled days = resubmission date -
   notice date (1.6003(d)(2)(i)-(ii): "from the day after ... until the date
   when the applicant submits"). A same-day resubmission tolls nothing.
4. Tolled days and agreement days are added to the last day before it is moved
   off a weekend or holiday; the move happens once, at the end (never for a
   6409(a) request: its deadline is the last day, with an act-by date).
5. A reset starts a full new period; tolled days and agreement days of the old
   clock no longer count (1.6003(d)(1): "restart at zero").
6. A decision on or before the deadline meets the clock; after it, misses it.
   With no decision, the clock is missed from the day after the deadline.
7. While a timely notice waits for the resubmission the clock is tolled: there
   is no deadline, and `days_remaining` is the clock days that will be left
   when it resumes.
8. A notice that is late, or that follows a resubmission answering a late
   notice, has no effect on the clock; the explanation says so. Every notice's
   effect is in `ShotClock.notices`, and `notice_effect` works it out before a
   notice is recorded.

Batches outside 1.6003(c)(2) (say an SWF with a macro tower, or a 6409(a)
request with anything else) are not covered by the batching rule, so each site
keeps the clock its own category gives it (1.6003(c)(1) and (d), 1.6100(c)):
its own period, reset or tolling, notice windows of 10 or 30 days. Conduit
works every site's clock over the same events and gives the batch the EARLIEST
deadline, naming the site that sets it; the City is the party that can be sued,
so the earlier date wins. While one site's clock is tolled and another runs,
the running one governs. Such a clock is flagged for counsel.
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

# The clock states and the "needs attention" rule (missed, at risk, tolled,
# running, closed) live in deadlines/attention.py, below the deadline list and
# the reminder digests that use them too; they are part of this module's API.
from deadlines.attention import (  # noqa: F401
    AT_RISK_DAYS,
    ATTENTION_AT_RISK,
    ATTENTION_CLASSES,
    ATTENTION_CLOSED,
    ATTENTION_LABELS,
    ATTENTION_MISSED,
    ATTENTION_RUNNING,
    ATTENTION_TOLLED,
    MET,
    MISSED,
    RUNNING,
    STATE_WITHDRAWN,
    STATES,
    TOLLED,
    attention,
    attention_window,
)

SWF_COLLOCATION = "swf_collocation"
SWF_NEW_STRUCTURE = "swf_new_structure"
COLLOCATION = "collocation"
NEW_STRUCTURE = "new_structure"
ELIGIBLE_FACILITIES = "eligible_facilities"

INCOMPLETE_NOTICE = "incomplete_notice"
RESUBMITTED = "resubmitted"
TOLLING_AGREEMENT = "tolling_agreement"
DECISION = "decision"
WITHDRAWN = "withdrawn"
DEEMED_GRANTED_NOTICE = "deemed_granted_notice"
EVENT_KINDS = (INCOMPLETE_NOTICE, RESUBMITTED, TOLLING_AGREEMENT, DECISION, WITHDRAWN, DEEMED_GRANTED_NOTICE)

APPROVED = "approved"
DENIED = "denied"
OUTCOMES = (APPROVED, DENIED)

SWF_NOTICE_DAYS = 10  # 47 CFR 1.6003(d)(1)
TOLLING_NOTICE_DAYS = 30  # 47 CFR 1.6003(d)(2)(iii); 1.6100(c)(3)(i)
FURTHER_NOTICE_DAYS = 10  # 47 CFR 1.6003(d)(3)(iii); 1.6100(c)(3)(iii)

PRESUMED_PROHIBITION = (
    "a missed shot clock is presumed to be an effective prohibition; the applicant may sue within 30 days "
    "(47 U.S.C. 332(c)(7)(B)(v); FCC 18-133)"
)


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    days: int
    citation: str
    swf: bool


CATEGORIES = {
    SWF_COLLOCATION: Category(
        SWF_COLLOCATION,
        "small wireless facility collocation on an existing structure",
        60,
        "47 CFR 1.6003(c)(1)(i)",
        True,
    ),
    SWF_NEW_STRUCTURE: Category(
        SWF_NEW_STRUCTURE, "small wireless facility on a new structure", 90, "47 CFR 1.6003(c)(1)(iii)", True
    ),
    COLLOCATION: Category(
        COLLOCATION,
        "collocation of a facility other than a small wireless facility",
        90,
        "47 CFR 1.6003(c)(1)(ii)",
        False,
    ),
    NEW_STRUCTURE: Category(
        NEW_STRUCTURE,
        "new structure for a facility other than a small wireless facility",
        150,
        "47 CFR 1.6003(c)(1)(iv)",
        False,
    ),
    ELIGIBLE_FACILITIES: Category(
        ELIGIBLE_FACILITIES,
        "eligible facilities request (section 6409(a), 47 U.S.C. 1455(a))",
        60,
        "47 CFR 1.6100(c)(2)",
        False,
    ),
}
SWF_CATEGORIES = frozenset(code for code, category in CATEGORIES.items() if category.swf)


class ClockError(ValueError):
    """An event list that cannot be right; `field` names the input at fault."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Event:
    """One clock event. `days` is for a tolling agreement; `outcome` for a decision; `items` for a notice.

    `items` are the names of the missing items a notice lists; a further notice
    may only name items the first notice named (47 CFR 1.6003(d)(3)(i)).
    """

    kind: str
    date: date
    days: int = 0
    outcome: str = ""
    items: frozenset = frozenset()


@dataclass(frozen=True)
class Period:
    """The period that governs an application or batch, and why.

    `per_site` marks a batch outside 47 CFR 1.6003(c)(2): each site then keeps
    its own category's clock and `days` is only the shortest of them.
    """

    days: int
    citation: str
    swf: bool
    eligible_facilities: bool
    note: str = ""
    flagged: bool = False
    per_site: bool = False


@dataclass(frozen=True)
class NoticeRecord:
    """What one recorded notice did to the clock: effect "reset", "toll" or "none"."""

    index: int  # the notice's position in the events passed to compute()
    date: date
    effect: str
    line: str
    citation: str
    day: int  # the clock day the notice fell on (tolled days not counted)
    of: int  # the clock's days then (period plus agreed days)


@dataclass(frozen=True)
class SiteClock:
    """One site's own clock in a batch outside 47 CFR 1.6003(c)(2)."""

    label: str
    category: str
    days: int
    deadline: date | None
    last_day: date | None
    state: str
    days_remaining: int | None
    tolled_days: int

    @property
    def category_label(self):
        return category_label(self.category)


@dataclass(frozen=True)
class ShotClock:
    category: str
    days: int
    deadline: date | None
    days_remaining: int | None
    tolled_days: int
    state: str
    explanation: tuple
    as_of: date
    last_day: date | None = None  # the last day before any move to a business day
    decided_on: date | None = None
    outcome: str = ""
    deemed_granted_available: bool = False
    deemed_granted: bool = False
    flagged: bool = False  # a reading counsel should confirm (see the explanation)
    open_notice_on: date | None = None  # a notice waiting for the resubmission, whatever its effect
    ignored: tuple = field(default_factory=tuple)  # explanations of events skipped in non-strict mode
    act_by: date | None = None  # the last business day on or before the deadline (the deadline unless 6409(a))
    notices: tuple = field(default_factory=tuple)  # a NoticeRecord for every notice applied, in date order
    governing_site: str = ""  # a batch outside 1.6003(c)(2): the site whose clock sets the deadline
    site_deadlines: tuple = field(default_factory=tuple)  # that batch's SiteClock for every site

    @property
    def attention(self):
        """missed, at_risk, tolled, running or closed: see `attention` at the end of this module."""
        return attention(self.state, self.deadline, bool(self.decided_on or self.deemed_granted), self.as_of)

    @property
    def at_risk(self):
        return self.attention == ATTENTION_AT_RISK


def _iso(day):
    return day.isoformat()


def category_label(code):
    return CATEGORIES[code].label if code in CATEGORIES else code


def batch_period(category, site_categories=()):
    """The period for an application: one category, or a batch of sites.

    47 CFR 1.6003(c)(2)(i): all sites of one SWF category take that category's
    period; (c)(2)(ii): SWF collocations mixed with SWF new structures take 90
    days. Any other mix is outside the rule: each site keeps its own clock
    (`per_site`), the batch takes the earliest deadline, and the result is
    flagged for counsel. `days` is then the shortest period in the batch.
    """
    if category not in CATEGORIES:
        raise ClockError("category", f"Unknown category {category!r}; choose one of {', '.join(CATEGORIES)}.")
    codes = [code or category for code in site_categories] or [category]
    for code in codes:
        if code not in CATEGORIES:
            raise ClockError("sites", f"Unknown site category {code!r}; choose one of {', '.join(CATEGORIES)}.")
    kinds = set(codes)
    count = len(codes)
    if len(kinds) == 1:
        rule = CATEGORIES[codes[0]]
        note = ""
        if count > 1:
            # 47 CFR 1.6003(c)(2)(i): one category's period for the whole batch.
            cite = "47 CFR 1.6003(c)(2)(i)" if rule.swf else rule.citation
            note = f"batch of {count} sites, all {rule.label}: one {rule.days}-day period for the batch ({cite})"
        return Period(rule.days, rule.citation, rule.swf, rule.code == ELIGIBLE_FACILITIES, note)
    if kinds == SWF_CATEGORIES:
        # 47 CFR 1.6003(c)(2)(ii): SWF collocations mixed with SWF new structures.
        return Period(
            90,
            "47 CFR 1.6003(c)(2)(ii)",
            True,
            False,
            f"batch of {count} sites mixing SWF collocations and SWF new structures: 90 days (47 CFR 1.6003(c)(2)(ii))",
        )
    shortest = min((CATEGORIES[code] for code in kinds), key=lambda rule: (rule.days, rule.code))
    names = ", ".join(sorted(kinds))
    note = (
        f"batch of {count} sites mixing {names}: not a batch 47 CFR 1.6003(c)(2) covers, so each site keeps the "
        "clock of its own category (period, reset or tolling, notice windows; 47 CFR 1.6003(c)(1) and (d); "
        "1.6100(c)) and the batch's deadline is the earliest of them, the safe reading for the City. Counsel should "
        "confirm, or the applicant may split the batch"
    )
    return Period(shortest.days, shortest.citation, False, False, note, flagged=True, per_site=True)


class _Clock:
    """The running state while events are applied in date order."""

    def __init__(self, *, submitted_on, period, calendar):
        self.submitted_on = submitted_on
        self.period = period
        self.calendar = calendar
        self.start = submitted_on  # day 1 is start + 1
        self.tolled = 0
        self.agreed = 0
        self.notice = None  # (date, effect) of the open notice; effect is "reset", "toll" or "none"
        self.any_notice = False
        self.first_items = frozenset()  # the items the first notice named (47 CFR 1.6003(d)(3)(i))
        self.last_answer = None  # (date, answered a notice that affected the clock)
        self.decided = None  # (date, outcome)
        self.withdrawn_on = None
        self.deemed_on = None
        self.lines = []
        self.ignored = []
        self.notices = []
        self.index = 0  # the position of the event being applied
        self.flagged = period.flagged

    def last_day(self):
        return self.start + timedelta(days=self.period.days + self.tolled + self.agreed)

    def deadline(self):
        if self.period.eligible_facilities:
            # 47 CFR 1.6100(c): no weekend or holiday roll of its own; the earlier, unmoved date.
            return self.last_day()
        return self.calendar.next_business_day(self.last_day())

    def act_by(self):
        return self.calendar.previous_business_day(self.deadline())

    def closed(self):
        """Why no further event may be recorded, or ""."""
        if self.decided:
            return f"was decided on {_iso(self.decided[0])}"
        if self.withdrawn_on:
            return f"was withdrawn on {_iso(self.withdrawn_on)}"
        if self.deemed_on:
            return f"was deemed granted on {_iso(self.deemed_on)}"
        return ""

    def paused(self):
        return self.notice is not None and self.notice[1] in ("reset", "toll")

    def record_notice(self, day, effect, line, citation):
        clock_day = (day - self.start).days - self.tolled
        self.notice = (day, effect)
        self.notices.append(
            NoticeRecord(self.index, day, effect, line, citation, clock_day, self.period.days + self.agreed)
        )
        self.lines.append(line)


def _roll_line(clock, last_day):
    """Say how the last day became the deadline (47 CFR 1.6003(e); 47 CFR 1.4(j); 1.6100(c))."""
    calendar = clock.calendar
    if clock.period.eligible_facilities:
        act_by = calendar.previous_business_day(last_day)
        if act_by == last_day:
            return f"deadline {_iso(last_day)} ({last_day:%A}); act by {_iso(act_by)}"
        return (
            f"deadline {_iso(last_day)} ({last_day:%A}), not moved: {calendar.reason_closed(last_day)} is not a "
            "business day, but 47 CFR 1.6100(c) has no weekend or holiday rule of its own and the roll in "
            "47 CFR 1.6003(e) is written for 1.6003 clocks, so Conduit takes the earlier date; act by "
            f"{_iso(act_by)} ({act_by:%A}), the last business day on or before it"
        )
    deadline = calendar.next_business_day(last_day)
    if deadline == last_day:
        return f"deadline {_iso(deadline)} ({deadline:%A})"
    closed = "; ".join(f"{_iso(day)} {reason}" for day, reason in calendar.closed_days_between(last_day, deadline))
    return (
        f"deadline {_iso(deadline)}: the last day, {_iso(last_day)}, is not a business day ({closed}), so the "
        f"deadline moves to the next business day (47 CFR 1.6003(e); 47 CFR 1.4(j))"
    )


def _window_note(calendar, window_end):
    if calendar.is_business_day(window_end):
        return ""
    return (
        f"; the window's last day, {_iso(window_end)}, was not a business day ({calendar.reason_closed(window_end)}), "
        "but Conduit does not extend a notice window (the safe reading; counsel may confirm)"
    )


def _check_further_items(clock, event):
    """47 CFR 1.6003(d)(3)(i); 1.6100(c)(3)(iii): a further notice names only items the first notice named."""
    new = sorted(set(event.items) - clock.first_items)
    if new:
        cite = "47 CFR 1.6100(c)(3)(iii)" if clock.period.eligible_facilities else "47 CFR 1.6003(d)(3)(i)"
        raise ClockError(
            "missing_items",
            f"A further incompleteness notice may only name items the first notice named ({cite}); "
            f"the first notice did not name: {', '.join(new)}.",
        )


def _notice(clock, event):
    day = event.date
    if clock.notice is not None:
        raise ClockError(
            "kind",
            f"The notice of {_iso(clock.notice[0])} is still waiting for the applicant's resubmission; "
            "record the resubmission before another notice.",
        )
    since_submission = (day - clock.submitted_on).days
    first = not clock.any_notice
    if not first:
        _check_further_items(clock, event)
    else:
        clock.first_items = frozenset(event.items)
    clock.any_notice = True
    if first and clock.period.swf:
        window_end = clock.submitted_on + timedelta(days=SWF_NOTICE_DAYS)
        if since_submission <= SWF_NOTICE_DAYS:
            # 47 CFR 1.6003(d)(1): a timely SWF notice restarts the clock at zero on resubmission.
            clock.record_notice(
                day,
                "reset",
                f"incompleteness notice on {_iso(day)}, day {since_submission}: within 10 days of submission, so it "
                f"resets the SWF clock; a full new {clock.period.days}-day period starts on the day the applicant "
                "resubmits (47 CFR 1.6003(d)(1))",
                "47 CFR 1.6003(d)(1)",
            )
        else:
            clock.record_notice(
                day,
                "none",
                f"incompleteness notice on {_iso(day)}, day {since_submission}: later than day 10, so it does not "
                f"reset or toll the SWF clock; the clock keeps running (47 CFR 1.6003(d)(1))"
                + _window_note(clock.calendar, window_end),
                "47 CFR 1.6003(d)(1)",
            )
        return
    if first:
        window_end = clock.submitted_on + timedelta(days=TOLLING_NOTICE_DAYS)
        cite = "47 CFR 1.6100(c)(3)(i)" if clock.period.eligible_facilities else "47 CFR 1.6003(d)(2)"
        if since_submission <= TOLLING_NOTICE_DAYS:
            # 47 CFR 1.6003(d)(2); 1.6100(c)(3)(i): a notice within 30 days tolls until resubmission.
            remaining = (clock.last_day() - day).days
            clock.record_notice(
                day,
                "toll",
                f"incompleteness notice on {_iso(day)}, day {since_submission}: within 30 days of submission, so the "
                f"clock is tolled from {_iso(day + timedelta(days=1))} until the applicant resubmits; {remaining} days "
                f"remain on the clock ({cite})",
                cite,
            )
        else:
            clock.record_notice(
                day,
                "none",
                f"incompleteness notice on {_iso(day)}, day {since_submission}: later than day 30, so it does not toll "
                f"the clock; the clock keeps running ({cite})" + _window_note(clock.calendar, window_end),
                cite,
            )
        return
    # A further notice after a resubmission: 47 CFR 1.6003(d)(3); 1.6100(c)(3)(iii).
    cite = "47 CFR 1.6100(c)(3)(iii)" if clock.period.eligible_facilities else "47 CFR 1.6003(d)(3)"
    answered_on, answered_effective = clock.last_answer
    since_answer = (day - answered_on).days
    if not answered_effective:
        clock.record_notice(
            day,
            "none",
            f"further notice on {_iso(day)}: the resubmission of {_iso(answered_on)} answered a notice that had no "
            f"effect on the clock, so this notice has none either ({cite})",
            cite,
        )
    elif since_answer <= FURTHER_NOTICE_DAYS:
        remaining = (clock.last_day() - day).days
        clock.record_notice(
            day,
            "toll",
            f"further notice on {_iso(day)}, {since_answer} days after the resubmission of {_iso(answered_on)}: within "
            f"10 days, so the clock is tolled again (no reset) from {_iso(day + timedelta(days=1))} until the next "
            f"resubmission; {remaining} days remain on the clock ({cite})",
            cite,
        )
    else:
        clock.record_notice(
            day,
            "none",
            f"further notice on {_iso(day)}, {since_answer} days after the resubmission of {_iso(answered_on)}: "
            f"later than 10 days, so it has no effect on the clock ({cite})"
            + _window_note(clock.calendar, answered_on + timedelta(days=FURTHER_NOTICE_DAYS)),
            cite,
        )


def _resubmission(clock, event):
    day = event.date
    if clock.notice is None:
        raise ClockError(
            "kind", "There is no open incompleteness notice for this resubmission to answer; record the notice first."
        )
    noticed_on, effect = clock.notice
    clock.notice = None
    clock.last_answer = (day, effect != "none")
    if effect == "reset":
        # 47 CFR 1.6003(d)(1): "restart at zero" on resubmission; old tolling and agreements fall away.
        dropped = clock.tolled + clock.agreed
        clock.start, clock.tolled, clock.agreed = day, 0, 0
        clock.lines.append(
            f"resubmitted {_iso(day)}: a new {clock.period.days}-day period starts; day 1 is "
            f"{_iso(day + timedelta(days=1))} (47 CFR 1.6003(d)(1))"
            + (f"; the {dropped} days added to the old clock no longer count" if dropped else "")
        )
    elif effect == "toll":
        # 47 CFR 1.6003(d)(2)(i)-(ii): from the day after the notice until the resubmission date.
        days = (day - noticed_on).days
        clock.tolled += days
        span = f"{_iso(noticed_on + timedelta(days=1))} to {_iso(day)}" if days else "none, same-day resubmission"
        clock.lines.append(
            f"resubmitted {_iso(day)}: {days} days tolled ({span}); the clock runs again and the last day is now "
            f"{_iso(clock.last_day())}"
        )
    else:
        clock.lines.append(f"resubmitted {_iso(day)}: the notice it answers did not stop the clock, so nothing changes")


def _agreement(clock, event):
    if event.days is None or event.days < 1:
        raise ClockError("days", "A tolling agreement must extend the clock by at least one day.")
    late = ""
    if not clock.paused() and event.date > clock.deadline():
        late = (
            f"; note: it was made after the deadline of {_iso(clock.deadline())} had passed, so counsel should "
            "confirm that it revives the clock"
        )
        clock.flagged = True
    clock.agreed += event.days
    # 47 CFR 1.6003(d) ("unless a written agreement ... provides otherwise"); 1.6100(c)(3).
    clock.lines.append(
        f"written tolling agreement of {_iso(event.date)}: the clock is extended by {event.days} days "
        f"(47 CFR 1.6003(d); 1.6100(c)(3)){late}"
    )


def _close_pause(clock, day):
    """End an open toll or reset on `day` as if the applicant had resubmitted then (decision or withdrawal)."""
    if clock.paused():
        noticed_on, effect = clock.notice
        if effect == "toll":
            clock.tolled += (day - noticed_on).days
        else:
            clock.start, clock.tolled, clock.agreed = day, 0, 0
    clock.notice = None


def _decision(clock, event):
    if event.outcome not in OUTCOMES:
        raise ClockError("outcome", "A decision's outcome must be approved or denied.")
    was_paused = clock.paused()
    _close_pause(clock, event.date)
    clock.decided = (event.date, event.outcome)
    if was_paused:
        clock.lines.append(
            f"decision ({event.outcome}) on {_iso(event.date)}, while the clock was stopped for a notice"
        )
    else:
        clock.lines.append(f"decision ({event.outcome}) on {_iso(event.date)}")


def _withdrawal(clock, event):
    _close_pause(clock, event.date)
    clock.withdrawn_on = event.date
    clock.lines.append(f"withdrawn by the applicant on {_iso(event.date)}: the clock stops")


def _deemed_grant(clock, event):
    if not clock.period.eligible_facilities:
        raise ClockError("kind", "Only an eligible facilities request (section 6409(a)) can be deemed granted.")
    if clock.paused() or event.date <= clock.deadline():
        raise ClockError(
            "date",
            "A deemed grant needs the applicant's written notice after the review period has expired"
            + ("" if clock.paused() else f" (the deadline is {_iso(clock.deadline())})")
            + ".",
        )
    clock.deemed_on = event.date
    clock.lines.append(
        f"the applicant's written notice of {_iso(event.date)}: the request is deemed granted (47 CFR 1.6100(c)(4))"
    )


HANDLERS = {
    INCOMPLETE_NOTICE: _notice,
    RESUBMITTED: _resubmission,
    TOLLING_AGREEMENT: _agreement,
    DECISION: _decision,
    WITHDRAWN: _withdrawal,
    DEEMED_GRANTED_NOTICE: _deemed_grant,
}


def compute(*, category, submitted_on, events=(), calendar, as_of, site_categories=(), strict=True, site_labels=()):
    """The shot clock of one application as of `as_of`.

    `events` are `Event`s in the order they were recorded; they are applied in
    date order (ties keep that order) and any dated after `as_of` is left out.
    `site_categories` lists a batch's site categories (blank means the
    application's category) and `site_labels` their addresses, in the same
    order, for the explanation. A batch outside 47 CFR 1.6003(c)(2) gets one
    clock per site and the earliest deadline (see the module docstring).
    `calendar` answers `next_business_day`, `previous_business_day`,
    `is_business_day`, `reason_closed` and `closed_days_between`
    (businessdays.calendar.BusinessCalendar). With `strict`, an impossible event
    raises ClockError naming the field; otherwise it is skipped and listed in
    `ignored`.
    """
    period = batch_period(category, site_categories)
    if period.per_site:
        return _compute_batch(
            category=category,
            period=period,
            submitted_on=submitted_on,
            events=events,
            calendar=calendar,
            as_of=as_of,
            site_categories=site_categories,
            site_labels=site_labels,
            strict=strict,
        )
    return _compute_one(
        category=category,
        period=period,
        submitted_on=submitted_on,
        events=events,
        calendar=calendar,
        as_of=as_of,
        strict=strict,
    )


def _compute_one(*, category, period, submitted_on, events, calendar, as_of, strict):
    clock = _Clock(submitted_on=submitted_on, period=period, calendar=calendar)
    clock.lines.append(
        f"submitted {_iso(submitted_on)}; {category_label(category)}: {period.days} days ({period.citation}); "
        f"day 1 is {_iso(submitted_on + timedelta(days=1))}"
    )
    if period.note:
        clock.lines.append(period.note)

    ordered = sorted(enumerate(events), key=lambda pair: (pair[1].date, pair[0]))
    for index, event in ordered:
        if event.date > as_of:
            continue
        clock.index = index
        try:
            if event.date < submitted_on:
                raise ClockError("date", f"The date is before the application was submitted on {_iso(submitted_on)}.")
            closed = clock.closed()
            if closed:
                raise ClockError("kind", f"The application {closed}; no further event can be recorded.")
            handler = HANDLERS.get(event.kind)
            if handler is None:
                raise ClockError("kind", f"Unknown event kind {event.kind!r}; choose one of {', '.join(EVENT_KINDS)}.")
            handler(clock, event)
        except ClockError as error:
            if strict:
                raise
            clock.ignored.append(f"{event.kind} of {_iso(event.date)} ignored: {error.message}")
    return _result(clock, category=category, as_of=as_of)


def _site_label(number, labels):
    label = str(labels[number - 1]).strip() if number <= len(labels) and labels[number - 1] else ""
    return f"site {number} ({label})" if label else f"site {number}"


def _site_date(site):
    if site.state == TOLLED:
        return f"tolled, {site.days_remaining} days left when the applicant resubmits"
    return f"deadline {_iso(site.deadline)}"


def _governs(site):
    """Sort key: the earliest deadline of a clock that has one; a tolled clock governs only when all are tolled."""
    if site.state == TOLLED:
        return (1, date.max, site.days_remaining)
    return (0, site.deadline, 0)


def _combined_effect(effects):
    if all(effect == "reset" for effect in effects):
        return "reset"
    if all(effect in ("reset", "toll") for effect in effects):
        return "toll"
    return "none"


def _compute_batch(*, category, period, submitted_on, events, calendar, as_of, site_categories, site_labels, strict):
    """A batch outside 47 CFR 1.6003(c)(2): every site's own clock; the earliest deadline governs."""
    codes = [code or category for code in site_categories]
    own = {}  # one clock per category: sites of one category share the same events and rules
    groups = {}
    sites = []
    for number, code in enumerate(codes, start=1):
        if code not in own:
            own[code] = _compute_one(
                category=code,
                period=batch_period(code),
                submitted_on=submitted_on,
                events=events,
                calendar=calendar,
                as_of=as_of,
                strict=strict,
            )
        result = own[code]
        label = _site_label(number, site_labels)
        groups.setdefault(code, []).append(label)
        sites.append(
            SiteClock(
                label,
                code,
                result.days,
                result.deadline,
                result.last_day,
                result.state,
                result.days_remaining,
                result.tolled_days,
            )
        )
    governing = min(sites, key=_governs)
    chosen = own[governing.category]

    lines = [f"submitted {_iso(submitted_on)}; day 1 is {_iso(submitted_on + timedelta(days=1))}", period.note]
    for code, result in own.items():
        group = ", ".join(groups[code])
        lines += [f"{group}: {line}" for line in result.explanation]
    others = "; ".join(f"{site.label}, {_site_date(site)}" for site in sites if site is not governing)
    if governing.state == TOLLED:
        summary = f"every site's clock is tolled; the batch follows {governing.label}, which has the fewest days left"
    else:
        summary = (
            f"the batch's deadline is {_iso(governing.deadline)}, set by {governing.label} "
            f"({category_label(governing.category)}), the earliest of the sites' own clocks"
        )
        if any(site.state == TOLLED for site in sites):
            summary += "; a running clock governs while another is tolled, so the City must still decide by then"
    lines.append(f"{summary}; the other sites: {others}")

    notices = []
    for record in chosen.notices:
        records = [next((r for r in result.notices if r.index == record.index), None) for result in own.values()]
        effects = [r.effect if r else "none" for r in records]
        line = "; ".join(f"{', '.join(groups[code])}: {r.line}" for code, r in zip(own, records, strict=True) if r)
        notices.append(replace(record, effect=_combined_effect(effects), line=line))
    ignored = []
    for result in own.values():
        ignored += [line for line in result.ignored if line not in ignored]
    return replace(
        chosen,
        category=category,
        explanation=tuple(lines),
        flagged=True,
        ignored=tuple(ignored),
        notices=tuple(notices),
        governing_site=governing.label,
        site_deadlines=tuple(sites),
    )


def _result(clock, *, category, as_of):
    period = clock.period
    common = {
        "category": category,
        "days": period.days,
        "as_of": as_of,
        "ignored": tuple(clock.ignored),
        "open_notice_on": clock.notice[0] if clock.notice else None,
        "notices": tuple(clock.notices),
    }
    if clock.paused():
        noticed_on, effect = clock.notice
        if effect == "toll":
            remaining = (clock.last_day() - noticed_on).days
            tolled = clock.tolled + (as_of - noticed_on).days
        else:
            remaining, tolled = period.days, clock.tolled
        clock.lines.append(
            f"as of {_iso(as_of)}: tolled, waiting since {_iso(noticed_on)} for the applicant to resubmit; "
            f"{remaining} days will remain when the clock runs again"
        )
        return ShotClock(
            deadline=None,
            days_remaining=remaining,
            tolled_days=tolled,
            state=TOLLED,
            explanation=tuple(clock.lines),
            flagged=clock.flagged,
            **common,
        )

    last_day = clock.last_day()
    deadline = clock.deadline()
    clock.lines.append(_roll_line(clock, last_day))
    extra = {
        "last_day": last_day,
        "deadline": deadline,
        "act_by": clock.act_by(),
        "tolled_days": clock.tolled,
        "flagged": clock.flagged,
    }

    if clock.withdrawn_on:
        return ShotClock(days_remaining=None, state=STATE_WITHDRAWN, explanation=tuple(clock.lines), **extra, **common)
    if clock.decided:
        decided_on, outcome = clock.decided
        margin = (deadline - decided_on).days
        if margin >= 0:
            state = MET
            when = "on the deadline" if margin == 0 else f"{margin} days before the deadline"
            clock.lines.append(f"decided {_iso(decided_on)}, {when}: met")
        else:
            state = MISSED
            clock.lines.append(
                f"decided {_iso(decided_on)}, {-margin} days after the deadline: missed; " + _remedy(period)
            )
        return ShotClock(
            days_remaining=None,
            state=state,
            explanation=tuple(clock.lines),
            decided_on=decided_on,
            outcome=outcome,
            **extra,
            **common,
        )

    remaining = (deadline - as_of).days
    if remaining >= 0:
        act_by = f"; act by {_iso(extra['act_by'])}" if extra["act_by"] != deadline else ""
        clock.lines.append(f"as of {_iso(as_of)}: running, {remaining} days remaining{act_by}")
        return ShotClock(days_remaining=remaining, state=RUNNING, explanation=tuple(clock.lines), **extra, **common)
    if clock.deemed_on:
        outcome = f"deemed granted on the applicant's notice of {_iso(clock.deemed_on)} (47 CFR 1.6100(c)(4))"
    else:
        outcome = _remedy(period)
    clock.lines.append(f"as of {_iso(as_of)}: no decision by the deadline, {-remaining} days ago: missed; {outcome}")
    return ShotClock(
        days_remaining=remaining,
        state=MISSED,
        explanation=tuple(clock.lines),
        deemed_granted_available=period.eligible_facilities and not clock.deemed_on,
        deemed_granted=bool(clock.deemed_on),
        **extra,
        **common,
    )


@dataclass(frozen=True)
class NoticeEffect:
    """What a notice would do, worked out before it is recorded (for the notice form and the service)."""

    effect: str  # "reset", "toll" or "none"
    sentence: str
    days_remaining: int | None  # after a toll or reset: the days left when the clock runs again
    deadline: date | None  # the deadline that stands when the notice has no effect
    refused: str = ""  # why the engine would refuse the notice ("" when it would not)
    field: str = ""  # the input at fault when refused
    detail: str = ""  # the engine's explanation of the notice

    @property
    def no_effect(self):
        return self.effect == "none"


def notice_effect(
    *, category, submitted_on, events=(), calendar, notice_date, items=(), site_categories=(), site_labels=()
):
    """The effect a notice dated `notice_date` naming `items` would have, without recording it.

    Reset (47 CFR 1.6003(d)(1)), toll (1.6003(d)(2)-(3); 1.6100(c)(3)) or none
    (a late notice, or a further notice after a notice that had no effect).
    Events dated after `notice_date` are left out. A notice the engine would
    refuse (say a further notice naming a new item) comes back with `refused`.
    """
    events = list(events)
    notice = Event(INCOMPLETE_NOTICE, notice_date, items=frozenset(items))
    common = {
        "category": category,
        "submitted_on": submitted_on,
        "calendar": calendar,
        "as_of": notice_date,
        "site_categories": site_categories,
        "site_labels": site_labels,
    }
    try:
        before = compute(events=events, strict=False, **common)
        after = compute(events=[*events, notice], **common)
    except ClockError as error:
        return NoticeEffect(
            "none", f"This notice cannot be recorded: {error.message}", None, None, error.message, error.field
        )
    record = next(r for r in after.notices if r.index == len(events))
    day = f"Day {record.day} of {record.of}"
    if record.effect == "reset":
        sentence = (
            f"{day}: this notice resets the clock; a full new {after.days_remaining}-day period starts on the day "
            f"the applicant resubmits ({record.citation})."
        )
        return NoticeEffect("reset", sentence, after.days_remaining, None, detail=record.line)
    if record.effect == "toll":
        sentence = (
            f"{day}: this notice tolls the clock from {_iso(notice_date + timedelta(days=1))} until the applicant "
            f"resubmits; {after.days_remaining} days will remain when it runs again ({record.citation})."
        )
        return NoticeEffect("toll", sentence, after.days_remaining, None, detail=record.line)
    stands = f"the deadline stays {_iso(before.deadline)}" if before.deadline else "the deadline does not change"
    remaining = before.days_remaining
    left = f"{remaining} days remain" if remaining is not None and remaining >= 0 else "the deadline has passed"
    running = [site.label for site in after.site_deadlines if site.state != TOLLED]
    if after.site_deadlines:
        # A batch outside 1.6003(c)(2): a notice that stops only some sites' clocks does not stop the batch's.
        what = f"does not stop the batch's clock: it neither resets nor tolls the clock of {', '.join(running)}"
    else:
        what = "neither resets nor tolls the clock"
    sentence = f"{day}: this notice {what}; {left} and {stands} ({record.citation})."
    return NoticeEffect("none", sentence, remaining, before.deadline, detail=record.line)


def _remedy(period):
    if period.eligible_facilities:
        # 47 CFR 1.6100(c)(4): deemed granted, but only on the applicant's written notice.
        return (
            "the request is deemed granted once the applicant notifies the City in writing that it is "
            "(47 CFR 1.6100(c)(4))"
        )
    return PRESUMED_PROHIBITION
