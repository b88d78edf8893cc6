"""Franchise fee arithmetic (47 U.S.C. 542; 47 CFR 76.42), table-driven.
Decimal throughout, cents rounded half-up; each expected value is worked out
by hand in its comment."""

from datetime import date as D
from decimal import Decimal as M

import pytest

from franchise import fees
from franchise.fees import PaymentLine

CENTS = [
    (M("10.005"), M("10.01"), "half a cent rounds up"),
    (M("10.004"), M("10.00"), "less than half a cent rounds down"),
    (M("-10.005"), M("-10.01"), "half up rounds away from zero for negatives"),
    (M("0.0049999"), M("0.00"), "just under half a cent"),
]


@pytest.mark.parametrize(("value", "expected", "why"), CENTS, ids=[c[-1] for c in CENTS])
def test_cents_round_half_up(value, expected, why):
    assert fees.cents(value) == expected


FEE_DUE = [
    # (gross revenue, rate %, fee due, why)
    (M("1000000.00"), M("5"), M("50000.00"), "5% of $1,000,000"),
    (M("1234567.89"), M("5"), M("61728.39"), "1,234,567.89 x 0.05 = 61,728.3945 -> 61,728.39"),
    (M("0.10"), M("5"), M("0.01"), "0.10 x 0.05 = 0.005 -> 0.01 (half up)"),
    (M("0.09"), M("5"), M("0.00"), "0.09 x 0.05 = 0.0045 -> 0.00"),
    (M("2345678.90"), M("4.5"), M("105555.55"), "2,345,678.90 x 0.045 = 105,555.5505 -> 105,555.55"),
    # 3,333,333.33 x 0.03 = 99,999.9999; x 0.0025 = 8,333.333325; sum 108,333.333225 -> 108,333.33
    (M("3333333.33"), M("3.25"), M("108333.33"), "a rate of 3.25%"),
    (M("0"), M("5"), M("0.00"), "no revenue, no fee"),
]


@pytest.mark.parametrize(("gross", "rate", "expected", "why"), FEE_DUE, ids=[f[-1] for f in FEE_DUE])
def test_fee_due(gross, rate, expected, why):
    assert fees.fee_due(gross, rate) == expected


def test_floats_are_refused():
    with pytest.raises(TypeError, match="never float"):
        fees.fee_due(1000000.0, 5)


LATE_DAYS = [
    (D(2026, 5, 15), D(2026, 5, 15), 0, "paid on the due date"),
    (D(2026, 5, 15), D(2026, 5, 1), 0, "paid early"),
    (D(2026, 5, 15), D(2026, 5, 20), 5, "five days late"),
    (D(2024, 2, 15), D(2024, 3, 15), 29, "across Feb 29 2024: 14 days to Feb 29, then 15"),
    (D(2025, 2, 15), D(2025, 3, 15), 28, "the same dates in a common year: 13 + 15"),
    (D(2025, 11, 17), D(2026, 1, 2), 46, "across the year end: 13 to Nov 30, 31 in Dec, 2 in Jan"),
]


@pytest.mark.parametrize(("due", "paid", "expected", "why"), LATE_DAYS, ids=[x[-1] for x in LATE_DAYS])
def test_late_days(due, paid, expected, why):
    assert fees.late_days(due, paid) == expected


