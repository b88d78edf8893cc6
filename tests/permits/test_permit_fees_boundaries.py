"""Small-cell fees against FCC 18-133 para. 79, worked by hand: $500 for up to
five SWFs plus $100 each beyond, $1,000 per new pole, $270 per SWF a year."""

from decimal import Decimal as D

from permits import fees, shotclock


def test_two_new_poles_are_counted_as_two():
    categories = [shotclock.SWF_NEW_STRUCTURE, shotclock.SWF_NEW_STRUCTURE, shotclock.SWF_COLLOCATION]
    assert fees.count_swfs(categories) == (1, 2)


def test_findings_for_a_mixed_batch_above_on_application_and_equal_on_the_annual_fee():
    # 7 SWF collocations, 2 SWF new poles, 1 macro collocation.
    # FCC: 500 + 100 x (7 - 5) + 1,000 x 2 = 2,700; City: 750 + 200 + 2,000 = 2,950 -> above.
    # Annual: 270 x 9 = 2,430 both -> equal is within, not above.
    city = fees.Schedule(
        application_up_to_five=D("750"), each_additional=D("100"), new_pole=D("1000"), annual_per_swf=D("270")
    )
    categories = [shotclock.SWF_COLLOCATION] * 7 + [shotclock.SWF_NEW_STRUCTURE] * 2 + [shotclock.COLLOCATION]
    result = fees.check(city, site_categories=categories)
    assert (result.collocations, result.new_poles) == (7, 2)
    assert (result.city_application, result.fcc_application) == (D("2950"), D("2700"))
    assert (result.city_annual, result.fcc_annual) == (D("2430"), D("2430"))
    assert (result.application_above, result.annual_above, result.flagged) == (True, False, True)
    assert result.findings == (
        "1 site(s) are not small wireless facilities; the FCC presumptions (FCC 18-133 para. 79) do not cover them.",
        "Application fee $2,950.00 is above the FCC presumptively reasonable $2,700.00 (FCC 18-133 para. 79): "
        "the City must be able to show it approximates its reasonable costs (para. 50, 80).",
        "Annual recurring fee $2,430.00 is within the FCC presumptively reasonable $2,430.00 (FCC 18-133 para. 79).",
    )
