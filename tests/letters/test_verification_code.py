"""The verification code: given on issue, before the PDF is made, printed on it, frozen with the number,
shown to City roles and to the letter's own provider, never to anyone else."""

import math
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test import TestCase
from django.urls import reverse

from letters import services, verification
from letters.models import Letter, LetterLockedError
from tests.letters import factories

CODE = re.compile(r"\A[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\Z")


@pytest.fixture
def issuing_letter(fee_letter, legal):
    """Issued (numbered, dated, code given) with the render not yet run: status "issuing"."""
    letter = services.letter_approve(letter=fee_letter, actor=factories.second_legal())
    with TestCase.captureOnCommitCallbacks(execute=False):
        letter = services.letter_issue(letter=letter, actor=legal)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ISSUING
    return letter


# Given on issue ------------------------------------------------------------------------------


def test_a_draft_or_an_approved_letter_has_no_code(fee_letter, legal2):
    assert fee_letter.verification_code is None
    assert services.letter_approve(letter=fee_letter, actor=legal2).verification_code is None


def test_issuing_gives_the_code_before_the_pdf_is_made(issuing_letter):
    """The code is stored with the number and is in the snapshot the worker renders from."""
    assert CODE.match(issuing_letter.verification_code)
    assert not issuing_letter.pdf
    assert issuing_letter.rendered_data["verification_code"] == issuing_letter.verification_code
    assert issuing_letter.history.first().verification_code == issuing_letter.verification_code


def test_the_code_is_printed_on_the_letter_next_to_the_verification_line(issued_letter):
    words = factories.pdf_words(issued_letter)
    code = issued_letter.verification_code
    assert f"Verification code: {code}." in words
    assert "enter its letter number and verification code, or upload it, at" in words
    assert services.verify_url() in words


def test_the_code_stays_what_it_was_when_the_worker_renders(issuing_letter):
    code = issuing_letter.verification_code
    services.letter_render(letter_id=issuing_letter.pk)
    issuing_letter.refresh_from_db()
    assert issuing_letter.status == Letter.Status.ISSUED
    assert issuing_letter.verification_code == code


def test_codes_are_random_well_formed_and_distinct():
    codes = {verification.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(CODE.match(code) for code in codes)
    # 12 characters from 31: about 59 bits, beyond guessing at 30 checks per 10 minutes.
    assert len(verification.ALPHABET) == 31 and verification.LENGTH == 12
    assert verification.LENGTH * math.log2(len(verification.ALPHABET)) > 59
    assert not set("01ILO") & set(verification.ALPHABET)
    # Every character of the alphabet turns up in every position: nothing fixed, nothing sequential.
    for position in range(14):
        if position in (4, 9):
            continue
        assert {code[position] for code in codes} == set(verification.ALPHABET)


def test_two_letters_never_share_a_code(issued_letter, legal):
    correction = factories.issue(services.letter_correct(original=issued_letter, actor=legal), legal)
    assert correction.verification_code != issued_letter.verification_code


def test_the_database_refuses_a_duplicate_code(issued_letter, fee_letter):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE compliance_letter SET verification_code = %s WHERE id = %s",
            [issued_letter.verification_code, fee_letter.pk],
        )


def test_matching_ignores_case_spaces_and_dashes_and_never_matches_no_code():
    assert verification.matches("k7qf 9xm2-tr4d", "K7QF-9XM2-TR4D")
    assert verification.matches("K7QF9XM2TR4D", "K7QF-9XM2-TR4D")
    assert not verification.matches("K7QF-9XM2-TR4E", "K7QF-9XM2-TR4D")
    for given in ("", "0000-0000-0000", "000000000000", "é" * 12):
        assert not verification.matches(given, None)
        assert not verification.matches(given, "")


# Frozen ---------------------------------------------------------------------------------------


def test_save_refuses_to_change_the_code_of_an_issued_letter(issued_letter):
    code = issued_letter.verification_code
    for new in ("2222-2222-2222", None):
        issued_letter.verification_code = new
        with pytest.raises(LetterLockedError, match="refused: verification_code"):
            issued_letter.save()
    assert Letter.objects.get(pk=issued_letter.pk).verification_code == code


def test_save_refuses_to_change_the_code_while_the_pdf_is_being_made(issuing_letter):
    code = issuing_letter.verification_code
    issuing_letter.verification_code = "2222-2222-2222"
    with pytest.raises(LetterLockedError, match="refused: verification_code"):
        issuing_letter.save()
    with pytest.raises(LetterLockedError):
        Letter.objects.filter(pk=issuing_letter.pk).update(verification_code="2222-2222-2222")
    assert Letter.objects.get(pk=issuing_letter.pk).verification_code == code


