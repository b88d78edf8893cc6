"""Documents filed with small-cell applications: upload, removal from a draft, publication.

The file is checked by permits.documents (pure) before anything is stored: at most the limit plus one
byte is read, and the file reaches storage only after every check has passed, under the server's name
(permits.models.document_path). If saving the row fails, the stored file is deleted again, so a refusal
leaves nothing on disk and nothing in the database.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.audit import acting_as
from accounts.roles import STAFF, has_role
from permits import checklist, documents
from permits.models import ApplicationDocument, ApplicationDraft, PermitApplication


def _is_applicants_user(actor, provider_id):
    return getattr(actor, "provider_id", None) is not None and actor.provider_id == provider_id


def _check_uploader(actor, *, draft, application):
    if draft is not None:
        if not _is_applicants_user(actor, draft.provider_id):
            raise ValidationError("Only the applicant's own users can add documents to this draft.")
        if draft.is_submitted:
            raise ValidationError("This draft has already been submitted; add documents to the application instead.")
        return
    if _is_applicants_user(actor, application.applicant_id):
        return
    if getattr(actor, "provider_id", None) is None and has_role(actor, STAFF):
        return
    raise ValidationError("Only the applicant's own users and City staff can add documents to this application.")


def _check_item(item, *, category, submitted_on):
    if item is None:
        return
    if item.retired_on is not None and item.retired_on <= submitted_on:
        raise ValidationError({"checklist_item": f"“{item.title}” is retired from the checklist; choose another item."})
    if not checklist.applies(item, category=category, submitted_on=submitted_on):
        raise ValidationError({"checklist_item": f"“{item.title}” does not apply to this application."})


def _read(upload, max_bytes):
    """At most `max_bytes + 1` bytes of the upload (one over is enough to refuse) and its declared size."""
    if upload is None:
        raise ValidationError({"file": "Choose a file to upload."})
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    return data, max(getattr(upload, "size", 0) or 0, len(data))


def document_upload(*, actor, upload, draft=None, application=None, checklist_item=None, description=""):
    """Check `upload` (a Django UploadedFile) and file it with the draft or the application."""
    if (draft is None) == (application is None):
        raise ValidationError("A document belongs to a draft or to an application: give exactly one.")
    max_bytes = settings.APPLICATION_DOCUMENT_MAX_BYTES
    data, size = _read(upload, max_bytes)
    try:
        result = documents.check(data, name=getattr(upload, "name", "") or "", max_bytes=max_bytes, size=size)
    except documents.DocumentRefused as refusal:
        raise ValidationError({"file": refusal.message}) from refusal
    stored = None
    storage = ApplicationDocument._meta.get_field("file").storage
    try:
        with transaction.atomic(), acting_as(actor):
            if draft is not None:
                draft = ApplicationDraft.objects.select_for_update().get(pk=draft.pk)
                _check_uploader(actor, draft=draft, application=None)
                _check_item(checklist_item, category=draft.category, submitted_on=timezone.localdate())
                provider_id = draft.provider_id
            else:
                application = PermitApplication.objects.get(pk=application.pk)
                _check_uploader(actor, draft=None, application=application)
                _check_item(checklist_item, category=application.category, submitted_on=application.submitted_on)
                provider_id = application.applicant_id
            document = ApplicationDocument(
                provider_id=provider_id,
                draft=draft,
                application=application,
                checklist_item=checklist_item,
                original_name=result.name,
                content_type=result.content_type,
                size=result.size,
                sha256=result.sha256,
                description=description,
                uploaded_by=actor,
            )
            document.full_clean(exclude=["file"])
            # The name given here is ignored: document_path names the file from the provider and the type.
            document.file.save(f"document{result.extension}", ContentFile(data), save=False)
            stored = document.file.name
            document.full_clean()
            document.save()
    except BaseException:
        if stored:
            storage.delete(stored)
        raise
    return document


def document_remove(*, actor, document):
    """Remove a document from a draft not yet submitted (the applicant's users only); the file goes after commit."""
    with transaction.atomic(), acting_as(actor):
        document = ApplicationDocument.objects.select_for_update().get(pk=document.pk)
        if document.draft_id is None or document.application_id is not None:
            raise ValidationError("A document filed with a submitted application cannot be removed.")
        draft = ApplicationDraft.objects.select_for_update().get(pk=document.draft_id)
        if not _is_applicants_user(actor, draft.provider_id):
            raise ValidationError("Only the applicant's own users can remove documents from this draft.")
        if draft.is_submitted:
            raise ValidationError("This draft has already been submitted; its documents can no longer be removed.")
        name, storage = document.file.name, document.file.storage
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))


def document_set_public(*, actor, document, is_public):
    """Staff decide whether an application's document is shown in the public register."""
    if getattr(actor, "provider_id", None) is not None or not has_role(actor, STAFF):
        raise ValidationError("Only City staff can decide which documents are public.")
    with transaction.atomic(), acting_as(actor):
        document = ApplicationDocument.objects.select_for_update().get(pk=document.pk)
        if document.application_id is None:
            raise ValidationError("Only a document filed with a submitted application can be made public.")
        document.is_public = bool(is_public)
        document.full_clean()
        document.save()
    return document
