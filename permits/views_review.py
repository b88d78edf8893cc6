"""Staff pages for the City's published checklist and the completeness review of applications against it.

FCC 18-133 para. 86-88: an application may be found incomplete only for what a
standard published in advance requires; the checklist is that publication.
Staff tick each applicable item; the unticked required items become a draft
incompleteness notice, which Legal approves and issues (the letter workflow),
and issuing records the notice on the shot clock (permits/letter_clock.py).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts.mixins import CityRoleRequiredMixin
from accounts.roles import STAFF, has_role
from core.forms import add_service_errors
from permits import checklist, forms, selectors, services_review
from permits.models import ChecklistItem, PermitApplication


def _messages_of(error):
    return " ".join(error.messages)


# The published checklist -----------------------------------------------------------------


class ChecklistView(CityRoleRequiredMixin, ListView):
    template_name = "permits/review/checklist.html"
    context_object_name = "items"
    paginate_by = 50
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.checklist_items()


class ChecklistItemFormView(CityRoleRequiredMixin, FormView):
    template_name = "permits/review/checklist_item_form.html"
    form_class = forms.ChecklistItemForm

    def get_item(self):
        if not hasattr(self, "_item"):
            pk = self.kwargs.get("pk")
            self._item = get_object_or_404(ChecklistItem, pk=pk) if pk else None
        return self._item

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_item()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["item"] = self.get_item()
        return context

    def form_valid(self, form):
        item = self.get_item()
        try:
            if item is None:
                item = services_review.checklist_item_add(actor=self.request.user, **form.cleaned_data)
            else:
                item = services_review.checklist_item_update(actor=self.request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Saved the checklist item “{item.title}”.")
        return redirect("permits:checklist")


class ChecklistItemRetireView(CityRoleRequiredMixin, TemplateView):
    """GET: the confirmation (Staff only); POST: retire the item from today."""

    template_name = "permits/review/checklist_item_retire.html"
    read_roles = (STAFF,)  # the page is only the confirmation of a write

    def get_item(self):
        return get_object_or_404(ChecklistItem, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(item=self.get_item(), today=timezone.localdate())
        return context

    def post(self, request, pk):
        item = self.get_item()
        try:
            services_review.checklist_item_retire(actor=request.user, item=item)
        except ValidationError as error:
            messages.error(request, _messages_of(error))
        else:
            messages.success(
                request, f"Retired “{item.title}”: applications submitted from today on are not asked for it."
            )
        return redirect("permits:checklist")


# The completeness review ------------------------------------------------------------------


def ticked_counts(application, items):
    """(ticked complete, applicable) for an application: its prefetched findings against the applicable items."""
    applicable = checklist.items_for(items, category=application.category, submitted_on=application.submitted_on)
    ids = {item.pk for item in applicable}
    ticked = sum(1 for review in application.checklist_reviews.all() if review.complete and review.item_id in ids)
    return ticked, len(applicable)


class ReviewListView(CityRoleRequiredMixin, ListView):
    template_name = "permits/review/review_list.html"
    context_object_name = "applications"
    paginate_by = 50
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.review_queue()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        items = list(selectors.checklist_items())
        for application in context["applications"]:
            application.countdown = checklist.countdown(
                category=application.category,
                submitted_on=application.submitted_on,
                today=today,
                resubmitted_on=application.resubmitted_on,
            )
            application.ticked, application.applicable = ticked_counts(application, items)
        context["today"] = today
        return context


class ApplicationReviewMixin:
    def get_application(self):
        if not hasattr(self, "_application"):
            try:
                self._application = selectors.application_review(self.kwargs["pk"])
            except PermitApplication.DoesNotExist as error:
                raise Http404("No such application.") from error
        return self._application

    def review_url(self, anchor=""):
        return reverse("permits:application-review", args=[self.kwargs["pk"]]) + anchor


class ApplicationReviewView(ApplicationReviewMixin, CityRoleRequiredMixin, TemplateView):
    template_name = "permits/review/application_review.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_application()
        today = timezone.localdate()
        items = checklist.items_for(
            list(selectors.checklist_items()), category=application.category, submitted_on=application.submitted_on
        )
        reviews = {review.item_id: review for review in application.checklist_reviews.all()}
        documents = {}
        for document in application.documents.all():
            documents.setdefault(document.checklist_item_id, []).append(document)
        writable = has_role(self.request.user, STAFF) and application.status not in services_review.CLOSED_STATUSES
        rows = []
        for item in items:
            review = reviews.get(item.pk)
            form = None
            if writable:
                form = forms.ChecklistReviewForm(
                    prefix=f"item-{item.pk}",
                    initial={
                        "complete": "yes" if review and review.complete else "no",
                        "note": review.note if review else "",
                    },
                )
            rows.append({"item": item, "review": review, "documents": documents.get(item.pk, []), "form": form})
        context.update(
            application=application,
            today=today,
            countdown=checklist.countdown(
                category=application.category,
                submitted_on=application.submitted_on,
                today=today,
                resubmitted_on=selectors.latest_resubmission(application),
            ),
            rows=rows,
            ticked=sum(1 for row in rows if row["review"] and row["review"].complete),
            missing=services_review.missing_items(application, items, reviews.values()),
            writable=writable,
        )
        return context


class ApplicationReviewItemView(ApplicationReviewMixin, CityRoleRequiredMixin, View):
    """POST one item's finding (checklist_review_set); back to the review page at that item."""

    http_method_names = ["post"]

    def post(self, request, pk, item_pk):
        application = get_object_or_404(PermitApplication, pk=pk)
        item = get_object_or_404(ChecklistItem, pk=item_pk)
        form = forms.ChecklistReviewForm(request.POST, prefix=f"item-{item.pk}")
        if not form.is_valid():
            problems = [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]
            messages.error(request, f"Nothing was saved for “{item.title}”. " + " ".join(problems))
            return redirect(self.review_url(f"#item-{item.pk}"))
        try:
            services_review.checklist_review_set(
                actor=request.user,
                application=application,
                item=item,
                complete=form.cleaned_data["complete"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, _messages_of(error))
            return redirect(self.review_url())
        state = "complete" if form.cleaned_data["complete"] else "missing or not complete"
        messages.success(request, f"Saved: “{item.title}” is {state}.")
        return redirect(self.review_url(f"#item-{item.pk}"))


class ApplicationIncompleteNoticeView(ApplicationReviewMixin, CityRoleRequiredMixin, View):
    """POST: draft the incompleteness notice from the unticked items, then go to the letter."""

    http_method_names = ["post"]

    def post(self, request, pk):
        application = get_object_or_404(PermitApplication, pk=pk)
        try:
            letter = services_review.incompleteness_notice_draft(actor=request.user, application=application)
        except ValidationError as error:
            messages.error(request, _messages_of(error))
            return redirect(self.review_url())
        count = len(letter.data.get("missing_items") or [])
        messages.success(
            request,
            f"Drafted the incompleteness notice for {application.reference} naming {count} missing "
            f"item{'s' if count != 1 else ''}. Legal approves and issues it; issuing it records the notice on the "
            "application's shot clock.",
        )
        return redirect(letter.get_absolute_url())
