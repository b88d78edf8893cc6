"""Which items of the City's published checklist an application must meet, and the completeness countdown.

Pure: no ORM, no settings. The callers pass the checklist items (anything
with `published_on`, `retired_on`, `category_codes` and `required`) and the
dates.

- An application is held only to items published on or before the day it was
  submitted and not retired by then: FCC 18-133 para. 86-88 and 47 CFR
  1.6003(d)(1) let a City find an application incomplete only for documents
  or information required by "publicly stated" rules, published in advance.
- An item with no category codes applies to every category.
- The completeness review has 10 days for a small wireless facility (a notice
  then resets the clock, 47 CFR 1.6003(d)(1)) and 30 days for anything else
  (a notice then tolls it, 47 CFR 1.6003(d)(2)(iii); 1.6100(c)(3)(i)). Day 1
  is the day after submission. Conduit does not extend a window that ends on
  a weekend or holiday (permits.shotclock: the safe reading).
- After the applicant resubmits in answer to a notice, the City has 10 days
  from the resubmission to say it is still incomplete (a further notice may
  name only items the first notice named): 47 CFR 1.6003(d)(3);
  1.6100(c)(3)(iii). The countdown then runs from the latest resubmission.
"""

from dataclasses import dataclass
from datetime import timedelta

from permits import shotclock


def applies(item, *, category, submitted_on):
    """Whether `item` was a published requirement for an application of `category` submitted on that day."""
    if item.published_on > submitted_on:
        return False
    if item.retired_on is not None and item.retired_on <= submitted_on:
        return False
    codes = item.category_codes
    return not codes or category in codes


def items_for(items, *, category, submitted_on):
    """The items that apply, in the order given."""
    return [item for item in items if applies(item, category=category, submitted_on=submitted_on)]


def review_window_days(category):
    """10 for a small wireless facility (reset), 30 otherwise (tolling)."""
    if category in (shotclock.SWF_COLLOCATION, shotclock.SWF_NEW_STRUCTURE):
        return shotclock.SWF_NOTICE_DAYS
    return shotclock.TOLLING_NOTICE_DAYS


@dataclass(frozen=True)
class Countdown:
    day: int  # days since submission, or since the latest resubmission (0 on the day itself)
    of: int  # the window: 10 or 30
    last_day: object  # date: the last day a notice is timely
    after_resubmission: bool = False  # counted from a resubmission (a further notice's window)

    @property
    def over(self):
        return self.day > self.of

    @property
    def label(self):
        since = " after the resubmission" if self.after_resubmission else ""
        if self.over:
            return f"day {self.day}{since}: the {self.of}-day window has passed"
        return f"day {self.day} of {self.of}{since}"


def countdown(*, category, submitted_on, today, resubmitted_on=None):
    """Where the completeness review stands: "day 4 of 10" on the fourth day after a SWF submission; after a
    resubmission, "day 2 of 10 after the resubmission" (the further notice's window, for every category)."""
    if resubmitted_on is not None:
        days = shotclock.FURTHER_NOTICE_DAYS
        return Countdown(
            day=(today - resubmitted_on).days,
            of=days,
            last_day=resubmitted_on + timedelta(days=days),
            after_resubmission=True,
        )
    days = review_window_days(category)
    return Countdown(day=(today - submitted_on).days, of=days, last_day=submitted_on + timedelta(days=days))
