"""Provider pages and API: staff write, bad input saves nothing."""

from django.urls import reverse

from accounts.models import Provider, ProviderContact
from tests.factories import ProviderFactory


def test_staff_add_a_provider(staff_client):
    response = staff_client.post(
        reverse("accounts:provider-create"),
        {"name": "ExteNet Systems", "short_name": "extenet", "kind": "wireless", "is_active": "on"},
    )
    assert response.status_code == 302
    assert Provider.objects.filter(short_name="extenet").exists()


def test_a_duplicate_provider_name_is_refused_next_to_the_field(staff_client, comcast):
    page = staff_client.post(
        reverse("accounts:provider-create"),
        {"name": comcast.name, "short_name": "other", "kind": "cable", "is_active": "on"},
    )
    assert page.status_code == 200
    assert "already exists" in page.content.decode()
    assert Provider.objects.filter(name=comcast.name).count() == 1


def test_a_contact_with_a_bad_email_is_refused(staff_client, comcast):
    page = staff_client.post(reverse("accounts:contact-add", args=[comcast.pk]), {"name": "X", "email": "not-an-email"})
    assert page.status_code == 200
    assert "Enter a valid email address" in page.content.decode()
    assert not ProviderContact.objects.exists()


def test_api_refuses_an_unknown_kind_with_a_clear_400(staff_client):
    response = staff_client.post(
        "/api/v1/providers/", {"name": "X", "short_name": "x", "kind": "satellite"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "kind" in response.json()
    assert not Provider.objects.filter(short_name="x").exists()


def test_legal_reads_the_api_but_cannot_write(legal_client, comcast):
    assert legal_client.get("/api/v1/providers/").status_code == 200
    response = legal_client.post(
        "/api/v1/providers/", {"name": "X", "short_name": "x", "kind": "cable"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_anonymous_api_calls_get_401():
    from django.test import Client

    assert Client().get("/api/v1/providers/").status_code == 401


def test_provider_list_costs_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries):
    ProviderFactory.create_batch(5)
    with django_assert_max_num_queries(8):
        staff_client.get(reverse("accounts:provider-list"))
    ProviderFactory.create_batch(40)
    with django_assert_max_num_queries(8):
        staff_client.get(reverse("accounts:provider-list"))


def test_the_api_schema_and_docs_are_for_signed_in_city_users(staff_client, comcast_client):
    assert staff_client.get("/api/schema/").status_code == 200
    assert staff_client.get("/api/docs/").status_code == 200
    assert comcast_client.get("/api/schema/").status_code == 403
