"""Franchise (license) fee arithmetic: pure functions, no ORM.

All money is Decimal and every amount shown is rounded to cents half-up
(ROUND_HALF_UP: $0.005 -> $0.01), never with floats. Rates are percentages
(5 means 5%).

- 47 U.S.C. 542(b): franchise fees paid by an operator in any 12-month period
  may not exceed 5% of its gross revenues from cable service. Internet
  (cable-modem) revenue is not cable revenue and carries no fee.
- 47 CFR 76.42 and FCC 19-80 (in force 2019-09-26): cable-related in-kind
  contributions (free service to public buildings, non-capital PEG support,
  I-Net costs) count against the cap, valued at the operator's cost (City of
  Eugene v. FCC, 6th Cir. 2021). PEG capital costs (542(g)(2)(C)), taxes of
  general applicability, bonds, insurance, penalties and interest do not.
- The schedule, the late-payment interest rate and the look-back are set by
  each license, not by statute: they are arguments here.

Late-payment interest convention: simple interest, never compounded, at the
license's annual rate on the unpaid balance, counted in calendar days from the
day after the due date through the day payment is received (actual/365, 365
in leap years too). Each payment reduces the balance from its received date.
The sum is kept exact and rounded to cents once.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")
DAYS_PER_YEAR = Decimal("365")
FEDERAL_CAP_PERCENT = Decimal("5")
DEFAULT_UNDERPAYMENT_TOLERANCE = Decimal("1.00")


def to_decimal(value):
    """Decimal from int, str or Decimal; a float is refused (it cannot hold cents exactly)."""
    if isinstance(value, float):
        raise TypeError("Money must be Decimal, int or str, never float.")
    return value if isinstance(value, Decimal) else Decimal(value)


def cents(value):
    """Round to cents, half up: 10.005 -> 10.01, 10.004 -> 10.00, -10.005 -> -10.01."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def fee_due(gross_revenue, rate_percent):
    """Fee due = rate x gross cable revenue, in cents (47 U.S.C. 542(b) caps the rate at 5%)."""
    return cents(to_decimal(gross_revenue) * to_decimal(rate_percent) / HUNDRED)


def variance(paid, due):
    """Paid minus due: negative is an underpayment, positive an overpayment."""
    return cents(to_decimal(paid) - to_decimal(due))


def late_days(due_date, paid_date):
    """Calendar days after the due date: 0 when paid on or before it."""
    return max(0, (paid_date - due_date).days)


def simple_interest(amount, rate_percent, days):
    """amount x rate x days / 365, unrounded (round the total with `cents`)."""
    if days <= 0 or amount <= 0:
        return ZERO
    return to_decimal(amount) * to_decimal(rate_percent) / HUNDRED * Decimal(days) / DAYS_PER_YEAR


@dataclass(frozen=True)
class PaymentLine:
    received: date
    amount: Decimal


def late_interest(*, amount_due, due_date, payments, rate_percent, as_of):
    """(interest, late days, date paid in full or None) for one amount due.

    Interest accrues on the balance still unpaid after the due date, day by
    day, until each payment reduces it, and on whatever is still unpaid up to
    `as_of`. Late days run from the due date to the day the balance reached
    zero (or to `as_of` while it has not).
    """
    balance = to_decimal(amount_due)
    accrued = ZERO
    since = due_date
    paid_on = None
    if balance <= 0:
        return ZERO, 0, due_date
    for line in sorted(payments, key=lambda p: p.received):
        if line.received > since:
            accrued += simple_interest(balance, rate_percent, (line.received - since).days)
            since = line.received
        balance -= to_decimal(line.amount)
        if balance <= 0:
            paid_on = line.received
            break
    if paid_on is None and as_of > since:
        accrued += simple_interest(balance, rate_percent, (as_of - since).days)
    end = paid_on or as_of
    return cents(accrued), late_days(due_date, end), paid_on


@dataclass(frozen=True)
class QuarterFee:
    """One row of the fee ledger."""

    period_start: date
    period_end: date
    due_date: date
    gross_revenue: Decimal | None
    rate_percent: Decimal
    fee_due: Decimal | None
    paid: Decimal
    variance: Decimal | None
    late_days: int
    interest: Decimal
    paid_in_full_on: date | None
    due_passed: bool = True

    @property
    def status(self):
        if self.fee_due is None:
            if self.paid:
                return "paid, no report"
            return "no report" if self.due_passed else "not yet due"
        if self.variance < 0:
            return "underpaid"
        if self.late_days:
            return "paid late"
        if self.variance > 0:
            return "overpaid"
        return "paid"


