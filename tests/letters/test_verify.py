"""The public verification page: a letter's number, date and recipient only to its holder.

The holder gives the number with the verification code printed on the letter, or the PDF, or its SHA-256.
A number alone, or with a wrong code, gets one neutral answer whether or not the number exists."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from letters import services, verification, views_public
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


def result_text(page):
    """The page's result section as text, one space between words (the rest of the page is the form)."""
    html = page.content.decode()
    assert page.status_code == 200
    section = html[html.index('<section aria-labelledby="result-heading"') : html.index("</section>")]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


NEUTRAL = (
    "We could not confirm a letter with that number and code. Check both as printed on the letter, or upload the PDF."
)


def test_the_original_upload_matches(client, issued_letter, original_pdf):
    page = check(client, file=SimpleUploadedFile("letter.pdf", original_pdf, "application/pdf")).content.decode()
    assert "It matches the original" in page
    assert "letter CBO-2026-0001, issued Fri, Nov 20, 2026 to Comcast Cable Communications" in page


def test_the_original_upload_with_its_number_matches(client, issued_letter, original_pdf):
    page = check(client, number="cbo-2026-0001", file=SimpleUploadedFile("x.pdf", original_pdf)).content.decode()
    assert "It matches the original" in page


def test_an_altered_copy_matches_nothing_and_names_no_letter(client, issued_letter, original_pdf):
    altered = original_pdf.replace(b"5,600.00", b"5,000.00") + b"%"
    for data in ({}, {"number": "CBO-2026-0001"}, {"number": "CBO-2026-0001", "code": "2222-2222-2222"}):
        text = result_text(check(client, file=SimpleUploadedFile("x.pdf", altered), **data))
        assert "No issued letter matches" in text
        assert "changed since it was issued" in text
        for detail in ("CBO-2026-0001", "Comcast", "Fri, Nov 20, 2026"):
            assert detail not in text


def test_an_altered_copy_with_the_right_code_is_named_as_altered(client, issued_letter, original_pdf):
    """The holder of the number and code learns which letter their altered copy claims to be."""
    altered = original_pdf + b"%"
    text = result_text(
        check(
            client,
            number="CBO-2026-0001",
            code=issued_letter.verification_code,
            file=SimpleUploadedFile("x.pdf", altered),
        )
    )
    assert "It does not match" in text
    assert "Letter CBO-2026-0001 was issued Fri, Nov 20, 2026 to Comcast Cable Communications" in text
    assert "your file is not the issued original" in text


def test_a_pasted_sha256_is_checked(client, issued_letter):
    assert "It matches the original" in check(client, sha256=issued_letter.sha256.upper()).content.decode()
    text = result_text(check(client, number="CBO-2026-0001", sha256="0" * 64))
    assert "No letter issued with Conduit has that fingerprint." in text
    assert "Comcast" not in text and "CBO-2026-0001" not in text
    assert "64 characters" in check(client, sha256="abc").content.decode()


def test_the_number_with_its_code_shows_the_number_date_and_recipient(client, issued_letter):
    code = issued_letter.verification_code
    # As a caller might type it: lower case, spaces instead of dashes, none at all.
    for typed in (code, code.lower(), code.replace("-", " "), code.replace("-", ""), f"  {code.lower()} "):
        text = result_text(check(client, number="cbo-2026-0001", code=typed))
        assert "Letter CBO-2026-0001 is a letter of the City" in text
        assert "Issued Fri, Nov 20, 2026 to Comcast Cable Communications" in text
        for secret in (issued_letter.sha256, code, "5,600", "franchise", "Dana Whitfield", "license"):
            assert secret not in text


def test_a_number_alone_reveals_nothing(client, issued_letter):
    text = result_text(check(client, number="CBO-2026-0001"))
    assert text == f"Result Not confirmed {NEUTRAL}"


def test_a_wrong_code_is_refused_with_the_same_answer(client, issued_letter):
    wrong = "2222-2222-2222"
    assert wrong != issued_letter.verification_code
    assert result_text(check(client, number="CBO-2026-0001", code=wrong)) == f"Result Not confirmed {NEUTRAL}"


