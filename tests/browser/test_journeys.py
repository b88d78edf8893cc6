"""End-to-end journeys of each role against a live server, in Chromium."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_sign_in_page_is_accessible_and_a_bad_password_is_announced(page, axe, screenshot, staff):
    page.goto("/accounts/login/")
    axe(page, "sign in")
    screenshot(page, "01-sign-in")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    assert "correct username and password" in alert.inner_text()


def test_staff_home_and_provider_pages_are_accessible(page, sign_in, axe, screenshot, staff, comcast):
    sign_in(page, "staff")
    assert page.url.endswith("/")
    axe(page, "staff home")
    screenshot(page, "02-staff-home")
    page.goto(reverse("accounts:provider-detail", args=[comcast.pk]))
    axe(page, "provider page")


def test_a_provider_gets_404_for_another_providers_pages(page, sign_in, comcast_user, verizon):
    sign_in(page, "comcast-clerk")
    assert "/portal/" in page.url
    response = page.goto(reverse("accounts:provider-detail", args=[verizon.pk]))
    assert response.status == 403  # a staff page: refused before any lookup
    response = page.goto(f"/api/v1/providers/{verizon.pk}/")
    assert response.status in (401, 403)
