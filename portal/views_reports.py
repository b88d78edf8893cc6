"""Provider pages for quarterly reports: the template, the upload, the
reports and the upload history. Everything is scoped to the signed-in
provider; another provider's report answers 404, its file included."""

import logging
import os
import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from accounts.mixins import ProviderRequiredMixin
from franchise.models import QuarterlyReport, UploadAttempt
from franchise.quarterly import downloads, qr1, services
from franchise.quarterly import selectors as quarter_selectors
from franchise.quarterly import validation as upload_validation
from franchise.quarterly.workbook import build_template
from portal import selectors
from portal.forms import ReportUploadForm

logger = logging.getLogger(__name__)
LOCATED = re.compile(r"^(?P<sheet>[A-Za-z ]+)!(?P<column>[A-Z]{1,3})(?P<row>\d+): (?P<message>.*)$", re.DOTALL)


def _service_errors(error):
    """A service's ValidationError as CellErrors, keeping the sheet and cell a message names."""
    located = []
    for message in error.messages:
        match = LOCATED.match(message)
        if match:
            located.append(
                upload_validation.CellError(match["message"], match["sheet"], int(match["row"]), match["column"])
            )
        else:
            located.append(upload_validation.CellError(message))
    return located


def _sorted(errors):
    order = {name: index for index, name in enumerate(qr1.SHEETS)}
    return sorted(
        errors,
        key=lambda e: (order.get(e.sheet, -1), e.row or 0, len(e.column), e.column),
    )


