"""Provider-facing pages. Never import a staff view here (STYLE.md)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import ProviderRequiredMixin
from accounts.models import Provider, new_calendar_token
from compliance.selectors_deadlines import my_deadlines


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


class DeadlinesView(ProviderRequiredMixin, TemplateView):
    """The provider's own deadlines with the City and its calendar feeds."""

    template_name = "portal/deadlines.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(my_deadlines(self.request.user))
        context["user_feed_url"] = self.request.build_absolute_uri(
            reverse("calendar-feed", args=[self.request.user.calendar_token])
        )
        context["provider_feed_url"] = self.request.build_absolute_uri(
            reverse("provider-calendar-feed", args=[self.provider.calendar_token])
        )
        return context


class ProviderCalendarResetView(ProviderRequiredMixin, View):
    """Provider admins reset their organisation's feed secret."""

    http_method_names = ["post"]

    def post(self, request):
        if not request.user.is_provider_admin:
            raise PermissionDenied("Only your organisation's portal administrators can reset this link.")
        Provider.objects.filter(pk=self.provider.pk).update(calendar_token=new_calendar_token())
        messages.success(request, "Your organisation's calendar link was reset. Share the new link with colleagues.")
        return redirect("portal:deadlines")
