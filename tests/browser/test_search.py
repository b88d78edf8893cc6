"""Search from the top bar in the browser: keyboard only, accessible results."""

from datetime import date

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_find_an_application_by_part_of_its_address_with_the_keyboard(
    page, sign_in, axe, screenshot, staff, crown_castle
):
    from permits import services

    application = services.application_create(
        actor=staff,
        reference="SC-2026-0042",
        applicant=crown_castle,
        category="swf_collocation",
        submitted_on=date(2026, 11, 2),
        sites=[{"address": "1200 Tremont Street, Roxbury", "structure_id": "BPL-77813"}],
    )
    sign_in(page, "staff")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "header-search"
    page.keyboard.type("1200 trem")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/search/?q=1200+trem" in page.url
    listed = page.locator(".conduit-search-results").text_content()
    assert "SC-2026-0042" in listed and "Small-cell application" in listed and "Mon, Nov 2, 2026" in listed
    axe(page, "search results")
    screenshot(page, "search-results")
    with page.expect_navigation():
        page.get_by_role("link", name="SC-2026-0042").click()
    assert page.url.endswith(application.get_absolute_url())


def test_a_provider_searches_its_own_records_in_the_portal(page, sign_in, axe, staff, comcast_user, comcast, verizon):
    from tests.letters import factories

    factories.make_license(actor=staff, provider=comcast, title="Comcast renewal license 2020-2030")
    factories.make_license(actor=staff, provider=verizon, title="Verizon FiOS license 2018-2028")
    sign_in(page, "comcast-clerk")
    box = page.get_by_role("searchbox", name="Search records")
    box.fill("license")
    with page.expect_navigation():
        box.press("Enter")
    assert "/portal/search/" in page.url
    text = page.locator("main").inner_text()
    assert "Comcast renewal license 2020-2030" in text and "Verizon" not in text
    axe(page, "portal search results")
