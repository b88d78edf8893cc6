"""The carrier's small-cell filing pages: drafts, their sites and documents, submission, the receipt and the
application page. Never imports a staff view (provider and staff pages stay apart).

Wireless providers only: a cable operator's user gets 404 on every page here, and a draft or application of
another provider answers 404 like one that does not exist. Every write is a permits.services_filing (or
permits.services_documents) call; every read a portal.selectors_applications query.
"""

import logging

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts.mixins import ProviderRequiredMixin
from accounts.roles import is_provider_user
from businessdays.selectors import shot_clock_calendar
from core.forms import add_service_errors
from letters import rendering
from letters import selectors as letter_selectors
from letters.models import Letter
from permits import checklist, services, services_documents, services_filing, services_receipts, sizecheck
from permits.models import Category, ClockState
from portal import selectors_applications as selectors
from portal.forms_applications import ApplicationDocumentForm, DocumentForm, DraftForm, DraftSiteForm

logger = logging.getLogger(__name__)

MEASUREMENTS = ("height_ft", "existing_height_ft", "adjacent_height_ft", "largest_antenna_cuft", "equipment_cuft")


class WirelessProviderRequiredMixin(ProviderRequiredMixin):
    """Provider users of a wireless carrier or infrastructure firm; anyone else gets 404."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and is_provider_user(user) and not user.provider.handles_wireless:
            raise Http404("Small-cell applications are filed by wireless carriers and infrastructure firms.")
        return super().dispatch(request, *args, **kwargs)


def _lookup(function, *args):
    try:
        return function(*args)
    except ObjectDoesNotExist as error:
        raise Http404("No such record.") from error


def size_check(values, *, category, new_structure):
    """The size check, suggested category and category warnings of one site's measurements (pure, no query)."""
    size = sizecheck.check(sizecheck.Dimensions(*(values.get(name) for name in MEASUREMENTS)))
    suggested = sizecheck.suggested_category(size, new_structure=new_structure)
    return {
        "size": size,
        "category": category,
        "category_label": Category(category).label if category in Category.values else "",
        "suggested": suggested,
        "suggested_label": Category(suggested).label if suggested else "",
        "warnings": sizecheck.category_warnings(category, size, new_structure=new_structure)
        if category in Category.values
        else [],
    }


def site_rows(sites, category):
    """Each site with its size check, the site's own category or the application's."""
    return [
        {
            "site": site,
            "check": size_check(
                {name: getattr(site, name) for name in MEASUREMENTS},
                category=site.category or category,
                new_structure=site.new_structure,
            ),
        }
        for site in sites
    ]


def clock_context(application, today):
    """The live clock, worked out as staff see it (services.application_clock)."""
    clock = services.application_clock(application, calendar=shot_clock_calendar(), as_of=today)
    return {
        "clock": clock,
        "clock_state_label": ClockState(clock.state).label,
        "days_overdue": -clock.days_remaining if clock.days_remaining is not None and clock.days_remaining < 0 else 0,
    }


# The list and a new draft ---------------------------------------------------------------


class ApplicationListView(WirelessProviderRequiredMixin, ListView):
    """The carrier's open drafts and its submitted applications with their clocks."""

    template_name = "portal/applications/list.html"
    context_object_name = "applications"
    paginate_by = 50
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.applications_for(self.provider)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        drafts = list(selectors.drafts_for(self.provider)[: selectors.LIST_DRAFTS + 1])
        for application in context["applications"]:
            application.days_left = application.days_remaining(today)
            application.days_past = -application.days_left if application.days_left and application.days_left < 0 else 0
        context.update(
            today=today,
            drafts=drafts[: selectors.LIST_DRAFTS],
            drafts_more=len(drafts) > selectors.LIST_DRAFTS,
        )
        return context


