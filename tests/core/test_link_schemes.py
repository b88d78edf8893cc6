"""Links people type in lead only to web pages (core.validators): every write path refuses other
schemes with a clear message and saves nothing, and a bad value already stored is shown as text."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import Provider
from core.validators import is_safe_url, url_scheme, validate_safe_url
from franchise import services as franchise_services
from franchise.models import License

UNSAFE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript://example.com/%0aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://files.example.com/license.pdf",
    "ftps://files.example.com/license.pdf",
    "blob:https://example.com/1",
    "mailto:clerk@example.com",
    "//evil.example/path",
    "/relative/path",
    "https://",
    "https:///no-host",
]
SAFE = ["https://www.cityofboston.example/cable", "http://example.com", "HTTPS://Example.com/a?b=c#d"]


@pytest.mark.parametrize("value", UNSAFE)
def test_the_validator_refuses_every_other_scheme(value):
    assert not is_safe_url(value)
    with pytest.raises(ValidationError) as error:
        validate_safe_url(value)
    assert error.value.code == "unsafe_url_scheme"
    assert "https://" in error.value.messages[0]


@pytest.mark.parametrize("value", SAFE)
def test_the_validator_takes_web_addresses(value):
    assert is_safe_url(value)
    validate_safe_url(value)


def test_the_scheme_is_read_as_a_browser_reads_it():
    assert url_scheme("  Java\nScript:alert(1)") == "javascript"
    assert url_scheme("/path:with-colon") == ""
    validate_safe_url("")  # blank is the field's business


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_authenticate(staff)
    return client


def _license(staff, comcast, **fields):
    return franchise_services.license_create(
        actor=staff,
        provider=comcast,
        title="Comcast renewal license",
        grant_date=date(2020, 9, 30),
        effective_date=date(2020, 10, 8),
        expiration_date=date(2030, 10, 7),
        **fields,
    )


@pytest.mark.parametrize("value", ["javascript:alert(1)", "ftp://files.example.com/x", "data:text/html,hi"])
def test_the_api_refuses_a_provider_website_that_is_not_a_web_address(api, comcast, value):
    response = api.post(
        "/api/v1/providers/", {"name": "X Cable", "short_name": "x", "kind": "cable", "website": value}, format="json"
    )
    assert response.status_code == 400
    assert any("https://" in message for message in response.json()["website"])
    assert not Provider.objects.filter(short_name="x").exists()

    before = comcast.website
    response = api.patch(f"/api/v1/providers/{comcast.pk}/", {"website": value}, format="json")
    assert response.status_code == 400
    assert any("https://" in message for message in response.json()["website"])
    comcast.refresh_from_db()
    assert comcast.website == before


@pytest.mark.parametrize("value", ["javascript:alert(1)", "ftp://files.example.com/x", "vbscript:msgbox(1)"])
def test_the_api_refuses_a_license_source_link_that_is_not_a_web_address(api, staff, comcast, value):
    payload = {
        "provider": comcast.pk,
        "title": "API license",
        "grant_date": "2020-10-08",
        "effective_date": "2020-10-08",
        "expiration_date": "2030-10-07",
        "source_url": value,
    }
    response = api.post("/api/v1/licenses/", payload, format="json")
    assert response.status_code == 400
    assert any("https://" in message for message in response.json()["source_url"])
    assert not License.objects.exists()

    license = _license(staff, comcast, source_url="https://records.example/license.pdf")
    response = api.patch(f"/api/v1/licenses/{license.pk}/", {"source_url": value}, format="json")
    assert response.status_code == 400
    license.refresh_from_db()
    assert license.source_url == "https://records.example/license.pdf"


def test_the_api_still_takes_a_web_address(api, comcast):
    response = api.patch(f"/api/v1/providers/{comcast.pk}/", {"website": "https://comcast.example"}, format="json")
    assert response.status_code == 200
    comcast.refresh_from_db()
    assert comcast.website == "https://comcast.example"


def test_the_services_refuse_it_too(staff, comcast):
    with pytest.raises(ValidationError) as error:
        account_services.provider_update(provider=comcast, actor=staff, website="ftp://files.example.com/")
    assert "website" in error.value.message_dict
    comcast.refresh_from_db()
    assert comcast.website == ""
    with pytest.raises(ValidationError):
        _license(staff, comcast, source_url="file:///etc/passwd")
    assert not License.objects.exists()


@pytest.mark.parametrize("value", ["javascript:alert(1)", "ftp://files.example.com/x"])
def test_the_provider_form_refuses_it_next_to_the_field(staff_client, comcast, value):
    page = staff_client.post(
        reverse("accounts:provider-edit", args=[comcast.pk]),
        {"name": comcast.name, "short_name": comcast.short_name, "kind": comcast.kind, "website": value},
    )
    assert page.status_code == 200
    assert "starts with https://" in page.content.decode()
    comcast.refresh_from_db()
    assert comcast.website == ""


def test_the_license_form_refuses_it_next_to_the_field(staff_client, staff, comcast):
    license = _license(staff, comcast)
    page = staff_client.post(
        reverse("franchise:license-edit", args=[license.pk]),
        {
            "provider": comcast.pk,
            "title": license.title,
            "license_kind": license.license_kind,
            "issuing_authority": "Mayor",
            "grant_date": "2020-09-30",
            "effective_date": "2020-10-08",
            "expiration_date": "2030-10-07",
            "fee_rate_percent": "5",
            "late_interest_percent": "0",
            "status": "active",
            "source_url": "ftp://files.example.com/license.pdf",
        },
    )
    assert page.status_code == 200
    assert "starts with https://" in page.content.decode()
    license.refresh_from_db()
    assert license.source_url == ""


def test_a_bad_link_already_stored_is_shown_as_text_not_as_a_link(staff_client, staff, comcast):
    # Written around every validator, as an old row or a direct database change could be.
    Provider.objects.filter(pk=comcast.pk).update(website="javascript:alert(document.cookie)")
    license = _license(staff, comcast, source_document="Renewal license, signed copy in the clerk's vault")
    License.objects.filter(pk=license.pk).update(source_url="javascript:alert(1)")

    page = staff_client.get(reverse("accounts:provider-detail", args=[comcast.pk])).content.decode()
    assert "javascript:alert(document.cookie)" in page  # shown, as text
    assert 'href="javascript:' not in page
    page = staff_client.get(license.get_absolute_url()).content.decode()
    assert "Renewal license, signed copy" in page
    assert 'href="javascript:' not in page


def test_a_good_link_is_still_a_link(staff_client, staff, comcast):
    account_services.provider_update(provider=comcast, actor=staff, website="https://comcast.example/gov")
    page = staff_client.get(reverse("accounts:provider-detail", args=[comcast.pk])).content.decode()
    assert 'href="https://comcast.example/gov"' in page


def test_the_api_serializers_carry_the_rule_from_the_models():
    from accounts.serializers import ProviderSerializer
    from franchise.serializers import LicenseSerializer

    # DRF copies a model field's validators, except URLValidator instances: the rule is not one.
    assert validate_safe_url in ProviderSerializer().fields["website"].validators
    assert validate_safe_url in LicenseSerializer().fields["source_url"].validators
