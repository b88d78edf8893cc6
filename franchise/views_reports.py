"""Staff review of quarterly reports uploaded through the provider portal:
the queue, one report with its reconciliation and scorecard, the review
(accept, or deficient with a comment the operator sees), and the file.

City roles read; Staff review. Provider users never reach these pages."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.views.generic import DetailView, FormView, View

from accounts.mixins import CityRoleRequiredMixin
from core.forms import add_service_errors
from core.lists import FilteredExportListView
from franchise.models import QuarterlyReport
from franchise.quarterly import downloads, selectors, services
from franchise.quarterly.filters import QuarterlyReportFilter
from franchise.quarterly.forms import ReportReviewForm

# letters/kinds.py: "Non-compliance: notice and opportunity to cure" (47 U.S.C. 546(d)).
DEFICIENCY_LETTER_KIND = "cure_notice"

QUEUE_COLUMNS = [
    ("Receipt", lambda r: r.reference),
    ("Provider", lambda r: r.provider.name),
    ("License", lambda r: r.license.title),
    ("Quarter", lambda r: r.period_label),
    ("Uploaded", lambda r: r.uploaded_at),
    ("Status", lambda r: r.get_status_display()),
    ("Gross revenue", lambda r: r.gross_revenue),
    ("Fee rate (%)", lambda r: r.fee_rate_percent),
    ("Fee due", lambda r: r.fee_due),
    ("Fee remitted", lambda r: r.fee_remitted),
    ("Variance", lambda r: r.variance),
    ("Underpaid beyond tolerance", lambda r: "yes" if r.underpaid else "no"),
    ("Customer-service standards", lambda r: r.scorecard_result),
]


def draft_letter_url(report):
    """One click from a deficient report to a draft letter, when the letters pages are installed."""
    try:
        base = reverse("letters:create")
    except NoReverseMatch:
        return ""
    query = urlencode({"kind": DEFICIENCY_LETTER_KIND, "source": f"franchise.filing:{report.filing_id}"})
    return f"{base}?{query}"


class ReportQueueView(CityRoleRequiredMixin, FilteredExportListView):
    """Received reports, oldest first (what is waiting longest on top); filters change the list."""

    template_name = "franchise/reports/queue.html"
    context_object_name = "reports"
    filterset_class = QuarterlyReportFilter
    filter_defaults = {"status": QuarterlyReport.Status.RECEIVED}
    export_columns = QUEUE_COLUMNS
    export_filename = "quarterly-reports"

    def base_queryset(self):
        return selectors.staff_report_queue()


class ReportDetailView(CityRoleRequiredMixin, DetailView):
    template_name = "franchise/reports/detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        try:
            self.data = selectors.staff_report_detail(self.kwargs["pk"])
        except QuarterlyReport.DoesNotExist as error:
            raise Http404("No such report.") from error
        return self.data["report"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = context["report"]
        context.update(self.data)
        context["metrics"] = report.customer_service_report.metrics() if report.customer_service_report else []
        context["review_form"] = kwargs.get("review_form") or ReportReviewForm()
        context["can_review"] = report.status == QuarterlyReport.Status.RECEIVED
        if report.status == QuarterlyReport.Status.DEFICIENT:
            context["letter_url"] = draft_letter_url(report)
        return context


class ReportReviewView(CityRoleRequiredMixin, FormView):
    """POST: accept the report or mark it deficient (Staff only)."""

    form_class = ReportReviewForm
    template_name = "franchise/reports/detail.html"
    http_method_names = ["post"]

    def form_invalid(self, form):
        view = ReportDetailView(request=self.request, kwargs=self.kwargs, args=())
        view.object = view.get_object()
        return view.render_to_response(view.get_context_data(object=view.object, review_form=form))

    def form_valid(self, form):
        report = get_object_or_404(QuarterlyReport.objects.select_related("filing", "provider"), pk=self.kwargs["pk"])
        try:
            services.quarterly_report_review(
                report=report,
                actor=self.request.user,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data.get("comment", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"{report.reference} marked {report.get_status_display().lower()}; {report.provider.name} "
            "sees it in the portal and is told by email.",
        )
        return redirect(report)


class ReportFileView(CityRoleRequiredMixin, View):
    """The workbook as a values-only copy written by the app: no formulas, links or objects."""

    http_method_names = ["get", "head"]

    def get(self, request, pk):
        return downloads.report_copy_response(
            get_object_or_404(QuarterlyReport.objects.select_related("attachment"), pk=pk)
        )


class ReportOriginalFileView(CityRoleRequiredMixin, View):
    """The workbook exactly as uploaded, kept as evidence: City roles only, as an attachment."""

    http_method_names = ["get", "head"]

    def get(self, request, pk):
        report = get_object_or_404(QuarterlyReport.objects.select_related("attachment"), pk=pk)
        return downloads.original_response(downloads.report_file_data(report), filename=report.original_filename)
