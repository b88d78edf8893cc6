"""Provider users see their own organisation and nothing of another."""

import pytest
from django.urls import reverse


def test_comcast_user_cannot_see_verizons_organisation_page(comcast_client, verizon):
    assert comcast_client.get(reverse("accounts:provider-detail", args=[verizon.pk])).status_code == 403
    assert comcast_client.get(f"/api/v1/providers/{verizon.pk}/").status_code == 403
    assert comcast_client.get(reverse("staff:history", args=["accounts", "provider", verizon.pk])).status_code == 403


def test_comcast_user_sees_only_comcast_in_the_portal(comcast_client, comcast, verizon):
    page = comcast_client.get(reverse("portal:organisation"))
    assert page.status_code == 200
    assert comcast.name in page.content.decode()
    assert verizon.name not in page.content.decode()


def test_provider_user_lands_on_the_portal(comcast_client):
    response = comcast_client.get(reverse("staff:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


@pytest.mark.parametrize("name", ["portal:home", "portal:organisation"])
def test_city_users_have_no_portal(staff_client, name):
    assert staff_client.get(reverse(name)).status_code == 404


def test_user_without_a_role_sees_no_staff_page(outsider_client):
    assert outsider_client.get(reverse("accounts:provider-list")).status_code == 403
    assert outsider_client.get(reverse("staff:home")).status_code == 403


def test_auditor_reads_but_cannot_edit(auditor_client, comcast):
    assert auditor_client.get(reverse("accounts:provider-detail", args=[comcast.pk])).status_code == 200
    response = auditor_client.post(reverse("accounts:provider-edit", args=[comcast.pk]), {"name": "Hacked"})
    assert response.status_code == 403
    comcast.refresh_from_db()
    assert comcast.name == "Comcast Cable Communications"


def test_staff_edit_page_hides_edit_buttons_from_auditors(auditor_client, comcast):
    html = auditor_client.get(reverse("accounts:provider-detail", args=[comcast.pk])).content.decode()
    assert reverse("accounts:provider-edit", args=[comcast.pk]) not in html
