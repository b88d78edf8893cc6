"""Staff page for City closure days, of two kinds.

A legal holiday declared by the City or the Commonwealth is not a business
day for the federal shot clock (47 CFR 1.6003(e) with 47 CFR 1.4(e)(1) and
1.4(j)) nor for license due dates; adding or removing one recomputes the
stored shot clocks near it (permits.signals). An office closure (a snow
emergency) moves license due dates only and never a shot clock.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import ListView

from accounts.mixins import CityRoleRequiredMixin
from businessdays import services
from businessdays.calendar import BusinessCalendar
from businessdays.forms import ClosureDayForm, ClosureDayRemoveForm
from businessdays.models import ClosureDay
from core import dates
from core.forms import add_service_errors


class ClosureDayView(CityRoleRequiredMixin, ListView):
    """GET lists closure days and public holidays ahead; POST adds one, or removes one (`remove`=id)."""

    template_name = "businessdays/closures.html"
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

    def _render(self, status=200, **context):
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(**context), status=status)

    def post(self, request, *args, **kwargs):
        if "remove" in request.POST:
            return self._remove(request)
        form = ClosureDayForm(request.POST)
        if form.is_valid():
            try:
                services.closure_day_add(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                day = form.cleaned_data["date"]
                if form.cleaned_data["kind"] == ClosureDay.Kind.LEGAL_HOLIDAY:
                    effect = "a legal holiday: shot clocks and license due dates near it move"
                else:
                    effect = "an office closure: license due dates move, shot clocks do not"
                messages.success(request, f"Added the closure day {dates.day(day)}, {effect}.")
                return redirect("businessdays:closures")
        return self._render(form=form)

    def _remove(self, request):
        remove = ClosureDayRemoveForm(request.POST)
        if not remove.is_valid():
            return self._render(status=400, remove_errors=remove.errors["remove"])
        closure = remove.cleaned_data["remove"]
        services.closure_day_remove(actor=request.user, closure=closure)
        messages.success(request, f"Removed the closure day {dates.day(closure.date)}.")
        return redirect("businessdays:closures")
