"""Staff pages for cable licenses: lists, the license page, and the quick
"log a filing / log a payment" flows. Every write goes through services."""

import dataclasses

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, TemplateView, View

from accounts.mixins import CityRoleRequiredMixin
from core import dates
from core.exports import export_response
from core.forms import add_service_errors
from core.lists import FilteredExportListView
from franchise import exports, recurrence, selectors, services
from franchise.filters import FilingFilter, LicenseFilter, PaymentFilter
from franchise.forms import (
    AttachmentForm,
    CatalogueForm,
    CustomerServiceForm,
    FilingCreateForm,
    FilingLogForm,
    FilingResubmitForm,
    FilingReviewForm,
    FilingWaiveForm,
    LicenseForm,
    ObligationForm,
    PaymentForm,
    RenewalForm,
    filing_refusal,
)
from franchise.models import Filing, FilingAttachment, License, Obligation, Payment, scorecard_fields
from franchise.quarterly import downloads
from letters import selectors as letter_selectors
from letters.models import Letter

OPEN_LETTER_STATUSES = (Letter.Status.DRAFT, Letter.Status.APPROVED, Letter.Status.ISSUING)


def _int_param(request, name):
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


# Licenses ------------------------------------------------------------------


class LicenseListView(CityRoleRequiredMixin, FilteredExportListView):
    template_name = "franchise/license_list.html"
    context_object_name = "licenses"
    filterset_class = LicenseFilter
    export_columns = exports.LICENSE_COLUMNS
    export_filename = "licenses"

    def base_queryset(self):
        return selectors.license_list(timezone.localdate())


class LicenseDetailView(CityRoleRequiredMixin, TemplateView):
    template_name = "franchise/license_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context.update(selectors.license_detail(self.kwargs["pk"], timezone.localdate()))
        except License.DoesNotExist as error:
            raise Http404("No such license.") from error
        context["letters"] = letter_selectors.letters_for(context["license"])
        context["letter_kinds"] = letter_selectors.letter_kinds_for(context["license"])
        # Needs attention: letters still on their way (drafted, approved, the PDF being made).
        context["open_letters"] = [letter for letter in context["letters"] if letter.status in OPEN_LETTER_STATUSES]
        # The weekend-and-holiday rule is said once under the table, so each row states its rule without it.
        moves = {}
        for obligation in context["obligations"]:
            obligation.rule_text_without_business_day = recurrence.describe(
                dataclasses.replace(obligation.rule(), business_day="none")
            )
            moves.setdefault(obligation.business_day, []).append(obligation.title)
        context["business_day_moves"] = moves
        return context


