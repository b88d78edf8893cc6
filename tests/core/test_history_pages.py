"""The history page (staff:history over core.history.history_entries): newest first, 50 to a page,
keyset pages whose cost does not grow with the number of history rows."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import Provider


def add_history(provider, count, user):
    """`count` history rows of name changes ("v1", "v2", ...) after the provider's creation row, a minute apart."""
    created = Provider.history.get(id=provider.pk)
    start = created.history_date
    model = Provider.history.model
    skip = {"history_id", "history_date", "history_type", "history_user_id", "history_change_reason"}
    fields = {f.attname: getattr(created, f.attname) for f in model._meta.concrete_fields if f.attname not in skip}
    model.objects.bulk_create(
        model(
            **{**fields, "name": f"v{n}"},
            history_date=start + timedelta(minutes=n),
            history_type="~",
            history_user=user,
        )
        for n in range(1, count + 1)
    )


def names(response):
    return [entry.changes[0].new if entry.changes else None for entry in response.context["entries"]]


@pytest.fixture
def url(comcast):
    return reverse("staff:history", args=["accounts", "provider", comcast.pk])


def test_the_history_page_shows_the_newest_fifty_with_diffs_against_the_row_before(comcast, staff, staff_client, url):
    add_history(comcast, 120, staff)
    page = staff_client.get(url)
    entries = page.context["entries"]
    assert len(entries) == 50
    assert [(c.label, c.old, c.new) for c in entries[0].changes] == [("Name", "v119", "v120")]
    # The oldest row on the page is diffed against the row just before it, which is on the next page.
    assert [(c.label, c.old, c.new) for c in entries[-1].changes] == [("Name", "v70", "v71")]
    assert 'aria-label="Next page"' in page.content.decode()


def test_the_last_history_page_ends_with_the_creation(comcast, staff, staff_client, url):
    add_history(comcast, 120, staff)
    first = staff_client.get(url).context["page_obj"]
    last = staff_client.get(url, {"cursor": first.last_cursor})
    entries = last.context["entries"]
    assert len(entries) == 50 and entries[-1].kind == "Created"
    assert [(c.old, c.new) for c in entries[-2].changes] == [("Comcast Cable Communications", "v1")]
    middle = staff_client.get(url, {"cursor": first.next_cursor}).context["entries"]
    assert [(c.old, c.new) for c in middle[0].changes] == [("v69", "v70")]


def test_a_history_page_costs_the_same_at_60_and_5000_rows(
    comcast, staff, staff_client, url, django_assert_max_num_queries
):
    counts = []
    for count in (60, 5000 - 60):
        add_history(comcast, count, staff)
        first = staff_client.get(url).context["page_obj"]
        with django_assert_max_num_queries(20) as captured:
            response = staff_client.get(url, {"cursor": first.last_cursor})
        assert response.status_code == 200
        counts.append(len(captured))
        Provider.history.filter(id=comcast.pk, history_type="~").delete()
    assert counts[0] == counts[1]


def test_a_bad_history_cursor_shows_the_first_page(comcast, staff, staff_client, url):
    add_history(comcast, 60, staff)
    response = staff_client.get(url, {"cursor": "tampered"})
    assert response.status_code == 200
    assert len(response.context["entries"]) == 50
    assert "That page link was damaged" in response.content.decode()