def test_issuing_again_is_refused_and_keeps_the_code(issued_letter, legal):
    code = issued_letter.verification_code
    with pytest.raises(ValidationError):
        services.letter_issue(letter=issued_letter, actor=legal)
    assert Letter.objects.get(pk=issued_letter.pk).verification_code == code


def refused(sql, params):
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(caught.value)


@pytest.mark.parametrize("new", ["2222-2222-2222", None])
@pytest.mark.parametrize("fixture", ["issued_letter", "issuing_letter"])
def test_the_database_refuses_a_raw_update_of_the_code(db, request, fixture, new):
    """SQLite and PostgreSQL alike: the triggers of compliance 0006, and the frozen columns as letters 0003
    made them again with the code among them."""
    letter = request.getfixturevalue(fixture)
    code = letter.verification_code
    message = refused("UPDATE compliance_letter SET verification_code = %s WHERE id = %s", [new, letter.pk])
    assert "issued letter can never change" in message
    assert Letter.objects.get(pk=letter.pk).verification_code == code


def test_the_database_still_lets_the_render_path_write_while_issuing(issuing_letter):
    """The frozen columns grew by one: the render fields still change, on the way to issued."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE compliance_letter SET render_error = 'x' WHERE id = %s", [issuing_letter.pk])
    assert Letter.objects.get(pk=issuing_letter.pk).render_error == "x"


def test_a_draft_code_is_not_frozen_by_the_database(fee_letter):
    """Only issued letters are frozen: the column itself is an ordinary nullable column."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE compliance_letter SET verification_code = 'X' WHERE id = %s", [fee_letter.pk])
        cursor.execute("UPDATE compliance_letter SET verification_code = NULL WHERE id = %s", [fee_letter.pk])


def test_the_triggers_name_the_code_among_the_frozen_columns(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'compliance_letter'"
            )
            triggers = dict(cursor.fetchall())
            assert "NEW.verification_code IS NOT OLD.verification_code" in triggers["compliance_letter_issuing_frozen"]
            assert {
                "compliance_letter_issued_no_update",
                "compliance_letter_issued_no_delete",
                "compliance_letter_issue_path",
                "compliance_letter_insert_not_issued",
            } <= set(triggers)
        else:
            cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'compliance_letter_guard'")
            assert "NEW.verification_code IS DISTINCT FROM OLD.verification_code" in cursor.fetchone()[0]
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'compliance_letter'::regclass")
            assert {"compliance_letter_guard", "compliance_letter_issue_path"} <= {row[0] for row in cursor.fetchall()}


# Who sees it ----------------------------------------------------------------------------------


def test_staff_see_the_code_on_the_letter_page(legal_client, staff_client, auditor_client, issued_letter):
    for client in (legal_client, staff_client, auditor_client):
        page = client.get(reverse("letters:detail", args=[issued_letter.pk])).content.decode()
        assert issued_letter.verification_code in page


def test_the_letter_page_says_when_a_letter_has_no_code(legal_client, fee_letter, legal, monkeypatch):
    monkeypatch.setattr(verification, "new_code", lambda: None)
    letter = factories.issue(fee_letter, legal)
    page = legal_client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert "issued before verification codes were printed" in page


def test_city_roles_see_the_code_in_the_api(legal_client, staff_client, auditor_client, issued_letter):
    for client in (legal_client, staff_client, auditor_client):
        data = client.get(f"/api/v1/letters/{issued_letter.pk}/").json()
        assert data["verification_code"] == issued_letter.verification_code
        listed = client.get("/api/v1/letters/").json()["results"]
        assert [row["verification_code"] for row in listed] == [issued_letter.verification_code]


def test_providers_and_the_public_do_not_reach_the_letters_api(client, comcast_client, issued_letter):
    for url in (f"/api/v1/letters/{issued_letter.pk}/", "/api/v1/letters/"):
        assert client.get(url).status_code in (401, 403)
        response = comcast_client.get(url)
        assert response.status_code == 403
        assert issued_letter.verification_code not in response.content.decode()


def test_the_provider_sees_the_code_of_its_own_letters_in_the_portal(comcast_client, verizon_client, issued_letter):
    assert issued_letter.verification_code in comcast_client.get(reverse("portal:letters")).content.decode()
    assert issued_letter.verification_code not in verizon_client.get(reverse("portal:letters")).content.decode()


def test_the_public_pages_never_show_the_code(client, issued_letter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with issued_letter.pdf.open("rb") as handle:
        pdf = handle.read()
    pages = [
        client.get(reverse("letters:verify")),
        client.post(reverse("letters:verify"), {"file": SimpleUploadedFile("x.pdf", pdf)}),
        client.post(
            reverse("letters:verify"), {"number": issued_letter.number, "code": issued_letter.verification_code}
        ),
    ]
    for page in pages:
        assert issued_letter.verification_code not in page.content.decode()
