"""permits.sizecheck.suggested_category: which shot-clock category a site's measurements point to."""

from decimal import Decimal

import pytest

from permits import sizecheck

D = Decimal


@pytest.mark.parametrize(
    ("dims", "new_structure", "expected"),
    [
        # 35 ft, 2 cu ft antenna, 20 cu ft equipment: all within 1.6002(l)(1)-(3) -> SWF collocation.
        (sizecheck.Dimensions(D("35"), None, None, D("2"), D("20")), False, "swf_collocation"),
        # The same measurements on a new pole -> SWF new structure.
        (sizecheck.Dimensions(D("35"), None, None, D("2"), D("20")), True, "swf_new_structure"),
        # Exactly at the limits (50 ft, 3 and 28 cu ft) still qualifies.
        (sizecheck.Dimensions(D("50"), None, None, D("3"), D("28")), False, "swf_collocation"),
        # A 3.01 cu ft antenna fails (l)(2) -> other collocation.
        (sizecheck.Dimensions(D("35"), None, None, D("3.01"), D("20")), False, "collocation"),
        # 28.5 cu ft of equipment on a new structure fails (l)(3) -> other new structure.
        (sizecheck.Dimensions(D("35"), None, None, D("2"), D("28.5")), True, "new_structure"),
        # 80 ft beside a 40 ft building (limit 44 ft) fails (l)(1) -> other collocation.
        (sizecheck.Dimensions(D("80"), None, D("40"), D("2"), D("20")), False, "collocation"),
        # No equipment volume: the check cannot tell, so nothing is suggested.
        (sizecheck.Dimensions(D("35"), None, None, D("2"), None), False, None),
        # 60 ft with no adjacent or existing height: cannot tell.
        (sizecheck.Dimensions(D("60"), None, None, D("2"), D("20")), True, None),
        # Cannot tell on one condition, but another fails: not an SWF whatever the rest.
        (sizecheck.Dimensions(None, None, None, D("4"), None), False, "collocation"),
    ],
)
def test_the_measurements_suggest_the_category(dims, new_structure, expected):
    size = sizecheck.check(dims)
    assert sizecheck.suggested_category(size, new_structure=new_structure) == expected
