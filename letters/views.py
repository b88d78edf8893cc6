"""Staff pages for compliance letters. Every write goes through letters.services.

Who may do what (docs/letters.md):
- Staff and Legal draft letters and edit drafts: the cable office knows the
  facts and starts the letter; Legal owns the wording.
- Only Legal approves, issues, emails, corrects, edits template wording and
  runs bulk jobs.
- Auditors read everything and change nothing. Provider users never reach
  these pages (they see their own issued letters in the portal).
- An issued letter has no edit page: asking for one answers 409 Conflict.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import FormView, ListView, TemplateView

from accounts.mixins import CityRoleRequiredMixin
from accounts.roles import LEGAL, STAFF, has_role
from businessdays.selectors import business_calendar
from core import dates
from core.forms import add_service_errors
from core.lists import FilteredExportListView
from letters import kinds, rendering, selectors, services, sources, workflow
from letters.filters import LetterFilter
from letters.forms import (
    BatchForm,
    IssueForm,
    LetterCreateForm,
    LetterEditForm,
    ReasonForm,
    TemplateVersionForm,
)
from letters.models import Letter, LetterBatch

DRAFTERS = (STAFF, LEGAL)
LEGAL_ONLY = (LEGAL,)

EXPORT_COLUMNS = [
    ("Letter number", lambda letter: letter.number or ""),
    ("Status", lambda letter: letter.get_status_display()),
    ("Kind", lambda letter: letter.get_kind_display()),
    ("Recipient", lambda letter: letter.provider.name),
    ("Record", lambda letter: letter.source_label),
    ("Issued on", lambda letter: letter.issued_on),
    ("Issued by", lambda letter: str(letter.issued_by) if letter.issued_by_id else ""),
    ("Wording version", lambda letter: letter.template_version.number),
    ("SHA-256", lambda letter: letter.sha256),
]


def show_error(request, error):
    for message in error.messages:
        messages.error(request, message)


def value_rows(kind_code, data):
    """The letter's values for a page: label, editable or computed, and the text or the list of lines."""
    shown = kinds.display_values(kind_code, data)
    rows = []
    for field in kinds.all_fields(kind_code):
        if field.name not in data:
            continue
        value = shown[field.name]
        if field.type == kinds.PAIRS:
            value = [f"{item} (rule: {rule})" for item, rule in value]
        rows.append({"field": field, "lines": value if isinstance(value, list) else None, "text": value})
    return rows


class LetterMixin:
    def get_letter(self):
        try:
            return selectors.letter_detail(self.kwargs["pk"])
        except Letter.DoesNotExist as error:
            raise Http404("No such letter.") from error


# Lists and pages -------------------------------------------------------------------


class LetterListView(CityRoleRequiredMixin, FilteredExportListView):
    template_name = "letters/letter_list.html"
    context_object_name = "letters"
    filterset_class = LetterFilter
    export_columns = EXPORT_COLUMNS
    export_filename = "letters"

    def base_queryset(self):
        return selectors.letter_list()

    def get_context_data(self, **kwargs):
        data = super().get_context_data(**kwargs)
        data["can_draft"] = has_role(self.request.user, *DRAFTERS)
        data["is_legal"] = has_role(self.request.user, LEGAL)
        return data