class LicenseFormView(CityRoleRequiredMixin, FormView):
    template_name = "franchise/form.html"
    form_class = LicenseForm

    def get_license(self):
        pk = self.kwargs.get("pk")
        return get_object_or_404(License, pk=pk) if pk else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_license()
        if kwargs["instance"] is None:
            kwargs["initial"] = {"provider": _int_param(self.request, "provider")}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        license = context["form"].instance
        context["title"] = f"Edit {license.title}" if license.pk else "Add a license"
        context["back"] = license.get_absolute_url() if license.pk else reverse("franchise:license-list")
        return context

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if form.instance.pk:
                license = services.license_update(license=form.instance, actor=self.request.user, **fields)
            else:
                license = services.license_create(actor=self.request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Saved {license.title}.")
        return redirect(license)


class RenewalFormView(CityRoleRequiredMixin, FormView):
    template_name = "franchise/form.html"
    form_class = RenewalForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = get_object_or_404(License, pk=self.kwargs["pk"])
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        license = context["form"].instance
        context["title"] = f"Renewal events: {license.title}"
        context["intro"] = (
            "Log each renewal step as it happens; the license page computes the statutory deadlines that follow."
        )
        context["back"] = license.get_absolute_url()
        return context

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            license = services.license_record_renewal(license=form.instance, actor=self.request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Renewal events saved; the renewal calendar is updated.")
        return redirect(license)


class LicenseGenerateView(CityRoleRequiredMixin, View):
    """POST: bring the license's filings up to date with its rules (18 months ahead)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        license = get_object_or_404(License, pk=pk)
        result = services.filings_generate_all(actor=request.user, license=license)
        messages.success(request, f"Filings brought up to date: {result}.")
        return redirect(license)


class FeeLedgerView(CityRoleRequiredMixin, TemplateView):
    template_name = "franchise/fee_ledger.html"

    def get(self, request, *args, **kwargs):
        try:
            self.data = selectors.license_fee_ledger(kwargs["pk"], timezone.localdate())
        except License.DoesNotExist as error:
            raise Http404("No such license.") from error
        fmt = request.GET.get("export")
        if fmt in ("xlsx", "csv"):
            return export_response(
                columns=exports.LEDGER_COLUMNS,
                rows=self.data["ledger"],
                filename=f"fee-ledger-{self.data['license'].provider.short_name}",
                fmt=fmt,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.data)
        return context


class ScorecardView(CityRoleRequiredMixin, TemplateView):
    template_name = "franchise/scorecard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context.update(selectors.license_scorecard(self.kwargs["pk"]))
        except License.DoesNotExist as error:
            raise Http404("No such license.") from error
        return context


class CustomerServiceFormView(CityRoleRequiredMixin, FormView):
    template_name = "franchise/form.html"
    form_class = CustomerServiceForm

    def get_license(self):
        if not hasattr(self, "_license"):
            self._license = get_object_or_404(License, pk=self.kwargs["pk"])
        return self._license

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["license"] = self.get_license()
        start, end = recurrence.previous_quarter(timezone.localdate())
        kwargs["initial"] = {"period_start": start, "period_end": end}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        license = self.get_license()
        context["title"] = f"Customer-service figures: {license.title}"
        context["intro"] = (
            "One quarter's figures from the operator's 47 CFR 76.309 report. Entering a quarter again replaces it."
        )
        context["back"] = reverse("franchise:license-scorecard", args=[license.pk])
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.customer_service_report_save(
                actor=self.request.user,
                license=self.get_license(),
                period_start=data["period_start"],
                period_end=data["period_end"],
                filing=data.get("filing"),
                notes=data.get("notes", ""),
                **{name: data.get(name) for name in scorecard_fields()},
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Customer-service figures saved.")
        return redirect("franchise:license-scorecard", pk=self.get_license().pk)


# Obligations ---------------------------------------------------------------


class CatalogueView(CityRoleRequiredMixin, FormView):
    template_name = "franchise/catalogue_form.html"
    form_class = CatalogueForm

    def get_license(self):
        if not hasattr(self, "_license"):
            self._license = get_object_or_404(License, pk=self.kwargs["pk"])
        return self._license

    def existing_codes(self):
        if not hasattr(self, "_existing"):
            self._existing = set(
                self.get_license().obligations.exclude(catalogue_code="").values_list("catalogue_code", flat=True)
            )
        return self._existing

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["existing_codes"] = self.existing_codes()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["license"] = self.get_license()
        context["existing_codes"] = self.existing_codes()
        return context

    def form_valid(self, form):
        license = self.get_license()
        try:
            created = services.obligations_from_catalogue(
                license=license,
                actor=self.request.user,
                codes=form.cleaned_data["codes"],
                fixed_dates=form.fixed_dates(),
                owner=form.cleaned_data.get("owner"),
                track_from=form.cleaned_data.get("track_from"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Added {len(created)} obligations with their filings.")
        return redirect(license)


class ObligationFormView(CityRoleRequiredMixin, FormView):
    """Add (license pk) or edit (obligation pk) an obligation."""

    template_name = "franchise/form.html"
    form_class = ObligationForm
    editing = False

    def get_objects(self):
        if not hasattr(self, "_objects"):
            if self.editing:
                obligation = get_object_or_404(Obligation.objects.select_related("license"), pk=self.kwargs["pk"])
                self._objects = (obligation.license, obligation)
            else:
                self._objects = (get_object_or_404(License, pk=self.kwargs["pk"]), None)
        return self._objects

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        license, obligation = self.get_objects()
        kwargs["instance"] = obligation
        kwargs["license"] = license
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        license, obligation = self.get_objects()
        context["title"] = f"Edit {obligation.title}" if obligation else f"Add an obligation to {license.title}"
        context["intro"] = (
            "Changing the schedule regenerates only future open filings; received, reviewed, waived and "
            "overdue filings keep their dates."
            if obligation
            else "Describe the obligation as the license states it; its filings are generated when you save."
        )
        context["back"] = obligation.get_absolute_url() if obligation else license.get_absolute_url()
        return context

    def form_valid(self, form):
        license, obligation = self.get_objects()
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if obligation:
                obligation, result = services.obligation_update(
                    obligation=obligation, actor=self.request.user, **fields
                )
                messages.success(self.request, f"Saved {obligation.title}. Future open filings: {result}.")
            else:
                obligation = services.obligation_create(license=license, actor=self.request.user, **fields)
                messages.success(self.request, f"Added {obligation.title} with its filings.")
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return redirect(obligation)


class ObligationDetailView(CityRoleRequiredMixin, DetailView):
    template_name = "franchise/obligation_detail.html"
    context_object_name = "obligation"

    def get_object(self, queryset=None):
        try:
            return selectors.obligation_detail(self.kwargs["pk"])
        except Obligation.DoesNotExist as error:
            raise Http404("No such obligation.") from error

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        return context


# Filings -------------------------------------------------------------------


class FilingListView(CityRoleRequiredMixin, FilteredExportListView):
    template_name = "franchise/filing_list.html"
    context_object_name = "filings"
    filterset_class = FilingFilter
    export_columns = exports.FILING_COLUMNS
    export_filename = "filings"

    def base_queryset(self):
        return selectors.filing_list()


class FilingDetailView(CityRoleRequiredMixin, DetailView):
    template_name = "franchise/filing_detail.html"
    context_object_name = "filing"

    def get_object(self, queryset=None):
        try:
            return selectors.filing_detail(self.kwargs["pk"])
        except Filing.DoesNotExist as error:
            raise Http404("No such filing.") from error

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filing = context["filing"]
        context["today"] = timezone.localdate()
        context["review_form"] = FilingReviewForm()
        context["waive_form"] = FilingWaiveForm()
        context["attach_form"] = AttachmentForm()
        context["resubmit_form"] = FilingResubmitForm(initial={"received_date": timezone.localdate()})
        context["can_record"] = filing.status in (Filing.Status.OPEN, Filing.Status.RECEIVED, Filing.Status.LATE)
        context["can_review"] = filing.status in Filing.RECEIVED_STATUSES
        context["can_resubmit"] = filing.status == Filing.Status.DEFICIENT and not hasattr(filing, "replaced_by")
        return context


def _refusal_unless_loggable(filing):
    """None when the filing can be logged (or its received date corrected), else why not, with a link."""
    if selectors.open_filings_for(correcting=filing.pk).filter(pk=filing.pk).exists():
        return None
    return filing_refusal(filing)


class FilingLogView(CityRoleRequiredMixin, FormView):
    """Log a filing in under a minute: ?license= narrows the list, ?filing= preselects it,
    and the received date defaults to today. Only loggable filings are offered
    (franchise.selectors.loggable); the page lists the recent resubmissions, which are not."""

    template_name = "franchise/filing_log.html"
    form_class = FilingLogForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        license_id = _int_param(self.request, "license")
        self.license = License.objects.filter(pk=license_id).select_related("provider").first() if license_id else None
        filing_id = _int_param(self.request, "filing")
        self.requested = None
        if filing_id and self.request.method == "GET":
            self.requested = Filing.objects.select_related("replaced_by").filter(pk=filing_id).first()
        # A received filing named by ?filing= stays on offer: its received date can be corrected.
        filings = selectors.open_filings_for(self.license.pk if self.license else None, correcting=filing_id)
        kwargs["filings"] = filings
        initial = {"received_date": timezone.localdate()}
        if filing_id:
            initial["filing"] = filing_id
        elif self.license:
            # The soonest due (overdue first) is usually what just arrived.
            first = filings.first()
            initial["filing"] = first.pk if first else None
        kwargs["initial"] = initial
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["license"] = self.license
        context["recently_resubmitted"] = selectors.recently_resubmitted(self.license.pk if self.license else None)
        if self.requested is not None:
            context["requested_refusal"] = _refusal_unless_loggable(self.requested)
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        filing = data["filing"]
        common = {
            "actor": self.request.user,
            "received_date": data["received_date"],
            "gross_revenue": data.get("gross_revenue"),
            "document_reference": data.get("document_reference", ""),
            "notes": data.get("notes", ""),
            "attachment": data.get("attachment"),
        }
        try:
            if filing.status == Filing.Status.DEFICIENT:
                filing = services.filing_resubmit(filing=filing, **common)
            else:
                filing = services.filing_record(filing=filing, **common)
        except ValidationError as error:
            # A filing logged meanwhile in another tab: the reason with the link to its page, else the service's words.
            refusal = _refusal_unless_loggable(Filing.objects.select_related("replaced_by").get(pk=filing.pk))
            if refusal:
                form.add_error("filing", refusal)
            else:
                add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Logged {filing}: {filing.get_status_display().lower()} on {dates.day(filing.received_date)}.",
        )
        if self.request.POST.get("another"):
            return redirect(f"{reverse('franchise:filing-log')}?license={filing.license_id}")
        return redirect(filing.license)


class FilingCreateView(CityRoleRequiredMixin, FormView):
    template_name = "franchise/form.html"
    form_class = FilingCreateForm

    def get_license(self):
        if not hasattr(self, "_license"):
            self._license = get_object_or_404(License, pk=self.kwargs["pk"])
        return self._license

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["license"] = self.get_license()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        license = self.get_license()
        context["title"] = f"Add a filing by hand: {license.title}"
        context["intro"] = (
            "For a special report the obligation's rule does not produce. The period must fall within the license term."
        )
        context["back"] = license.get_absolute_url()
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            filing = services.filing_create(
                obligation=data["obligation"],
                actor=self.request.user,
                period_start=data["period_start"],
                period_end=data["period_end"],
                notes=data.get("notes", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Added {filing}.")
        return redirect(filing)


class FilingActionView(CityRoleRequiredMixin, FormView):
    """Base for the actions on one filing (review, waive, resubmit, attach)."""

    template_name = "franchise/filing_action.html"
    action_title = ""

    def get_filing(self):
        if not hasattr(self, "_filing"):
            self._filing = get_object_or_404(
                Filing.objects.select_related("license__provider", "obligation"), pk=self.kwargs["pk"]
            )
        return self._filing

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filing"] = self.get_filing()
        context["title"] = self.action_title
        return context

    def form_valid(self, form):
        try:
            filing, message = self.act(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(filing)


class FilingReviewView(FilingActionView):
    form_class = FilingReviewForm
    action_title = "Review the filing"

    def act(self, data):
        filing = services.filing_review(
            filing=self.get_filing(), actor=self.request.user, status=data["status"], notes=data.get("notes", "")
        )
        return filing, f"Marked {filing.get_status_display().lower()}."


class FilingWaiveView(FilingActionView):
    form_class = FilingWaiveForm
    action_title = "Waive the filing"

    def act(self, data):
        filing = services.filing_waive(filing=self.get_filing(), actor=self.request.user, reason=data["reason"])
        return filing, "Filing waived."


class FilingResubmitView(FilingActionView):
    form_class = FilingResubmitForm
    action_title = "Log a resubmission"

    def get_initial(self):
        return {"received_date": timezone.localdate()}

    def act(self, data):
        filing = services.filing_resubmit(
            filing=self.get_filing(),
            actor=self.request.user,
            received_date=data["received_date"],
            gross_revenue=data.get("gross_revenue"),
            document_reference=data.get("document_reference", ""),
            notes=data.get("notes", ""),
            attachment=data.get("attachment"),
        )
        return filing, "Resubmission logged."


class AttachmentAddView(FilingActionView):
    form_class = AttachmentForm
    action_title = "Attach a document"

    def act(self, data):
        filing = services.attachment_add(
            filing=self.get_filing(),
            actor=self.request.user,
            file=data["file"],
            description=data.get("description", ""),
        )
        return filing, "Document attached."


class AttachmentDownloadView(CityRoleRequiredMixin, View):
    """Documents are never public: served here after the role check."""

    http_method_names = ["get", "head"]

    def get(self, request, pk):
        attachment = get_object_or_404(FilingAttachment, pk=pk)
        if downloads.is_workbook(attachment.filename):
            # A workbook is handed out as a values-only copy; ?original=1 gives the bytes as received.
            try:
                data = downloads.read_file(attachment.file)
            except FileNotFoundError as error:
                raise Http404("The file is missing from storage.") from error
            if request.GET.get("original") == "1":
                return downloads.original_response(data, filename=attachment.filename)
            return downloads.values_only_response(data, filename=attachment.filename)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("The file is missing from storage.") from error
        response = FileResponse(handle, as_attachment=True, filename=attachment.filename)
        response["X-Content-Type-Options"] = "nosniff"
        return response


# Payments ------------------------------------------------------------------


class PaymentListView(CityRoleRequiredMixin, FilteredExportListView):
    template_name = "franchise/payment_list.html"
    context_object_name = "payments"
    filterset_class = PaymentFilter
    export_columns = exports.PAYMENT_COLUMNS
    export_filename = "payments"

    def base_queryset(self):
        return selectors.payment_list()


class PaymentDetailView(CityRoleRequiredMixin, DetailView):
    template_name = "franchise/payment_detail.html"
    context_object_name = "payment"
    queryset = Payment.objects.select_related("license__provider", "filing__obligation", "logged_by")


class PaymentFormView(CityRoleRequiredMixin, FormView):
    """Log a payment (?license= preselects the license; received today, last quarter
    by default) or edit one (pk)."""

    template_name = "franchise/payment_form.html"
    form_class = PaymentForm

    def get_payment(self):
        pk = self.kwargs.get("pk")
        return get_object_or_404(Payment, pk=pk) if pk else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        payment = self.get_payment()
        license_id = payment.license_id if payment else _int_param(self.request, "license")
        self.license = License.objects.filter(pk=license_id).select_related("provider").first() if license_id else None
        kwargs["instance"] = payment
        kwargs["license"] = self.license
        if payment is None:
            start, end = recurrence.previous_quarter(timezone.localdate())
            kwargs["initial"] = {
                "license": self.license,
                "kind": self.request.GET.get("kind") or Payment.Kind.FRANCHISE_FEE,
                "period_start": start,
                "period_end": end,
                "received_date": timezone.localdate(),
                "filing": _int_param(self.request, "filing"),
            }
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["license"] = self.license
        context["payment"] = self.get_payment()
        return context

    def form_valid(self, form):
        payment = self.get_payment()
        fields = form.service_fields()
        try:
            if payment:
                if fields["counts_toward_cap"] is None:
                    fields["counts_toward_cap"] = Payment.CAP_DEFAULTS.get(fields["kind"], True)
                payment = services.payment_update(payment=payment, actor=self.request.user, **fields)
            else:
                payment = services.payment_record(
                    actor=self.request.user, license=form.cleaned_data["license"], **fields
                )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Logged {payment} for {payment.license.title}.")
        if self.request.POST.get("another"):
            return redirect(f"{reverse('franchise:payment-log')}?license={payment.license_id}")
        return redirect(payment.license)
