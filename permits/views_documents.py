"""Application documents for City roles: the file, and Staff's choice of what the public register shows.

A document is served only through a view that checks who is asking, as an attachment of its detected
type with content sniffing off and no caching; the name offered is the uploader's, sanitised on upload
(permits.documents.display_name), with the detected type's extension. A draft's documents are the
carrier's until the draft is submitted: City roles see only documents of applications.
"""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views import View

from accounts.mixins import CityRoleRequiredMixin
from permits.models import ApplicationDocument
from permits.services_documents import document_set_public

SAME_TYPE = {".pdf": (".pdf",), ".png": (".png",), ".jpg": (".jpg", ".jpeg")}


def download_name(document):
    """The uploader's name, ending in the extension of the type the content showed."""
    name = PurePath(document.original_name or "document")
    extension = document.stored_extension
    if name.suffix.lower() in SAME_TYPE.get(extension, ()):
        return name.name
    stem = name.stem if name.suffix.lower() in (".pdf", ".png", ".jpg", ".jpeg") else name.name
    return f"{stem or 'document'}{extension}"


def document_file_response(document):
    """The stored file as a download; 404 when storage has lost it."""
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("That document's file is not available.") from error
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(document), content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _application_document(pk):
    try:
        return ApplicationDocument.objects.select_related("application").get(pk=pk, application__isnull=False)
    except ApplicationDocument.DoesNotExist as error:
        raise Http404("No application document has that number.") from error


class DocumentFileView(CityRoleRequiredMixin, View):
    """Staff, Legal and Auditor download a document filed with an application."""

    http_method_names = ["get", "head"]

    def get(self, request, pk):
        return document_file_response(_application_document(pk))


class DocumentPublicView(CityRoleRequiredMixin, View):
    """Staff show a document in the public register, or take it out (POST `is_public` 1 or 0; absent: toggle)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        document = _application_document(pk)
        wanted = request.POST.get("is_public")
        is_public = (not document.is_public) if wanted is None else wanted in ("1", "true", "on")
        try:
            document = document_set_public(actor=request.user, document=document, is_public=is_public)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            state = "is now shown in the public register" if document.is_public else "is no longer public"
            messages.success(request, f"“{document}” {state}.")
        return redirect("permits:application-detail", pk=document.application_id)