def test_a_code_of_another_letter_is_refused(client, issued_letter, legal):
    other = factories.issue(services.letter_correct(original=issued_letter, actor=legal), legal)
    assert other.number == "CBO-2026-0002"
    page = check(client, number="CBO-2026-0001", code=other.verification_code)
    assert result_text(page) == f"Result Not confirmed {NEUTRAL}"


def _without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize("code", ["", "2222-2222-2222"])
def test_existing_and_missing_numbers_get_the_same_answer(client, issued_letter, fee_letter, code):
    """No existence oracle: an issued number, a number never issued and a draft's (unissued) letter read alike."""
    existing = check(client, number="CBO-2026-0001", code=code)
    missing = check(client, number="CBO-2026-0042", code=code)
    assert existing.status_code == missing.status_code == 200
    # The page never echoes the number: the two pages are the same, byte for byte, but for the CSRF token.
    assert _without_csrf(existing.content.decode()) == _without_csrf(missing.content.decode())
    # And the result, with the number replaced (should a later wording repeat it).
    assert result_text(existing).replace("CBO-2026-0001", "N") == result_text(missing).replace("CBO-2026-0042", "N")
    assert result_text(existing) == result_text(missing) == f"Result Not confirmed {NEUTRAL}"


def test_the_form_explains_bad_input_in_plain_words(client, issued_letter):
    empty = check(client)
    assert empty.status_code == 400
    assert "Enter the letter number and its verification code, or upload the letter" in empty.content.decode()
    code_only = check(client, code=issued_letter.verification_code)
    assert code_only.status_code == 400
    assert "Enter the letter number as well" in code_only.content.decode()
    malformed = check(client, number="CBO-2026-0001", code="OOPS")
    assert malformed.status_code == 400
    assert "A verification code is 12 letters and digits" in malformed.content.decode()
    assert "Comcast" not in malformed.content.decode()


def test_the_form_has_a_code_field_with_a_hint_where_it_is_printed(client):
    html = client.get(URL).content.decode()
    assert 'name="code"' in html
    assert "printed at the end of the letter" in html
    assert 'class="usa-input"' in html
    assert "upload its PDF, or enter its SHA-256 fingerprint" in html


def test_a_superseded_letter_says_so_only_to_its_holder(client, issued_letter, legal, original_pdf):
    factories.issue(services.letter_correct(original=issued_letter, actor=legal), legal)
    superseded = "has been superseded by letter CBO-2026-0002, issued Fri, Nov 20, 2026"
    with_code = result_text(check(client, number="CBO-2026-0001", code=issued_letter.verification_code))
    assert superseded in with_code
    with_file = result_text(check(client, file=SimpleUploadedFile("x.pdf", original_pdf)))
    assert superseded in with_file
    for stranger in (check(client, number="CBO-2026-0001"), check(client, number="CBO-2026-0001", code="2" * 12)):
        text = result_text(stranger)
        assert "superseded" not in text and "CBO-2026-0002" not in text


@pytest.fixture
def letter_without_code(fee_letter, legal, monkeypatch):
    """A letter issued before verification codes existed: no code stored, none printed."""
    monkeypatch.setattr(verification, "new_code", lambda: None)
    letter = factories.issue(fee_letter, legal)
    monkeypatch.undo()
    assert letter.verification_code is None
    return letter


def test_a_letter_issued_before_codes_is_verified_by_its_pdf_only(client, letter_without_code):
    with letter_without_code.pdf.open("rb") as handle:
        original = handle.read()
    assert "Verification code" not in factories.pdf_words(letter_without_code)
    assert "upload it, at" not in factories.pdf_words(letter_without_code)
    assert "It matches the original" in result_text(check(client, file=SimpleUploadedFile("x.pdf", original)))
    assert "It matches the original" in result_text(check(client, sha256=letter_without_code.sha256))
    # No code opens it: not an empty one, not the "nothing" placeholder the comparison uses.
    for code in ("", "0000-0000-0000", "2222-2222-2222"):
        page = check(client, number="CBO-2026-0001", code=code)
        if page.status_code == 200:
            assert result_text(page) == f"Result Not confirmed {NEUTRAL}"
        else:
            assert page.status_code == 400
            assert "Comcast" not in page.content.decode()


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
