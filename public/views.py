"""The public register of small-cell applications: no sign-in, no session, the same page for everyone.

What it publishes is listed in docs/permits.md ("The public register"): each application's reference,
carrier, site addresses, category, status, submission day, shot-clock deadline and decision day, and on
its page the kinds and days of its clock events (a decision with its outcome) and the documents staff
marked public. Never a document staff did not mark, a contact, a message, the reviewer, notes, reasons
or the description. The selectors load only the published columns (public/selectors.py).

Every answer is `Cache-Control: public, max-age=300` and is rendered as an anonymous visitor whoever
asks, so a shared cache may keep one copy for everyone (public/middleware.py drops `Vary: Cookie`).
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, View

from core.exports import export_filename, export_response
from core.lists import FilteredExportListView
from permits.models import ApplicationDocument, PermitApplication
from public import selectors
from public.filters import RegisterFilter
from public.middleware import VARY_ATTRIBUTE

MAX_AGE = 300
EXPORT_FORMATS = ("csv", "json")


def _addresses(application):
    return "; ".join(site.address for site in application.sites.all())


# The open-data columns of the CSV and JSON exports, documented in docs/permits.md:
# (JSON key, CSV header, value of one application).
REGISTER_COLUMNS = [
    ("reference", "Reference", lambda a: a.reference),
    ("carrier", "Carrier", lambda a: a.applicant.name),
    ("site_addresses", "Site addresses", _addresses),
    ("category", "Category", lambda a: a.get_category_display()),
    ("status", "Status", lambda a: a.get_status_display()),
    ("submitted_on", "Submitted", lambda a: a.submitted_on),
    ("clock_deadline", "Shot-clock deadline", lambda a: a.clock_deadline),
    ("decision_date", "Decision date", lambda a: a.decision_date),
    ("illustrative", "Illustrative (demo data)", lambda a: a.is_illustrative),
    ("url", "Page", lambda a: reverse("public:application-detail", args=[a.pk])),
]


def _csv_cell(get):
    """In CSV a yes/no column reads "yes" or "no" (JSON keeps true and false)."""

    def cell(application):
        value = get(application)
        return ("yes" if value else "no") if isinstance(value, bool) else value

    return cell


CSV_COLUMNS = [(header, _csv_cell(get)) for _, header, get in REGISTER_COLUMNS]


def _json_value(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def json_chunks(rows, *, start):
    """The JSON export, one application at a time: {"register_start", "columns", "applications": [...]}."""
    yield (
        json.dumps({"register_start": start.isoformat(), "columns": [key for key, _, _ in REGISTER_COLUMNS]})[:-1]
        + ', "applications": ['
    )
    for index, row in enumerate(rows):
        record = {key: _json_value(get(row)) for key, _, get in REGISTER_COLUMNS}
        yield ("," if index else "") + json.dumps(record)
    yield "]}\n"


def same_for_everyone(response):
    """Mark an answer cacheable by anyone for five minutes, whoever asked."""
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    setattr(response, VARY_ATTRIBUTE, True)
    return response


@method_decorator(login_not_required, name="dispatch")
class PublicMixin:
    """No sign-in; rendered as an anonymous visitor for everyone (no header, no nav, no reminders)."""

    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        request.user = AnonymousUser()
        return same_for_everyone(super().dispatch(request, *args, **kwargs))


class RegisterListView(PublicMixin, FilteredExportListView):
    template_name = "public/application_list.html"
    context_object_name = "applications"
    filterset_class = RegisterFilter

    def base_queryset(self):
        return selectors.register_applications()

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def export(self, fmt):
        self.get_queryset()  # binds the filters, to check them before anything is sent
        problems = self.filterset.problems()
        if problems:
            return HttpResponse(
                "The export was not made, because of these filters:\n" + "\n".join(problems) + "\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        if fmt == "csv":
            return export_response(
                columns=CSV_COLUMNS, rows=self.export_rows(), filename="small-cell-register", fmt="csv"
            )
        response = StreamingHttpResponse(
            (chunk.encode() for chunk in json_chunks(self.export_rows(), start=selectors.register_start())),
            content_type="application/json",
        )
        response["Content-Disposition"] = f'attachment; filename="{export_filename("small-cell-register", "json")}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            register_start=selectors.register_start(),
            filter_problems=self.filterset.problems(),
            columns=REGISTER_COLUMNS,
        )
        return context


class RegisterDetailView(PublicMixin, DetailView):
    template_name = "public/application_detail.html"
    context_object_name = "application"

    def get_object(self, queryset=None):
        try:
            return selectors.register_application(self.kwargs["pk"])
        except PermitApplication.DoesNotExist as error:
            raise Http404("No application in the public register has that number.") from error

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["register_start"] = selectors.register_start()
        return context


class DocumentFileView(PublicMixin, View):
    """A document staff marked public, as an attachment of its stored type; any other answers 404."""

    def get(self, request, pk):
        try:
            document = selectors.public_document(pk)
        except ApplicationDocument.DoesNotExist as error:
            raise Http404("No public document has that number.") from error
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError) as error:
            raise Http404("That document's file is not available.") from error
        name = f"{document.application.reference}-document-{document.pk}{document.stored_extension}"
        response = FileResponse(handle, as_attachment=True, filename=name, content_type=document.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        return response