class ReportTemplateView(ProviderRequiredMixin, View):
    """The QR-1 workbook, filled in with the provider and (given ?license= or a
    single license) the license reference, for the quarter open for upload."""

    http_method_names = ["get", "head"]

    def get(self, request):
        licenses = selectors.licenses_for(self.provider)
        license_id = request.GET.get("license", "")
        if license_id:
            if not license_id.isdigit():
                raise Http404("No such license.")
            license = get_object_or_404(licenses, pk=int(license_id))
        else:
            only = list(licenses[:2])
            license = only[0] if len(only) == 1 else None
        reference = qr1.license_reference(self.provider.short_name, license.pk) if license else ""
        # Filled in with the open quarter (franchise.quarterly.openquarter), never one the City settled: the
        # license's own, or, for several licenses and none chosen, the one they share (else left blank).
        today = timezone.localdate()
        quarters = quarter_selectors.open_quarters([license] if license else licenses, today).values()
        open_ones = {answer.quarter for answer in quarters if answer.is_open}
        quarter = open_ones.pop() if len(open_ones) == 1 else None
        data = build_template(
            provider_name=self.provider.name,
            license_reference=reference,
            year=quarter.year if quarter else None,
            quarter=quarter.number if quarter else None,
        )
        response = HttpResponse(data, content_type=upload_validation.XLSX_CONTENT_TYPE)
        name = f"quarterly-report-{qr1.VERSION}-{reference or self.provider.short_name}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ReportUploadView(ProviderRequiredMixin, FormView):
    template_name = "portal/report_upload.html"
    form_class = ReportUploadForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["provider"] = self.provider
        license_id = self.request.GET.get("license", "")
        if license_id:
            # A license named in the link must be one of the provider's own, like any id in the portal.
            if not license_id.isdigit() or not selectors.licenses_for(self.provider).filter(pk=license_id).exists():
                raise Http404("No such license.")
            kwargs["initial"] = {"license": int(license_id)}
        return kwargs

    def open_quarters(self):
        """[(license, OpenQuarter)] for the provider's licenses today, computed once per request."""
        if not hasattr(self, "_open_quarters"):
            licenses = list(selectors.licenses_for(self.provider))
            answers = quarter_selectors.open_quarters(licenses, timezone.localdate())
            self._open_quarters = [(license, answers[license.pk]) for license in licenses]
        return self._open_quarters

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["max_megabytes"] = settings.REPORT_UPLOAD_MAX_BYTES / (1024 * 1024)
        context["version"] = qr1.VERSION
        context["open_quarters"] = self.open_quarters()
        context["upload_open"] = any(answer.is_open for _, answer in self.open_quarters())
        return context

    def form_invalid(self, form):
        upload = self.request.FILES.get("file")
        if upload is not None:
            services.upload_attempt_log(
                actor=self.request.user,
                provider=self.provider,
                filename=os.path.basename(upload.name or ""),
                size=upload.size or 0,
                outcome=UploadAttempt.Outcome.REJECTED,
                error_count=len(form.errors),
            )
        return super().form_invalid(form)

    def refuse(self, form, *, license, filename, size, errors, error_count):
        services.upload_attempt_log(
            actor=self.request.user,
            provider=self.provider,
            license=license,
            filename=filename,
            size=size,
            outcome=UploadAttempt.Outcome.REJECTED,
            error_count=error_count,
        )
        context = self.get_context_data(form=form)
        context.update(upload_errors=_sorted(errors), error_count=error_count, filename=filename, shown=len(errors))
        return self.render_to_response(context)

    def form_valid(self, form):
        license, upload = form.cleaned_data["license"], form.cleaned_data["file"]
        filename = os.path.basename(upload.name or "")[:255] or "(no name)"
        limits = services.upload_limits()
        size = upload.size or 0
        # Nothing open under this license: refused with the page's own words, before the file is read.
        answer = {chosen.pk: answer for chosen, answer in self.open_quarters()}[license.pk]
        if not answer.is_open:
            errors = [upload_validation.CellError(answer.closed_message())]
            return self.refuse(form, license=license, filename=filename, size=size, errors=errors, error_count=1)
        # Never read more than the limit into memory: one byte over is enough to refuse.
        data = upload.read(limits.max_bytes + 1)
        today = timezone.localdate()
        try:
            outcome = upload_validation.validate(
                data,
                filename=filename,
                content_type=upload.content_type,
                limits=limits,
                expected=selectors.upload_expectations(self.provider, license, today),
                size=size,
            )
        except Exception:  # the validator answers every bad file itself; this is a last resort, never a 500
            logger.exception("Quarterly report validation failed unexpectedly")
            outcome = upload_validation.Outcome(
                [upload_validation.CellError("The file could not be checked. Nothing was saved; try again.")], 1
            )
        if not outcome.ok:
            return self.refuse(
                form,
                license=license,
                filename=filename,
                size=size,
                errors=outcome.errors,
                error_count=outcome.error_count,
            )
        try:
            report = services.quarterly_report_submit(
                actor=self.request.user, license=license, report=outcome.report, data=data, filename=filename
            )
        except ValidationError as error:
            errors = _service_errors(error)
            return self.refuse(
                form, license=license, filename=filename, size=size, errors=errors, error_count=len(errors)
            )
        except IntegrityError:
            logger.warning("Quarterly report upload collided with another for the same quarter", exc_info=True)
            errors = [
                upload_validation.CellError(
                    "Another upload for this quarter was being saved at the same moment, so this one was not. "
                    "Check the upload history, and upload again if it is still needed."
                )
            ]
            return self.refuse(form, license=license, filename=filename, size=size, errors=errors, error_count=1)
        messages.success(
            self.request,
            f"Received: your quarterly report for {report.period_label} (receipt {report.reference}). "
            "The cable office will review it.",
        )
        return redirect(report.get_portal_url())


class ReportListView(ProviderRequiredMixin, ListView):
    template_name = "portal/report_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self):
        return selectors.report_list(self.provider)


class ReportDetailView(ProviderRequiredMixin, DetailView):
    template_name = "portal/report_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        try:
            return selectors.report_detail(self.provider, self.kwargs["pk"])
        except QuarterlyReport.DoesNotExist as error:
            raise Http404("No such report.") from error

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cs_report = context["report"].customer_service_report
        context["metrics"] = cs_report.metrics() if cs_report else []
        return context


class ReportFileView(ProviderRequiredMixin, View):
    """The report's values-only copy, only to its own provider (the original goes to City roles only)."""

    http_method_names = ["get", "head"]

    def get(self, request, pk):
        report = get_object_or_404(QuarterlyReport.objects.select_related("attachment"), pk=pk, provider=self.provider)
        return downloads.report_copy_response(report)


class UploadListView(ProviderRequiredMixin, ListView):
    """Every upload of the organisation, accepted or refused."""

    template_name = "portal/upload_list.html"
    context_object_name = "attempts"
    paginate_by = 50

    def get_queryset(self):
        return selectors.upload_list(self.provider)
