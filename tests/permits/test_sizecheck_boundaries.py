"""Small wireless facility size boundaries (47 CFR 1.6002(l)(1)-(3)) and the
category warnings, each worked by hand: 50 ft, exactly 10% taller than the
adjacent or existing structure, 3 cu ft per antenna, 28 cu ft of equipment."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from permits import shotclock, sizecheck
from permits.sizecheck import Dimensions, SizeCheck

HEIGHT = [
    # (dimensions, (qualifies, finding), why)
    (
        Dimensions(height_ft=D("50")),
        (True, "height 50 ft is 50 ft or less, antennas included (47 CFR 1.6002(l)(1)(i))"),
        "exactly 50 ft qualifies",
    ),
    (
        Dimensions(height_ft=D("51")),
        (
            None,
            "height 51 ft is over 50 ft; the adjacent or existing structure's height is needed to apply "
            "the 10% tests (47 CFR 1.6002(l)(1)(ii)-(iii))",
        ),
        "51 ft with nothing to compare: cannot say",
    ),
    (
        # 60 ft x 1.10 = 66 ft: 66 ft is exactly 10% taller, still within
        Dimensions(height_ft=D("66"), adjacent_height_ft=D("60")),
        (
            True,
            "height 66 ft is no more than 10% taller than the adjacent structure of 60 ft (47 CFR 1.6002(l)(1)(ii))",
        ),
        "exactly 10% taller than the adjacent structure qualifies",
    ),
    (
        # 66.1 > 66: more than 10% taller, no existing height to try (iii)
        Dimensions(height_ft=D("66.1"), adjacent_height_ft=D("60")),
        (
            False,
            "height 66.1 ft is over 50 ft and more than 10% above the adjacent or existing structure "
            "(47 CFR 1.6002(l)(1))",
        ),
        "a tenth of a foot past 10% taller does not",
    ),
    (
        # existing 60 ft: the greater of 50 and 60 x 1.10 = 66 ft; raised to exactly 66 ft
        Dimensions(height_ft=D("66"), existing_height_ft=D("60")),
        (
            True,
            "height 66 ft does not raise the existing 60 ft structure above 66 ft, the greater of 50 ft and +10% "
            "(47 CFR 1.6002(l)(1)(iii))",
        ),
        "raising an existing structure by exactly 10% qualifies",
    ),
    (
        # existing 40 ft: the greater of 50 and 44 is 50; 51 ft is over it; adjacent 40 x 1.10 = 44 too
        Dimensions(height_ft=D("51"), existing_height_ft=D("40"), adjacent_height_ft=D("40")),
        (
            False,
            "height 51 ft is over 50 ft and more than 10% above the adjacent or existing structure "
            "(47 CFR 1.6002(l)(1))",
        ),
        "a short structure raised to 51 ft does not",
    ),
]


@pytest.mark.parametrize(("dims", "expected", "why"), HEIGHT, ids=[h[-1] for h in HEIGHT])
def test_height_boundaries(dims, expected, why):
    # A 1 cu ft antenna and 10 cu ft of equipment pass (2) and (3), so the height decides.
    result = sizecheck.check(replace(dims, largest_antenna_cuft=D("1"), equipment_cuft=D("10")))
    assert (result.qualifies, result.findings[0]) == expected


def test_a_site_at_every_limit_qualifies_with_one_finding_per_condition():
    # 66 ft next to a 60 ft structure (exactly +10%), a 3 cu ft antenna, 28 cu ft of other equipment.
    dims = Dimensions(
        height_ft=D("66"), adjacent_height_ft=D("60"), largest_antenna_cuft=D("3"), equipment_cuft=D("28")
    )
    assert sizecheck.check(dims) == SizeCheck(
        True,
        (
            "height 66 ft is no more than 10% taller than the adjacent structure of 60 ft (47 CFR 1.6002(l)(1)(ii))",
            "largest antenna 3 cu ft is within the 3 cu ft limit (47 CFR 1.6002(l)(2))",
            "other equipment 28 cu ft is within the 28 cu ft limit (47 CFR 1.6002(l)(3))",
            sizecheck.NOT_CHECKED,
        ),
        (),
    )


def test_a_site_just_over_the_volume_limits_does_not_qualify():
    dims = Dimensions(height_ft=D("35"), largest_antenna_cuft=D("3.01"), equipment_cuft=D("28.5"))
    assert sizecheck.check(dims) == SizeCheck(
        False,
        (
            "height 35 ft is 50 ft or less, antennas included (47 CFR 1.6002(l)(1)(i))",
            "largest antenna 3.01 cu ft exceeds the 3 cu ft limit (47 CFR 1.6002(l)(2))",
            "other equipment 28.5 cu ft exceeds the 28 cu ft limit (47 CFR 1.6002(l)(3))",
            sizecheck.NOT_CHECKED,
        ),
        (),
    )


def _size(qualifies):
    return SizeCheck(qualifies, (), ())


WARNINGS = [
    # (category, qualifies, new structure, warnings, why)
    (
        shotclock.ELIGIBLE_FACILITIES,
        True,
        True,
        [
            "An eligible facilities request modifies an existing structure (47 CFR 1.6100(b)(3)), but this site "
            "is a new structure."
        ],
        "a 6409(a) request on a new structure",
    ),
    (shotclock.ELIGIBLE_FACILITIES, False, False, [], "a 6409(a) request is not judged by the SWF size test"),
    (
        shotclock.SWF_COLLOCATION,
        False,
        False,
        [
            "Filed as a small wireless facility, but the measurements exceed 47 CFR 1.6002(l); the SWF shot clock "
            "stays in force until the category is corrected."
        ],
        "filed as an SWF but too big",
    ),
    (
        shotclock.COLLOCATION,
        True,
        False,
        [
            "Filed as a non-SWF, but the measurements meet 47 CFR 1.6002(l): the applicant could claim the shorter "
            "60-day SWF clock (47 CFR 1.6003(c)(1)). Check the category."
        ],
        "a non-SWF collocation that qualifies: 60 days",
    ),
    (
        shotclock.NEW_STRUCTURE,
        True,
        True,
        [
            "Filed as a non-SWF, but the measurements meet 47 CFR 1.6002(l): the applicant could claim the shorter "
            "90-day SWF clock (47 CFR 1.6003(c)(1)). Check the category."
        ],
        "a non-SWF new structure that qualifies: 90 days",
    ),
    (
        shotclock.SWF_COLLOCATION,
        True,
        True,
        ["The site is a new structure, but the category is a collocation on an existing structure."],
        "a new structure filed as a collocation",
    ),
    (
        shotclock.SWF_NEW_STRUCTURE,
        None,
        False,
        ["The category is a new structure, but the site is a collocation on an existing structure."],
        "a collocation filed as a new structure",
    ),
]


@pytest.mark.parametrize(("category", "qualifies", "new", "expected", "why"), WARNINGS, ids=[w[-1] for w in WARNINGS])
def test_category_warnings(category, qualifies, new, expected, why):
    assert sizecheck.category_warnings(category, _size(qualifies), new_structure=new) == expected
