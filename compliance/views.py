"""Staff home, audit history pages and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView

from accounts.mixins import CityRoleRequiredMixin
from accounts.roles import is_provider_user
from compliance import dashboard, history


class HomeView(CityRoleRequiredMixin, TemplateView):
    template_name = "compliance/home.html"

    def dispatch(self, request, *args, **kwargs):
        # Provider users have their own home in the portal.
        if is_provider_user(request.user):
            return redirect("portal:home")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(dashboard.home_dashboard())
        return context


class HistoryView(CityRoleRequiredMixin, TemplateView):
    """History is read-only for everyone: this view only ever reads."""

    template_name = "compliance/history.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = history.tracked_model(self.kwargs["app_label"], self.kwargs["model_name"])
        entries, latest = history.history_entries(model, self.kwargs["pk"])
        instance = model._default_manager.filter(pk=self.kwargs["pk"]).first()
        context.update(
            model_name=model._meta.verbose_name,
            entries=entries,
            # A deleted record still has its history; name it as it last was.
            title=str(instance) if instance else str(latest.instance),
            instance=instance,
        )
        return context


@login_not_required
def health(request):
    """For load balancers: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "database unavailable"}, status=503)
