"""Views with no domain: the health check, the refusal page for an expired form, and background
exports (the progress page and the download)."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import FileResponse, Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.views.generic import TemplateView, View

from core import services
from core.exports import XLSX_TYPE
from core.lists import export_source, inline_export_limit
from core.models import ExportJob


@login_not_required
def health(request):
    """For load balancers: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "database unavailable"}, status=503)


def csrf_failure(request, reason=""):
    """A form posted without a valid CSRF token (settings.CSRF_FAILURE_VIEW): a page in plain words, 403."""
    return render(request, "403_csrf.html", status=403)


class ExportNewView(LoginRequiredMixin, TemplateView):
    """Where a list's export link leads when the export is too large for a request:
    GET says so and offers to prepare it; POST queues the job (core.services.export_job_create)."""

    template_name = "core/export_new.html"

    def _request(self, data):
        path, query, fmt = data.get("path", ""), data.get("query", ""), data.get("format", "")
        if fmt not in ExportJob.Format.values or not path.startswith("/"):
            return None
        return path, query, fmt

    def get(self, request, *args, **kwargs):
        asked = self._request(request.GET)
        if asked is None:
            return HttpResponseBadRequest(
                "That export link is incomplete. Go back to the list and use its export link."
            )
        path, query, fmt = asked
        try:
            export_source(user=request.user, path=path, query=query)
        except PermissionDenied as error:
            raise Http404("No such list to export.") from error
        context = self.get_context_data(
            path=path, query=query, format=fmt, format_label=ExportJob.Format(fmt).label, limit=inline_export_limit(fmt)
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        asked = self._request(request.POST)
        if asked is None:
            return HttpResponseBadRequest("That export request is incomplete. Go back to the list and try again.")
        path, query, fmt = asked
        try:
            job = services.export_job_create(actor=request.user, path=path, query=query, format=fmt)
        except PermissionDenied as error:
            raise Http404("No such list to export.") from error
        except ValidationError as error:
            return HttpResponseBadRequest(" ".join(error.messages))
        return redirect(job)


class OwnExportMixin(LoginRequiredMixin):
    """Only the person who asked for an export sees it: anyone else gets 404, as for an id that does not exist."""

    def get_job(self):
        job = ExportJob.objects.filter(pk=self.kwargs["pk"], requester=self.request.user).first()
        if job is None:
            raise Http404("No such export.")
        return job


class ExportDetailView(OwnExportMixin, TemplateView):
    template_name = "core/export_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.get_job(), **kwargs)


class ExportProgressView(ExportDetailView):
    """The progress box alone, which the detail page polls with htmx every 2 seconds until the job ends."""

    template_name = "core/_export_progress.html"


class ExportDownloadView(OwnExportMixin, View):
    def get(self, request, *args, **kwargs):
        job = self.get_job()
        if job.status != ExportJob.Status.DONE or not job.file:
            raise Http404("That export is not ready.")
        try:
            handle = job.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("That export's file has been removed.") from error
        content_type = "text/csv; charset=utf-8" if job.format == ExportJob.Format.CSV else XLSX_TYPE
        return FileResponse(handle, as_attachment=True, filename=job.download_name, content_type=content_type)