class ApplicationNewView(WirelessProviderRequiredMixin, FormView):
    template_name = "portal/applications/new.html"
    form_class = DraftForm
    http_method_names = ["get", "head", "post"]

    def form_valid(self, form):
        try:
            draft = services_filing.draft_create(
                actor=self.request.user,
                provider=self.provider,
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Draft started. Add its sites and documents, then submit it.")
        return redirect(draft)


# The draft page --------------------------------------------------------------------------


def checklist_rows(draft, today, *, upload_form=None, upload_item=None):
    """The checklist items that apply to the draft today, each with its documents and an upload form."""
    items = checklist.items_for(selectors.checklist_items(), category=draft.category, submitted_on=today)
    documents = list(draft.documents.all())
    rows = []
    for item in items:
        form = (
            upload_form
            if upload_item is not None and upload_item.pk == item.pk
            else DocumentForm(auto_id=f"document-{item.pk}-%s")
        )
        rows.append(
            {"item": item, "documents": [doc for doc in documents if doc.checklist_item_id == item.pk], "form": form}
        )
    others = [doc for doc in documents if doc.checklist_item_id is None]
    return rows, others


def render_draft(request, provider, draft, *, status=200, **extra):
    """The draft page, with whatever a refused action left to show (a bound form, the missing items)."""
    today = timezone.localdate()
    rows, other_documents = checklist_rows(
        draft, today, upload_form=extra.pop("upload_form", None), upload_item=extra.pop("upload_item", None)
    )
    context = {
        "draft": draft,
        "form": extra.pop("form", None) or DraftForm(instance=draft),
        "site_rows": site_rows(list(draft.sites.all()), draft.category),
        "checklist_rows": rows,
        "other_documents": other_documents,
        "missing": services_filing.missing_items(draft, submitted_on=today),
        "today": today,
        **extra,
    }
    return render(request, "portal/applications/draft_detail.html", context, status=status)


class DraftMixin(WirelessProviderRequiredMixin):
    def get_draft(self):
        return _lookup(selectors.draft_detail, self.provider, self.kwargs["pk"])


class DraftDetailView(DraftMixin, View):
    """GET: the draft; POST: its particulars (category, description)."""

    http_method_names = ["get", "head", "post"]

    def get(self, request, pk):
        return render_draft(request, self.provider, self.get_draft())

    def post(self, request, pk):
        draft = self.get_draft()
        form = DraftForm(request.POST, instance=draft)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.fields}
            try:
                services_filing.draft_update(actor=request.user, draft=draft, **fields)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Saved the draft's particulars.")
                return redirect(draft)
        return render_draft(request, self.provider, self.get_draft(), form=form, status=400)


class DraftSiteFormView(WirelessProviderRequiredMixin, FormView):
    """Add a site to a draft (pk) or edit one (site_pk); the size check is shown live as the carrier types."""

    template_name = "portal/applications/site_form.html"
    form_class = DraftSiteForm
    http_method_names = ["get", "head", "post"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self._site = self._draft = None

    def get_site(self):
        if self._site is None and "site_pk" in self.kwargs:
            self._site = _lookup(selectors.draft_site, self.provider, self.kwargs["site_pk"])
        return self._site

    def get_draft(self):
        if self._draft is None:
            site = self.get_site()
            self._draft = site.draft if site else _lookup(selectors.draft_detail, self.provider, self.kwargs["pk"])
        return self._draft

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_site()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.get_draft()
        site = self.get_site()
        context["draft"] = draft
        form = context["form"]
        if form.is_bound:  # a refused save: the check of what was typed, as the live check would show it
            cleaned = getattr(form, "cleaned_data", {})
            context["check"] = size_check(
                {name: cleaned.get(name) for name in MEASUREMENTS},
                category=cleaned.get("category") or draft.category,
                new_structure=bool(cleaned.get("new_structure")),
            )
        elif site is not None:
            context["check"] = site_rows([site], draft.category)[0]["check"]
        return context

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.fields}
        site = self.get_site()
        try:
            if site:
                site = services_filing.draft_site_update(actor=self.request.user, site=site, **fields)
            else:
                site = services_filing.draft_site_add(actor=self.request.user, draft=self.get_draft(), **fields)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Saved site {site.address}.")
        return redirect(f"{self.get_draft().get_absolute_url()}#site-{site.pk}")


class DraftSiteRemoveView(WirelessProviderRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, site_pk):
        site = _lookup(selectors.draft_site, self.provider, site_pk)
        try:
            services_filing.draft_site_remove(actor=request.user, site=site)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Removed site {site.address}.")
        return redirect(site.draft)


class SizeCheckView(WirelessProviderRequiredMixin, View):
    """The size check of the site form's measurements, as a fragment (htmx, while the carrier types). Writes nothing."""

    http_method_names = ["get", "post"]

    def get(self, request):
        return self.answer(request.GET)

    def post(self, request):
        return self.answer(request.POST)

    def answer(self, data):
        form = DraftSiteForm(data)
        form.is_valid()  # only the measurements that read as numbers are used; the rest count as not given
        values = {name: form.cleaned_data.get(name) for name in MEASUREMENTS}
        category = form.cleaned_data.get("category") or data.get("application_category", "")
        check = size_check(values, category=category, new_structure=bool(form.cleaned_data.get("new_structure")))
        return render(self.request, "portal/applications/_size_check.html", {"check": check})