class LetterCreateView(CityRoleRequiredMixin, TemplateView):
    """The entry point other pages link to: ?kind=<code>&source=<app.model:id> opens a prefilled draft.

    GET shows what the draft will hold (nothing is written); POST creates it.
    Without a kind, it lists the kinds for the record; without a record, the
    records a letter of that kind could be made from.
    """

    template_name = "letters/letter_create.html"
    read_roles = DRAFTERS
    write_roles = DRAFTERS

    def get_context_data(self, **kwargs):
        data = super().get_context_data(**kwargs)
        kind_code = self.request.GET.get("kind", "")
        ref = self.request.GET.get("source", "")
        kind = kinds.KINDS.get(kind_code)
        data.update(kind=kind, ref=ref, kinds=kinds.KINDS.values())
        if ref:
            try:
                source = sources.load_source(ref)
            except ValidationError as error:
                data["source_error"] = " ".join(error.messages)
                return data
            data["source"] = source
            data["source_label"] = sources.label_of(source)
            data["source_kinds"] = [kind for kind, _ref in selectors.letter_kinds_for(source)]
            if kind:
                try:
                    values, notes = sources.prefill(
                        kind.code,
                        source,
                        actor=self.request.user,
                        today=timezone.localdate(),
                        calendar=business_calendar(),
                    )
                except ValidationError as error:
                    data["source_error"] = " ".join(error.messages)
                    return data
                data["preview"] = value_rows(kind.code, values)
                data["notes"] = notes
                data["nil_effect"] = sources.nil_effect_warning(
                    kind.code, source, timezone.localdate(), business_calendar()
                )
                data["form"] = LetterCreateForm(initial={"kind": kind.code, "source": ref})
        elif kind:
            data["candidates"] = sources.candidates(kind.code, today=timezone.localdate())
        return data

    def post(self, request):
        form = LetterCreateForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose the kind of letter and the record it is about.")
            return redirect("letters:create")
        try:
            letter = services.letter_create(
                actor=request.user, kind=form.cleaned_data["kind"], source=form.cleaned_data["source"]
            )
        except ValidationError as error:
            show_error(request, error)
            query = f"?kind={form.cleaned_data['kind']}&source={form.cleaned_data['source']}"
            return redirect(reverse("letters:create") + query)
        messages.success(request, "Draft created from the record. Check the values and the wording, then approve it.")
        return redirect("letters:edit", pk=letter.pk)


class LetterDetailView(LetterMixin, CityRoleRequiredMixin, TemplateView):
    template_name = "letters/letter_detail.html"

    def get_context_data(self, **kwargs):
        data = super().get_context_data(**kwargs)
        letter = self.get_letter()
        user = self.request.user
        data["letter"] = letter
        data["kind"] = letter.kind_def
        data["is_legal"] = has_role(user, LEGAL)
        data["can_draft"] = has_role(user, *DRAFTERS)
        # The buttons come from the same table the services check (letters/workflow.py).
        data["actions"] = workflow.available(letter.status, can_draft=data["can_draft"], is_legal=data["is_legal"])
        data["values"] = value_rows(letter.kind, letter.rendered_data["data"] if letter.rendered_data else letter.data)
        if letter.status in (Letter.Status.DRAFT, Letter.Status.APPROVED):
            data["nil_effect"] = ""
            try:
                source = sources.load_source(letter.source_ref)
                today, calendar = timezone.localdate(), business_calendar()
                _values, data["notes"] = sources.computed(letter.kind, source, letter.data, on=today, calendar=calendar)
                data["nil_effect"] = sources.nil_effect_warning(letter.kind, source, today, calendar)
            except ValidationError as error:
                data["notes"] = error.messages
            newest = services.current_version(letter.kind)
            data["newer_version"] = newest if newest.number > letter.template_version.number else None
            data["issue_form"] = IssueForm(nil_effect=bool(data["nil_effect"]))
            data["reason_form"] = ReasonForm()
            data["approval_refusal"] = services.approval_refusal(letter, user)
        data["clock_events"] = list(letter.clock_events.all())
        data["original_clock_events"] = list(letter.supersedes.clock_events.all()) if letter.supersedes_id else []
        data["correction"] = next((c for c in letter.corrections.all()), None)
        data["recipients"] = services.notice_recipients(letter.provider)
        return data