INTEREST = [
    # (amount due, due, payments, rate %, as of, interest, late days, paid in full on, why)
    (
        M("50000.00"),
        D(2026, 5, 15),
        [PaymentLine(D(2026, 6, 14), M("50000.00"))],
        M("12"),
        D(2026, 12, 31),
        M("493.15"),
        30,
        D(2026, 6, 14),
        "50,000 x 12% x 30/365 = 493.1507 -> 493.15",
    ),
    (
        M("40000.00"),
        D(2026, 2, 15),
        [PaymentLine(D(2026, 3, 17), M("30000.00")), PaymentLine(D(2026, 4, 16), M("10000.00"))],
        M("12"),
        D(2026, 12, 31),
        M("493.15"),
        60,
        D(2026, 4, 16),
        "partial: 40,000 x 12% x 30/365 = 394.5205 on the whole, then 10,000 x 12% x 30/365 = 98.6301; "
        "493.1507 -> 493.15; late Feb 15 -> Apr 16 = 13 + 31 + 16 = 60",
    ),
    (
        M("10000.00"),
        D(2026, 5, 15),
        [],
        M("10"),
        D(2026, 6, 14),
        M("82.19"),
        30,
        None,
        "unpaid: 10,000 x 10% x 30/365 = 82.1918 -> 82.19 so far",
    ),
    (
        M("36500.00"),
        D(2024, 2, 15),
        [PaymentLine(D(2024, 3, 16), M("36500.00"))],
        M("10"),
        D(2024, 12, 31),
        M("300.00"),
        30,
        D(2024, 3, 16),
        "leap year still on 365: 36,500 x 10% x 30/365 = 300.00 exactly",
    ),
    (
        M("50000.00"),
        D(2026, 5, 15),
        [PaymentLine(D(2026, 5, 14), M("50000.00"))],
        M("12"),
        D(2026, 12, 31),
        M("0.00"),
        0,
        D(2026, 5, 14),
        "paid a day early: no interest",
    ),
    (
        M("50000.00"),
        D(2026, 5, 15),
        [PaymentLine(D(2026, 6, 14), M("50000.00"))],
        M("0"),
        D(2026, 12, 31),
        M("0.00"),
        30,
        D(2026, 6, 14),
        "a license with no interest rate: late, but no interest",
    ),
    (
        M("20000.00"),
        D(2026, 8, 17),
        [PaymentLine(D(2026, 8, 10), M("15000.00")), PaymentLine(D(2026, 9, 16), M("5000.00"))],
        M("9"),
        D(2026, 12, 31),
        M("36.99"),
        30,
        D(2026, 9, 16),
        "15,000 paid early, 5,000 late: 5,000 x 9% x 30/365 = 36.9863 -> 36.99",
    ),
]


@pytest.mark.parametrize(
    ("due_amount", "due", "payments", "rate", "as_of", "interest", "days", "paid_on", "why"),
    INTEREST,
    ids=[i[-1][:60] for i in INTEREST],
)
def test_late_interest(due_amount, due, payments, rate, as_of, interest, days, paid_on, why):
    assert fees.late_interest(
        amount_due=due_amount, due_date=due, payments=payments, rate_percent=rate, as_of=as_of
    ) == (interest, days, paid_on)


def test_quarter_fee_row_for_an_underpaid_quarter():
    # Q3 2026: gross 1,000,000 at 5% = 50,000 due Nov 16 (Nov 15 is a Sunday); 49,000 paid on time.
    row = fees.quarter_fee(
        period_start=D(2026, 7, 1),
        period_end=D(2026, 9, 30),
        due_date=D(2026, 11, 16),
        gross_revenue=M("1000000.00"),
        rate_percent=M("5"),
        interest_percent=M("12"),
        payments=[PaymentLine(D(2026, 11, 13), M("49000.00"))],
        as_of=D(2026, 12, 16),
    )
    assert (row.fee_due, row.paid, row.variance, row.status) == (
        M("50000.00"),
        M("49000.00"),
        M("-1000.00"),
        "underpaid",
    )
    # the 1,000 shortfall accrues 30 days by Dec 16: 1,000 x 12% x 30/365 = 9.8630 -> 9.86
    assert (row.late_days, row.interest, row.paid_in_full_on) == (30, M("9.86"), None)


def test_quarter_fee_row_without_a_revenue_report():
    row = fees.quarter_fee(
        period_start=D(2026, 7, 1),
        period_end=D(2026, 9, 30),
        due_date=D(2026, 11, 16),
        gross_revenue=None,
        rate_percent=M("5"),
        interest_percent=M("12"),
        payments=[],
        as_of=D(2026, 11, 26),
    )
    assert (row.fee_due, row.variance, row.late_days, row.interest, row.status) == (None, None, 10, M("0"), "no report")


