"""The checklist rule (permits.checklist) against hand-worked examples."""

from dataclasses import dataclass
from datetime import date

from permits import checklist, shotclock


@dataclass
class Item:
    name: str
    published_on: date
    retired_on: date | None = None
    category_codes: tuple = ()
    required: bool = True


PLANS = Item("Construction drawings", date(2025, 1, 6))
PHOTO_SIMS = Item("Photo simulations", date(2026, 3, 2), category_codes=(shotclock.SWF_NEW_STRUCTURE,))
LATE = Item("Structural report", date(2026, 11, 2))
RETIRED = Item("Paper copies", date(2024, 1, 2), retired_on=date(2026, 6, 1))


def names(items):
    return [item.name for item in items]


def test_only_items_published_by_the_submission_day_apply():
    items = [PLANS, PHOTO_SIMS, LATE, RETIRED]
    # Submitted 2026-11-01: the structural report, published 2026-11-02, was not yet a published standard.
    assert names(checklist.items_for(items, category=shotclock.SWF_NEW_STRUCTURE, submitted_on=date(2026, 11, 1))) == [
        "Construction drawings",
        "Photo simulations",
    ]
    # Published that very day: it applies.
    assert "Structural report" in names(
        checklist.items_for(items, category=shotclock.SWF_COLLOCATION, submitted_on=date(2026, 11, 2))
    )


def test_an_item_for_other_categories_and_a_retired_item_do_not_apply():
    items = [PHOTO_SIMS, RETIRED]
    assert names(checklist.items_for(items, category=shotclock.SWF_COLLOCATION, submitted_on=date(2026, 5, 31))) == [
        "Paper copies"
    ]
    # Retired on 2026-06-01: not asked of an application submitted that day.
    assert checklist.items_for(items, category=shotclock.SWF_COLLOCATION, submitted_on=date(2026, 6, 1)) == []


def test_the_countdown_is_day_n_of_10_for_a_small_wireless_facility_and_of_30_otherwise():
    # Submitted Tue 2026-12-01; on Sat 2026-12-05 it is day 4 of 10; the last timely day is 2026-12-11.
    swf = checklist.countdown(
        category=shotclock.SWF_COLLOCATION, submitted_on=date(2026, 12, 1), today=date(2026, 12, 5)
    )
    assert (swf.day, swf.of, swf.last_day, swf.label) == (4, 10, date(2026, 12, 11), "day 4 of 10")
    macro = checklist.countdown(
        category=shotclock.NEW_STRUCTURE, submitted_on=date(2026, 12, 1), today=date(2026, 12, 31)
    )
    assert (macro.day, macro.of, macro.over) == (30, 30, False)
    late = checklist.countdown(
        category=shotclock.SWF_NEW_STRUCTURE, submitted_on=date(2026, 12, 1), today=date(2026, 12, 12)
    )
    assert late.over and late.label == "day 11: the 10-day window has passed"


def test_after_a_resubmission_the_countdown_is_the_further_notices_10_days_from_it():
    # Submitted Tue 2026-12-01 (a 30-day category), notice on day 12, resubmitted Mon 2026-12-21: on Wed 2026-12-23
    # it is day 2 of 10 after the resubmission, the last timely day 2026-12-31 (47 CFR 1.6003(d)(3)).
    again = checklist.countdown(
        category=shotclock.NEW_STRUCTURE,
        submitted_on=date(2026, 12, 1),
        today=date(2026, 12, 23),
        resubmitted_on=date(2026, 12, 21),
    )
    assert (again.day, again.of, again.last_day, again.label) == (
        2,
        10,
        date(2026, 12, 31),
        "day 2 of 10 after the resubmission",
    )
    # Past it (day 11), the window has passed, whatever the category's first window.
    late = checklist.countdown(
        category=shotclock.SWF_COLLOCATION,
        submitted_on=date(2026, 12, 1),
        today=date(2027, 1, 1),
        resubmitted_on=date(2026, 12, 21),
    )
    assert late.over and late.label == "day 11 after the resubmission: the 10-day window has passed"
