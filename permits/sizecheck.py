"""Does a site qualify as a small wireless facility? Pure, no ORM.

47 CFR 1.6002(l): small wireless facilities are facilities that meet each of
these conditions (wording summarised; check the eCFR):

(1) they are mounted on structures 50 feet or less in height including their
    antennas; or on structures no more than 10 percent taller than other
    adjacent structures; or they do not extend existing structures on which
    they are located to a height of more than 50 feet or by more than 10
    percent, whichever is greater;
(2) each antenna (excluding associated antenna equipment) is no more than
    three cubic feet in volume;
(3) all other wireless equipment associated with the structure, including
    pre-existing equipment, is no more than 28 cubic feet in volume;
(4) no antenna structure registration under 47 CFR part 17 is needed;
(5) they are not on Tribal lands (36 CFR 800.16(x));
(6) they comply with the RF exposure limits of 47 CFR 1.1307(b).

Conditions (4)-(6) are not about size and cannot be read from the site's
measurements; the check lists them for the reviewer instead of guessing.

The category matters because the shot clock depends on it: an SWF
collocation has 60 days, any other collocation 90 (47 CFR 1.6003(c)(1)). An
application filed as a non-SWF that actually qualifies could be held to the
shorter SWF clock, so the check warns both ways.
"""

from dataclasses import dataclass
from decimal import Decimal

from permits import shotclock

MAX_HEIGHT_FT = Decimal("50")  # 1.6002(l)(1)(i)
TALLER_THAN_ADJACENT = Decimal("1.10")  # 1.6002(l)(1)(ii)-(iii): no more than 10 percent
MAX_ANTENNA_CUFT = Decimal("3")  # 1.6002(l)(2)
MAX_EQUIPMENT_CUFT = Decimal("28")  # 1.6002(l)(3)

NOT_CHECKED = (
    "Not checked here: antenna structure registration (47 CFR 1.6002(l)(4)), Tribal lands (l)(5) and RF exposure "
    "(l)(6); confirm them from the application."
)


@dataclass(frozen=True)
class Dimensions:
    """A site's measurements; None where the application does not give them.

    `height_ft`: the structure's height after the deployment, antennas
    included. `existing_height_ft`: the structure's height before it (a
    collocation). `adjacent_height_ft`: the tallest adjacent structure.
    `largest_antenna_cuft`: the largest single antenna's volume.
    `equipment_cuft`: all other equipment on the structure, pre-existing included.
    """

    height_ft: Decimal | None = None
    existing_height_ft: Decimal | None = None
    adjacent_height_ft: Decimal | None = None
    largest_antenna_cuft: Decimal | None = None
    equipment_cuft: Decimal | None = None


@dataclass(frozen=True)
class SizeCheck:
    qualifies: bool | None  # None: not enough measurements to say
    findings: tuple  # one line per condition, with its citation
    missing: tuple  # measurements the check needed and did not have


def _height(dims):
    """Condition (1): (True|False|None, finding)."""
    if dims.height_ft is None:
        return None, None
    height = dims.height_ft
    if height <= MAX_HEIGHT_FT:
        return True, f"height {height} ft is 50 ft or less, antennas included (47 CFR 1.6002(l)(1)(i))"
    if dims.adjacent_height_ft is not None and height <= dims.adjacent_height_ft * TALLER_THAN_ADJACENT:
        return True, (
            f"height {height} ft is no more than 10% taller than the adjacent structure of "
            f"{dims.adjacent_height_ft} ft (47 CFR 1.6002(l)(1)(ii))"
        )
    if dims.existing_height_ft is not None:
        allowed = max(MAX_HEIGHT_FT, dims.existing_height_ft * TALLER_THAN_ADJACENT)
        if height <= allowed:
            return True, (
                f"height {height} ft does not raise the existing {dims.existing_height_ft} ft structure above "
                f"{allowed.normalize():f} ft, the greater of 50 ft and +10% (47 CFR 1.6002(l)(1)(iii))"
            )
    if dims.adjacent_height_ft is None and dims.existing_height_ft is None:
        return None, (
            f"height {height} ft is over 50 ft; the adjacent or existing structure's height is needed to apply "
            "the 10% tests (47 CFR 1.6002(l)(1)(ii)-(iii))"
        )
    return False, (
        f"height {height} ft is over 50 ft and more than 10% above the adjacent or existing structure "
        "(47 CFR 1.6002(l)(1))"
    )