class LetterEditView(LetterMixin, CityRoleRequiredMixin, FormView):
    template_name = "letters/letter_form.html"
    form_class = LetterEditForm
    read_roles = DRAFTERS
    write_roles = DRAFTERS

    def get(self, request, *args, **kwargs):
        self.letter = self.get_letter()
        if blocked := self._blocked():
            return blocked
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.letter = self.get_letter()
        if blocked := self._blocked():
            return blocked
        return super().post(request, *args, **kwargs)

    def _blocked(self):
        letter = self.letter
        if letter.is_locked:
            return render(self.request, "letters/locked.html", {"letter": letter}, status=409)
        if letter.status != Letter.Status.DRAFT:
            messages.error(self.request, "Only a draft can be edited. Return the letter to draft first.")
            return redirect(letter)
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "letter": self.letter}

    def get_context_data(self, **kwargs):
        data = super().get_context_data(**kwargs)
        data["letter"] = self.letter
        data["kind"] = self.letter.kind_def
        data["placeholders"] = [f for f in kinds.all_fields(self.letter.kind) if f.is_placeholder]
        data["computed"] = [f for f in kinds.all_fields(self.letter.kind) if f.computed]
        try:
            source = sources.load_source(self.letter.source_ref)
        except ValidationError:
            data["nil_effect"] = ""
        else:
            data["nil_effect"] = sources.nil_effect_warning(
                self.letter.kind, source, timezone.localdate(), business_calendar()
            )
        return data

    def form_valid(self, form):
        try:
            services.letter_update(
                letter=self.letter,
                actor=self.request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                closing=form.cleaned_data["closing"],
                values=form.values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Draft saved.")
        return redirect(self.letter)


@method_decorator(xframe_options_sameorigin, name="dispatch")
class LetterPreviewView(LetterMixin, CityRoleRequiredMixin, View):
    """The letter as HTML, the same template the PDF is made from (drafts marked DRAFT). Read-only."""

    http_method_names = ["get", "head"]

    def get(self, request, pk):
        letter = self.get_letter()
        if letter.rendered_data:
            snap, draft = letter.rendered_data, False
        else:
            try:
                source = sources.load_source(letter.source_ref)
            except ValidationError as error:  # the record was removed since the draft was made
                raise Http404(" ".join(error.messages)) from error
            today = timezone.localdate()
            values, _notes = sources.computed(letter.kind, source, letter.data, on=today, calendar=business_calendar())
            snap = rendering.snapshot(
                kind=letter.kind,
                template_version=letter.template_version.number,
                subject=letter.subject,
                body=letter.body,
                closing=letter.closing,
                data={**letter.data, **values},
                illustrative=letter.is_illustrative,
                verify_url=services.verify_url(),
            )
            draft = True
        response = HttpResponse(rendering.letter_html(snap, static_prefix="/static/", draft=draft))
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src data:; "
            "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
        )
        return response


class LetterPdfStateView(CityRoleRequiredMixin, TemplateView):
    """The letter page's PDF part, which that page polls every 2 seconds (htmx) while the worker makes the
    PDF; once the PDF is stored, or its rendering failed, the part it returns has no hx-trigger, so the
    polling stops. Opened without htmx (no JavaScript), it sends the browser to the letter page."""

    template_name = "letters/_pdf_state.html"
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        if not request.htmx:
            return redirect("letters:detail", pk=self.kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        data = super().get_context_data(**kwargs)
        data["letter"] = get_object_or_404(
            Letter.objects.only("id", "status", "number", "render_error", "sha256"), pk=self.kwargs["pk"]
        )
        return data


class LetterPdfView(LetterMixin, CityRoleRequiredMixin, View):
    """The issued PDF, checked against its SHA-256 before it is served (media is never public)."""

    http_method_names = ["get", "head"]

    def get(self, request, pk):
        letter = get_object_or_404(Letter, pk=pk, status=Letter.Status.ISSUED)
        return pdf_response(letter)


def pdf_response(letter):
    try:
        data = services.stored_pdf(letter)
    except FileNotFoundError as error:
        raise Http404("The PDF is missing from storage.") from error
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=500, content_type="text/plain")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.number}.pdf"'
    response["X-Content-SHA256"] = letter.sha256
    return response


# Actions (POST only) ----------------------------------------------------------------


class LetterActionView(LetterMixin, CityRoleRequiredMixin, View):
    http_method_names = ["post"]
    write_roles = LEGAL_ONLY
    success = ""

    def act(self, letter, request):
        raise NotImplementedError

    def post(self, request, pk):
        letter = self.get_letter()
        try:
            result = self.act(letter, request)
        except ValidationError as error:
            show_error(request, error)
            return redirect(letter)
        if self.success:
            messages.success(request, self.success)
        return redirect(result or letter)


