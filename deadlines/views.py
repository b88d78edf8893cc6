"""Deadline pages: the staff list, my deadlines, the bell, rules, calendar feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts import services as account_services
from accounts.mixins import CityRoleRequiredMixin
from accounts.models import Provider, User
from accounts.roles import LEGAL, STAFF, has_role, is_provider_user
from core.forms import add_service_errors
from core.lists import FilteredExportListView
from deadlines import selectors, services
from deadlines.attention import ATTENTION_LABELS
from deadlines.filters import DeadlineFilter
from deadlines.forms import ReminderRuleForm, RowsForm, WaiveForm, WaiveManyForm
from deadlines.ical import build_feed
from deadlines.models import Deadline, ReminderRule
from deadlines.services import BULK_LIMIT

EXPORT_COLUMNS = [
    ("Due date", lambda d: d.due_date),
    ("Deadline", lambda d: d.title),
    ("Kind", lambda d: d.get_kind_display()),
    ("State", lambda d: d.get_state_display()),
    (
        "Shot clock",
        lambda d: ATTENTION_LABELS.get(selectors.shot_clock_attention(d, timezone.localdate()), ""),
    ),
    ("Provider", lambda d: d.provider.name if d.provider_id else ""),
    ("Owner", lambda d: str(d.owner) if d.owner_id else ""),
    ("Rule", lambda d: d.citation),
]


class DeadlineListView(CityRoleRequiredMixin, FilteredExportListView):
    template_name = "deadlines/deadline_list.html"
    context_object_name = "deadlines"
    filterset_class = DeadlineFilter
    export_columns = EXPORT_COLUMNS
    export_filename = "deadlines"

    def base_queryset(self):
        return selectors.deadline_queryset().order_by("due_date", "id")

    # Open deadlines unless the query string names a state (?state= for any).
    filter_defaults = {"state": Deadline.State.OPEN}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selectors.with_attention(context["deadlines"], context["today"])
        # Row checkboxes for those who may act on many: Staff waive, Legal start letters (permits/views_bulk.py).
        if has_role(self.request.user, STAFF, LEGAL):
            context.update(bulk_select="bulk-deadlines", bulk_limit=BULK_LIMIT)
        return context


class MyDeadlinesView(CityRoleRequiredMixin, TemplateView):
    template_name = "deadlines/my_deadlines.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.my_deadlines(self.request.user))
        context["feed_url"] = self.request.build_absolute_uri(f"/calendar/{self.request.user.calendar_token}.ics")
        return context


class DeadlineWaiveView(CityRoleRequiredMixin, FormView):
    form_class = WaiveForm
    template_name = "deadlines/deadline_waive.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deadline"] = get_object_or_404(Deadline, pk=self.kwargs["pk"])
        return context

    def form_valid(self, form):
        deadline = get_object_or_404(Deadline, pk=self.kwargs["pk"], state=Deadline.State.OPEN)
        services.deadline_waive(deadline=deadline, actor=self.request.user, reason=form.cleaned_data["reason"])
        messages.success(self.request, f"Waived: {deadline.title}. Its reminders stop.")
        return redirect("deadlines:list")


def _back_to(request):
    """The list page (with its filters) that posted the ticked rows, if it is on this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("deadlines:list")


class DeadlineBulkWaiveView(CityRoleRequiredMixin, View):
    """ "Waive" for the deadlines ticked on the list: a confirmation page that counts them and asks for the
    reason, then services.deadline_waive_many (all or none). Nothing is written before the confirmation."""

    http_method_names = ["post"]
    template_name = "deadlines/deadline_bulk_waive.html"

    def post(self, request):
        back = _back_to(request)
        confirming = request.POST.get("step") == "confirm"
        form = WaiveManyForm(request.POST) if confirming else RowsForm(request.POST)
        form.is_valid()
        if "ids" in form.errors:  # no rows, unknown rows, too many: refused whole
            for message in form.errors["ids"]:
                messages.error(request, message)
            return redirect(back)
        deadlines = list(form.cleaned_data["ids"].select_related("provider").order_by("due_date", "id"))
        if not confirming:
            form = WaiveManyForm(initial={"ids": [str(d.pk) for d in deadlines]})
        elif form.is_valid():
            try:
                count = services.deadline_waive_many(
                    deadlines=deadlines, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, f"Waived {count} deadline{pluralize(count)}. Their reminders stop; the reason is kept."
                )
                return redirect(back)
        closed = [d for d in deadlines if d.state != Deadline.State.OPEN]
        context = {"form": form, "deadlines": deadlines, "count": len(deadlines), "closed": closed, "back": back}
        return render(request, self.template_name, context)


class ReminderRuleListView(CityRoleRequiredMixin, ListView):
    template_name = "deadlines/reminder_rules.html"
    context_object_name = "rules"
    queryset = ReminderRule.objects.order_by("kind")


class ReminderRuleEditView(CityRoleRequiredMixin, FormView):
    template_name = "deadlines/reminder_rule_form.html"
    form_class = ReminderRuleForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = get_object_or_404(ReminderRule, pk=self.kwargs["pk"])
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        services.reminder_rule_update(
            rule=form.instance,
            actor=self.request.user,
            offsets=data["offsets_text"],
            overdue_every_days=data["overdue_every_days"],
            overdue_daily_days=data["overdue_daily_days"],
            escalate_to=data["escalate_to"] if "escalate_to" in form.data else None,
            notify_owner=data["notify_owner"],
            notify_staff=data["notify_staff"],
            notify_legal=data["notify_legal"],
            notify_provider=data["notify_provider"],
        )
        messages.success(self.request, f"Saved. {form.instance}.")
        return redirect("deadlines:rules")


class NotificationsView(LoginRequiredMixin, TemplateView):
    """The bell: your reminders, newest first. Any signed-in user, own only."""

    template_name = "deadlines/notifications.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notifications"] = selectors.notifications(self.request.user)
        return context


class NotificationsReadView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        services.notifications_mark_read(actor=request.user, user=request.user)
        return redirect("deadlines:notifications")


class CalendarTokenResetView(LoginRequiredMixin, View):
    """A new secret for the signed-in user's feed: the old URL stops working."""

    http_method_names = ["post"]

    def post(self, request):
        account_services.calendar_token_rotate(actor=request.user, user=request.user)
        messages.success(request, "Your calendar link was reset. Subscribe again with the new link.")
        return redirect("portal:deadlines" if is_provider_user(request.user) else "deadlines:mine")


def _ics(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_not_required
def user_calendar_feed(request, token):
    """A user's private feed: the secret token in the URL is the credential."""
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404("No such calendar.")
    deadlines = selectors.feed_deadlines(selectors.deadlines_for_user(user))
    return _ics(build_feed(deadlines, name=f"Conduit deadlines: {user}"), "conduit-deadlines.ics")


@login_not_required
def provider_calendar_feed(request, token):
    """A provider's feed: only that provider's provider-facing deadlines."""
    provider = Provider.objects.filter(calendar_token=token).first()
    if provider is None:
        raise Http404("No such calendar.")
    queryset = selectors.deadline_queryset().filter(provider=provider, provider_facing=True)
    deadlines = selectors.feed_deadlines(queryset)
    return _ics(build_feed(deadlines, name=f"{provider.name}: deadlines with the City"), f"{provider.short_name}.ics")
