"""Staff home and the audit history pages."""

from django.apps import apps
from django.shortcuts import redirect
from django.views.generic import TemplateView

from accounts.mixins import CityRoleRequiredMixin
from accounts.roles import is_provider_user
from core import history
from core.pagination import CURSOR_PARAM
from staff import dashboard


class HomeView(CityRoleRequiredMixin, TemplateView):
    template_name = "staff/home.html"

    def dispatch(self, request, *args, **kwargs):
        # Provider users have their own home in the portal.
        if is_provider_user(request.user):
            return redirect("portal:home")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(dashboard.home_dashboard(user=self.request.user))
        return context


class HistoryView(CityRoleRequiredMixin, TemplateView):
    """History is read-only for everyone: this view only ever reads."""

    template_name = "staff/history.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        moved = moved_model(self.kwargs["app_label"], self.kwargs["model_name"])
        if moved is not None:  # a link from before the app split (/history/compliance/letter/5/)
            return redirect(
                "staff:history", moved._meta.app_label, moved._meta.model_name, self.kwargs["pk"], permanent=True
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = history.tracked_model(self.kwargs["app_label"], self.kwargs["model_name"])
        entries, page = history.history_entries(model, self.kwargs["pk"], cursor=self.request.GET.get(CURSOR_PARAM))
        instance = model._default_manager.filter(pk=self.kwargs["pk"]).first()
        if instance is None:  # a deleted record still has its history; name it as it last was
            latest = model.history.filter(**{model._meta.pk.attname: self.kwargs["pk"]}).latest(
                "history_date", "history_id"
            )
        context.update(
            model_name=model._meta.verbose_name,
            entries=entries,
            page_obj=page,
            title=str(instance) if instance else str(latest.instance),
            instance=instance,
        )
        return context


MOVED_FROM = {"compliance", "portal"}


def moved_model(app_label, model_name):
    """The model now holding table `<app_label>_<model_name>`, when that label is
    one the models moved away from (their tables kept their names), else None."""
    if app_label not in MOVED_FROM:
        return None
    table = f"{app_label}_{model_name}"
    return next((m for m in apps.get_models() if m._meta.db_table == table), None)


class SearchView(CityRoleRequiredMixin, TemplateView):
    """Site-wide search for City roles (`/search/?q=`): every record type, best match first."""

    template_name = "staff/search.html"

    def get_context_data(self, **kwargs):
        from core.search import selectors as search

        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()[:200]
        context.update(q=q, results=search.search(q) if q else [], words=search.words(q), limit=search.MAX_RESULTS)
        return context