class DraftDocumentAddView(DraftMixin, View):
    """Upload a document for one checklist item of the draft (permits.services_documents checks the file)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        draft = self.get_draft()
        today = timezone.localdate()
        items = checklist.items_for(selectors.checklist_items(), category=draft.category, submitted_on=today)
        item = next((item for item in items if str(item.pk) == request.POST.get("checklist_item", "")), None)
        if item is None:
            messages.error(request, "Choose a checklist item of this draft for the document.")
            return redirect(draft)
        form = DocumentForm(request.POST, request.FILES, auto_id=f"document-{item.pk}-%s")
        if form.is_valid():
            try:
                services_documents.document_upload(
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    draft=draft,
                    checklist_item=item,
                    description=form.cleaned_data["description"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Added the document for {item.title}.")
                return redirect(f"{draft.get_absolute_url()}#item-{item.pk}")
        return render_draft(request, self.provider, self.get_draft(), upload_form=form, upload_item=item, status=400)


class DraftDocumentRemoveView(WirelessProviderRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, document_pk):
        draft = _lookup(selectors.draft_detail, self.provider, pk)
        document = _lookup(selectors.draft_document, self.provider, document_pk)
        if document.draft_id != draft.pk:
            raise Http404("No such document on this draft.")
        try:
            services_documents.document_remove(actor=request.user, document=document)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Removed {document.original_name}.")
        return redirect(draft)


class DraftSubmitView(DraftMixin, View):
    """Submit the draft. Required items without a document need a second, confirmed press ("Submit anyway")."""

    http_method_names = ["post"]

    def post(self, request, pk):
        draft = self.get_draft()
        confirm = request.POST.get("confirm_missing") == "1"
        try:
            application = services_filing.draft_submit(actor=request.user, draft=draft, confirm_missing=confirm)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            return render_draft(
                request,
                self.provider,
                self.get_draft(),
                confirm_needed="confirm_missing" in errors,
                submit_errors=[text for key, found in errors.items() if key != "confirm_missing" for text in found],
                status=400,
            )
        messages.success(request, f"Submitted. The City received application {application.reference}.")
        return redirect("portal:application-receipt", application.pk)


class DraftDiscardView(DraftMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        draft = self.get_draft()
        try:
            services_filing.draft_discard(actor=request.user, draft=draft)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(draft)
        messages.success(request, "Draft discarded.")
        return redirect("portal:applications")


# After submission ---------------------------------------------------------------------------


class ApplicationMixin(WirelessProviderRequiredMixin):
    def get_application(self):
        return _lookup(selectors.application_detail, self.provider, self.kwargs["pk"])


class ReceiptView(ApplicationMixin, TemplateView):
    template_name = "portal/applications/receipt.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(services_receipts.receipt_facts(self.get_application()))
        return context


def receipt_title(application):
    return f"Receipt of small-cell application {application.reference} ({application.applicant.name})"


class ReceiptPdfView(ApplicationMixin, View):
    """The receipt as a PDF, rendered like the clock record (letters.pdf.render_pdf)."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, pk):
        application = self.get_application()
        context = {
            **services_receipts.receipt_facts(application),
            "letterhead": rendering.letterhead(),
            "static_prefix": rendering.PDF_STATIC_PREFIX,
            "generated_at": timezone.localtime(timezone.now(), services_receipts.CITY_TIME_ZONE),
            "title": receipt_title(application),
        }
        filename = f"receipt-{slugify(application.reference) or application.pk}.pdf"
        return rendering.pdf_response(
            "pdf/application_receipt.html", context, filename=filename, what="The receipt", logger=logger
        )


def application_items(application):
    """The checklist items the application is held to (those published by its submission day)."""
    return checklist.items_for(
        selectors.checklist_items(), category=application.category, submitted_on=application.submitted_on
    )


def document_form(application, *args, **kwargs):
    """The form that adds a document to a submitted application, while it is open; None once it is closed."""
    if application.status not in application.OPEN_STATUSES:
        return None
    return ApplicationDocumentForm(*args, items=application_items(application), auto_id="add-document-%s", **kwargs)


class ApplicationDocumentAddView(ApplicationMixin, View):
    """Add a document to a submitted, open application: typically the item an incompleteness notice names,
    before resubmitting (permits.services_documents checks the file; nothing is stored on a refusal)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        application = self.get_application()
        form = document_form(application, request.POST, request.FILES)
        if form is None:
            messages.error(request, "The application is closed: no document can be added to it.")
            return redirect("portal:application-detail", pk=application.pk)
        if form.is_valid():
            wanted = form.cleaned_data["checklist_item"]
            item = next(item for item in application_items(application) if item.pk == wanted)
            try:
                services_documents.document_upload(
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    application=application,
                    checklist_item=item,
                    description=form.cleaned_data["description"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Added the document for {item.title}. Resubmit when everything is there.")
                return redirect(reverse("portal:application-detail", args=[application.pk]) + "#add-document")
        view = ApplicationDetailView()
        view.setup(request, pk=pk)
        view.provider = self.provider
        context = view.get_context_data(document_form=form)
        return render(request, view.template_name, context, status=400)


class ApplicationDetailView(ApplicationMixin, TemplateView):
    """The carrier's view of its application: the same clock and explanation as staff see, and the record."""

    template_name = "portal/applications/detail.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_application()
        today = timezone.localdate()
        letters = [
            letter
            for letter in letter_selectors.letters_for(application)
            if letter.status == Letter.Status.ISSUED and letter.provider_id == self.provider.pk
        ]
        context.update(
            application=application,
            today=today,
            site_rows=site_rows(list(application.sites.all()), application.category),
            documents=list(application.documents.all()),
            reviews=list(application.checklist_reviews.all()),
            events=list(application.events.all()),
            letters=letters,
            receipt_url=reverse("portal:application-receipt", args=[application.pk])
            if application.submitted_at
            else "",
            **clock_context(application, today),
        )
        if "document_form" not in context:
            context["document_form"] = document_form(application)
        return context
