"""Fixtures for small-cell tests. Time is frozen on Sunday 2026-03-01 (Eastern),
a few days before the 60-day clock of an SWF collocation submitted on Monday
2026-01-05 runs out (Friday 2026-03-06)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Provider
from tests.factories import ProviderFactory, provider_user
from tests.permits.factories import make_application

BOSTON = ZoneInfo("America/New_York")


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 3, 1, 10, 0, tzinfo=BOSTON), tick=False) as traveller:
        yield traveller


@pytest.fixture
def att(db):
    return ProviderFactory(name="AT&T Mobility", short_name="att", kind=Provider.Kind.WIRELESS)


@pytest.fixture
def crown_castle_user(crown_castle):
    return provider_user(crown_castle, "crown-clerk")


@pytest.fixture
def att_user(att):
    return provider_user(att, "att-clerk")


@pytest.fixture
def application(frozen, staff, crown_castle):
    """SWF collocation by Crown Castle, submitted Mon 2026-01-05: deadline Fri 2026-03-06."""
    return make_application(actor=staff, applicant=crown_castle)
