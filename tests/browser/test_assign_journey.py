"""Assigning applications in the browser: find one from the header search, take it with "Assign to me",
find it again under "Assigned to me"; and the bulk confirmation pages, checked with axe-core."""

from datetime import date

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _application(staff, applicant, reference, address):
    from permits import services

    return services.application_create(
        actor=staff,
        reference=reference,
        applicant=applicant,
        category="swf_collocation",
        submitted_on=date(2026, 11, 2),
        sites=[{"address": address}],
    )


def test_staff_find_an_application_by_its_address_assign_it_to_themselves_and_see_it_assigned_to_them(
    page, sign_in, axe, screenshot, staff, crown_castle
):
    application = _application(staff, crown_castle, "SC-2026-0077", "455 Columbus Avenue, South End")
    _application(staff, crown_castle, "SC-2026-0078", "9 Dudley Street, Roxbury")
    sign_in(page, "staff")
    box = page.get_by_role("searchbox", name="Search records")
    box.fill("455 colum")
    with page.expect_navigation():
        box.press("Enter")
    assert "/search/?q=455+colum" in page.url
    with page.expect_navigation():
        page.get_by_role("link", name="SC-2026-0077").click()
    assert page.url.endswith(application.get_absolute_url())
    axe(page, "application page with the reviewer form")
    with page.expect_navigation():
        page.get_by_role("button", name="Assign to me").click()
    assert "SC-2026-0077 is assigned to you." in page.get_by_role("status").first.inner_text()
    assert page.get_by_role("button", name="Assign to me").count() == 0
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name="Assigned to you (1)").click()
    assert page.url.endswith("/permits/assigned-to-me/")
    table = page.locator("main table").inner_text()
    assert "SC-2026-0077" in table and "SC-2026-0078" not in table
    axe(page, "assigned to me")
    screenshot(page, "assigned-to-me")


def test_the_bulk_confirmation_pages_are_accessible_and_select_all_ticks_the_page(
    page, browser, live_server, sign_in, axe, screenshot, staff, legal, crown_castle
):
    from accounts.roles import STAFF
    from permits.models import PermitApplication
    from tests.factories import UserFactory

    UserFactory(username="dana", first_name="Dana", last_name="Reyes", role=STAFF)
    for n in range(3):
        _application(staff, crown_castle, f"SC-2026-009{n}", f"{n + 1}0 Boylston Street")
    sign_in(page, "staff")
    page.goto("/permits/")
    axe(page, "queue with row checkboxes")
    # USWDS draws each checkbox on its label (the input itself is off-screen): a person clicks the label.
    page.locator('label[for="select-all-applications"]').click()  # static/js/bulk-select.js ticks every row
    assert page.locator('input[name="ids"][form="bulk-applications"]:checked').count() == 3
    assert "3 selected on this page." in page.locator("[data-bulk-count]").inner_text()
    page.get_by_label("Reviewer to assign").select_option(label="Dana Reyes")
    with page.expect_navigation():
        page.get_by_role("button", name="Assign to…").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Assign 3 applications to Dana Reyes?"
    axe(page, "bulk assign confirmation")
    screenshot(page, "bulk-assign-confirm")
    assert not PermitApplication.objects.filter(assigned_reviewer__username="dana").exists()
    with page.expect_navigation():
        page.get_by_role("button", name="Assign 3 applications").click()
    assert "Assigned 3 applications to Dana Reyes." in page.get_by_role("status").first.inner_text()
    assert PermitApplication.objects.filter(assigned_reviewer__username="dana").count() == 3

    page.goto("/deadlines/?kind=shot_clock&state=open")
    page.locator('label[for="select-all-bulk-deadlines"]').click()
    with page.expect_navigation():
        page.get_by_role("button", name="Waive…").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Waive 3 deadlines?"
    axe(page, "bulk waive confirmation")
    with page.expect_navigation():
        page.get_by_role("button", name="Waive 3 deadlines").click()
    assert "Give the reason for waiving" in page.locator("main").inner_text()  # nothing waived without one
    axe(page, "bulk waive confirmation with its error")

    lawyer = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    lawyer.set_default_timeout(30_000)
    legal_page = lawyer.new_page()
    sign_in(legal_page, "legal")
    legal_page.goto("/permits/")
    for application in PermitApplication.objects.filter(reference__in=["SC-2026-0090", "SC-2026-0091"]):
        legal_page.locator(f'label[for="select-{application.pk}"]').click()
    with legal_page.expect_navigation():
        legal_page.get_by_role("button", name="Draft a letter…").click()
    assert legal_page.get_by_role("heading", level=1).inner_text() == "Draft a letter for 2 applications?"
    axe(legal_page, "bulk letter confirmation")
    lawyer.close()