def quarter_fee(*, period_start, period_end, due_date, gross_revenue, rate_percent, interest_percent, payments, as_of):
    """The ledger row of one quarter: fee due at the license rate on the
    reported gross revenue, payments, variance, late days and interest.

    Without a gross-revenue report the fee due is unknown: late days still
    count from the due date while nothing has been paid, interest does not.
    """
    payments = list(payments)
    paid = cents(sum((to_decimal(p.amount) for p in payments), ZERO))
    if gross_revenue is None:
        days = 0 if payments else late_days(due_date, as_of)
        return QuarterFee(period_start, period_end, due_date, None, rate_percent, None, paid, None, days, ZERO, None)
    due = fee_due(gross_revenue, rate_percent)
    interest, days, paid_on = late_interest(
        amount_due=due, due_date=due_date, payments=payments, rate_percent=interest_percent, as_of=as_of
    )
    return QuarterFee(
        period_start,
        period_end,
        due_date,
        cents(gross_revenue),
        rate_percent,
        due,
        paid,
        variance(paid, due),
        days,
        interest,
        paid_on,
        as_of > due_date,
    )


@dataclass(frozen=True)
class Reconciliation:
    gross_revenue_total: Decimal
    fee_due: Decimal
    fee_remitted: Decimal
    variance: Decimal
    tolerance: Decimal

    @property
    def status(self):
        if self.variance < -self.tolerance:
            return "underpaid"
        if self.variance > 0:
            return "overpaid"
        return "paid"

    @property
    def within_tolerance(self):
        return self.variance >= -self.tolerance


def reconcile_quarter(*, gross_revenue_by_category, rate_percent, remitted, tolerance=DEFAULT_UNDERPAYMENT_TOLERANCE):
    """Check one quarter's remittance against its gross-revenue report.

    `gross_revenue_by_category` maps each cable revenue category (basic,
    premium, equipment rental, advertising, ...) to its amount, or is a single
    total; internet revenue must be left out by the caller (542(b) counts
    cable service revenue only). An underpayment of no more than `tolerance`
    dollars is accepted as rounding. The provider portal calls this when a
    quarterly report is uploaded.
    """
    if isinstance(gross_revenue_by_category, Mapping):
        total = sum((to_decimal(v) for v in gross_revenue_by_category.values()), ZERO)
    else:
        total = to_decimal(gross_revenue_by_category)
    due = fee_due(total, rate_percent)
    remitted = cents(remitted)
    return Reconciliation(cents(total), due, remitted, variance(remitted, due), cents(tolerance))


@dataclass(frozen=True)
class CapCheck:
    """One 12-month period against the 5% cap."""

    year_start: date | None
    year_end: date | None
    gross_revenue: Decimal
    cap_amount: Decimal
    cash_fees: Decimal
    in_kind_at_cost: Decimal
    total: Decimal
    headroom: Decimal
    over: bool

    @property
    def share_percent(self):
        """Fees + in-kind as a percentage of gross revenue, 2 decimals; None without revenue."""
        if not self.gross_revenue:
            return None
        return (self.total * HUNDRED / self.gross_revenue).quantize(CENT, rounding=ROUND_HALF_UP)


def cap_check(
    *, gross_revenue, cash_fees, in_kind_at_cost, cap_percent=FEDERAL_CAP_PERCENT, year_start=None, year_end=None
):
    """Cash fees + in-kind contributions at cost <= cap % of cable gross revenue
    over 12 months (47 U.S.C. 542(b); 47 CFR 76.42; FCC 19-80). `over` is True
    only when the total exceeds the cap by at least a cent."""
    gross = cents(gross_revenue)
    cap_amount = fee_due(gross, cap_percent)
    cash, in_kind = cents(cash_fees), cents(in_kind_at_cost)
    total = cash + in_kind
    return CapCheck(
        year_start, year_end, gross, cap_amount, cash, in_kind, total, cap_amount - total, total > cap_amount
    )


def license_years(*, effective, expiry, through):
    """12-month license years from the effective date: [(start, end)] up to the
    one holding `through` (and never past expiry). relativedelta keeps a
    February 29 anniversary on February 28 in common years."""
    years = []
    k = 0
    while True:
        start = effective + relativedelta(years=k)
        if start > expiry or start > through:
            return years
        end = min(effective + relativedelta(years=k + 1) - relativedelta(days=1), expiry)
        years.append((start, end))
        k += 1


def sum_money(values: Iterable):
    return cents(sum((to_decimal(v) for v in values), ZERO))
