"""Fixtures for the portal tests. Time is frozen at 2026-07-10 (Q2 2026 has
ended; its fee report is due 2026-08-17, the 15th being a Saturday)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from franchise import services
from franchise.models import Filing, Obligation
from franchise.quarterly import qr1
from tests.factories import provider_user

from . import workbooks

TODAY = date(2026, 7, 10)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2026-07-10 10:00:00-04:00", tick=False):
        yield TODAY


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _license(staff, provider, title, rate):
    license = services.license_create(
        actor=staff,
        provider=provider,
        title=title,
        grant_date=date(2020, 9, 30),
        effective_date=date(2020, 10, 8),
        expiration_date=date(2030, 10, 7),
        fee_rate_percent=Decimal(rate),
    )
    services.obligations_from_catalogue(
        license=license,
        actor=staff,
        codes=["franchise-fee-quarterly", "customer-service-quarterly"],
        track_from=date(2026, 1, 1),
    )
    return license


@pytest.fixture
def comcast_license(staff, comcast):
    return _license(staff, comcast, "Comcast renewal license 2020", "5")


@pytest.fixture
def verizon_license(staff, verizon):
    return _license(staff, verizon, "Verizon final license 2016", "4.25")


@pytest.fixture
def reference(comcast_license):
    return qr1.license_reference("comcast", comcast_license.pk)


@pytest.fixture
def q2_fee_filing(comcast_license):
    return Filing.objects.get(
        license=comcast_license, obligation__kind=Obligation.Kind.FEE_REPORT, period_start=date(2026, 4, 1)
    )


@pytest.fixture
def comcast_clerk(comcast):
    """A Comcast user who is not a portal administrator."""
    return provider_user(comcast, "comcast-clerk-2")


@pytest.fixture
def upload(comcast_client, comcast_license):
    """upload(data, name=..., content_type=..., license=..., client=...) -> response."""

    def post(data, name="q2-2026.xlsx", content_type=XLSX, license=None, client=None):
        client = client or comcast_client
        payload = {
            "license": (license or comcast_license).pk,
            "file": SimpleUploadedFile(name, data, content_type=content_type),
        }
        return client.post(reverse("portal:report-upload"), payload)

    return post


@pytest.fixture
def good_workbook(reference):
    return workbooks.build(reference)
