"""An issued letter's PDF and hash cannot change: not through the pages, the API, the admin, the model,
a bulk query or raw SQL. A correction is a new letter."""

import hashlib

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from letters.models import Letter, LetterEvent, LetterLockedError, LetterTemplateVersion
from tests.factories import UserFactory


@pytest.fixture
def original(issued_letter):
    with issued_letter.pdf.open("rb") as handle:
        pdf = handle.read()
    return {"pk": issued_letter.pk, "sha256": issued_letter.sha256, "pdf": pdf, "body": issued_letter.body}


def assert_unchanged(original):
    letter = Letter.objects.get(pk=original["pk"])
    assert letter.status == Letter.Status.ISSUED
    assert letter.sha256 == original["sha256"]
    assert letter.body == original["body"]
    with letter.pdf.open("rb") as handle:
        data = handle.read()
    assert data == original["pdf"]
    assert hashlib.sha256(data).hexdigest() == original["sha256"]


# The model --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sha256", "0" * 64),
        ("body", "Something else entirely."),
        ("pdf", "letters/2026/forged.pdf"),
        ("number", "CBO-2026-9999"),
        ("issued_on", "2026-01-01"),
        ("data", {"provider_name": "Someone else"}),
        ("status", "draft"),
    ],
)
def test_save_refuses_any_change_to_an_issued_letter(issued_letter, original, field, value):
    setattr(issued_letter, field, value)
    with pytest.raises(LetterLockedError, match="is issued and can never change"):
        issued_letter.save()
    assert_unchanged(original)


def test_saving_an_issued_letter_unchanged_writes_nothing(issued_letter, original):
    count = issued_letter.history.count()
    issued_letter.save()
    assert issued_letter.history.count() == count
    assert_unchanged(original)


def test_delete_refuses_an_issued_letter(issued_letter, original):
    with pytest.raises(LetterLockedError, match="can never be deleted"):
        issued_letter.delete()
    assert_unchanged(original)


def test_bulk_update_and_delete_refuse_issued_letters(issued_letter, original):
    with pytest.raises(LetterLockedError):
        Letter.objects.filter(pk=issued_letter.pk).update(sha256="0" * 64)
    with pytest.raises(LetterLockedError):
        Letter.objects.all().delete()
    assert_unchanged(original)


def test_the_database_itself_refuses_raw_sql_on_an_issued_letter(issued_letter, original):
    for statement in (
        "UPDATE compliance_letter SET sha256 = 'forged' WHERE id = %s",
        "UPDATE compliance_letter SET body = 'forged' WHERE id = %s",
        "DELETE FROM compliance_letter WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [issued_letter.pk])
    assert_unchanged(original)


def test_template_versions_and_the_audit_trail_are_append_only(issued_letter):
    version = LetterTemplateVersion.objects.get(kind="fee_interest", number=1)
    version.body = "changed"
    with pytest.raises(LetterLockedError):
        version.save()
    with pytest.raises(LetterLockedError):
        version.delete()
    event = issued_letter.events.first()
    event.detail = "changed"
    with pytest.raises(LetterLockedError):
        event.save()
    with pytest.raises(LetterLockedError):
        LetterEvent.objects.get(pk=event.pk).delete()


# The pages --------------------------------------------------------------------------------


def test_the_edit_page_of_an_issued_letter_answers_conflict_and_saves_nothing(legal_client, issued_letter, original):
    url = reverse("letters:edit", args=[issued_letter.pk])
    assert legal_client.get(url).status_code == 409
    response = legal_client.post(url, {"subject": "x", "body": "Forged", "closing": "", "cure_days": 1})
    assert response.status_code == 409
    assert b"can never change" in response.content
    assert_unchanged(original)


@pytest.mark.parametrize(
    "action",
    [
        "letters:approve",
        "letters:return",
        "letters:discard",
        "letters:refresh",
        "letters:wording",
        "letters:issue",
        "letters:retry",
    ],
)
def test_no_action_changes_an_issued_letter(legal_client, issued_letter, original, action):
    response = legal_client.post(reverse(action, args=[issued_letter.pk]), {"confirm": "on"}, follow=True)
    assert response.status_code == 200
    assert_unchanged(original)


# The API ----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_api_has_no_write_for_letters(legal_client, staff_client, issued_letter, original, method):
    url = f"/api/v1/letters/{issued_letter.pk}/"
    # Staff pass the write-role check and meet no write method (405); Legal never write through the API (403).
    for client, refused in ((staff_client, 405), (legal_client, 403)):
        response = getattr(client, method)(url, {"sha256": "0" * 64, "body": "Forged"}, content_type="application/json")
        assert response.status_code == refused
    assert (
        staff_client.post("/api/v1/letters/", {"kind": "fee_interest"}, content_type="application/json").status_code
        == 405
    )
    assert_unchanged(original)


def test_the_api_reads_an_issued_letter_with_its_hash(legal_client, issued_letter):
    data = legal_client.get(f"/api/v1/letters/{issued_letter.pk}/").json()
    assert data["number"] == "CBO-2026-0001"
    assert data["sha256"] == issued_letter.sha256
    assert data["template_version"] == 1
    assert data["pdf_url"].endswith(reverse("letters:pdf", args=[issued_letter.pk]))


# The admin --------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="it-admin", is_superuser=True, is_staff=True))
    return client


def test_the_admin_shows_an_issued_letter_but_cannot_change_or_delete_it(superuser_client, issued_letter, original):
    change = reverse("admin:letters_letter_change", args=[issued_letter.pk])
    page = superuser_client.get(change)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert superuser_client.post(change, {"sha256": "0" * 64, "body": "Forged"}).status_code == 403
    delete = reverse("admin:letters_letter_delete", args=[issued_letter.pk])
    assert superuser_client.get(delete).status_code == 403
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:letters_letter_changelist")
    superuser_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [issued_letter.pk], "post": "yes"}
    )
    assert superuser_client.get(reverse("admin:letters_letter_add")).status_code == 403
    assert_unchanged(original)


# Storage ----------------------------------------------------------------------------------


def test_a_pdf_altered_in_storage_is_detected_and_not_served(legal_client, comcast_client, issued_letter):
    path = issued_letter.pdf.path
    with open(path, "r+b") as handle:
        handle.seek(100)
        handle.write(b"tampered")
    response = legal_client.get(reverse("letters:pdf", args=[issued_letter.pk]))
    assert response.status_code == 500
    assert b"no longer matches the SHA-256" in response.content
    assert comcast_client.get(reverse("portal:letter-download", args=[issued_letter.pk])).status_code == 404


# Corrections ------------------------------------------------------------------------------


def test_a_correction_is_a_new_letter_naming_the_one_it_supersedes(legal, issued_letter, original):
    from letters import services
    from tests.letters import factories

    correction = services.letter_correct(original=issued_letter, actor=legal)
    assert correction.pk != issued_letter.pk
    assert correction.status == Letter.Status.DRAFT
    assert correction.supersedes == issued_letter
    correction = factories.issue(correction, legal)
    assert correction.number == "CBO-2026-0002"
    assert "corrects and supersedes letter CBO-2026-0001 dated November 20, 2026" in factories.pdf_words(correction)
    assert issued_letter.events.filter(kind="superseded").exists()
    assert_unchanged(original)
