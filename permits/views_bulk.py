"""Acting on many rows, and the reviewer of one application.

- The application page's reviewer block posts to ApplicationAssignView (Staff).
- The queue's "Assign to..." posts the ticked rows to ApplicationBulkAssignView (Staff), which answers
  with a confirmation page ("Assign 12 applications to Dana Reyes?") and writes only when that is sent.
- "Draft a letter" on the queue (ApplicationBulkLetterView) and on the deadline list
  (DeadlineBulkLetterView) start one bulk-letter job (letters.services.batch_start) for the ticked rows,
  after the same kind of confirmation; only Legal runs bulk letter jobs (letters/views.py), so only Legal
  gets them. The deadline list's view lives here, not in deadlines/, because deadlines sits below letters
  and may not import it; it reaches each deadline's record only through the letters source registry, so
  it serves filing and license deadlines as well as shot clocks.

Every step is a POST with its CSRF token; nothing is written before the confirmation. A selection that
names a row that does not exist, or more than BULK_LIMIT rows, is refused whole with a plain message.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from accounts.mixins import CityRoleRequiredMixin
from accounts.roles import LEGAL
from core.forms import USWDSForm, add_service_errors
from deadlines.forms import RowSelectionField
from deadlines.models import Deadline
from letters import kinds as letter_kinds
from letters import services as letter_services
from letters import sources as letter_sources
from permits import forms, services
from permits.models import PermitApplication
from permits.views import ApplicationQueueView


def back_to(request, fallback):
    """Where the list page that posted wants to return (its filters and page), if it is on this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def refuse(request, form, back):
    """A selection that cannot be acted on: say why, change nothing, go back to the list."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect(back)


class ApplicationAssignView(CityRoleRequiredMixin, View):
    """Set or clear one application's reviewer, from its page ("Assign to me" or the reviewer menu)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        application = get_object_or_404(PermitApplication, pk=pk)
        if request.POST.get("me"):
            reviewer = request.user
        else:
            form = forms.AssignForm(request.POST)
            if not form.is_valid():
                return refuse(request, form, application.get_absolute_url())
            reviewer = form.cleaned_data["reviewer"]
        try:
            services.application_assign(application=application, reviewer=reviewer, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(application)
        if reviewer is None:
            messages.success(request, f"{application.reference} is now unassigned.")
        elif reviewer.pk == request.user.pk:
            messages.success(request, f"{application.reference} is assigned to you.")
        else:
            messages.success(request, f"{application.reference} is assigned to {forms.reviewer_label(reviewer)}.")
        return redirect(application)


def _plural(count, noun):
    return f"{count} {noun}{'' if count == 1 else 's'}"


class ApplicationBulkAssignView(CityRoleRequiredMixin, View):
    """ "Assign to..." for the applications ticked on the queue: confirm, then assign all or none."""

    http_method_names = ["post"]
    template_name = "permits/bulk_assign_confirm.html"

    def post(self, request):
        back = back_to(request, reverse("permits:application-list"))
        form = forms.BulkAssignForm(request.POST)
        if not form.is_valid():
            return refuse(request, form, back)
        applications = list(form.cleaned_data["ids"].select_related("applicant").order_by("reference"))
        reviewer = form.cleaned_data["reviewer"]
        count = len(applications)
        if request.POST.get("step") != "confirm":
            who = forms.reviewer_label(reviewer) if reviewer else None
            question = f"Assign {_plural(count, 'application')} to {who}?" if who else None
            question = question or f"Unassign {_plural(count, 'application')}?"
            context = {"form": form, "applications": applications, "reviewer": reviewer, "count": count}
            context.update(question=question, back=back)
            return render(request, self.template_name, context)
        try:
            changed, unchanged = services.application_assign_many(
                applications=applications, reviewer=reviewer, actor=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(back)
        done = f"Assigned {_plural(changed, 'application')} to {forms.reviewer_label(reviewer)}" if reviewer else ""
        done = done or f"Unassigned {_plural(changed, 'application')}"
        already = f" ({unchanged} already {'was' if unchanged == 1 else 'were'})." if unchanged else "."
        messages.success(request, done + already)
        return redirect(back)


class BulkLetterMixin:
    """The confirmation and start of one bulk-letter job for the ticked rows (Legal only, as every bulk job)."""

    read_roles = (LEGAL,)
    write_roles = (LEGAL,)
    http_method_names = ["post"]
    template_name = "permits/bulk_letter_confirm.html"
    noun = "record"
    fallback = "permits:application-list"

    def ids_field(self):
        raise NotImplementedError

    def records(self, rows):
        """(row label, letter source or None) for each ticked row."""
        raise NotImplementedError

    def post(self, request):
        back = back_to(request, reverse(self.fallback))
        first = USWDSForm(request.POST)
        first.fields["ids"] = self.ids_field()
        if not first.is_valid():
            return refuse(request, first, back)
        rows = self.records(first.cleaned_data["ids"])
        unusable = [label for label, source in rows if source is None]
        if unusable:
            messages.error(
                request,
                f"No letter can be made from {'this' if len(unusable) == 1 else 'these'} {self.noun}"
                f"{'' if len(unusable) == 1 else 's'}, so none was started: {'; '.join(unusable)}.",
            )
            return redirect(back)
        labels = {letter_sources.model_label(source) for _label, source in rows}
        kinds = [kind for kind in letter_kinds.KINDS.values() if labels <= set(kind.sources)]
        if not kinds:
            messages.error(
                request,
                "No one kind of letter can be made from every chosen row (licenses, filings and applications "
                "take different letters); choose rows of one kind of record.",
            )
            return redirect(back)
        data = request.POST if request.POST.get("step") == "confirm" else None
        form = forms.BulkLetterForm(data, kinds=kinds, ids_field=self.ids_field())
        if form.is_bound and form.is_valid():
            started = self.start(form, rows)
            if started is not None:
                return started
        elif not form.is_bound:
            form.initial["ids"] = [str(pk) for pk in request.POST.getlist("ids")]
        sources = list({letter_sources.ref_for(source): source for _label, source in rows}.values())
        listing = [(label, letter_sources.label_of(source)) for label, source in rows]
        context = {"form": form, "rows": listing, "letters": len(sources), "count": len(rows), "back": back}
        context.update(noun=self.noun, action=request.path)
        return render(request, self.template_name, context)

    def start(self, form, rows):
        kind = form.cleaned_data["kind"]
        refused = []
        for label, source in rows:
            try:
                letter_sources.check_source(kind, source)
            except ValidationError as error:
                refused.append(f"{label}: {' '.join(error.messages)}")
        if refused:
            form.add_error(None, f"No letter was started, because {len(refused)} of the chosen rows cannot have it:")
            for line in refused:
                form.add_error(None, line)
            return None
        try:
            batch = letter_services.batch_start(
                actor=self.request.user,
                kind=kind,
                sources=[letter_sources.ref_for(source) for _label, source in rows],
                send_email=form.cleaned_data["send_email"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return None
        messages.success(self.request, f"Started: {_plural(batch.total, 'letter')}. This page follows the job.")
        return redirect(batch)


class ApplicationBulkLetterView(BulkLetterMixin, CityRoleRequiredMixin, View):
    noun = "application"

    def ids_field(self):
        return RowSelectionField(PermitApplication.objects.all(), noun="application")

    def records(self, rows):
        applications = rows.select_related("applicant").order_by("reference")
        return [(application.reference, application) for application in applications]


class DeadlineBulkLetterView(BulkLetterMixin, CityRoleRequiredMixin, View):
    noun = "deadline"
    fallback = "deadlines:list"

    def ids_field(self):
        return RowSelectionField(Deadline.objects.all(), noun="deadline")

    def records(self, rows):
        """Each deadline's record, if it is one letters are made from (letters.sources.load_source)."""
        registered = letter_sources.registered_sources()
        found = []
        for deadline in rows.select_related("source_type").order_by("due_date", "id"):
            source = None
            kind = deadline.source_type
            label = f"{kind.app_label}.{kind.model}" if kind else ""
            if label in registered and deadline.source_id:
                try:
                    source = letter_sources.load_source(f"{label}:{deadline.source_id}")
                except ValidationError:
                    source = None
            found.append((deadline.title, source))
        return found


class AssignedToMeView(ApplicationQueueView):
    """The queue, only the applications assigned to the signed-in user (open ones first, as the queue)."""

    export_filename = "permit-applications-assigned-to-me"

    def base_queryset(self):
        return super().base_queryset().filter(assigned_reviewer=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assigned_to_me"] = True
        return context
