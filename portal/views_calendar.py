"""The provider's own deadlines as a month calendar (the City's is deadlines.views_calendar)."""

from django.urls import reverse
from django.views.generic import TemplateView

from accounts.mixins import ProviderRequiredMixin
from deadlines.selectors import deadline_queryset
from deadlines.views_calendar import MonthCalendarMixin


class DeadlineCalendarView(ProviderRequiredMixin, MonthCalendarMixin, TemplateView):
    """Only this provider's provider-facing deadlines (what its contacts are reminded of), nobody else's."""

    template_name = "portal/deadline_calendar.html"

    def month_deadlines(self, first, last):
        return deadline_queryset().filter(provider=self.provider, provider_facing=True, due_date__range=(first, last))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.month_context())
        context["portal"] = True
        context["user_feed_url"] = self.request.build_absolute_uri(
            reverse("deadlines:calendar-feed", args=[self.request.user.calendar_token])
        )
        context["provider_feed_url"] = self.request.build_absolute_uri(
            reverse("deadlines:provider-calendar-feed", args=[self.provider.calendar_token])
        )
        return context
