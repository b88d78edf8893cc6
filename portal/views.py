"""Provider-facing pages. Never import a staff view here: provider pages and staff pages stay apart."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from accounts import services as account_services
from accounts.mixins import ProviderRequiredMixin
from deadlines.selectors import my_deadlines
from portal import selectors, selectors_applications


def optional_url(name):
    """A page another part of the product provides, when it is installed."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


class PortalHomeView(ProviderRequiredMixin, TemplateView):
    """What is overdue, what must be resubmitted, what is due soon, and the latest reports."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        if self.provider.handles_cable or not self.provider.handles_wireless:
            context.update(selectors.home(self.provider, today))
        if self.provider.handles_wireless:
            context["small_cell"] = selectors_applications.home_summary(self.provider, today)
        context["provider"] = self.provider
        context["today"] = today
        context["letters_url"] = optional_url("portal:letters")
        return context


class OrganisationView(ProviderRequiredMixin, TemplateView):
    """The provider's own organisation: no id in the URL, so no other can be asked for."""

    template_name = "portal/organisation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provider"] = self.provider
        context["contacts"] = self.provider.contacts.all()
        context["colleagues"] = self.provider.users.filter(is_active=True).order_by("last_name", "username")
        if self.request.user.is_provider_admin:
            now = timezone.now()
            pending = self.provider.invitations.filter(
                accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
            ).select_related("invited_by")
            context["pending_invitations"] = list(pending.order_by("-created_at")[:50])
        return context


class DeadlinesView(ProviderRequiredMixin, TemplateView):
    """The provider's own deadlines with the City and its calendar feeds."""

    template_name = "portal/deadlines.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(my_deadlines(self.request.user))
        context["user_feed_url"] = self.request.build_absolute_uri(
            reverse("deadlines:calendar-feed", args=[self.request.user.calendar_token])
        )
        context["provider_feed_url"] = self.request.build_absolute_uri(
            reverse("deadlines:provider-calendar-feed", args=[self.provider.calendar_token])
        )
        return context


class ProviderCalendarResetView(ProviderRequiredMixin, View):
    """Provider admins reset their organisation's feed secret."""

    http_method_names = ["post"]

    def post(self, request):
        if not request.user.is_provider_admin:
            raise PermissionDenied("Only your organisation's portal administrators can reset this link.")
        account_services.provider_calendar_token_rotate(actor=request.user, provider=self.provider)
        messages.success(request, "Your organisation's calendar link was reset. Share the new link with colleagues.")
        return redirect("portal:deadlines")
