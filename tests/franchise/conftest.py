"""Fixtures for the cable-license tests. Time is frozen at 2026-07-01 (a
Wednesday, start of Q3) unless a test says otherwise."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from franchise import services

TODAY = date(2026, 7, 1)

QUARTERLY_FEE_RULE = {
    "kind": "fee_report",
    "title": "Quarterly franchise fee and gross-revenue report",
    "clause": "Section 7.2",
    "recurrence": "quarterly",
    "due_rule": "day_of_month_after_period_end",
    "due_offset_months": 2,
    "due_day": 15,
    "business_day": "next",
}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2026-07-01 10:00:00-04:00", tick=False):
        yield TODAY


@pytest.fixture
def license_(staff, comcast):
    return services.license_create(
        actor=staff,
        provider=comcast,
        title="Comcast renewal license 2020",
        grant_date=date(2020, 9, 30),
        effective_date=date(2020, 10, 8),
        expiration_date=date(2030, 10, 7),
        fee_rate_percent=Decimal("5"),
        late_interest_percent=Decimal("12"),
    )


@pytest.fixture
def verizon_license(staff, verizon):
    return services.license_create(
        actor=staff,
        provider=verizon,
        title="Verizon final license 2016",
        license_kind="initial",
        grant_date=date(2016, 12, 5),
        effective_date=date(2016, 12, 5),
        expiration_date=date(2031, 12, 4),
    )


@pytest.fixture
def fee_obligation(license_, staff):
    return services.obligation_create(license=license_, actor=staff, **QUARTERLY_FEE_RULE)
