"""Franchise fee boundaries (47 U.S.C. 542(b); 47 CFR 76.42): the exact edges
where a fee, interest or license year changes, each worked by hand. Interest
is simple, actual/365, from the day after the due date."""

from datetime import date as D
from decimal import Decimal as M

import pytest

from franchise import fees
from franchise.fees import CapCheck, PaymentLine, QuarterFee, Reconciliation


def test_money_from_text_or_whole_dollars_is_exact_decimal():
    assert fees.to_decimal("10.50") == M("10.50")
    assert isinstance(fees.to_decimal("10.50"), M)
    assert fees.to_decimal(7) == M("7")


def test_a_float_is_refused_with_the_reason():
    with pytest.raises(TypeError, match=r"^Money must be Decimal, int or str, never float\.$"):
        fees.to_decimal(0.1)


SIMPLE_INTEREST = [
    # (amount, rate %, days, interest before rounding, why)
    # 1,000 x 12% x 1/365 = 120/365 = 0.328767... -> one day late already costs $0.33
    (M("1000"), M("12"), 1, M("0.33"), "one day late accrues a day's interest"),
    # 1.00 x 12% x 365/365 = 0.12
    (M("1.00"), M("12"), 365, M("0.12"), "a one-dollar balance still accrues"),
    (M("1000"), M("12"), 0, M("0"), "paid on the due date: no interest"),
    (M("-100"), M("12"), 10, M("0"), "a credit (overpaid) balance earns no interest for the operator"),
]


@pytest.mark.parametrize(
    ("amount", "rate", "days", "expected", "why"), SIMPLE_INTEREST, ids=[s[-1] for s in SIMPLE_INTEREST]
)
def test_simple_interest_boundaries(amount, rate, days, expected, why):
    assert fees.cents(fees.simple_interest(amount, rate, days)) == expected


def test_nothing_due_is_never_late():
    # A quarter with no fee due (no cable revenue): no interest, no late days, "paid" on the due date.
    assert fees.late_interest(
        amount_due=M("0"), due_date=D(2027, 2, 15), payments=[], rate_percent=M("12"), as_of=D(2027, 3, 17)
    ) == (M("0"), 0, D(2027, 2, 15))


def test_a_one_dollar_fee_left_unpaid_for_a_year_accrues_twelve_cents():
    # Due Feb 15 2027, unpaid on Feb 15 2028: 365 days; 1.00 x 12% x 365/365 = 0.12
    assert fees.late_interest(
        amount_due=M("1.00"), due_date=D(2027, 2, 15), payments=[], rate_percent=M("12"), as_of=D(2028, 2, 15)
    ) == (M("0.12"), 365, None)


def test_fifty_cents_short_is_not_paid_in_full():
    # $1,000 due Feb 15 2027, $999.50 paid that day: 50 cents stay unpaid to Mar 17 (13 days in Feb + 17 = 30).
    # 0.50 x 12% x 30/365 = 0.00493 -> $0.00, but the quarter is still open: 30 late days, not paid in full.
    assert fees.late_interest(
        amount_due=M("1000.00"),
        due_date=D(2027, 2, 15),
        payments=[PaymentLine(D(2027, 2, 15), M("999.50"))],
        rate_percent=M("12"),
        as_of=D(2027, 3, 17),
    ) == (M("0.00"), 30, None)


def test_interest_before_a_part_payment_is_kept_after_it():
    # $1,000 due Feb 15 2027; $500 paid Mar 17 (30 days late); $500 still unpaid on Apr 16 (30 more days).
    # 1,000 x 12% x 30/365 = 9.863014; 500 x 12% x 30/365 = 4.931507; sum 14.794521 -> $14.79; 60 late days.
    assert fees.late_interest(
        amount_due=M("1000.00"),
        due_date=D(2027, 2, 15),
        payments=[PaymentLine(D(2027, 3, 17), M("500.00"))],
        rate_percent=M("12"),
        as_of=D(2027, 4, 16),
    ) == (M("14.79"), 60, None)


def test_a_payment_without_a_report_is_not_counted_late():
    # Q4 2026 due Feb 15 2027; $5,000 paid, no gross-revenue report yet; seen on Mar 17: no late days
    # (the fee due is unknown), nothing to compare the payment with.
    row = fees.quarter_fee(
        period_start=D(2026, 10, 1),
        period_end=D(2026, 12, 31),
        due_date=D(2027, 2, 15),
        gross_revenue=None,
        rate_percent=M("5"),
        interest_percent=M("12"),
        payments=[PaymentLine(D(2027, 2, 10), M("5000"))],
        as_of=D(2027, 3, 17),
    )
    assert row == QuarterFee(
        D(2026, 10, 1), D(2026, 12, 31), D(2027, 2, 15), None, M("5"), None, M("5000.00"), None, 0, M("0"), None
    )
    assert row.status == "paid, no report"


def test_on_the_due_date_an_unpaid_quarter_is_not_yet_past_due():
    # Q4 2026: $1,000,000 x 5% = $50,000 due Feb 15 2027; nothing paid; seen on Feb 15 itself: 0 late days,
    # no interest, the due date has not passed.
    row = fees.quarter_fee(
        period_start=D(2026, 10, 1),
        period_end=D(2026, 12, 31),
        due_date=D(2027, 2, 15),
        gross_revenue=M("1000000"),
        rate_percent=M("5"),
        interest_percent=M("12"),
        payments=[],
        as_of=D(2027, 2, 15),
    )
    assert row == QuarterFee(
        D(2026, 10, 1),
        D(2026, 12, 31),
        D(2027, 2, 15),
        M("1000000.00"),
        M("5"),
        M("50000.00"),
        M("0.00"),
        M("-50000.00"),
        0,
        M("0.00"),
        None,
        False,
    )


