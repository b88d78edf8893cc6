"""Provider pages for their own licenses, obligations and filings. A
license or filing of another provider answers 404, like one that does not exist."""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from accounts.mixins import ProviderRequiredMixin
from franchise.models import Filing, License
from franchise.quarterly import qr1
from portal import selectors

STATUS_FILTERS = {
    "attention": ("Needs attention (overdue or deficient)", None),
    "open": ("Open", Filing.Status.OPEN),
    "received": ("Received", Filing.Status.RECEIVED),
    "late": ("Received late", Filing.Status.LATE),
    "accepted": ("Accepted", Filing.Status.ACCEPTED),
    "deficient": ("Deficient", Filing.Status.DEFICIENT),
    "waived": ("Waived", Filing.Status.WAIVED),
}


class LicenseListView(ProviderRequiredMixin, TemplateView):
    template_name = "portal/license_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["licenses"] = list(selectors.license_list(self.provider, today))
        context["today"] = today
        return context


class LicenseDetailView(ProviderRequiredMixin, TemplateView):
    template_name = "portal/license_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            context.update(selectors.license_detail(self.provider, self.kwargs["pk"], today))
        except License.DoesNotExist as error:
            raise Http404("No such license.") from error
        context["today"] = today
        context["reference"] = qr1.license_reference(self.provider.short_name, context["license"].pk)
        return context


class FilingListView(ProviderRequiredMixin, ListView):
    """Their filings with status and the cable office's comments; ?status= and ?license= narrow it."""

    template_name = "portal/filing_list.html"
    context_object_name = "filings"
    paginate_by = 50

    def get_queryset(self):
        today = timezone.localdate()
        filings = selectors.filing_list(self.provider)
        status = self.request.GET.get("status", "")
        if status == "attention":
            filings = filings.filter(
                Q(status=Filing.Status.OPEN, grace_ends__lt=today)
                | Q(status=Filing.Status.DEFICIENT, replaced_by__isnull=True)
            )
        elif status in STATUS_FILTERS:
            filings = filings.filter(status=STATUS_FILTERS[status][1])
        license_id = self.request.GET.get("license", "")
        if license_id.isdigit():
            filings = filings.filter(license_id=int(license_id))
        return filings

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["status_filters"] = [(key, label) for key, (label, _) in STATUS_FILTERS.items()]
        context["status"] = self.request.GET.get("status", "")
        context["licenses"] = selectors.licenses_for(self.provider)
        license_id = self.request.GET.get("license", "")
        context["license_id"] = int(license_id) if license_id.isdigit() else None
        return context


class FilingDetailView(ProviderRequiredMixin, DetailView):
    template_name = "portal/filing_detail.html"
    context_object_name = "filing"

    def get_object(self, queryset=None):
        try:
            return selectors.filing_detail(self.provider, self.kwargs["pk"])
        except Filing.DoesNotExist as error:
            raise Http404("No such filing.") from error

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filing = context["filing"]
        context["today"] = timezone.localdate()
        context["takes_report"] = filing.obligation.kind in ("fee_report", "customer_service")
        return context