def check(dims):
    """Apply 47 CFR 1.6002(l)(1)-(3) to one site's measurements."""
    results, findings, missing = [], [], []
    ok, finding = _height(dims)
    if finding is None:
        missing.append("height")
    else:
        findings.append(finding)
    results.append(ok)

    if dims.largest_antenna_cuft is None:
        missing.append("antenna volume")
        results.append(None)
    else:
        ok = dims.largest_antenna_cuft <= MAX_ANTENNA_CUFT
        verb = "is within" if ok else "exceeds"
        findings.append(
            f"largest antenna {dims.largest_antenna_cuft} cu ft {verb} the 3 cu ft limit (47 CFR 1.6002(l)(2))"
        )
        results.append(ok)

    if dims.equipment_cuft is None:
        missing.append("equipment volume")
        results.append(None)
    else:
        ok = dims.equipment_cuft <= MAX_EQUIPMENT_CUFT
        verb = "is within" if ok else "exceeds"
        findings.append(f"other equipment {dims.equipment_cuft} cu ft {verb} the 28 cu ft limit (47 CFR 1.6002(l)(3))")
        results.append(ok)

    if False in results:
        qualifies = False
    elif None in results:
        qualifies = None
    else:
        qualifies = True
    findings.append(NOT_CHECKED)
    return SizeCheck(qualifies, tuple(findings), tuple(missing))


def category_warnings(category, size, *, new_structure):
    """Warnings when the chosen category disagrees with the size check or the structure.

    `category` is the site's shot-clock category; `new_structure` says whether
    the site is a new structure rather than a collocation on an existing one.
    """
    warnings = []
    if category == shotclock.ELIGIBLE_FACILITIES:
        # A 6409(a) request modifies an existing tower or base station; the SWF size test does not decide it.
        if new_structure:
            warnings.append(
                "An eligible facilities request modifies an existing structure (47 CFR 1.6100(b)(3)), but this site "
                "is a new structure."
            )
        return warnings
    swf = category in shotclock.SWF_CATEGORIES
    if swf and size.qualifies is False:
        warnings.append(
            "Filed as a small wireless facility, but the measurements exceed 47 CFR 1.6002(l); the SWF shot clock "
            "stays in force until the category is corrected."
        )
    if not swf and size.qualifies is True:
        shorter = "60" if category == shotclock.COLLOCATION else "90"
        warnings.append(
            f"Filed as a non-SWF, but the measurements meet 47 CFR 1.6002(l): the applicant could claim the shorter "
            f"{shorter}-day SWF clock (47 CFR 1.6003(c)(1)). Check the category."
        )
    is_new_category = category in (shotclock.SWF_NEW_STRUCTURE, shotclock.NEW_STRUCTURE)
    if new_structure and not is_new_category:
        warnings.append("The site is a new structure, but the category is a collocation on an existing structure.")
    if not new_structure and is_new_category:
        warnings.append("The category is a new structure, but the site is a collocation on an existing structure.")
    return warnings


def suggested_category(size, *, new_structure):
    """The shot-clock category the measurements point to, or None when the check cannot tell.

    A site that meets 47 CFR 1.6002(l) is a small wireless facility: a collocation on an existing
    structure (60 days) or a new structure (90 days), 47 CFR 1.6003(c)(1)(i) and (iii). One that does
    not is an other collocation (90 days) or an other new structure (150 days), (c)(1)(ii) and (iv).
    A section 6409(a) request is the applicant's choice of law, never suggested by size.
    """
    if size.qualifies is None:
        return None
    if size.qualifies:
        return shotclock.SWF_NEW_STRUCTURE if new_structure else shotclock.SWF_COLLOCATION
    return shotclock.NEW_STRUCTURE if new_structure else shotclock.COLLOCATION
