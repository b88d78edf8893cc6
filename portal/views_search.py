"""The portal's search: a provider's own records that the portal shows, nothing else."""

from django.views.generic import TemplateView

from accounts.mixins import ProviderRequiredMixin
from core.search import selectors as search


class PortalSearchView(ProviderRequiredMixin, TemplateView):
    template_name = "portal/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()[:200]
        results = search.search(q, provider_id=self.provider.pk, portal=True) if q else []
        context.update(q=q, results=results, words=search.words(q), limit=search.MAX_RESULTS, provider=self.provider)
        return context
