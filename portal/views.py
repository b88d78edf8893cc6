"""Provider-facing pages. Never import a staff view here (STYLE.md)."""

from django.views.generic import TemplateView

from accounts.mixins import ProviderRequiredMixin


class PortalHomeView(ProviderRequiredMixin, TemplateView):
    template_name = "portal/home.html"


class OrganisationView(ProviderRequiredMixin, TemplateView):
    """The provider's own organisation: no id in the URL, so no other can be asked for."""

    template_name = "portal/organisation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provider"] = self.provider
        context["contacts"] = self.provider.contacts.all()
        context["colleagues"] = self.provider.users.filter(is_active=True).order_by("last_name", "username")
        return context
