"""core.lists.FilteredExportListView on its own: a list of auth groups, filtered by name."""

import csv
import io

import django_filters
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

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
    return list(csv.reader(io.StringIO(response.content.decode())))


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


def test_export_limit_caps_the_rows(groups):
    class Limited(GroupListView):
        export_limit = 3

    assert len(csv_rows(get(Limited, "export=csv"))) == 1 + 3


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


def test_query_without_page_drops_page_and_export():
    request = RequestFactory().get("/x/?page=3&export=csv&status=open&status=late")
    assert query_without_page(request) == "status=open&status=late"
