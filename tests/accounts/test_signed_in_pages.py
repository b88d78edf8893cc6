"""Signed-in pages are never cached, and City sessions end after a period without activity."""

import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SignedInPagesMiddleware


def test_a_signed_in_page_tells_every_cache_not_to_keep_it(staff_client):
    response = staff_client.get(reverse("deadlines:list"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_provider_page_is_not_cached_either(comcast_client):
    response = comcast_client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_anonymous_response_is_left_to_its_own_headers(client):
    response = client.get(reverse("core:health"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_city_session_idle_past_the_limit_is_signed_out_with_a_message(staff_client, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert staff_client.get(reverse("deadlines:list")).status_code == 200
        traveller.shift(29 * 60)
        assert staff_client.get(reverse("deadlines:list")).status_code == 200  # activity resets the clock
        traveller.shift(31 * 60)
        response = staff_client.get(reverse("deadlines:list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("auth:login"))
        assert SignedInPagesMiddleware.SESSION_KEY not in staff_client.session
        page = staff_client.get(response["Location"])
        assert b"signed out after a period without activity" in page.content


def test_a_provider_session_is_not_cut_by_the_city_idle_limit(comcast_client, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert comcast_client.get(reverse("portal:home")).status_code == 200
        traveller.shift(2 * 60 * 60)
        assert comcast_client.get(reverse("portal:home")).status_code == 200
