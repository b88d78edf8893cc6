"""Staff pages for issued permits (build-by, expiry, renewal) and the City's fee schedule."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView

from accounts.mixins import CityRoleRequiredMixin
from core.forms import add_service_errors
from core.lists import FilteredExportListView
from permits import fees, forms, selectors, services
from permits.filters import PermitFilter
from permits.models import FeeSchedule, Permit, PermitApplication

PERMIT_COLUMNS = [
    ("Permit", lambda row: row.number),
    ("Application", lambda row: row.application.reference),
    ("Applicant", lambda row: row.application.applicant.name),
    ("Site", lambda row: row.site.address),
    ("Issued", lambda row: row.issued_on),
    ("Build by", lambda row: row.build_by),
    ("Built", lambda row: row.built_on),
    ("Expires", lambda row: row.expires_on),
    ("Renewal", lambda row: row.get_renewal_status_display()),
    ("Annual fee", lambda row: row.annual_fee),
    ("Flags", lambda row: "; ".join(row.flags)),
    ("Illustrative", lambda row: "yes" if row.is_illustrative else ""),
]


class PermitListView(CityRoleRequiredMixin, FilteredExportListView):
    template_name = "permits/permit_list.html"
    context_object_name = "permits"
    http_method_names = ["get", "head", "options"]
    filterset_class = PermitFilter
    export_columns = PERMIT_COLUMNS
    export_filename = "small-cell-permits"

    def base_queryset(self):
        return selectors.permit_list()

    def decorate(self, permit, today):
        permit.flags = permit.status_flags(today)
        return permit


class PermitDetailView(CityRoleRequiredMixin, DetailView):
    template_name = "permits/permit_detail.html"
    context_object_name = "permit"
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.permit_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(today=today, flags=self.object.status_flags(today))
        return context


class PermitIssueView(CityRoleRequiredMixin, FormView):
    template_name = "permits/permit_form.html"
    form_class = forms.PermitIssueForm

    def get_application(self):
        if not hasattr(self, "_application"):
            self._application = get_object_or_404(PermitApplication, pk=self.kwargs["pk"])
        return self._application

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["application"] = self.get_application()
        return kwargs

    def get_initial(self):
        schedule = selectors.fee_schedule_current(timezone.localdate())
        annual = schedule.annual_per_swf if schedule else fees.FCC_PRESUMPTIVE.annual_per_swf
        return {"annual_fee": annual}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_application()
        context.update(
            title=f"Issue a permit for {application.reference}",
            back=application.get_absolute_url(),
            intro="One permit per approved site: its conditions, the date it must be built by, and its expiry.",
        )
        return context

    def form_valid(self, form):
        application = self.get_application()
        try:
            permit = services.permit_issue(application=application, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Issued permit {permit.number}.")
        return redirect(permit)


class PermitActionView(CityRoleRequiredMixin, FormView):
    """Built, renewal requested, renewed: one form each, one service each."""

    template_name = "permits/permit_form.html"
    title = ""
    intro = ""

    def get_permit(self):
        if not hasattr(self, "_permit"):
            self._permit = get_object_or_404(Permit.objects.select_related("site", "application"), pk=self.kwargs["pk"])
        return self._permit

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        permit = self.get_permit()
        context.update(title=f"{self.title}: permit {permit.number}", intro=self.intro, back=permit.get_absolute_url())
        return context

    def form_valid(self, form):
        permit = self.get_permit()
        try:
            self.act(permit, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Saved permit {permit.number}.")
        return redirect(permit)


class PermitBuiltView(PermitActionView):
    form_class = forms.PermitBuiltForm
    title = "Record construction"

    def act(self, permit, data):
        services.permit_mark_built(permit=permit, actor=self.request.user, **data)


class PermitRenewalRequestView(PermitActionView):
    form_class = forms.PermitRenewalRequestForm
    title = "Record a renewal request"

    def act(self, permit, data):
        services.permit_request_renewal(permit=permit, actor=self.request.user, **data)


class PermitRenewView(PermitActionView):
    form_class = forms.PermitRenewForm
    title = "Renew"
    intro = "The old expiry and conditions stay in the permit's history."

    def act(self, permit, data):
        services.permit_renew(
            permit=permit,
            actor=self.request.user,
            renewed_on=data["renewed_on"],
            expires_on=data["expires_on"],
            annual_fee=data.get("annual_fee"),
            conditions=data.get("conditions") or None,
        )


class FeeScheduleListView(CityRoleRequiredMixin, ListView):
    template_name = "permits/fee_schedule_list.html"
    context_object_name = "schedules"
    paginate_by = 50
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.fee_schedules()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fcc"] = fees.FCC_PRESUMPTIVE
        for schedule in context["schedules"]:
            city = schedule.as_schedule()
            schedule.above = [
                label
                for label, city_amount, fcc_amount in (
                    ("application fee", city.application_up_to_five, fees.FCC_PRESUMPTIVE.application_up_to_five),
                    ("each additional SWF", city.each_additional, fees.FCC_PRESUMPTIVE.each_additional),
                    ("new pole", city.new_pole, fees.FCC_PRESUMPTIVE.new_pole),
                    ("annual fee", city.annual_per_swf, fees.FCC_PRESUMPTIVE.annual_per_swf),
                )
                if city_amount > fcc_amount
            ]
        return context


class FeeScheduleFormView(CityRoleRequiredMixin, FormView):
    template_name = "permits/fee_schedule_form.html"
    form_class = forms.FeeScheduleForm

    def get_schedule(self):
        pk = self.kwargs.get("pk")
        return get_object_or_404(FeeSchedule, pk=pk) if pk else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_schedule()
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        schedule = form.instance if form.instance.pk else None
        try:
            if schedule:
                services.fee_schedule_update(schedule=schedule, actor=self.request.user, **data)
            else:
                services.fee_schedule_add(actor=self.request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Saved the City's small-cell fee schedule.")
        return redirect("permits:fee-schedule-list")
