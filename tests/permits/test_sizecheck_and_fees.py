"""The size check (47 CFR 1.6002(l)) and the fee check (FCC 18-133 para. 79),
table-driven; each expected value is worked out in its comment."""

from decimal import Decimal as D

import pytest

from permits import fees, shotclock, sizecheck
from permits.sizecheck import Dimensions

SIZE_CASES = [
    # (why, dimensions, qualifies, words in a finding)
    # 48 <= 50; antenna 2.5 <= 3; equipment 20 <= 28: qualifies.
    ("a typical streetlight small cell", Dimensions(D("48"), None, None, D("2.5"), D("20")), True, "(l)(1)(i)"),
    # Exactly 50 ft, 3 cu ft, 28 cu ft: the limits are inclusive.
    ("exactly at every limit", Dimensions(D("50"), None, None, D("3"), D("28")), True, "50 ft or less"),
    # 54 > 50, but 54 <= 50 * 1.10 = 55 (adjacent building of 50 ft).
    (
        "ten percent taller than the adjacent building",
        Dimensions(D("54"), None, D("50"), D("2"), D("10")),
        True,
        "(ii)",
    ),
    # 56 > 55 = 50 * 1.10, and no existing height: fails.
    ("more than ten percent taller", Dimensions(D("56"), None, D("50"), D("2"), D("10")), False, "over 50 ft"),
    # Existing 60 ft structure raised to 65: allowed max(50, 66) = 66 -> qualifies under (iii).
    (
        "an existing structure raised by under ten percent",
        Dimensions(D("65"), D("60"), None, D("2"), D("10")),
        True,
        "(iii)",
    ),
    # Existing 60 ft raised to 67 > 66: fails.
    (
        "an existing structure raised by over ten percent",
        Dimensions(D("67"), D("60"), None, D("2"), D("10")),
        False,
        "more than 10%",
    ),
    # Existing 40 ft raised to 50: 50 <= 50 already passes (i).
    ("an existing structure raised to fifty feet", Dimensions(D("50"), D("40"), None, D("2"), D("10")), True, "(i)"),
    # Antenna 3.2 > 3: fails whatever the height.
    (
        "an antenna over three cubic feet",
        Dimensions(D("30"), None, None, D("3.2"), D("10")),
        False,
        "exceeds the 3 cu ft",
    ),
    # Equipment 28.5 > 28: fails.
    (
        "equipment over twenty-eight cubic feet",
        Dimensions(D("30"), None, None, D("2"), D("28.5")),
        False,
        "exceeds the 28 cu ft",
    ),
    # 60 ft with nothing to compare: cannot say.
    ("over fifty feet with no comparison", Dimensions(D("60"), None, None, D("2"), D("10")), None, "is needed"),
    # Nothing measured: cannot say.
    ("no measurements", Dimensions(), None, "Not checked here"),
]


@pytest.mark.parametrize(("why", "dims", "qualifies", "words"), SIZE_CASES, ids=[row[0] for row in SIZE_CASES])
def test_size_check(why, dims, qualifies, words):
    result = sizecheck.check(dims)
    assert result.qualifies is qualifies, result.findings
    assert any(words in line for line in result.findings), result.findings


def test_the_size_check_lists_what_it_could_not_check():
    result = sizecheck.check(Dimensions())
    assert result.missing == ("height", "antenna volume", "equipment volume")
    assert "antenna structure registration" in result.findings[-1]


SMALL = sizecheck.check(Dimensions(D("40"), None, None, D("2"), D("10")))
BIG = sizecheck.check(Dimensions(D("80"), None, D("50"), D("5"), D("40")))

