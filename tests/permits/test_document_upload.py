"""The document services (permits/services_documents.py): what is stored, where, by whom; and that a
refusal stores nothing, neither a row nor a file."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from PIL import Image

from permits.models import ApplicationDocument
from permits.services_documents import document_remove, document_set_public, document_upload
from permits.services_filing import draft_create, draft_site_add, draft_submit
from permits.services_review import checklist_item_add, checklist_item_retire
from tests.conftest import provider_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.APPLICATION_DOCUMENT_MAX_BYTES = 64 * 1024
    return settings.MEDIA_ROOT


def stored_files(media):
    return sorted(path for path in media.rglob("*") if path.is_file()) if media.exists() else []


@pytest.fixture
def carrier_user(crown_castle):
    return provider_user(crown_castle, "crown-clerk")


@pytest.fixture
def draft(crown_castle, carrier_user):
    draft = draft_create(actor=carrier_user, provider=crown_castle, category="swf_collocation")
    draft_site_add(actor=carrier_user, draft=draft, address="1 Main St", category="swf_collocation")
    return draft


def upload(data=PDF, name="Site plan.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (0, 90, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def test_an_upload_is_stored_privately_under_the_servers_name_with_its_hash_and_history(
    draft, carrier_user, crown_castle, media
):
    document = document_upload(actor=carrier_user, upload=upload(name="../../Site plan.pdf"), draft=draft)
    assert document.provider == crown_castle
    assert document.original_name == "Site plan.pdf"
    assert document.content_type == "application/pdf"
    assert (document.size, document.sha256) == (len(PDF), hashlib.sha256(PDF).hexdigest())
    assert document.file.name.startswith(f"permits/documents/{crown_castle.pk}/")
    assert document.file.name.endswith(".pdf") and "Site plan" not in document.file.name
    assert stored_files(media) == [media / document.file.name]
    assert (media / document.file.name).read_bytes() == PDF
    entry = document.history.get()
    assert (entry.history_type, entry.history_user) == ("+", carrier_user)


def test_the_type_comes_from_the_content_not_the_name_or_the_declared_type(draft, carrier_user):
    document = document_upload(
        actor=carrier_user, upload=upload(png(), name="photo.pdf", content_type="application/pdf"), draft=draft
    )
    assert document.content_type == "image/png"
    assert document.file.name.endswith(".png")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<html><script>alert(1)</script></html>", "not a PDF, PNG or JPEG"),
        (b"", "This file is empty"),
        (b"%PDF-" + b"0" * (64 * 1024), "the limit is 64.0 KB"),
        (PDF.replace(b"/Type /Catalog", b"/Type /Catalog /AA << /O 3 0 R >>"), "/AA"),
    ],
)
def test_a_refused_file_stores_nothing_neither_a_row_nor_a_file(draft, carrier_user, media, data, words):
    with pytest.raises(ValidationError) as refusal:
        document_upload(actor=carrier_user, upload=upload(data), draft=draft)
    assert words in " ".join(refusal.value.message_dict["file"])
    assert not ApplicationDocument.objects.exists()
    assert stored_files(media) == []


def test_a_row_that_fails_to_save_leaves_no_file_behind(draft, carrier_user, media):
    with pytest.raises(ValidationError, match="description"):
        document_upload(actor=carrier_user, upload=upload(), draft=draft, description="x" * 201)
    assert not ApplicationDocument.objects.exists()
    assert stored_files(media) == []


def test_a_file_already_stored_is_deleted_when_the_row_cannot_be_saved(draft, carrier_user, media, monkeypatch):
    def fail(*args, **kwargs):
        assert len(stored_files(media)) == 1  # the file was written, then the row failed
        raise IntegrityError("simulated")

    monkeypatch.setattr(ApplicationDocument, "save", fail)
    with pytest.raises(IntegrityError):
        document_upload(actor=carrier_user, upload=upload(), draft=draft)
    monkeypatch.undo()
    assert not ApplicationDocument.objects.exists()
    assert stored_files(media) == []


def test_no_more_than_the_limit_and_one_byte_is_read(draft, carrier_user, settings):
    sizes = []

    class Upload(SimpleUploadedFile):
        def read(self, size=-1):
            sizes.append(size)
            return super().read(size)

    document_upload(actor=carrier_user, upload=Upload("a.pdf", PDF, "application/pdf"), draft=draft)
    assert sizes == [settings.APPLICATION_DOCUMENT_MAX_BYTES + 1]


def test_another_carriers_user_cannot_upload_to_the_draft(draft, media):
    from accounts.models import Provider
    from tests.factories import ProviderFactory

    other = ProviderFactory(name="Other Towers", short_name="other", kind=Provider.Kind.WIRELESS)
    with pytest.raises(ValidationError, match="own users"):
        document_upload(actor=provider_user(other, "other-clerk"), upload=upload(), draft=draft)
    assert not ApplicationDocument.objects.exists()
    assert stored_files(media) == []


def test_a_cable_operators_user_cannot_upload_to_a_carriers_draft_or_application(draft, carrier_user, comcast_user):
    with pytest.raises(ValidationError, match="own users"):
        document_upload(actor=comcast_user, upload=upload(), draft=draft)
    application = draft_submit(actor=carrier_user, draft=draft, confirm_missing=True)
    with pytest.raises(ValidationError, match="applicant's own users and City staff"):
        document_upload(actor=comcast_user, upload=upload(), application=application)
    assert not ApplicationDocument.objects.exists()


def test_a_submitted_draft_takes_no_more_documents_but_its_application_does(draft, carrier_user):
    application = draft_submit(actor=carrier_user, draft=draft, confirm_missing=True)
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="already been submitted"):
        document_upload(actor=carrier_user, upload=upload(), draft=draft)
    # Answering an incompleteness notice: the carrier adds to the application itself.
    document = document_upload(actor=carrier_user, upload=upload(), application=application)
    assert (document.application, document.draft) == (application, None)


def test_staff_may_upload_to_an_application_and_legal_may_not(draft, carrier_user, staff, legal, crown_castle):
    application = draft_submit(actor=carrier_user, draft=draft, confirm_missing=True)
    document = document_upload(actor=staff, upload=upload(), application=application, description="Site visit")
    assert (document.provider, document.uploaded_by) == (crown_castle, staff)
    assert document.history.get().history_user == staff
    with pytest.raises(ValidationError, match="City staff"):
        document_upload(actor=legal, upload=upload(), application=application)
    with pytest.raises(ValidationError, match="draft"):
        document_upload(actor=staff, upload=upload(), draft=ApplicationDocument.objects.get().application.draft)


def test_exactly_one_of_draft_and_application_is_given(draft, carrier_user):
    with pytest.raises(ValidationError, match="exactly one"):
        document_upload(actor=carrier_user, upload=upload())


def test_a_retired_checklist_item_is_refused_and_a_current_one_is_recorded(draft, carrier_user, media, staff):
    current = checklist_item_add(actor=staff, title="Site plan", standard="Ord. 1", published_on=dt.date(2020, 1, 1))
    retired = checklist_item_add(actor=staff, title="Old form", standard="Ord. 0", published_on=dt.date(2020, 1, 1))
    checklist_item_retire(actor=staff, item=retired)
    with pytest.raises(ValidationError, match="retired"):
        document_upload(actor=carrier_user, upload=upload(), draft=draft, checklist_item=retired)
    assert stored_files(media) == []
    document = document_upload(actor=carrier_user, upload=upload(), draft=draft, checklist_item=current)
    assert document.checklist_item == current


def test_a_draft_document_is_removed_by_its_carrier_with_its_file(
    draft, carrier_user, media, staff, django_capture_on_commit_callbacks
):
    document = document_upload(actor=carrier_user, upload=upload(), draft=draft)
    with pytest.raises(ValidationError, match="own users"):
        document_remove(actor=staff, document=document)
    assert len(stored_files(media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        document_remove(actor=carrier_user, document=document)
    assert not ApplicationDocument.objects.exists()
    assert stored_files(media) == []


def test_a_document_of_a_submitted_application_cannot_be_removed(draft, carrier_user):
    document = document_upload(actor=carrier_user, upload=upload(), draft=draft)
    draft_submit(actor=carrier_user, draft=draft, confirm_missing=True)
    with pytest.raises(ValidationError, match="cannot be removed"):
        document_remove(actor=carrier_user, document=document)
    assert ApplicationDocument.objects.filter(pk=document.pk).exists()


def test_only_staff_make_an_applications_document_public(draft, carrier_user, staff, legal, auditor):
    document = document_upload(actor=carrier_user, upload=upload(), draft=draft)
    with pytest.raises(ValidationError, match="submitted application"):
        document_set_public(actor=staff, document=document, is_public=True)
    draft_submit(actor=carrier_user, draft=draft, confirm_missing=True)
    for actor in (legal, auditor, carrier_user):
        with pytest.raises(ValidationError, match="Only City staff"):
            document_set_public(actor=actor, document=document, is_public=True)
    document = document_set_public(actor=staff, document=document, is_public=True)
    assert document.is_public
    assert document.history.latest().history_user == staff
