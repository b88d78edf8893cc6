"""The public verification page: number, upload or pasted SHA-256; reveals only number, date and recipient."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from letters import services, views_public
from tests.letters import factories

URL = "/letters/verify/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def original_pdf(issued_letter):
    with issued_letter.pdf.open("rb") as handle:
        return handle.read()


def check(client, **data):
    return client.post(URL, data)


def test_the_page_is_public_and_named_letter_verify(client):
    assert reverse("letters:verify") == URL
    page = client.get(URL)
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content


def test_the_original_upload_matches(client, issued_letter, original_pdf):
    page = check(client, file=SimpleUploadedFile("letter.pdf", original_pdf, "application/pdf")).content.decode()
    assert "It matches the original" in page
    assert "letter CBO-2026-0001, issued November 20, 2026 to Comcast Cable Communications" in page


def test_the_original_upload_with_its_number_matches(client, issued_letter, original_pdf):
    page = check(client, number="cbo-2026-0001", file=SimpleUploadedFile("x.pdf", original_pdf)).content.decode()
    assert "It matches the original" in page


def test_an_altered_copy_does_not_match(client, issued_letter, original_pdf):
    altered = original_pdf.replace(b"5,600.00", b"5,000.00") + b"%"
    with_number = check(client, number="CBO-2026-0001", file=SimpleUploadedFile("x.pdf", altered)).content.decode()
    assert "It does not match" in with_number
    assert "your file is not the issued original" in with_number
    without = check(client, file=SimpleUploadedFile("x.pdf", altered)).content.decode()
    assert "No issued letter matches" in without


def test_a_pasted_sha256_is_checked(client, issued_letter):
    assert "It matches the original" in check(client, sha256=issued_letter.sha256.upper()).content.decode()
    assert "It does not match" in check(client, number="CBO-2026-0001", sha256="0" * 64).content.decode()
    assert "64 characters" in check(client, sha256="abc").content.decode()


def test_a_number_alone_reveals_only_the_number_date_and_recipient(client, issued_letter):
    page = check(client, number="CBO-2026-0001").content.decode()
    assert "Letter CBO-2026-0001 exists" in page
    assert "Issued November 20, 2026 to Comcast Cable Communications" in page
    for secret in (issued_letter.sha256, "5,600", "franchise", "Dana Whitfield", "license"):
        assert secret not in page


def test_an_unknown_number_or_an_unissued_letter_is_not_found(client, fee_letter, legal):
    assert "No letter has that number" in check(client, number="CBO-2026-0042").content.decode()
    assert "Enter the letter number, or upload the letter." in check(client).content.decode()


def test_a_superseded_letter_says_so(client, issued_letter, legal):
    factories.issue(services.letter_correct(original=issued_letter, actor=legal), legal)
    page = check(client, number="CBO-2026-0001").content.decode()
    assert "has been superseded by letter CBO-2026-0002, issued November 20, 2026" in page


def test_uploads_are_capped_before_and_while_they_are_read(client, issued_letter, monkeypatch):
    monkeypatch.setattr(views_public, "VERIFY_MAX_BYTES", 1000)
    # Larger than the cap plus the form's allowance: refused from Content-Length, before the body is read.
    big = check(client, file=SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 200_000))
    assert big.status_code == 413
    # Over the cap but within the allowance: stopped by the upload handler as it streams.
    over = check(client, file=SimpleUploadedFile("over.pdf", b"%PDF" + b"0" * 5000))
    assert over.status_code == 413
    assert "too large" in over.content.decode()


def test_each_address_gets_a_limited_number_of_checks(client, issued_letter, monkeypatch):
    monkeypatch.setattr(views_public, "RATE", (3, 600))
    for _ in range(3):
        assert check(client, number="CBO-2026-0001").status_code == 200
    refused = check(client, number="CBO-2026-0001")
    assert refused.status_code == 429
    assert "Too many checks" in refused.content.decode()


def test_the_check_needs_the_csrf_token(issued_letter):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, {"number": "CBO-2026-0001"}).status_code == 403


def test_behind_the_proxy_each_client_address_has_its_own_limit(settings, issued_letter, monkeypatch):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    monkeypatch.setattr(views_public, "RATE", (3, 600))
    first = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    for _ in range(3):
        assert check(first, number="CBO-2026-0001").status_code == 200
    assert check(first, number="CBO-2026-0001").status_code == 429
    # Prepending another address does not buy the same browser more checks.
    prepended = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.1")
    assert check(prepended, number="CBO-2026-0001").status_code == 429
    # Another browser behind the same proxy still has its own checks.
    second = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert check(second, number="CBO-2026-0001").status_code == 200
    # Connecting directly, the header is not believed.
    direct = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.3")
    for _ in range(3):
        assert check(direct, number="CBO-2026-0001").status_code == 200
    spoofed = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert check(spoofed, number="CBO-2026-0001").status_code == 429