WARNINGS = [
    # (why, category, size, new_structure, words or None for no warning)
    ("an swf that fits says nothing", shotclock.SWF_COLLOCATION, SMALL, False, None),
    ("an swf that is too big is flagged", shotclock.SWF_COLLOCATION, BIG, False, "exceed 47 CFR 1.6002(l)"),
    ("a small collocation filed as non-swf could claim 60 days", shotclock.COLLOCATION, SMALL, False, "60-day"),
    ("a small new structure filed as non-swf could claim 90 days", shotclock.NEW_STRUCTURE, SMALL, True, "90-day"),
    ("a big macro collocation says nothing", shotclock.COLLOCATION, BIG, False, None),
    ("a collocation category on a new pole", shotclock.SWF_COLLOCATION, SMALL, True, "new structure, but"),
    ("a new-structure category on an existing pole", shotclock.SWF_NEW_STRUCTURE, SMALL, False, "collocation on an"),
    ("an eligible facilities request on an existing tower", shotclock.ELIGIBLE_FACILITIES, BIG, False, None),
    ("an eligible facilities request on a new structure", shotclock.ELIGIBLE_FACILITIES, SMALL, True, "1.6100(b)(3)"),
]


@pytest.mark.parametrize(("why", "category", "size", "new", "words"), WARNINGS, ids=[row[0] for row in WARNINGS])
def test_category_warnings(why, category, size, new, words):
    warnings = sizecheck.category_warnings(category, size, new_structure=new)
    if words is None:
        assert warnings == []
    else:
        assert any(words in line for line in warnings), warnings


FCC = fees.FCC_PRESUMPTIVE
FEE_CASES = [
    # (why, collocations, new poles, application fee, annual fee) at the FCC amounts
    # 1 collocation: $500; 1 x $270.
    ("one collocation", 1, 0, D("500"), D("270")),
    # 5 collocations: still $500; 5 x 270 = $1,350.
    ("five collocations", 5, 0, D("500"), D("1350")),
    # 8 collocations: 500 + 3 x 100 = $800; 8 x 270 = $2,160.
    ("eight collocations", 8, 0, D("800"), D("2160")),
    # 2 new poles: 2 x 1,000 = $2,000; 2 x 270 = $540.
    ("two new poles", 0, 2, D("2000"), D("540")),
    # 6 collocations and 1 new pole: 500 + 100 + 1,000 = $1,600; 7 x 270 = $1,890.
    ("a mixed batch", 6, 1, D("1600"), D("1890")),
    ("no swfs", 0, 0, D("0"), D("0")),
]


@pytest.mark.parametrize(("why", "coll", "poles", "app", "year"), FEE_CASES, ids=[row[0] for row in FEE_CASES])
def test_fcc_presumptive_fees(why, coll, poles, app, year):
    assert fees.application_fee(FCC, collocations=coll, new_poles=poles) == app
    assert fees.annual_fee(FCC, swfs=coll + poles) == year


def test_a_city_fee_above_the_presumption_is_flagged():
    city = fees.Schedule(D("750"), D("100"), D("1000"), D("270"))
    # Three collocations: City 750 > FCC 500; annual 3 x 270 = 810 both.
    result = fees.check(city, site_categories=[shotclock.SWF_COLLOCATION] * 3)
    assert result.city_application == D("750") and result.fcc_application == D("500")
    assert result.application_above and not result.annual_above and result.flagged
    assert "$750.00 is above the FCC presumptively reasonable $500.00" in result.findings[0]
    assert "within" in result.findings[1]


def test_a_city_annual_fee_above_the_presumption_is_flagged():
    city = fees.Schedule(D("500"), D("100"), D("1000"), D("300"))
    # One new pole: application 1,000 both; annual 300 > 270.
    result = fees.check(city, site_categories=[shotclock.SWF_NEW_STRUCTURE])
    assert not result.application_above and result.annual_above


def test_non_swf_sites_are_outside_the_presumptions():
    result = fees.check(FCC, site_categories=[shotclock.NEW_STRUCTURE, shotclock.SWF_COLLOCATION])
    assert result.collocations == 1 and result.new_poles == 0
    assert "1 site(s) are not small wireless facilities" in result.findings[0]
    assert not result.flagged
