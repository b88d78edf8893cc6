"""Staff pages for provider organisations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, FormView, ListView

from accounts import selectors, services
from accounts.forms import ProviderContactForm, ProviderForm
from accounts.mixins import CityRoleRequiredMixin
from accounts.models import Provider


class ProviderListView(CityRoleRequiredMixin, ListView):
    template_name = "accounts/provider_list.html"
    context_object_name = "providers"
    paginate_by = 50

    def get_queryset(self):
        return selectors.provider_list()


class ProviderDetailView(CityRoleRequiredMixin, DetailView):
    template_name = "accounts/provider_detail.html"
    context_object_name = "provider"

    def get_queryset(self):
        return Provider.objects.prefetch_related("contacts")


class ProviderFormView(CityRoleRequiredMixin, FormView):
    """Create (no pk) or edit a provider; the service does the write."""

    template_name = "accounts/provider_form.html"
    form_class = ProviderForm

    def get_provider(self):
        pk = self.kwargs.get("pk")
        return get_object_or_404(Provider, pk=pk) if pk else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_provider()
        return kwargs

    def form_valid(self, form):
        provider = form.instance if form.instance.pk else None
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if provider:
                provider = services.provider_update(provider=provider, actor=self.request.user, **fields)
            else:
                provider = services.provider_create(actor=self.request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Saved {provider.name}.")
        return redirect(provider)


class ProviderContactAddView(CityRoleRequiredMixin, FormView):
    template_name = "accounts/contact_form.html"
    form_class = ProviderContactForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provider"] = get_object_or_404(Provider, pk=self.kwargs["pk"])
        return context

    def form_valid(self, form):
        provider = get_object_or_404(Provider, pk=self.kwargs["pk"])
        try:
            services.contact_add(provider=provider, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Added contact {form.cleaned_data['name']}.")
        return redirect(provider)