class LetterApproveView(LetterActionView):
    success = "Approved. It can now be issued."

    def act(self, letter, request):
        return services.letter_approve(letter=letter, actor=request.user)


class LetterReturnView(LetterActionView):
    success = "Returned to draft."

    def act(self, letter, request):
        return services.letter_return_to_draft(letter=letter, actor=request.user, reason=request.POST.get("reason", ""))


class LetterDiscardView(LetterActionView):
    write_roles = DRAFTERS
    success = "Draft discarded. It stays on record."

    def act(self, letter, request):
        return services.letter_discard(letter=letter, actor=request.user, reason=request.POST.get("reason", ""))


class LetterRefreshView(LetterActionView):
    write_roles = DRAFTERS
    success = "Values prefilled again from the record; the wording is unchanged."

    def act(self, letter, request):
        return services.letter_refresh(letter=letter, actor=request.user)


class LetterWordingView(LetterActionView):
    write_roles = DRAFTERS
    success = "The draft now uses the newest wording."

    def act(self, letter, request):
        return services.letter_use_wording(letter=letter, actor=request.user)


class LetterIssueView(LetterActionView):
    def act(self, letter, request):
        form = IssueForm(request.POST, nil_effect=True)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        letter = services.letter_issue(
            letter=letter,
            actor=request.user,
            send_email=form.cleaned_data["send_email"],
            confirm_no_effect=form.cleaned_data["confirm_no_effect"],
        )
        recorded = letter.clock_events.first()
        # The one message of this action; the page's PDF part says, and updates, whether the PDF is ready.
        messages.success(
            request,
            f"Issued as letter {letter.number}, dated {dates.day(letter.issued_on)}."
            + (f" On the application's shot clock: {recorded}." if recorded else ""),
        )
        return letter


class LetterRetryView(LetterActionView):
    success = "Rendering queued again."

    def act(self, letter, request):
        return services.letter_render_retry(letter=letter, actor=request.user)


class LetterSendView(LetterActionView):
    def act(self, letter, request):
        delivery = services.letter_send(letter=letter, actor=request.user)
        messages.success(request, f"Queued for email to {', '.join(delivery.to)}, with a copy to Legal.")
        return letter


class LetterCorrectView(LetterActionView):
    success = "Correction drafted. It names the letter it supersedes; the original never changes."

    def act(self, letter, request):
        correction = services.letter_correct(original=letter, actor=request.user)
        return reverse("letters:edit", args=[correction.pk])


# Template wording -------------------------------------------------------------------


class TemplateListView(CityRoleRequiredMixin, TemplateView):
    template_name = "letters/template_list.html"

    def get_context_data(self, **kwargs):
        data = super().get_context_data(**kwargs)
        data["rows"] = selectors.template_overview()
        return data


