"""One list page for every register: a django-filter FilterSet, pagination,
and ?export=xlsx|csv of the whole filtered list through core.exports.

A page declares what differs and nothing else:

    class FilingListView(CityRoleRequiredMixin, FilteredExportListView):
        template_name = "franchise/filing_list.html"
        context_object_name = "filings"
        filterset_class = FilingFilter
        export_columns = FILING_COLUMNS
        export_filename = "filings"

        def base_queryset(self):
            return selectors.filing_list()

The base queryset should load what the columns read (select_related or
prefetch_related), so that a page and an export make the same number of
queries whatever the number of rows. Values that need a query per batch of
rows (a count from another table) go in `annotate_rows(rows)`, called once
for the page's rows and once per chunk of an export.

Pages are keyset pages (core.pagination): ?cursor= in the first / previous /
next / last links, the filters kept beside it. The export reads the queryset
in chunks (QuerySet.iterator with a chunk size) and streams (core.exports), so
a large export does not hold its rows in memory. An export of more than
settings.EXPORT_INLINE_MAX_ROWS rows (per format) would not finish within a request: the
export link then sends the user to core:export-new, which runs the same view
(same FilterSet, same columns, same permission checks, as the same user) in
a background job (core.tasks.run_export) and shows its progress.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.views.generic import ListView

from core.exports import export_response
from core.pagination import CURSOR_PARAM, KeysetPaginator

EXPORT_FORMATS = ("xlsx", "csv")
DEFAULT_EXPORT_INLINE_MAX_ROWS = {"csv": 20_000, "xlsx": 5_000}
NOT_PAGE_PARAMS = ("page", CURSOR_PARAM, "export")


def query_without_page(request):
    """The page's query string without ?page=, ?cursor= and ?export=: for export links that keep the filters."""
    query = request.GET.copy()
    for name in NOT_PAGE_PARAMS:
        query.pop(name, None)
    return query.urlencode()


def inline_export_limit(fmt):
    """The most rows an export in `fmt` may have and still be built within the request.

    settings.EXPORT_INLINE_MAX_ROWS is a number for both formats or {"csv": n, "xlsx": m}."""
    limit = getattr(settings, "EXPORT_INLINE_MAX_ROWS", DEFAULT_EXPORT_INLINE_MAX_ROWS)
    return limit.get(fmt, min(limit.values())) if isinstance(limit, dict) else limit


class ExportSource:
    """What a background export needs from a list view: its rows (filtered as the page), columns and name."""

    def __init__(self, view):
        self.view = view
        self.columns = view.export_columns
        self.filename = view.export_filename

    def total(self):
        return self.view.get_queryset().order_by().count()

    def rows(self):
        return self.view.export_rows()


def export_source(*, user, path, query):
    """The ExportSource of the list at `path` with query string `query`, as `user` would see it.

    The list's own view runs its own permission checks on a request made for `user`; a path that
    is not a list with exports, or that the user may not open, raises PermissionDenied."""
    try:
        match = resolve(path)
    except Resolver404 as error:
        raise PermissionDenied("That is not a list that can be exported.") from error
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, FilteredExportListView):
        raise PermissionDenied("That is not a list that can be exported.")
    request = HttpRequest()
    request.method, request.path, request.path_info = "GET", path, path
    request.GET = QueryDict(query)
    request.META = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query}
    request.user = user
    request.export_source = True  # FilteredExportListView.get answers with an ExportSource
    view = view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    try:
        answer = view.dispatch(request, *match.args, **match.kwargs)
    except Http404 as error:
        raise PermissionDenied("You may not see that list.") from error
    if not isinstance(answer, ExportSource):
        raise PermissionDenied("You may not see that list.")
    return answer


class FilteredExportListView(ListView):
    """A filtered, paginated list that also exports to .xlsx or CSV (?export=xlsx|csv)."""

    paginate_by = 50
    filterset_class = None
    # Filters applied when the query string does not name them (the form shows them chosen).
    filter_defaults = {}
    # (header, function(row) -> value) pairs, as core.exports.export_response takes them.
    export_columns = ()
    export_filename = "export"
    export_chunk_size = 500

    def base_queryset(self):
        raise NotImplementedError("a FilteredExportListView names its base_queryset()")

    def filter_data(self):
        """What the FilterSet is bound to: the query string, with filter_defaults where it is silent.

        With no defaults and an empty query string the FilterSet is unbound (every row)."""
        if not self.filter_defaults:
            return self.request.GET or None
        data = self.request.GET.copy()
        for name, value in self.filter_defaults.items():
            data.setdefault(name, value)
        return data

    def get_queryset(self):
        self.filterset = self.filterset_class(self.filter_data(), queryset=self.base_queryset(), request=self.request)
        return self.filterset.qs

    def decorate(self, row, today):
        """Set values computed in Python on one row, for the page and the export alike."""
        return row

    def annotate_rows(self, rows):
        """Set values read with one query for a batch of rows (the page, or a chunk of an export)."""

    def export_rows(self):
        """Every filtered row, in chunks: no cap, whatever the number."""
        today = timezone.localdate()
        chunk = []
        for row in self.get_queryset().iterator(chunk_size=self.export_chunk_size):
            chunk.append(row)
            if len(chunk) >= self.export_chunk_size:
                yield from self._finish(chunk, today)
                chunk = []
        yield from self._finish(chunk, today)

    def _finish(self, rows, today):
        if rows:
            self.annotate_rows(rows)
        for row in rows:
            yield self.decorate(row, today)

    def export_too_large(self, fmt):
        limit = inline_export_limit(fmt)
        return self.get_queryset().order_by()[: limit + 1].count() > limit

    def get(self, request, *args, **kwargs):
        if getattr(request, "export_source", False):
            return ExportSource(self)
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS:
            if self.export_too_large(fmt):
                query = urlencode({"path": request.path, "query": query_without_page(request), "format": fmt})
                return redirect(f"{reverse('core:export-new')}?{query}")
            return export_response(
                columns=self.export_columns, rows=self.export_rows(), filename=self.export_filename, fmt=fmt
            )
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        paginator = KeysetPaginator(queryset, page_size)
        page = paginator.page(self.request.GET.get(CURSOR_PARAM))
        paginator.count  # noqa: B018 - counted now, one page or many, so every page makes the same queries
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rows = context["object_list"]
        if rows:
            self.annotate_rows(rows)
        for row in rows:
            self.decorate(row, today)
        context.update(filter=self.filterset, today=today, export_query=query_without_page(self.request))
        return context
