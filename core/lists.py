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
queries whatever the number of rows. The export reads the queryset in
chunks (QuerySet.iterator with a chunk size), so a large export does not
hold every row in memory and prefetches still work.
"""

from django.utils import timezone
from django.views.generic import ListView

from core.exports import export_response

EXPORT_FORMATS = ("xlsx", "csv")


def query_without_page(request):
    """The page's query string without ?page= and ?export=: for export links that keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return query.urlencode()


class FilteredExportListView(ListView):
    """A filtered, paginated list that also exports to .xlsx or CSV (?export=xlsx|csv)."""

    paginate_by = 50
    filterset_class = None
    # Filters applied when the query string does not name them (the form shows them chosen).
    filter_defaults = {}
    # (header, function(row) -> value) pairs, as core.exports.export_response takes them.
    export_columns = ()
    export_filename = "export"
    # At most this many rows in an export (None: all of them).
    export_limit = None
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

    def export_rows(self):
        today = timezone.localdate()
        queryset = self.get_queryset()
        if self.export_limit is not None:
            queryset = queryset[: self.export_limit]
        for row in queryset.iterator(chunk_size=self.export_chunk_size):
            yield self.decorate(row, today)

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS:
            return export_response(
                columns=self.export_columns, rows=self.export_rows(), filename=self.export_filename, fmt=fmt
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for row in context["object_list"]:
            self.decorate(row, today)
        context.update(filter=self.filterset, today=today, export_query=query_without_page(self.request))
        return context
