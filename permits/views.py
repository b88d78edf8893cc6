"""Staff pages for small-cell applications: the queue, the detail page with its
shot clock, and the forms that record clock events. Writes go through
permits.services; reads through permits.selectors."""

import re
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.views.generic import DetailView, FormView

from accounts.mixins import CityRoleRequiredMixin
from accounts.roles import STAFF, has_role
from businessdays.selectors import shot_clock_calendar
from core import dates
from core.forms import add_service_errors
from core.lists import FilteredExportListView
from deadlines.services import BULK_LIMIT
from letters import selectors as letter_selectors
from permits import fees, forms, letter_sources, selectors, services, shotclock, sizecheck
from permits.filters import ApplicationFilter
from permits.models import Category, ClockEvent, ClockState, PermitApplication, Site


def clock_row(application, today):
    """What the queue shows for one application, from the stored clock (no query)."""
    kind = application.attention(today)
    state = application.live_state(today)
    remaining = application.days_remaining(today)
    if kind == shotclock.ATTENTION_TOLLED:
        text = f"Tolled: {remaining} days left when resubmitted" if remaining is not None else "Tolled"
    elif kind == shotclock.ATTENTION_MISSED:
        text = f"Missed {-remaining} days ago" if remaining is not None and remaining < 0 else "Missed"
    elif kind in (shotclock.ATTENTION_AT_RISK, shotclock.ATTENTION_RUNNING):
        text = "Due today" if remaining == 0 else f"{remaining} days left"
    else:
        text = ClockState(state).label
    return {
        "state": state,
        "attention": kind,
        "remaining": remaining,
        "at_risk": kind == shotclock.ATTENTION_AT_RISK,
        "missed": kind == shotclock.ATTENTION_MISSED,
        "text": text,
    }


QUEUE_COLUMNS = [
    ("Reference", lambda row: row.reference),
    ("Applicant", lambda row: row.applicant.name),
    ("Category", lambda row: row.get_category_display()),
    ("Sites", lambda row: row.site_count),
    ("Submitted", lambda row: row.submitted_on),
    ("Status", lambda row: row.get_status_display()),
    ("Shot-clock days", lambda row: row.clock_days),
    ("Deadline", lambda row: row.clock_deadline),
    ("Clock", lambda row: row.clock["text"]),
    ("Attention", lambda row: shotclock.ATTENTION_LABELS[row.clock["attention"]]),
    ("At risk", lambda row: "yes" if row.clock["at_risk"] else ""),
    ("Tolled days", lambda row: row.clock_tolled_days),
    ("Reviewer", lambda row: str(row.assigned_reviewer or "")),
    ("Decision date", lambda row: row.decision_date),
    ("Illustrative", lambda row: "yes" if row.is_illustrative else ""),
]


class ApplicationQueueView(CityRoleRequiredMixin, FilteredExportListView):
    """Applications sorted by shot-clock deadline, each with its attention class (shotclock.attention)."""

    template_name = "permits/application_list.html"
    context_object_name = "applications"
    http_method_names = ["get", "head", "options"]
    filterset_class = ApplicationFilter
    filter_defaults = {"clock": "open"}
    export_columns = QUEUE_COLUMNS
    export_filename = "permit-applications"

    def base_queryset(self):
        return selectors.application_queue()

    def annotate_rows(self, applications):
        selectors.with_site_counts(applications)

    def decorate(self, application, today):
        application.clock = clock_row(application, today)
        return application

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = context["today"]
        context.update(at_risk_days=shotclock.AT_RISK_DAYS, summary=_queue_summary(today), bulk_limit=BULK_LIMIT)
        if has_role(self.request.user, STAFF):  # the bulk "Assign to..." menu (permits/views_bulk.py)
            context["bulk_assign_form"] = forms.BulkAssignForm(auto_id="bulk-%s")
        return context


def _queue_summary(today):
    """Counts for the cards above the queue (selectors.attention_counts: each from an index)."""
    return selectors.attention_counts(today)


def site_checks(application, sites):
    """Size check and category warnings for each site (pure modules, no query)."""
    rows = []
    for site in sites:
        size = sizecheck.check(
            sizecheck.Dimensions(
                site.height_ft,
                site.existing_height_ft,
                site.adjacent_height_ft,
                site.largest_antenna_cuft,
                site.equipment_cuft,
            )
        )
        category = site.category or application.category
        rows.append(
            {
                "site": site,
                "category": category,
                "category_label": Category(category).label,
                "size": size,
                "warnings": sizecheck.category_warnings(category, size, new_structure=site.new_structure),
            }
        )
    return rows


