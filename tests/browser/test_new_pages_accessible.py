"""axe-core on the pages that came with search-and-act: the large-export pages, the refusal
pages (a read-only role on a write form, a record that does not exist) and a paginated history
page, and the public register. Each must have no serious or critical WCAG 2.1 A/AA violation."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_export_job_pages_are_accessible(page, sign_in, axe, staff):
    sign_in(page, "staff")
    page.goto(f"{reverse('core:export-new')}?path=/deadlines/&query=&format=csv")
    assert page.get_by_role("heading", name="Prepare an export").is_visible()
    axe(page, "prepare an export")
    with page.expect_navigation():
        page.get_by_role("button", name="Prepare the CSV file").click()
    assert "/exports/" in page.url
    axe(page, "export progress")


def test_the_refusal_and_not_found_pages_are_accessible(page, sign_in, axe, auditor):
    sign_in(page, "auditor")
    response = page.goto(reverse("permits:application-create"))
    assert response.status == 403
    assert page.get_by_text("can read this record but not change it").is_visible()
    axe(page, "refusal page")
    response = page.goto("/permits/applications/999999/")
    assert response.status == 404
    axe(page, "not found page")


def test_a_paginated_history_page_is_accessible(page, sign_in, axe, staff, comcast):
    from accounts import services

    for n in range(55):  # more than one page of history rows
        services.provider_update(provider=comcast, actor=staff, phone=f"617-555-{n:04d}")
    sign_in(page, "staff")
    page.goto(reverse("staff:history", args=["accounts", "provider", comcast.pk]))
    assert page.get_by_role("link", name="Next page").first.is_visible()
    axe(page, "history page")


def test_the_public_register_pages_are_accessible_without_signing_in(page, axe, staff, crown_castle):
    from datetime import timedelta

    from django.utils import timezone

    from permits import services

    application = services.application_create(
        actor=staff,
        reference="SC-PUBLIC-1",
        applicant=crown_castle,
        category="swf_collocation",
        submitted_on=timezone.localdate() - timedelta(days=3),
        sites=[{"address": "1 City Hall Sq, Boston, MA"}],
    )
    page.goto(reverse("public:applications"))
    assert page.get_by_role("heading", name="Public register of small-cell applications").is_visible()
    axe(page, "public register")
    page.goto(reverse("public:application-detail", args=[application.pk]))
    assert page.get_by_role("heading", name="Small-cell application SC-PUBLIC-1").is_visible()
    axe(page, "public register application")


def test_the_small_cell_filing_pages_are_accessible_and_the_size_check_is_live(page, sign_in, axe, crown_castle):
    from permits.models import PermitApplication
    from tests.factories import provider_user

    provider_user(crown_castle, "crown-filer")
    sign_in(page, "crown-filer")
    page.goto(reverse("portal:applications"))
    assert page.get_by_role("heading", name="Small-cell applications", exact=True).is_visible()
    axe(page, "small-cell applications")
    page.get_by_role("link", name="File a new application").first.click()
    page.get_by_label("Category").select_option("swf_collocation")
    axe(page, "new application")
    with page.expect_navigation():
        page.get_by_role("button", name="Start the draft").click()
    assert page.get_by_role("heading", name="Draft application").is_visible()
    axe(page, "draft")
    page.get_by_role("link", name="Add a site").click()
    page.get_by_label("Address").fill("1 City Hall Sq, Boston, MA")
    page.get_by_label("Height (ft, antennas included)").fill("35")
    page.get_by_label("Largest antenna (cu ft)").fill("2")
    page.get_by_label("Other equipment (cu ft)").fill("20")
    # The check is asked for as the carrier types (htmx) and read out in the aria-live region.
    # Each keystroke may ask again and swap the region: wait for the answer, never read it mid-swap.
    page.locator("#size-check").get_by_text("Qualifies").wait_for()
    page.locator("#size-check").get_by_text("height 35 ft is 50 ft or less").wait_for()
    axe(page, "site form with its size check")
    with page.expect_navigation():
        page.get_by_role("button", name="Save site").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit the application").click()
    application = PermitApplication.objects.get(applicant=crown_castle)
    assert page.get_by_role("heading", name=f"Receipt: application {application.reference}").is_visible()
    axe(page, "receipt")
    page.goto(reverse("portal:application-detail", args=[application.pk]))
    axe(page, "carrier's application page")
