"""API lists page by keyset (core.pagination.KeysetAPIPagination): next / previous / last links, every row
once in the viewset's ordering, a fixed number of queries on any page, and a plain 400 for a bad cursor."""

import pytest
from django.test import Client

from accounts.models import Provider
from core.pagination import API_BAD_CURSOR_MESSAGE
from tests.factories import ProviderFactory

URL = "/api/v1/providers/"


def add_providers(count, start=0):
    Provider.objects.bulk_create(
        ProviderFactory.build(name=f"Provider {(start + n) * 7919 % 100_000:05d}", short_name=f"p-{start + n:05d}")
        for n in range(count)
    )


def follow(client, url, link):
    seen = []
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body[link]
    return seen


@pytest.fixture
def many(db):
    add_providers(123)


def test_next_links_visit_every_row_once_in_the_viewset_ordering(many, staff_client):
    expected = list(Provider.objects.order_by("name", "id").values_list("id", flat=True))
    first = staff_client.get(URL).json()
    assert set(first) == {"next", "previous", "last", "results"}
    assert first["previous"] is None and len(first["results"]) == 50
    assert follow(staff_client, URL, "next") == expected


def test_the_last_link_gives_the_end_and_previous_links_walk_back(many, staff_client):
    expected = list(Provider.objects.order_by("name", "id").values_list("id", flat=True))
    last_url = staff_client.get(URL).json()["last"]
    last = staff_client.get(last_url).json()
    assert [row["id"] for row in last["results"]] == expected[-50:]
    assert last["next"] is None and last["last"] is None
    backwards, url = [], last_url
    while url:
        body = staff_client.get(url).json()
        backwards = [row["id"] for row in body["results"]] + backwards
        url = body["previous"]
    assert backwards == expected


def test_filters_are_kept_in_the_links(many, staff_client):
    ProviderFactory(name="Zed", short_name="zed-gone", is_active=False)
    body = staff_client.get(URL, {"is_active": "false"}).json()
    assert [row["short_name"] for row in body["results"]] == ["zed-gone"] and body["next"] is None
    first = staff_client.get(URL, {"is_active": "true"}).json()
    assert "is_active=true" in first["next"] and "is_active=true" in first["last"]


@pytest.mark.parametrize("cursor", ["junk", "a" * 300, "%ff"])
def test_a_bad_cursor_is_a_plain_400(many, staff_client, cursor):
    response = staff_client.get(URL, {"cursor": cursor})
    assert response.status_code == 400
    assert response.json() == {"cursor": [API_BAD_CURSOR_MESSAGE]}


def test_a_cursor_from_another_list_is_refused(many, staff_client):
    other = staff_client.get("/api/v1/permit-applications/").json()
    licenses_cursor = staff_client.get(URL).json()["next"].split("cursor=")[1]
    assert staff_client.get("/api/v1/licenses/", {"cursor": licenses_cursor}).status_code == 400
    assert other["next"] is None


def test_first_and_last_pages_cost_the_same_queries_at_two_sizes(db, staff_client, django_assert_max_num_queries):
    counts = []
    for count, start in ((60, 0), (2000, 60)):
        add_providers(count, start)
        for url in (URL, staff_client.get(URL).json()["last"]):
            with django_assert_max_num_queries(10) as captured:
                assert staff_client.get(url).status_code == 200
            counts.append(len(captured))
    assert len(set(counts)) == 1, counts


def test_an_anonymous_caller_gets_no_page(many):
    assert Client().get(URL).status_code == 401