class TemplateDetailView(CityRoleRequiredMixin, FormView):
    """Every version of one kind's wording; Legal saves a new version (placeholders whitelisted)."""

    template_name = "letters/template_detail.html"
    form_class = TemplateVersionForm
    write_roles = LEGAL_ONLY
    form_is_write_only = False  # every city role reads the wording; the form is shown to Legal only

    def get_kind(self):
        kind = kinds.KINDS.get(self.kwargs["kind"])
        if kind is None:
            raise Http404("No such kind of letter.")
        return kind

    def get_initial(self):
        current = services.current_version(self.get_kind().code)
        return {"subject": current.subject, "body": current.body, "closing": current.closing}

    def get_context_data(self, **kwargs):
        data = super().get_context_data(**kwargs)
        kind = self.get_kind()
        data["kind"] = kind
        data["versions"] = selectors.template_versions(kind.code)
        data["placeholders"] = [f for f in kinds.all_fields(kind.code) if f.is_placeholder]
        data["is_legal"] = has_role(self.request.user, LEGAL)
        return data

    def form_valid(self, form):
        try:
            version = services.template_version_create(
                actor=self.request.user, kind=self.get_kind().code, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Saved as version {version.number}. Earlier versions are kept.")
        return redirect("letters:template-detail", kind=version.kind)


class TemplateVersionView(CityRoleRequiredMixin, TemplateView):
    template_name = "letters/template_version.html"

    def get_context_data(self, **kwargs):
        data = super().get_context_data(**kwargs)
        versions = [v for v in selectors.template_versions(self.kwargs["kind"]) if v.number == self.kwargs["number"]]
        if not versions:
            raise Http404("No such version.")
        data["version"] = versions[0]
        data["kind"] = kinds.get(versions[0].kind)
        return data


# Bulk ---------------------------------------------------------------------------------


class BatchListView(CityRoleRequiredMixin, ListView):
    template_name = "letters/batch_list.html"
    context_object_name = "batches"
    paginate_by = 50

    def get_queryset(self):
        return selectors.batch_list()

    def get_context_data(self, **kwargs):
        data = super().get_context_data(**kwargs)
        data["is_legal"] = has_role(self.request.user, LEGAL)
        return data


class BatchCreateView(CityRoleRequiredMixin, FormView):
    """Choose a kind, tick the records (e.g. every report late for last quarter), approve, start."""

    template_name = "letters/batch_form.html"
    form_class = BatchForm
    read_roles = LEGAL_ONLY
    write_roles = LEGAL_ONLY

    def get_kind(self):
        return kinds.KINDS.get(self.request.GET.get("kind") or self.request.POST.get("kind") or "")

    def get_period(self):
        period = self.request.GET.get("period") or self.request.POST.get("period") or "last_quarter"
        return period if period in ("last_quarter", "all") else "last_quarter"

    def get_candidates(self):
        kind = self.get_kind()
        if kind is None:
            return []
        if not hasattr(self, "_candidates"):
            self._candidates = sources.candidates(kind.code, today=timezone.localdate(), period=self.get_period())
        return self._candidates

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["candidates"] = self.get_candidates()
        kwargs.setdefault("initial", {})["sources"] = [candidate.ref for candidate in self.get_candidates()]
        return kwargs

    def get_context_data(self, **kwargs):
        data = super().get_context_data(**kwargs)
        kind = self.get_kind()
        data.update(kind=kind, kinds=kinds.KINDS.values(), period=self.get_period(), candidates=self.get_candidates())
        if kind:
            data["version"] = services.current_version(kind.code)
            data["start"], data["end"] = sources.last_quarter(timezone.localdate())
        return data

    def form_valid(self, form):
        kind = self.get_kind()
        if kind is None:
            form.add_error(None, "Choose the kind of letter.")
            return self.form_invalid(form)
        try:
            batch = services.batch_start(
                actor=self.request.user,
                kind=kind.code,
                sources=form.cleaned_data["sources"],
                send_email=form.cleaned_data["send_email"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Started: {batch.total} letters. This page follows the job.")
        return redirect(batch)


class BatchDetailView(CityRoleRequiredMixin, TemplateView):
    template_name = "letters/batch_detail.html"

    def get_context_data(self, **kwargs):
        data = super().get_context_data(**kwargs)
        data["batch"] = get_object_or_404(selectors.batch_list(), pk=self.kwargs["pk"])
        return data


class BatchProgressView(BatchDetailView):
    """The progress bar the batch page polls every 2 seconds (htmx): to an htmx request only the bar,
    otherwise (a bookmarked or no-JS visit) the whole job page. Once the job is finished the bar it
    returns has no hx-trigger, so the polling stops."""

    http_method_names = ["get", "head"]

    def get_template_names(self):
        return ["letters/_batch_progress.html"] if self.request.htmx else super().get_template_names()


class BatchZipView(CityRoleRequiredMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, pk):
        batch = get_object_or_404(LetterBatch, pk=pk, status=LetterBatch.Status.DONE)
        try:
            handle = batch.zip.open("rb")
        except (FileNotFoundError, ValueError) as error:
            raise Http404("The ZIP is missing from storage.") from error
        return FileResponse(handle, as_attachment=True, filename=f"letters-batch-{batch.pk}.zip")
