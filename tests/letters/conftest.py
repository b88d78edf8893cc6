"""Letter tests: time frozen on Friday 2026-11-20, 10:00 Eastern; media in a temporary directory."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Provider
from tests.factories import ProviderContactFactory, ProviderFactory, provider_user
from tests.letters import factories

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("America/New_York")), tick=False) as t:
        yield t


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def comcast_contacts(comcast):
    return [
        ProviderContactFactory(
            provider=comcast, name="Dana Whitfield", title="Director, Government Affairs", email="gov@comcast.example"
        ),
        ProviderContactFactory(provider=comcast, name="Sam Ortega", email="fees@comcast.example"),
        ProviderContactFactory(
            provider=comcast, name="Pat No-Notices", email="quiet@comcast.example", receives_notices=False
        ),
    ]


@pytest.fixture
def rcn(db):
    return ProviderFactory(name="RCN BecoCom (Astound)", short_name="rcn", kind=Provider.Kind.CABLE)


@pytest.fixture
def crown_castle_user(crown_castle):
    return provider_user(crown_castle, "crown-clerk")


@pytest.fixture
def license_(staff, comcast, comcast_contacts):
    return factories.make_license(actor=staff, provider=comcast)


@pytest.fixture
def fee_filing(license_, staff):
    return factories.late_short_fee_filing(license=license_, actor=staff)


@pytest.fixture
def fee_letter(fee_filing, legal):
    return factories.draft(actor=legal, kind="fee_interest", source=fee_filing)


@pytest.fixture
def issued_letter(fee_letter, legal):
    return factories.issue(fee_letter, legal)


@pytest.fixture
def legal2(db):
    """A second Law Department user, to approve what `legal` drafted (four eyes)."""
    return factories.second_legal()


@pytest.fixture
def legal2_client(legal2, login_as):
    return login_as(legal2)
