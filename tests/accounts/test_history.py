"""Every path that changes a record leaves a history row naming who did it."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.audit import system_user
from accounts.models import Provider, User
from accounts.roles import LEGAL, PROVIDER
from tests.factories import UserFactory


def latest_history(provider):
    return Provider.history.filter(id=provider.pk).order_by("-history_date", "-history_id").first()


def test_a_change_through_the_ui_records_the_signed_in_user(staff, staff_client, comcast):
    response = staff_client.post(
        reverse("accounts:provider-edit", args=[comcast.pk]),
        {"name": "Comcast of Boston", "short_name": "comcast", "kind": "cable", "city": "Boston", "is_active": "on"},
    )
    assert response.status_code == 302
    record = latest_history(comcast)
    assert record.name == "Comcast of Boston"
    assert record.history_user == staff


def test_a_change_through_the_api_with_a_token_records_the_token_user(staff, comcast):
    token = Token.objects.create(user=staff)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.patch(
        f"/api/v1/providers/{comcast.pk}/", {"phone": "617-555-0199"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    record = latest_history(comcast)
    assert record.phone == "617-555-0199"
    assert record.history_user == staff


def test_the_admin_refuses_a_change_and_leaves_no_history_row(comcast):
    admin = UserFactory(username="it-admin", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    before = Provider.history.filter(id=comcast.pk).count()
    url = reverse("admin:accounts_provider_change", args=[comcast.pk])
    assert client.get(url).status_code == 200  # superusers still read
    response = client.post(
        url,
        {
            "name": "Comcast (admin edit)",
            "short_name": "comcast",
            "kind": "cable",
            "is_active": "on",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            "contacts-MIN_NUM_FORMS": "0",
            "contacts-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 403
    assert Provider.objects.get(pk=comcast.pk).name == comcast.name
    assert Provider.history.filter(id=comcast.pk).count() == before


def test_a_change_through_a_management_command_records_the_system_user(comcast):
    clerk = UserFactory(username="new-clerk")
    call_command("grant_role", "new-clerk", PROVIDER, provider="comcast")
    record = User.history.filter(id=clerk.pk).order_by("-history_date", "-history_id").first()
    assert record.history_user == system_user()
    assert record.provider_id == comcast.pk


def test_group_membership_changes_are_in_the_user_history_with_the_granting_user(staff, comcast):
    from accounts import services

    clerk = UserFactory(username="paralegal")
    services.user_set_role(user=clerk, role=LEGAL, actor=staff)
    rows = User.history.filter(id=clerk.pk).order_by("history_date", "history_id")
    granted = rows.last()
    assert granted.history_user == staff
    assert [g.group.name for g in granted.groups.all()] == [LEGAL]


def test_the_history_page_shows_who_when_and_a_field_diff(staff, staff_client, comcast):
    staff_client.post(
        reverse("accounts:provider-edit", args=[comcast.pk]),
        {"name": "Comcast Renamed", "short_name": "comcast", "kind": "cable", "is_active": "on"},
    )
    page = staff_client.get(reverse("staff:history", args=["accounts", "provider", comcast.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Comcast Renamed" in html and "Comcast Cable Communications" in html  # new and old
    assert "staff" in html
    assert "conduit-diff-old" in html


def test_the_provider_page_links_to_its_history(staff_client, comcast):
    page = staff_client.get(comcast.get_absolute_url())
    assert reverse("staff:history", args=["accounts", "provider", comcast.pk]) in page.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_history_is_read_only_even_for_staff(staff_client, comcast, method):
    url = reverse("staff:history", args=["accounts", "provider", comcast.pk])
    assert getattr(staff_client, method)(url).status_code == 405


def test_history_of_a_model_that_keeps_none_is_not_found(staff_client):
    assert staff_client.get("/history/auth/permission/1/").status_code == 404
    assert staff_client.get("/history/nope/nothing/1/").status_code == 404


def test_admin_cannot_revert_history(settings):
    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True
