"""The admin shows small-cell records read-only: writes go through the services."""

from django.urls import reverse

from permits.models import PermitApplication


def test_the_admin_shows_applications_but_cannot_change_them(application, admin_client):
    assert admin_client.get(reverse("admin:permits_permitapplication_changelist")).status_code == 200
    change = reverse("admin:permits_permitapplication_change", args=[application.pk])
    assert admin_client.get(change).status_code == 200
    admin_client.post(change, {"reference": "HACKED"})
    assert PermitApplication.objects.get(pk=application.pk).reference == application.reference
    assert admin_client.get(reverse("admin:permits_permitapplication_add")).status_code == 403
