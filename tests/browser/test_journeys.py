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


def test_staff_log_a_filing_and_see_its_deadline_satisfied(page, sign_in, axe, screenshot, staff, comcast):
    from datetime import date, timedelta

    from django.utils import timezone

    from compliance.models import Deadline
    from franchise import services

    licence = services.license_create(
        actor=staff,
        provider=comcast,
        title="Comcast renewal license",
        grant_date=date(2024, 9, 30),
        effective_date=date(2024, 10, 8),
        expiration_date=date(2034, 10, 7),
    )
    obligation = services.obligation_create(
        license=licence,
        actor=staff,
        kind="fee_report",
        title="Quarterly franchise fee report",
        clause="Section 7.2",
        recurrence="quarterly",
        due_rule="day_of_month_after_period_end",
        due_offset_months=2,
        due_day=15,
        business_day="next",
    )
    filing = obligation.filings.filter(due_date__gte=timezone.localdate() - timedelta(days=200)).order_by("due_date")[0]
    deadline = Deadline.objects.get(source_id=filing.pk, source_type__model="filing")
    assert deadline.state == Deadline.State.OPEN

    sign_in(page, "staff")
    page.goto(licence.get_absolute_url())
    axe(page, "license detail")
    screenshot(page, "03-license-detail")
    page.get_by_role("link", name="Log a filing").click()
    axe(page, "log a filing")
    page.get_by_label("Filing received").select_option(str(filing.pk))
    page.get_by_label("Reported gross revenue from cable service ($)").fill("2500000.00")
    screenshot(page, "04-log-a-filing")
    page.get_by_role("button", name="Log it", exact=True).click()
    page.wait_for_load_state()
    assert "Log a filing" not in page.title()
    deadline.refresh_from_db()
    assert deadline.state == Deadline.State.SATISFIED
    page.goto(f"/deadlines/?state=satisfied&provider={comcast.pk}")
    assert page.get_by_text(deadline.title).first.is_visible()
    axe(page, "deadline list")


def test_a_reviewer_records_an_incompleteness_notice_and_sees_the_clock_reset(
    page, sign_in, axe, screenshot, staff, crown_castle
):
    from datetime import timedelta

    from django.utils import timezone

    from permits import services

    today = timezone.localdate()
    application = services.application_create(
        actor=staff,
        reference="SC-E2E-1",
        applicant=crown_castle,
        category="swf_collocation",
        submitted_on=today - timedelta(days=3),
        sites=[{"address": "1 City Hall Sq, Boston, MA"}],
    )
    sign_in(page, "staff")
    page.goto("/permits/")
    axe(page, "application queue")
    screenshot(page, "05-application-queue")
    page.goto(application.get_absolute_url())
    axe(page, "application detail")
    page.goto(f"/permits/applications/{application.pk}/notice/")
    axe(page, "incompleteness notice form")
    page.get_by_label("Missing document or information").first.fill("Structural analysis of the pole")
    page.get_by_label("Published rule that requires it").first.fill("Small Cell Application Requirements s.4.2")
    page.get_by_role("button", name="Record the notice").click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "reset" in text.lower()
    screenshot(page, "06-application-after-notice")
    page.goto(f"/permits/applications/{application.pk}/resubmission/")
    page.get_by_role("button", name="Record").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    # A timely SWF notice resets the clock: a full 60 days from today's resubmission (then to a business day).
    assert application.clock_deadline >= today + timedelta(days=60)
    assert application.clock_state == "running"
