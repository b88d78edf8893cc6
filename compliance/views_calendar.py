"""Staff page for City closure days (snow emergencies, declared closures).

A closure day is not a business day, so a shot-clock deadline or a license
due date that lands on it moves to the next business day (47 CFR 1.6003(e)
with 47 CFR 1.4(j)). Adding or removing one recomputes the stored shot clocks
near it (permits.signals).
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import ListView

from accounts.mixins import CityRoleRequiredMixin
from compliance import services
from compliance.calendar import BusinessCalendar
from compliance.models import ClosureDay
from config.forms import USWDSForm


class ClosureDayForm(USWDSForm):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(max_length=200, help_text="For example: snow emergency declared by the Mayor.")


class ClosureDayView(CityRoleRequiredMixin, ListView):
    """GET lists closure days and public holidays ahead; POST adds one, or removes one (`remove`=id)."""

    template_name = "compliance/closures.html"
    context_object_name = "closures"
    paginate_by = 50

    def get_queryset(self):
        return ClosureDay.objects.select_related("created_by").order_by("-date")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        public = BusinessCalendar()
        context.setdefault("form", ClosureDayForm())
        context["holidays"] = [
            (day, reason)
            for day, reason in public.closed_days_between(today, today + timedelta(days=365))
            if reason not in ("Saturday", "Sunday")
        ]
        return context

    def post(self, request, *args, **kwargs):
        remove = request.POST.get("remove")
        if remove:
            closure = get_object_or_404(ClosureDay, pk=remove)
            services.closure_day_remove(actor=request.user, closure=closure)
            messages.success(request, f"Removed the closure day {closure.date:%Y-%m-%d}.")
            return redirect("closure-days")
        form = ClosureDayForm(request.POST)
        if form.is_valid():
            try:
                services.closure_day_add(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"Added the closure day {form.cleaned_data['date']:%Y-%m-%d}.")
                return redirect("closure-days")
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form))
