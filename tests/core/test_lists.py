"""core.lists.FilteredExportListView on its own: a list of auth groups, filtered by name."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import django_filters
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.lists import FilteredExportListView, query_without_page


class GroupFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Group
        fields = ["name"]


class GroupListView(FilteredExportListView):
    template_name = "unused.html"
    context_object_name = "groups"
    paginate_by = 2
    filterset_class = GroupFilter
    export_columns = [("Name", lambda group: group.name), ("Mark", lambda group: group.mark)]
    export_filename = "groups"

    def base_queryset(self):
        return Group.objects.order_by("name")

    def decorate(self, group, today):
        group.mark = f"{group.name}!"
        return group


def get(view_class=GroupListView, query=""):
    request = RequestFactory().get(f"/groups/?{query}")
    return view_class.as_view()(request)


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode())))


@pytest.fixture
def groups(db):
    Group.objects.all().delete()  # the role groups the migrations make
    return [Group.objects.create(name=name) for name in ("alpha", "beta", "gamma", "alpine")]


def test_page_is_filtered_paginated_and_decorated(groups):
    response = get(query="name=al&page=1")
    context = response.context_data
    assert [g.name for g in context["groups"]] == ["alpha", "alpine"]
    assert [g.mark for g in context["groups"]] == ["alpha!", "alpine!"]
    assert context["filter"].form.data["name"] == "al"
    assert context["export_query"] == "name=al"
    assert context["paginator"].count == 2


def test_no_query_string_leaves_the_filter_unbound(groups):
    context = get().context_data
    assert not context["filter"].is_bound
    assert context["paginator"].count == 4


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_holds_every_filtered_row_not_just_the_page(groups, fmt):
    response = get(query=f"name=a&export={fmt}")
    assert 'filename="groups-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "csv":
        assert csv_rows(response) == [
            ["Name", "Mark"],
            ["alpha", "alpha!"],
            ["alpine", "alpine!"],
            ["beta", "beta!"],
            ["gamma", "gamma!"],
        ]


def test_unknown_export_format_shows_the_page(groups):
    response = get(query="export=pdf")
    assert "groups" in response.context_data


def test_an_export_has_no_row_cap_and_reads_in_chunks(groups):
    Group.objects.bulk_create(Group(name=f"extra {n:02d}") for n in range(20))

    class Chunked(GroupListView):
        export_chunk_size = 3

    rows = csv_rows(get(Chunked, "export=csv"))
    assert len(rows) == 1 + 24
    assert rows[1:] == [[g.name, f"{g.name}!"] for g in Group.objects.order_by("name")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_stream(groups, fmt):
    response = get(query=f"export={fmt}")
    assert response.streaming
    assert isinstance(response, FileResponse if fmt == "xlsx" else StreamingHttpResponse)


def test_an_export_of_more_rows_than_the_setting_goes_to_the_background_export_page(groups, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 3
    response = get(query="name=a&export=xlsx&cursor=abc")
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert response["Location"].startswith(reverse("core:export-new"))
    assert query == {"path": ["/groups/"], "query": ["name=a"], "format": ["xlsx"]}
    settings.EXPORT_INLINE_MAX_ROWS = 4
    assert get(query="name=a&export=xlsx").status_code == 200


def test_pages_follow_next_and_last_links_with_the_filters_kept(groups):
    first = get(query="name=a").context_data
    assert [g.name for g in first["groups"]] == ["alpha", "alpine"]
    page = first["page_obj"]
    assert page.has_next() and not page.has_previous()
    second = get(query=f"name=a&cursor={page.next_cursor}").context_data
    assert [g.name for g in second["groups"]] == ["beta", "gamma"]
    last = get(query=f"name=a&cursor={page.last_cursor}").context_data
    assert [g.name for g in last["groups"]] == ["beta", "gamma"]
    assert last["export_query"] == "name=a"


def test_a_bad_cursor_shows_the_first_page_not_an_error(groups):
    context = get(query="cursor=not-a-cursor").context_data
    assert [g.name for g in context["groups"]] == ["alpha", "alpine"]
    assert context["page_obj"].cursor_error


def test_filter_defaults_apply_only_where_the_query_string_is_silent(groups):
    class Defaulted(GroupListView):
        filter_defaults = {"name": "be"}

    assert [g.name for g in get(Defaulted).context_data["groups"]] == ["beta"]
    assert [g.name for g in get(Defaulted, "name=gam").context_data["groups"]] == ["gamma"]


def test_export_query_count_does_not_grow_with_rows(groups):
    with CaptureQueriesContext(connection) as few:
        get(query="export=csv")
    Group.objects.bulk_create(Group(name=f"extra {n}") for n in range(20))
    with CaptureQueriesContext(connection) as many:
        get(query="export=csv")
    assert len(many) == len(few)


def test_query_without_page_drops_page_cursor_and_export():
    request = RequestFactory().get("/x/?page=3&cursor=abc&export=csv&status=open&status=late")
    assert query_without_page(request) == "status=open&status=late"