def next_steps(application, clock):
    """(URL name, label) of the clock events that make sense now; the service refuses the rest anyway."""
    if application.status not in PermitApplication.OPEN_STATUSES:
        return []
    steps = []
    if clock.open_notice_on:
        steps.append(("permits:event-resubmission", "Record the resubmission"))
    else:
        steps.append(("permits:event-notice", "Send an incompleteness notice"))
    steps += [
        ("permits:event-decision", "Record the decision"),
        ("permits:event-tolling-agreement", "Record a tolling agreement"),
        ("permits:event-withdrawal", "Record a withdrawal"),
    ]
    if clock.deemed_granted_available:
        steps.append(("permits:event-deemed-grant", "Record the applicant's deemed-grant notice"))
    return steps


class ApplicationDetailView(CityRoleRequiredMixin, DetailView):
    template_name = "permits/application_detail.html"
    context_object_name = "application"
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.application_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        today = timezone.localdate()
        clock = services.application_clock(application, calendar=shot_clock_calendar(), as_of=today)
        sites = list(application.sites.all())
        schedule = selectors.fee_schedule_current(today)
        fee_check = None
        if schedule:
            fee_check = fees.check(
                schedule.as_schedule(), site_categories=[s.category or application.category for s in sites]
            )
        context.update(
            today=today,
            clock=clock,
            clock_state_label=ClockState(clock.state).label,
            events=list(application.events.all()),
            site_rows=site_checks(application, sites),
            permits=list(application.permits.all()),
            fee_schedule=schedule,
            fee_check=fee_check,
            steps=next_steps(application, clock),
            days_overdue=-clock.days_remaining if clock.days_remaining is not None and clock.days_remaining < 0 else 0,
            can_issue_permit=application.status
            in (PermitApplication.Status.APPROVED, PermitApplication.Status.DEEMED_GRANTED)
            and any(not hasattr(site, "permit") for site in sites),
            letters=letter_selectors.letters_for(application),
            letter_kinds=letter_selectors.letter_kinds_for(application),
            documents=list(application.documents.select_related("checklist_item").order_by("uploaded_at", "id")),
        )
        if has_role(self.request.user, STAFF):  # the reviewer block (permits/views_bulk.py ApplicationAssignView)
            context["assign_form"] = forms.AssignForm(initial={"reviewer": application.assigned_reviewer_id})
        return context