RECONCILE = [
    # categories total 600,000 + 250,000 + 100,000 + 50,000 = 1,000,000.00; 5% = 50,000.00
    (M("50000.00"), "paid", True, "remitted exactly"),
    (M("49999.50"), "paid", True, "50 cents short is within the $1.00 tolerance"),
    (M("49999.00"), "paid", True, "exactly $1.00 short is still within tolerance"),
    (M("49998.00"), "underpaid", False, "$2.00 short is an underpayment"),
    (M("50010.00"), "overpaid", True, "$10 over"),
]


@pytest.mark.parametrize(("remitted", "status", "within", "why"), RECONCILE, ids=[x[-1] for x in RECONCILE])
def test_reconcile_a_quarterly_report(remitted, status, within, why):
    result = fees.reconcile_quarter(
        gross_revenue_by_category={
            "basic": M("600000.00"),
            "premium": M("250000.00"),
            "equipment": M("100000.00"),
            "advertising": M("50000"),
        },
        rate_percent=M("5"),
        remitted=remitted,
    )
    assert result.gross_revenue_total == M("1000000.00")
    assert result.fee_due == M("50000.00")
    assert (result.status, result.within_tolerance) == (status, within)
    assert result.variance == remitted - M("50000.00")


def test_reconcile_accepts_a_single_total_and_a_license_rate():
    # 2,000,000 x 4% = 80,000
    result = fees.reconcile_quarter(gross_revenue_by_category=M("2000000"), rate_percent=M("4"), remitted=M("80000"))
    assert (result.fee_due, result.status) == (M("80000.00"), "paid")


CAP = [
    # gross 4,000,000: cap 5% = 200,000.00
    (M("190000.00"), M("9999.99"), False, M("0.01"), "199,999.99 is a cent under the cap"),
    (M("190000.00"), M("10000.00"), False, M("0.00"), "exactly 200,000.00 is at the cap, not over"),
    (M("190000.00"), M("10000.01"), True, M("-0.01"), "200,000.01 is over by a cent"),
    (M("200000.00"), M("25000.00"), True, M("-25000.00"), "in-kind at cost on top of full cash fees is over"),
]


@pytest.mark.parametrize(("cash", "in_kind", "over", "headroom", "why"), CAP, ids=[c[-1] for c in CAP])
def test_cap_check(cash, in_kind, over, headroom, why):
    check = fees.cap_check(gross_revenue=M("4000000.00"), cash_fees=cash, in_kind_at_cost=in_kind)
    assert check.cap_amount == M("200000.00")
    assert (check.over, check.headroom) == (over, headroom)


def test_cap_share_is_shown_to_two_decimals():
    # 201,000 / 4,000,000 = 5.025% -> 5.03
    check = fees.cap_check(gross_revenue=M("4000000"), cash_fees=M("200000"), in_kind_at_cost=M("1000"))
    assert check.share_percent == M("5.03")


LICENSE_YEARS = [
    (
        D(2020, 10, 8),
        D(2030, 10, 7),
        D(2022, 11, 1),
        [(D(2020, 10, 8), D(2021, 10, 7)), (D(2021, 10, 8), D(2022, 10, 7)), (D(2022, 10, 8), D(2023, 10, 7))],
        "three license years have begun by Nov 1 2022",
    ),
    (
        D(2024, 2, 29),
        D(2034, 2, 28),
        D(2026, 3, 1),
        [(D(2024, 2, 29), D(2025, 2, 27)), (D(2025, 2, 28), D(2026, 2, 27)), (D(2026, 2, 28), D(2027, 2, 27))],
        "a Feb 29 effective date: anniversaries on Feb 28 in common years",
    ),
    (D(2020, 10, 8), D(2021, 3, 31), D(2026, 1, 1), [(D(2020, 10, 8), D(2021, 3, 31))], "cut at expiry"),
]


@pytest.mark.parametrize(
    ("effective", "expiry", "through", "expected", "why"), LICENSE_YEARS, ids=[y[-1] for y in LICENSE_YEARS]
)
def test_license_years(effective, expiry, through, expected, why):
    assert fees.license_years(effective=effective, expiry=expiry, through=through) == expected
