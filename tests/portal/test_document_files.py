"""Who gets an application document's file (portal:document-file, permits:document-file), how it is
served, and who may make it public (permits:document-public)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from accounts.models import Provider
from permits.models import ApplicationDocument
from permits.services_documents import document_upload
from permits.services_filing import draft_create, draft_site_add, draft_submit
from tests.conftest import provider_user
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def carrier_user(crown_castle):
    return provider_user(crown_castle, "crown-clerk")


@pytest.fixture
def carrier_client(carrier_user, login_as):
    return login_as(carrier_user)


@pytest.fixture
def other_carrier_client(login_as):
    other = ProviderFactory(name="Other Towers", short_name="other", kind=Provider.Kind.WIRELESS)
    return login_as(provider_user(other, "other-clerk"))


def _upload(data=PDF, name="Site plan.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def filed(crown_castle, carrier_user):
    """A submitted application with one document, and a draft with one document not yet submitted."""
    draft = draft_create(actor=carrier_user, provider=crown_castle, category="swf_collocation")
    draft_site_add(actor=carrier_user, draft=draft, address="1 Main St", category="swf_collocation")
    document = document_upload(actor=carrier_user, upload=_upload(), draft=draft)
    application = draft_submit(actor=carrier_user, draft=draft, confirm_missing=True)
    document.refresh_from_db()
    unsubmitted = draft_create(actor=carrier_user, provider=crown_castle, category="swf_collocation")
    draft_document = document_upload(actor=carrier_user, upload=_upload(name="draft.pdf"), draft=unsubmitted)
    return {"application": application, "document": document, "draft_document": draft_document}


def portal_url(document):
    return reverse("portal:document-file", args=[document.pk])


def staff_url(document):
    return reverse("permits:document-file", args=[document.pk])


def public_url(document):
    return reverse("permits:document-public", args=[document.pk])


def test_the_owner_carrier_gets_the_file_as_an_attachment_without_sniffing_or_caching(carrier_client, filed):
    response = carrier_client.get(portal_url(filed["document"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'attachment; filename="Site plan.pdf"'
    # Its draft's documents too: they are the carrier's own.
    assert carrier_client.get(portal_url(filed["draft_document"])).status_code == 200


def test_the_offered_name_ends_with_the_type_the_content_showed(carrier_client, carrier_user, filed):
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, "PNG")
    document = document_upload(
        actor=carrier_user, upload=_upload(buffer.getvalue(), name='photo".pdf'), application=filed["application"]
    )
    response = carrier_client.get(portal_url(document))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="photo\\".png"'


def test_another_carrier_and_a_cable_operator_get_404_by_id(other_carrier_client, comcast_client, filed):
    for client in (other_carrier_client, comcast_client):
        assert client.get(portal_url(filed["document"])).status_code == 404
        assert client.get(portal_url(filed["draft_document"])).status_code == 404
    assert other_carrier_client.get(reverse("portal:document-file", args=[999999])).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, filed):
    for url in (portal_url(filed["document"]), staff_url(filed["document"])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_city_roles_get_an_applications_document(staff_client, legal_client, auditor_client, filed):
    for client in (staff_client, legal_client, auditor_client):
        response = client.get(staff_url(filed["document"]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]


def test_city_roles_do_not_get_the_documents_of_a_draft_not_yet_submitted(staff_client, filed):
    assert staff_client.get(staff_url(filed["draft_document"])).status_code == 404
    assert staff_client.get(reverse("permits:document-file", args=[999999])).status_code == 404


def test_a_staff_user_gets_404_in_the_portal_and_a_provider_is_refused_the_staff_url(
    staff_client, carrier_client, filed
):
    assert staff_client.get(portal_url(filed["document"])).status_code == 404
    assert carrier_client.get(staff_url(filed["document"])).status_code in (403, 404)


def test_staff_make_a_document_public_and_back(staff_client, filed):
    document = filed["document"]
    response = staff_client.post(public_url(document), {"is_public": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("permits:application-detail", args=[filed["application"].pk])
    document.refresh_from_db()
    assert document.is_public
    staff_client.post(public_url(document))  # no value: toggles
    document.refresh_from_db()
    assert not document.is_public
    # Uploaded, moved to the application on submission, made public, taken back: four history entries.
    assert document.history.count() == 4
    assert document.history.latest().history_user.username == "staff"


def test_legal_auditors_providers_and_get_requests_cannot_make_a_document_public(
    legal_client, auditor_client, carrier_client, staff_client, filed
):
    document = filed["document"]
    for client in (legal_client, auditor_client, carrier_client):
        assert client.post(public_url(document), {"is_public": "1"}).status_code == 403
    assert staff_client.get(public_url(document)).status_code == 405
    assert staff_client.post(public_url(filed["draft_document"]), {"is_public": "1"}).status_code == 404
    assert not ApplicationDocument.objects.filter(is_public=True).exists()


def test_making_a_document_public_needs_the_forms_csrf_token(staff, filed):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(public_url(filed["document"]), {"is_public": "1"}).status_code == 403
    filed["document"].refresh_from_db()
    assert not filed["document"].is_public


def test_the_staff_application_page_lists_the_documents_with_links_and_only_staff_may_publish(
    filed, staff_client, legal_client
):
    application, document = filed["application"], filed["document"]
    page = staff_client.get(reverse("permits:application-detail", args=[application.pk])).content.decode()
    assert reverse("permits:document-file", args=[document.pk]) in page
    assert reverse("permits:document-public", args=[document.pk]) in page
    assert "Site plan.pdf" in page
    # The draft the carrier has not submitted is not the City's record: not listed.
    assert "draft.pdf" not in page
    page = legal_client.get(reverse("permits:application-detail", args=[application.pk])).content.decode()
    assert reverse("permits:document-file", args=[document.pk]) in page
    assert reverse("permits:document-public", args=[document.pk]) not in page
