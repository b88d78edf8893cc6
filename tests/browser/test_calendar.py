"""The month calendar of deadlines in Chromium: accessible, and a list of days on a phone."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def month_deadlines(comcast, verizon):
    from django.utils import timezone

    from tests.deadlines.factories import DeadlineFactory

    first = timezone.localdate().replace(day=1)
    DeadlineFactory(provider=comcast, title="Comcast quarterly fee report", due_date=first.replace(day=15))
    DeadlineFactory(provider=verizon, title="Verizon insurance certificate", due_date=first.replace(day=20))
    return first


def test_the_city_calendar_is_accessible_and_becomes_a_list_on_a_phone(
    page, sign_in, axe, screenshot, staff, month_deadlines
):
    sign_in(page, "staff")
    page.goto(reverse("deadlines:calendar"))
    table = page.get_by_role("table", name=month_deadlines.strftime("%B %Y"))
    assert table.is_visible()
    assert page.get_by_role("link", name="Comcast quarterly fee report").first.is_visible()
    axe(page, "deadline calendar")
    screenshot(page, "deadline-calendar")

    page.set_viewport_size({"width": 375, "height": 800})
    assert not table.is_visible()
    day_list = page.locator(".conduit-calendar-list")
    assert day_list.is_visible() and "Comcast quarterly fee report" in day_list.inner_text()
    # On a phone the filters come after the month.
    assert page.locator("form.conduit-filter").bounding_box()["y"] > day_list.bounding_box()["y"]
    axe(page, "deadline calendar on a phone")


def test_the_portal_calendar_is_accessible_and_shows_only_the_providers_own(
    page, sign_in, axe, comcast_user, month_deadlines
):
    sign_in(page, "comcast-clerk")
    page.goto(reverse("portal:deadline-calendar"))
    assert page.get_by_text("Comcast quarterly fee report").first.is_visible()
    assert page.get_by_text("Verizon insurance certificate").count() == 0
    axe(page, "portal deadline calendar")
