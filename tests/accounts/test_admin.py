"""The admin shows providers, contacts, users, role groups and closure days
read-only: writes go through the services, which keep one role and one provider
per user, name the actor, and recompute shot clocks after a closure day."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import Provider, ProviderContact, User
from accounts.roles import PROVIDER, STAFF
from businessdays import services as closure_services
from businessdays.models import ClosureDay
from tests.factories import provider_user


@pytest.fixture
def clerk(comcast):
    return provider_user(comcast, "comcast-clerk")


@pytest.fixture
def contact(comcast, staff):
    from accounts import services

    return services.contact_add(provider=comcast, actor=staff, name="Pat Doe", email="pat@example.com")


@pytest.fixture
def closure(staff):
    return closure_services.closure_day_add(actor=staff, date=date(2026, 3, 6), reason="Snow emergency")


@pytest.mark.parametrize(
    "name",
    [
        "admin:accounts_provider_changelist",
        "admin:accounts_providercontact_changelist",
        "admin:accounts_user_changelist",
        "admin:auth_group_changelist",
        "admin:businessdays_closureday_changelist",
    ],
)
def test_superusers_still_read_the_lists(admin_client, name):
    assert admin_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "admin:accounts_provider_add",
        "admin:accounts_providercontact_add",
        "admin:accounts_user_add",
        "admin:auth_group_add",
        "admin:businessdays_closureday_add",
    ],
)
def test_the_admin_adds_nothing(admin_client, name):
    assert admin_client.get(reverse(name)).status_code == 403
    assert admin_client.post(reverse(name), {"name": "x", "username": "x", "date": "2026-03-09"}).status_code == 403


def test_the_admin_cannot_give_a_provider_user_a_second_role_or_provider(admin_client, clerk, verizon):
    url = reverse("admin:accounts_user_change", args=[clerk.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert clerk.password not in html and clerk.calendar_token not in html
    staff_group = Group.objects.get(name=STAFF)
    response = admin_client.post(
        url,
        {
            "username": clerk.username,
            "provider": verizon.pk,
            "groups": [Group.objects.get(name=PROVIDER).pk, staff_group.pk],
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 403
    clerk = User.objects.get(pk=clerk.pk)
    assert clerk.provider_id != verizon.pk
    assert list(clerk.groups.values_list("name", flat=True)) == [PROVIDER]


def test_the_admin_cannot_set_a_password_or_delete_a_user(admin_client, clerk):
    password = reverse("admin:auth_user_password_change", args=[clerk.pk])
    assert admin_client.get(password).status_code == 403
    assert admin_client.post(password, {"password1": "N3w-passw0rd!", "password2": "N3w-passw0rd!"}).status_code == 403
    delete = reverse("admin:accounts_user_delete", args=[clerk.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert User.objects.get(pk=clerk.pk).password == clerk.password


def test_the_admin_does_not_show_the_provider_calendar_token(admin_client, comcast):
    page = admin_client.get(reverse("admin:accounts_provider_change", args=[comcast.pk]))
    assert page.status_code == 200
    assert comcast.calendar_token not in page.content.decode()


def test_the_admin_cannot_change_or_delete_a_contact(admin_client, contact):
    change = reverse("admin:accounts_providercontact_change", args=[contact.pk])
    assert admin_client.post(change, {"name": "Hacked", "email": "x@example.com"}).status_code == 403
    delete = reverse("admin:accounts_providercontact_delete", args=[contact.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ProviderContact.objects.get(pk=contact.pk).name == "Pat Doe"


def test_the_admin_cannot_delete_a_provider(admin_client, comcast):
    delete = reverse("admin:accounts_provider_delete", args=[comcast.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Provider.objects.filter(pk=comcast.pk).exists()


def test_the_admin_cannot_rename_or_repermission_a_role_group(admin_client):
    group = Group.objects.get(name=STAFF)
    change = reverse("admin:auth_group_change", args=[group.pk])
    assert admin_client.get(change).status_code == 200
    assert admin_client.post(change, {"name": "everyone"}).status_code == 403
    assert admin_client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"}).status_code == 403
    assert Group.objects.filter(name=STAFF).exists()


def test_the_admin_cannot_change_or_delete_a_closure_day(admin_client, closure):
    change = reverse("admin:businessdays_closureday_change", args=[closure.pk])
    assert admin_client.get(change).status_code == 200
    response = admin_client.post(change, {"date": "2026-03-06", "kind": "legal_holiday", "reason": "Hacked"})
    assert response.status_code == 403
    delete = reverse("admin:businessdays_closureday_delete", args=[closure.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    closure = ClosureDay.objects.get(pk=closure.pk)
    assert (closure.kind, closure.reason) == (ClosureDay.Kind.OFFICE_CLOSURE, "Snow emergency")
