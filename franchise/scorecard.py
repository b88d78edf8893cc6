"""Customer-service scorecard against 47 CFR 76.309: pure functions, no ORM.

47 CFR 76.309(c) standards, measured quarterly under normal operating
conditions:
- (c)(1)(ii): telephone answer time, wait included, 30 seconds or less, and
  transfers within 30 seconds: met at least 90% of the time.
- (c)(1)(ii): busy signal less than 3% of the time.
- (c)(2)(i): standard installations (up to 125 ft from the existing system)
  within 7 business days of the order: at least 95% of the time.
- (c)(2)(ii): excluding conditions beyond the operator's control, work on
  service interruptions begins within 24 hours: at least 95% of the time.
- (c)(2)(ii): other service problems begun by the next business day after
  notice: at least 95% of the time.
- (c)(2)(iii)-(iv) (appointment window of at most 4 hours) is kept as an
  optional metric with the same 95% standard.

Percentages are compared exactly with integers (answered x 100 >= 90 x
total), so 89.999% never rounds into a pass. A metric without data (no calls,
no installs) is "no data", neither pass nor fail.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PASS = "pass"
FAIL = "fail"
NO_DATA = "no data"
CITATION = "47 CFR 76.309(c)"


@dataclass(frozen=True)
class Standard:
    key: str
    label: str
    threshold: Decimal  # percent
    at_least: bool  # True: value >= threshold passes; False: value < threshold passes
    citation: str


STANDARDS = (
    Standard("calls_30s", "Calls answered within 30 seconds", Decimal("90"), True, "47 CFR 76.309(c)(1)(ii)"),
    Standard("transfers_30s", "Transfers made within 30 seconds", Decimal("90"), True, "47 CFR 76.309(c)(1)(ii)"),
    Standard("busy", "Busy signal", Decimal("3"), False, "47 CFR 76.309(c)(1)(ii)"),
    Standard(
        "installs_7bd", "Standard installations within 7 business days", Decimal("95"), True, "47 CFR 76.309(c)(2)(i)"
    ),
    Standard("outages_24h", "Outage repairs begun within 24 hours", Decimal("95"), True, "47 CFR 76.309(c)(2)(ii)"),
    Standard(
        "service_next_bd",
        "Other service calls begun by the next business day",
        Decimal("95"),
        True,
        "47 CFR 76.309(c)(2)(ii)",
    ),
    Standard(
        "appointments", "Appointments kept within a 4-hour window", Decimal("95"), True, "47 CFR 76.309(c)(2)(iii)"
    ),
)
STANDARDS_BY_KEY = {standard.key: standard for standard in STANDARDS}


@dataclass(frozen=True)
class Metric:
    standard: Standard
    value: Decimal | None  # percent, 1 decimal, for display
    result: str
    numerator: int | None = None
    denominator: int | None = None

    @property
    def passed(self):
        return self.result == PASS


def _percent(numerator, denominator):
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def ratio_metric(key, numerator, denominator):
    """A "met at least X% of the time" metric from counts."""
    standard = STANDARDS_BY_KEY[key]
    if not denominator:
        return Metric(standard, None, NO_DATA, numerator, denominator)
    if numerator is None or numerator < 0 or numerator > denominator:
        raise ValueError(f"{standard.label}: {numerator} of {denominator} is not a valid count.")
    # Exact comparison: numerator / denominator >= threshold / 100.
    met = Decimal(numerator) * 100 >= standard.threshold * denominator
    return Metric(standard, _percent(numerator, denominator), PASS if met else FAIL, numerator, denominator)


def busy_metric(busy_percent):
    """Busy signal as the operator measures it, in percent of the time: passes below 3%."""
    standard = STANDARDS_BY_KEY["busy"]
    if busy_percent is None:
        return Metric(standard, None, NO_DATA)
    value = Decimal(busy_percent)
    if value < 0 or value > 100:
        raise ValueError("Busy signal must be a percentage between 0 and 100.")
    return Metric(standard, value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), PASS if value < 3 else FAIL)


def scorecard(
    *,
    calls_total=None,
    calls_answered_30s=None,
    transfers_total=None,
    transfers_30s=None,
    busy_percent=None,
    installs_total=None,
    installs_7bd=None,
    outages_total=None,
    outages_begun_24h=None,
    service_calls_total=None,
    service_calls_next_bd=None,
    appointments_total=None,
    appointments_kept=None,
):
    """Every 76.309 metric of one quarter, in the order of STANDARDS."""
    return [
        ratio_metric("calls_30s", calls_answered_30s, calls_total),
        ratio_metric("transfers_30s", transfers_30s, transfers_total),
        busy_metric(busy_percent),
        ratio_metric("installs_7bd", installs_7bd, installs_total),
        ratio_metric("outages_24h", outages_begun_24h, outages_total),
        ratio_metric("service_next_bd", service_calls_next_bd, service_calls_total),
        ratio_metric("appointments", appointments_kept, appointments_total),
    ]


def overall(metrics):
    """ "fail" if any metric failed, "pass" if at least one passed and none failed, else "no data"."""
    results = {metric.result for metric in metrics}
    if FAIL in results:
        return FAIL
    if PASS in results:
        return PASS
    return NO_DATA


def installed_within_business_days(ordered, installed, calendar, days=7):
    """For an operator's order-level data: was a standard installation done
    within `days` business days of the order (the order day not counted)?"""
    return installed <= calendar.add_business_days(ordered, days)
