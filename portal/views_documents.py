"""A provider's own application documents: only its users get them; any other id answers 404."""

from django.http import Http404
from django.views import View

from accounts.mixins import ProviderRequiredMixin
from permits.models import ApplicationDocument
from permits.views_documents import document_file_response


class DocumentFileView(ProviderRequiredMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, pk):
        try:
            document = ApplicationDocument.objects.get(pk=pk, provider=self.provider)
        except ApplicationDocument.DoesNotExist as error:
            raise Http404("No such document.") from error
        return document_file_response(document)
