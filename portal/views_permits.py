"""A carrier's small-cell permits in the portal: the list, one permit, asking for renewal and
reporting construction complete. Only wireless providers have permits: a cable-only provider, like
anyone asking for another carrier's permit, gets 404."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView, ListView, TemplateView

from accounts.mixins import ProviderRequiredMixin
from core.forms import USWDSForm, add_service_errors
from permits.models import Permit
from permits.services_carrier_permits import permit_mark_built_as_carrier, permit_request_renewal_as_carrier
from portal import selectors_permits


class WirelessProviderRequiredMixin(ProviderRequiredMixin):
    """Provider users of a wireless carrier or infrastructure firm; 404 for everyone else."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        provider = getattr(user, "provider", None) if user.is_authenticated else None
        if provider is not None and not provider.handles_wireless:
            raise Http404("Small-cell permits are for wireless providers.")
        return super().dispatch(request, *args, **kwargs)


class OnePermitMixin(WirelessProviderRequiredMixin):
    def get_permit(self):
        if not hasattr(self, "_permit"):
            try:
                self._permit = selectors_permits.permit_detail(self.provider, self.kwargs["pk"])
            except Permit.DoesNotExist as error:
                raise Http404("No such permit.") from error
        return self._permit


class PermitListView(WirelessProviderRequiredMixin, ListView):
    """Their permits, soonest expiry first; ?status= narrows to building, built, expiring or expired."""

    template_name = "portal/permits/permit_list.html"
    context_object_name = "permits"
    paginate_by = 50
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        self.today = timezone.localdate()
        status = self.request.GET.get("status", "")
        self.status = status if status in selectors_permits.STATUS_FILTERS else ""
        return selectors_permits.permit_list(self.provider, self.today, self.status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for permit in context["permits"]:
            permit.flags = permit.status_flags(self.today)
        context.update(
            today=self.today,
            status=self.status,
            status_filters=list(selectors_permits.STATUS_FILTERS.items()),
            window_days=Permit.RENEWAL_WINDOW_DAYS,
        )
        return context


class PermitDetailView(OnePermitMixin, TemplateView):
    template_name = "portal/permits/permit_detail.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        permit = self.get_permit()
        today = timezone.localdate()
        context.update(
            permit=permit,
            site=permit.site,
            particulars=selectors_permits.site_particulars(permit.site),
            today=today,
            flags=permit.status_flags(today),
            events=selectors_permits.permit_events(self.provider, permit),
            can_request_renewal=permit.renewal_status == Permit.RenewalStatus.NOT_REQUESTED,
        )
        return context


class RenewalConfirmForm(USWDSForm):
    """No fields: the request is dated the day it is made."""


class PermitRenewalView(OnePermitMixin, FormView):
    """GET: what asking for renewal means; POST: ask, dated today (the City's day)."""

    template_name = "portal/permits/permit_renewal.html"
    form_class = RenewalConfirmForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(permit=self.get_permit(), today=timezone.localdate())
        return context

    def form_valid(self, form):
        permit = self.get_permit()
        try:
            permit_request_renewal_as_carrier(permit=permit, actor=self.request.user, requested_on=timezone.localdate())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Renewal of permit {permit.number} requested. The City will answer it.")
        return redirect("portal:permit-detail", pk=permit.pk)


class PermitBuiltForm(USWDSForm):
    built_on = forms.DateField(
        label="Date construction was completed",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Not in the future, and not before the permit was issued.",
    )

    def __init__(self, *args, permit, **kwargs):
        super().__init__(*args, **kwargs)
        widget = self.fields["built_on"].widget
        widget.attrs.update(min=permit.issued_on.isoformat(), max=timezone.localdate().isoformat())


class PermitBuiltView(OnePermitMixin, FormView):
    """GET: the form; POST: the day construction was completed."""

    template_name = "portal/permits/permit_built.html"
    form_class = PermitBuiltForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["permit"] = self.get_permit()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["permit"] = self.get_permit()
        return context

    def form_valid(self, form):
        permit = self.get_permit()
        try:
            permit_mark_built_as_carrier(permit=permit, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Construction under permit {permit.number} recorded as complete.")
        return redirect("portal:permit-detail", pk=permit.pk)
