"""The provider's own issued letters, in the portal. Never imports a staff view (provider and staff pages stay apart).

Only issued letters of the user's own organisation are listed or served;
anything else (a draft, another provider's letter, an id that does not
exist) answers 404. The PDF is served by a view that checks ownership and
the SHA-256, never from a public media URL.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views import View
from django.views.generic import ListView

from accounts.mixins import ProviderRequiredMixin
from letters import selectors, services
from letters.models import Letter


class LetterListView(ProviderRequiredMixin, ListView):
    template_name = "portal/letters.html"
    context_object_name = "letters"
    paginate_by = 50

    def get_queryset(self):
        return selectors.portal_letters(self.provider)

    def get_context_data(self, **kwargs):
        data = super().get_context_data(**kwargs)
        data["provider"] = self.provider
        return data


class LetterDownloadView(ProviderRequiredMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, pk):
        letter = get_object_or_404(Letter, pk=pk, provider=self.provider, status=Letter.Status.ISSUED)
        try:
            data = services.stored_pdf(letter)
        except FileNotFoundError as error:
            raise Http404("The PDF is missing.") from error
        except ValidationError:
            raise Http404("The PDF is not available; the City has been told.") from None
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{letter.number}.pdf"'
        return response


# Included by portal/urls.py under "letters/" (names portal:letters and portal:letter-download).
urlpatterns = [
    path("", LetterListView.as_view(), name="letters"),
    path("<int:pk>/pdf/", LetterDownloadView.as_view(), name="letter-download"),
]