class ApplicationFormView(CityRoleRequiredMixin, FormView):
    """Log a new application (no pk) or correct one; the service does the write."""

    template_name = "permits/application_form.html"
    form_class = forms.ApplicationForm

    def get_application(self):
        pk = self.kwargs.get("pk")
        return get_object_or_404(PermitApplication, pk=pk) if pk else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_application()
        return kwargs

    def form_valid(self, form):
        application = form.instance if form.instance.pk else None
        fields = {name: form.cleaned_data[name] for name in form.fields}
        try:
            if application:
                application = services.application_update(application=application, actor=self.request.user, **fields)
            else:
                application = services.application_create(actor=self.request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Saved application {application.reference}.")
        return redirect(application)


class SiteFormView(CityRoleRequiredMixin, FormView):
    """Add a site to an application (pk of the application) or edit one (site_pk)."""

    template_name = "permits/site_form.html"
    form_class = forms.SiteForm

    def get_site(self):
        site_pk = self.kwargs.get("site_pk")
        return get_object_or_404(Site.objects.select_related("application"), pk=site_pk) if site_pk else None

    def get_application(self):
        site = self.get_site()
        return site.application if site else get_object_or_404(PermitApplication, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_site()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["application"] = self.get_application()
        return context

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.fields}
        site = form.instance if form.instance.pk else None
        try:
            if site:
                site = services.site_update(site=site, actor=self.request.user, **fields)
            else:
                site = services.site_add(application=self.get_application(), actor=self.request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Saved site {site.address}.")
        return redirect(site.application)


class EventRecordView(CityRoleRequiredMixin, FormView):
    """One page per clock event; each posts to the same service."""

    template_name = "permits/event_form.html"
    kind = None
    title = ""
    intro = ""

    def get_application(self):
        if not hasattr(self, "_application"):
            self._application = get_object_or_404(
                PermitApplication.objects.select_related("applicant"), pk=self.kwargs["pk"]
            )
        return self._application

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_application()
        context.update(
            application=application,
            title=self.title,
            intro=self.intro,
            clock=services.application_clock(application),
        )
        return context

    def event_fields(self, form):
        data = dict(form.cleaned_data)
        fields = ("date", "details", "days", "outcome", "reasons", "ends_on")
        return {key: value for key, value in data.items() if key in fields}

    def record(self, form, **extra):
        application = self.get_application()
        try:
            event = services.clock_event_record(
                application=application, actor=self.request.user, kind=self.kind, **self.event_fields(form), **extra
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return None
        recorded = self.success_message(form)
        offer = letter_sources.letter_offer(event)
        if offer:  # the letter that puts the event in writing links it when issued
            recorded = format_html('{} <a class="usa-link" href="{}">{}</a>.', recorded, offer[1], offer[0])
        messages.success(self.request, recorded)
        return redirect(application)

    def success_message(self, form):
        clock = services.application_clock(self.get_application())
        return f"Recorded: {ClockEvent.Kind(self.kind).label.lower()}. {clock_message(clock)}"

    def form_valid(self, form):
        return self.record(form) or self.form_invalid(form)


def clock_message(clock):
    """One sentence on where the clock stands, for the message after an event is recorded."""
    if clock.state == shotclock.TOLLED:
        return f"The clock is tolled; {clock.days_remaining} days will remain when the applicant resubmits."
    if clock.state == shotclock.STATE_WITHDRAWN:
        return "The shot clock has stopped."
    if clock.deemed_granted:
        return "The request is deemed granted (47 CFR 1.6100(c)(4))."
    if clock.decided_on:
        met = "met" if clock.state == shotclock.MET else "missed"
        return f"The shot clock was {met}: the deadline was {dates.day(clock.deadline)}."
    act_by = f"; act by {dates.day(clock.act_by)}" if clock.act_by and clock.act_by != clock.deadline else ""
    return f"The deadline is now {dates.day(clock.deadline)}{act_by}."


def notice_message(effect, notice_date):
    """What a recorded notice did, in the words of the engine's effect (never a bare "Recorded")."""
    if effect.effect == "reset":
        return (
            f"Recorded. The notice resets the clock: a full new {effect.days_remaining}-day period starts on the day "
            "the applicant resubmits."
        )
    if effect.effect == "toll":
        return (
            f"Recorded. The notice tolls the clock from {dates.day(notice_date + timedelta(days=1))} until the "
            f"applicant resubmits; {effect.days_remaining} days will remain when it runs again."
        )
    stays = f"; the deadline stays {dates.day(effect.deadline)}" if effect.deadline else ""
    return f"Recorded. This notice has no effect on the clock{stays}."


NEW_ITEM_FIELD = re.compile(r"^items-\d+-item$")


class NoticeView(EventRecordView):
    """A first notice lists its items and rules; a further notice picks from the first notice's items only
    (47 CFR 1.6003(d)(3)(i); 1.6100(c)(3)(iii)). The form shows the notice's effect on the clock before it is
    recorded ("Check the effect", or live as the date changes), and a notice with no effect needs a confirmation."""

    template_name = "permits/notice_form.html"
    kind = ClockEvent.Kind.INCOMPLETE_NOTICE
    title = "Send an incompleteness notice"
    intro = (
        "List each missing document or item of information and the published rule that requires it "
        "(47 CFR 1.6003(d)(1)-(2)); a notice without them does not affect the clock."
    )
    further_intro = (
        "A further notice after the resubmission may only name items the first notice named that are still missing "
        "(47 CFR 1.6003(d)(3)(i); 1.6100(c)(3)(iii)); new items cannot be added."
    )

    def first_items(self):
        """(item, rule) pairs of the application's first notice, or None when there is no notice yet."""
        if not hasattr(self, "_first_items"):
            first = services.first_notice(self.get_application())
            self._first_items = [(m.item, m.rule) for m in first.missing_items.all()] if first else None
        return self._first_items

    def further(self):
        return self.first_items() is not None

    def get_form_class(self):
        return forms.FurtherNoticeForm if self.further() else forms.NoticeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.further():
            kwargs["first_items"] = self.first_items()
        return kwargs

    def get_formset(self):
        if self.further():
            return None
        data = self.request.POST if self.request.method == "POST" else None
        return forms.MissingItemFormSet(data, prefix="items")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        if "effect" not in kwargs:
            kwargs["effect"] = self.effect(timezone.localdate(), ())
        context = super().get_context_data(**kwargs)
        context.update(further=self.further(), further_rule=forms.FURTHER_NOTICE_RULE)
        if self.further():
            context["intro"] = self.further_intro
        return context

    def effect(self, day, items):
        return services.application_notice_effect(self.get_application(), date=day, items=items) if day else None

    def items(self, form, formset):
        if self.further():
            return form.missing_items() if hasattr(form, "cleaned_data") else []
        if formset is None or not formset.is_valid():
            return []
        return [
            {"item": row["item"], "rule": row["rule"]}
            for row in formset.cleaned_data
            if row.get("item") and row.get("rule")
        ]

    def refuse_new_items(self, form):
        """A further notice posted with typed-in items (no such field on its form): refused, the rule cited."""
        typed = [
            value.strip() for key, value in self.request.POST.items() if NEW_ITEM_FIELD.match(key) and value.strip()
        ]
        if typed:
            form.add_error(
                None,
                f"A further notice may only name items the first notice named ({forms.FURTHER_NOTICE_RULE}); "
                f"not in the first notice: {', '.join(typed)}.",
            )

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formset = self.get_formset()
        valid = form.is_valid() and (formset is None or formset.is_valid())
        if self.further():
            self.refuse_new_items(form)
            valid = valid and not form.errors
        items = self.items(form, formset)
        day = form.cleaned_data.get("date") if hasattr(form, "cleaned_data") else None
        effect = self.effect(day, [row["item"] for row in items])
        if request.htmx and "check" in request.POST:
            # The live preview (hx-post on change): only the effect, nothing recorded.
            return render(request, "permits/_notice_effect.html", {"effect": effect})
        if valid and "check" not in request.POST:
            response = self.record(form, missing_items=items, confirm_no_effect=form.cleaned_data["confirm_no_effect"])
            if response:
                return response
        return self.render_to_response(self.get_context_data(form=form, formset=formset, effect=effect))

    def record(self, form, **extra):
        # Worked out before the write: once recorded, the notice itself is the open one.
        self._effect_for_message = self.effect(
            form.cleaned_data["date"], [row["item"] for row in extra["missing_items"]]
        )
        return super().record(form, **extra)

    def success_message(self, form):
        return notice_message(self._effect_for_message, form.cleaned_data["date"])


class ResubmissionView(EventRecordView):
    form_class = forms.ResubmissionForm
    kind = ClockEvent.Kind.RESUBMITTED
    title = "Record the resubmission"
    intro = (
        "After an SWF reset a full new period starts on this date (47 CFR 1.6003(d)(1)); after a tolling notice "
        "the clock runs again from it (47 CFR 1.6003(d)(2)-(3); 1.6100(c)(3))."
    )


class TollingAgreementView(EventRecordView):
    form_class = forms.TollingAgreementForm
    kind = ClockEvent.Kind.TOLLING_AGREEMENT
    title = "Record a tolling agreement"
    intro = (
        "A written agreement between the City and the applicant extends the shot clock (47 CFR 1.6003(d); "
        "1.6100(c)(3)). Give the days it adds, or the agreed last day: Conduit stores the days between the current "
        "last day (before any move to a business day) and the agreed one."
    )


class DecisionView(EventRecordView):
    form_class = forms.DecisionForm
    kind = ClockEvent.Kind.DECISION
    title = "Record the decision"
    intro = (
        "A denial must be in writing, with its reasons given at the same time as the decision "
        "(47 U.S.C. 332(c)(7)(B)(iii); T-Mobile South v. City of Roswell, 2015)."
    )


class WithdrawalView(EventRecordView):
    form_class = forms.WithdrawalForm
    kind = ClockEvent.Kind.WITHDRAWN
    title = "Record a withdrawal"
    intro = "The applicant withdrew the application; the shot clock stops."


class DeemedGrantView(EventRecordView):
    form_class = forms.DeemedGrantForm
    kind = ClockEvent.Kind.DEEMED_GRANTED_NOTICE
    title = "Record the applicant's deemed-grant notice"
    intro = (
        "An eligible facilities request not decided in time is deemed granted once the applicant notifies the City "
        "in writing after the period has run (47 CFR 1.6100(c)(4))."
    )
