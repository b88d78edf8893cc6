"""Customer-service standards of 47 CFR 76.309(c), table-driven."""

from datetime import date as D
from decimal import Decimal

import pytest

from businessdays.calendar import BusinessCalendar
from franchise import scorecard as s

RATIOS = [
    # (key, met, total, shown value, result, why)
    ("calls_30s", 900, 1000, Decimal("90.0"), s.PASS, "exactly 90% of calls within 30 s passes"),
    ("calls_30s", 899, 1000, Decimal("89.9"), s.FAIL, "89.9% fails"),
    ("calls_30s", 8999, 10000, Decimal("90.0"), s.FAIL, "89.99% shows as 90.0 but fails: compared exactly"),
    ("transfers_30s", 9, 10, Decimal("90.0"), s.PASS, "transfers: 9 of 10"),
    ("installs_7bd", 190, 200, Decimal("95.0"), s.PASS, "95% of installs within 7 business days passes"),
    ("installs_7bd", 189, 200, Decimal("94.5"), s.FAIL, "94.5% fails"),
    ("outages_24h", 19, 20, Decimal("95.0"), s.PASS, "19 of 20 outages begun within 24 h"),
    ("outages_24h", 18, 20, Decimal("90.0"), s.FAIL, "18 of 20 fails"),
    ("service_next_bd", 2, 3, Decimal("66.7"), s.FAIL, "2 of 3: 66.666..% rounds half-up to 66.7 and fails"),
    ("service_next_bd", 0, 0, None, s.NO_DATA, "no service calls: no data, neither pass nor fail"),
    ("appointments", 1, 1, Decimal("100.0"), s.PASS, "appointments kept"),
]


@pytest.mark.parametrize(("key", "met", "total", "value", "result", "why"), RATIOS, ids=[r[-1] for r in RATIOS])
def test_ratio_standards(key, met, total, value, result, why):
    metric = s.ratio_metric(key, met, total)
    assert (metric.value, metric.result) == (value, result)


BUSY = [
    (Decimal("2.99"), s.PASS, "2.99% busy is under 3%"),
    (Decimal("3.00"), s.FAIL, "3% is not under 3%"),
    (Decimal("0"), s.PASS, "never busy"),
    (None, s.NO_DATA, "not measured"),
]


@pytest.mark.parametrize(("busy", "result", "why"), BUSY, ids=[b[-1] for b in BUSY])
def test_busy_signal_standard(busy, result, why):
    assert s.busy_metric(busy).result == result


def test_scorecard_overall_fails_when_any_standard_fails():
    metrics = s.scorecard(
        calls_total=1000, calls_answered_30s=950, busy_percent=Decimal("1.2"), installs_total=100, installs_7bd=90
    )
    assert [m.result for m in metrics] == [s.PASS, s.NO_DATA, s.PASS, s.FAIL, s.NO_DATA, s.NO_DATA, s.NO_DATA]
    assert s.overall(metrics) == s.FAIL


def test_scorecard_overall_passes_and_no_data():
    assert s.overall(s.scorecard(calls_total=10, calls_answered_30s=10)) == s.PASS
    assert s.overall(s.scorecard()) == s.NO_DATA


@pytest.mark.parametrize(("met", "total"), [(11, 10), (-1, 10)])
def test_impossible_counts_are_refused(met, total):
    with pytest.raises(ValueError, match="not a valid count"):
        s.ratio_metric("calls_30s", met, total)


def test_installation_within_seven_business_days_skips_thanksgiving():
    # Ordered Fri Nov 20 2026. Business days after: Mon 23 (1), Tue 24 (2), Wed 25 (3),
    # Thu 26 Thanksgiving skipped, Fri 27 (4), Mon 30 (5), Tue Dec 1 (6), Wed Dec 2 (7).
    cal = BusinessCalendar()
    assert s.installed_within_business_days(D(2026, 11, 20), D(2026, 12, 2), cal)
    assert not s.installed_within_business_days(D(2026, 11, 20), D(2026, 12, 3), cal)