def test_a_quarter_paid_to_the_cent_on_time_is_paid_not_underpaid():
    # $1,234,567.89 x 5% = 61,728.3945 -> $61,728.39; paid exactly that on Feb 14: variance 0.00, status "paid".
    row = fees.quarter_fee(
        period_start=D(2026, 10, 1),
        period_end=D(2026, 12, 31),
        due_date=D(2027, 2, 15),
        gross_revenue=M("1234567.89"),
        rate_percent=M("5"),
        interest_percent=M("12"),
        payments=[PaymentLine(D(2027, 2, 14), M("61728.39"))],
        as_of=D(2027, 3, 1),
    )
    assert (row.variance, row.late_days, row.paid_in_full_on, row.due_passed) == (M("0.00"), 0, D(2027, 2, 14), True)
    assert row.status == "paid"


def test_reconciliation_keeps_every_figure():
    # basic 600,000 + premium 300,000 + equipment 100,000 = 1,000,000; 5% = 50,000; remitted 49,999.50:
    # 50 cents short, within the $1.00 rounding tolerance.
    result = fees.reconcile_quarter(
        gross_revenue_by_category={"basic": "600000", "premium": "300000", "equipment": "100000"},
        rate_percent=M("5"),
        remitted="49999.50",
    )
    assert result == Reconciliation(M("1000000.00"), M("50000.00"), M("49999.50"), M("-0.50"), M("1.00"))
    assert (result.status, result.within_tolerance) == ("paid", True)


@pytest.mark.parametrize(
    ("remitted", "status", "within"),
    [
        ("50000.00", "paid", True),  # variance exactly 0: paid, neither under nor over
        ("49999.00", "paid", True),  # exactly $1.00 short: at the tolerance, accepted
        ("49998.99", "underpaid", False),  # $1.01 short: past the tolerance
        ("50000.01", "overpaid", True),  # one cent over
    ],
    ids=["exactly due", "short by exactly the tolerance", "a cent past the tolerance", "a cent over"],
)
def test_reconciliation_edges_around_zero_and_the_tolerance(remitted, status, within):
    # $1,000,000 x 5% = $50,000.00 due in each case.
    result = fees.reconcile_quarter(gross_revenue_by_category="1000000", rate_percent=M("5"), remitted=remitted)
    assert (result.status, result.within_tolerance) == (status, within)


def test_cap_check_keeps_every_figure_of_the_license_year():
    # Year Oct 8 2026 - Oct 7 2027: revenue 10,000,000; cap 5% = 500,000; cash 450,000 + in-kind 50,000 = 500,000:
    # exactly at the cap, not over; headroom 0.
    check = fees.cap_check(
        gross_revenue="10000000",
        cash_fees="450000",
        in_kind_at_cost="50000",
        year_start=D(2026, 10, 8),
        year_end=D(2027, 10, 7),
    )
    assert check == CapCheck(
        D(2026, 10, 8),
        D(2027, 10, 7),
        M("10000000.00"),
        M("500000.00"),
        M("450000.00"),
        M("50000.00"),
        M("500000.00"),
        M("0.00"),
        False,
    )


LICENSE_YEARS = [
    # (effective, expiry, through, years, why)
    (
        D(2020, 10, 8),
        D(2021, 10, 8),
        D(2030, 1, 1),
        [(D(2020, 10, 8), D(2021, 10, 7)), (D(2021, 10, 8), D(2021, 10, 8))],
        "a term of a year and a day ends with a one-day license year on the expiry date",
    ),
    (
        D(2020, 10, 8),
        D(2030, 10, 7),
        D(2022, 10, 8),
        [
            (D(2020, 10, 8), D(2021, 10, 7)),
            (D(2021, 10, 8), D(2022, 10, 7)),
            (D(2022, 10, 8), D(2023, 10, 7)),
        ],
        "the first day of the third license year brings that year in",
    ),
    (
        D(2020, 10, 8),
        D(2030, 10, 7),
        D(2022, 10, 7),
        [(D(2020, 10, 8), D(2021, 10, 7)), (D(2021, 10, 8), D(2022, 10, 7))],
        "the last day of the second license year stops there",
    ),
]


@pytest.mark.parametrize(
    ("effective", "expiry", "through", "expected", "why"), LICENSE_YEARS, ids=[y[-1] for y in LICENSE_YEARS]
)
def test_license_year_boundaries_for_the_cap(effective, expiry, through, expected, why):
    assert fees.license_years(effective=effective, expiry=expiry, through=through) == expected


def test_money_sums_are_exact_and_rounded_once():
    # 10.005 + 2 + 0.50 = 12.505 -> 12.51 (half up, once, not per line: 10.01 + 2 + 0.50 would be the same here,
    # but 0.004 + 0.004 = 0.008 -> 0.01 where per-line rounding would give 0.00)
    assert fees.sum_money(["10.005", 2, M("0.50")]) == M("12.51")
    assert fees.sum_money([M("0.004"), M("0.004")]) == M("0.01")
    assert fees.sum_money([]) == M("0.00")
