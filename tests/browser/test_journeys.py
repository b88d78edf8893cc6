"""End-to-end journeys of each role against a live server, in Chromium."""

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_sign_in_page_is_accessible_and_a_bad_password_is_announced(page, axe, screenshot, staff):
    page.goto("/accounts/login/")
    axe(page, "sign in")
    screenshot(page, "01-sign-in")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    assert "username and/or password you specified are not correct" in alert.inner_text()


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

    from deadlines.models import Deadline
    from franchise import services

    license = services.license_create(
        actor=staff,
        provider=comcast,
        title="Comcast renewal license",
        grant_date=date(2024, 9, 30),
        effective_date=date(2024, 10, 8),
        expiration_date=date(2034, 10, 7),
    )
    obligation = services.obligation_create(
        license=license,
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
    page.goto(license.get_absolute_url())
    axe(page, "license detail")
    screenshot(page, "03-license-detail")
    page.get_by_role("link", name="Log a filing").click()
    axe(page, "log a filing")
    page.get_by_label("Filing received").select_option(str(filing.pk))
    page.get_by_label("Reported gross revenue from cable service ($)").fill("2500000.00")
    screenshot(page, "04-log-a-filing")
    with page.expect_navigation():
        page.get_by_role("button", name="Log it", exact=True).click()
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
    with page.expect_navigation():
        page.get_by_role("button", name="Record the notice").click()
    text = page.locator("main").inner_text()
    assert "reset" in text.lower()
    screenshot(page, "06-application-after-notice")
    page.goto(f"/permits/applications/{application.pk}/resubmission/")
    with page.expect_navigation():
        page.get_by_role("button", name="Record").click()
    application.refresh_from_db()
    # A timely SWF notice resets the clock: a full 60 days from today's resubmission (then to a business day).
    assert application.clock_deadline >= today + timedelta(days=60)
    assert application.clock_state == "running"


def _comcast_license_with_q2_report_due(staff, comcast):
    from datetime import date
    from decimal import Decimal

    from franchise import services

    license = services.license_create(
        actor=staff,
        provider=comcast,
        title="Comcast renewal license 2020",
        grant_date=date(2020, 9, 30),
        effective_date=date(2020, 10, 8),
        expiration_date=date(2030, 10, 7),
        fee_rate_percent=Decimal("5"),
    )
    services.obligations_from_catalogue(
        license=license,
        actor=staff,
        codes=["franchise-fee-quarterly", "customer-service-quarterly"],
        track_from=date(2026, 1, 1),
    )
    return license


def test_legal_drafts_approves_and_issues_a_letter_and_downloads_the_pdf(
    page, sign_in, axe, screenshot, staff, legal, comcast
):
    import hashlib

    from accounts.roles import LEGAL
    from letters.models import Letter
    from tests.factories import UserFactory

    UserFactory(username="legal-reviewer", role=LEGAL)  # four eyes: the drafter may not approve

    license = _comcast_license_with_q2_report_due(staff, comcast)
    sign_in(page, "legal")
    page.goto(f"/letters/new/?source=franchise.license:{license.pk}")
    axe(page, "new letter: choose a kind")
    page.get_by_role("link", name="Non-compliance: notice and opportunity to cure").click()
    page.wait_for_url("**kind=cure_notice**")
    axe(page, "new letter: values")
    page.get_by_role("button", name="Create the draft").click()
    page.wait_for_url("**/edit/")
    screenshot(page, "07-letter-draft")
    axe(page, "letter draft")
    # Legal edits the draft: what was not met, and how.
    page.get_by_label("Requirement not met").fill("Section 7.2: quarterly franchise fee and gross-revenue report")
    page.get_by_label("The non-compliance").fill(
        "The report for April 1 to June 30, 2026 was due August 14, 2026 and has not been received."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Save the draft").click()
    letter_url = page.url
    # The drafter sees why they cannot approve; a second Legal user approves and issues.
    assert page.get_by_role("button", name="Approve for issue").count() == 0
    page.context.clear_cookies()
    sign_in(page, "legal-reviewer")
    page.goto(letter_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Approve for issue").click()
    # USWDS draws its own checkbox: the label is what a person clicks.
    page.locator("label[for=id_confirm]").click()
    page.locator("label[for=id_send_email]").click()  # ticked by default: untick
    assert page.locator("#id_confirm").is_checked()
    assert not page.locator("#id_send_email").is_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Issue letter").click()
    letter = Letter.objects.get()
    assert letter.status == "issued"
    assert letter.number
    page.reload()
    screenshot(page, "08-letter-issued")
    axe(page, "issued letter")
    pdf_link = page.get_by_role("link", name="Open the PDF")
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.status == 200
    body = response.body()
    assert body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest() == letter.sha256


def test_a_provider_uploads_a_report_with_an_error_fixes_it_and_uploads_again(
    page, sign_in, axe, screenshot, staff, comcast_user, comcast, tmp_path
):
    from openpyxl import load_workbook

    from franchise.models import QuarterlyReport
    from franchise.quarterly import qr1
    from tests.portal import workbooks

    license = _comcast_license_with_q2_report_due(staff, comcast)
    reference = qr1.license_reference("comcast", license.pk)
    sign_in(page, "comcast-clerk")
    page.goto("/portal/reports/upload/")
    axe(page, "upload page")
    with page.expect_download() as download:
        page.get_by_role("link", name="template").first.click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    assert load_workbook(template).sheetnames == ["Summary", "Gross Revenue", "Customer Service"]

    def text_in_an_amount(workbook):
        workbook["Gross Revenue"]["B3"] = "twelve"

    bad = tmp_path / "q2-2026.xlsx"
    bad.write_bytes(workbooks.build(reference, edit=text_in_an_amount))
    page.get_by_label("License").select_option(str(license.pk))
    page.locator("#id_file").set_input_files(str(bad))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()
    errors = page.locator("#upload-errors").inner_text() + page.locator("table.conduit-upload-errors").inner_text()
    assert "Gross Revenue!B3" in errors
    assert "twelve" in errors
    assert QuarterlyReport.objects.count() == 0
    screenshot(page, "09-upload-cell-errors")
    axe(page, "upload errors")

    good = tmp_path / "q2-2026-fixed.xlsx"
    good.write_bytes(workbooks.build(reference))
    page.get_by_label("License").select_option(str(license.pk))
    page.locator("#id_file").set_input_files(str(good))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()
    assert QuarterlyReport.objects.count() == 1
    screenshot(page, "10-upload-accepted")
    axe(page, "upload accepted")


def test_the_upload_journey_works_with_the_keyboard_alone(page, sign_in, staff, comcast_user, comcast, tmp_path):
    from franchise.models import QuarterlyReport
    from franchise.quarterly import qr1
    from tests.portal import workbooks

    license = _comcast_license_with_q2_report_due(staff, comcast)
    good = tmp_path / "q2-2026.xlsx"
    good.write_bytes(workbooks.build(qr1.license_reference("comcast", license.pk)))
    sign_in(page, "comcast-clerk")
    page.goto("/portal/reports/upload/")

    def tab_to(predicate, limit=80):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(predicate):
                return
        raise AssertionError(f"could not reach {predicate} with the Tab key")

    tab_to("document.activeElement.id === 'id_license'")
    page.keyboard.press("ArrowDown")  # the first (only) license
    # The file dialog is the browser's own; a keyboard user opens it with Enter/Space, which
    # Playwright answers through the file chooser.
    tab_to("document.activeElement.id === 'id_file'")
    # Space opens the dialog; on a loaded machine the first press can land before USWDS has finished
    # wrapping the input (it re-renders the control), so a keyboard user presses again, or Enter.
    for key in ("Space", "Space", "Enter"):
        if page.evaluate("document.activeElement.id") != "id_file":
            page.focus("#id_file")
        try:
            with page.expect_file_chooser(timeout=8_000) as chooser:
                page.keyboard.press(key)
            break
        except PlaywrightTimeoutError:
            continue
    else:
        raise AssertionError("the file input did not open its dialog from the keyboard")
    chooser.value.set_files(str(good))
    tab_to("document.activeElement.tagName === 'BUTTON' && document.activeElement.textContent.includes('Upload')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Received: your quarterly report" in page.locator("main").inner_text()
    assert QuarterlyReport.objects.filter(license=license).count() == 1


def test_a_provider_gets_404_for_another_providers_portal_pages(page, sign_in, staff, verizon_user, comcast, verizon):
    license = _comcast_license_with_q2_report_due(staff, comcast)
    filing = license.filings.first()
    sign_in(page, "verizon-clerk")
    for path in (f"/portal/licenses/{license.pk}/", f"/portal/filings/{filing.pk}/", "/portal/reports/999/"):
        assert page.goto(path).status == 404, path
    assert "Comcast" not in page.content()


def test_a_reviewer_is_warned_that_a_day_57_notice_has_no_effect_and_the_home_page_leads_with_the_missed_clock(
    page, sign_in, axe, screenshot, staff
):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Provider
    from permits import demo, services
    from permits.models import ClockEvent, PermitApplication
    from tests.factories import ProviderFactory

    for short_name in ("verizon-wireless", "att", "t-mobile", "crown-castle", "extenet"):
        ProviderFactory(short_name=short_name, name=short_name.title(), kind=Provider.Kind.WIRELESS)
    demo.load(staff)
    today = timezone.localdate()
    # An SWF collocation submitted 57 days ago: a notice today is day 57 of 60, far past the 10-day window of
    # 47 CFR 1.6003(d)(1), so it can neither reset nor toll the clock.
    application = services.application_create(
        actor=staff,
        reference="SC-E2E-57",
        applicant=Provider.objects.get(short_name="crown-castle"),
        category="swf_collocation",
        submitted_on=today - timedelta(days=57),
        sites=[{"address": "26 Court St, Boston, MA"}],
    )
    sign_in(page, "staff")
    page.goto(f"/permits/applications/{application.pk}/notice/")
    page.get_by_label("Missing document or information").first.fill("Structural analysis of the pole")
    page.get_by_label("Published rule that requires it").first.fill("Small Cell Application Requirements s.4.2")
    with page.expect_navigation():
        page.get_by_role("button", name="Check the effect").click()
    effect = page.locator("#notice-effect").inner_text()
    assert "Day 57 of 60" in effect and "neither resets nor tolls" in effect
    axe(page, "notice form with a no-effect warning")
    screenshot(page, "11-notice-without-effect")
    # Recording it without the explicit confirmation is refused, and nothing is saved.
    with page.expect_navigation():
        page.get_by_role("button", name="Record the notice").click()
    assert not ClockEvent.objects.filter(application=application).exists()
    assert page.locator(".usa-error-message").first.is_visible()
    page.get_by_label("Missing document or information").first.fill("Structural analysis of the pole")
    page.get_by_label("Published rule that requires it").first.fill("Small Cell Application Requirements s.4.2")
    page.locator("label[for=id_confirm_no_effect]").click()  # USWDS draws the box on the label
    with page.expect_navigation():
        page.get_by_role("button", name="Record the notice").click()
    assert "no effect on the clock" in page.locator("main").inner_text()
    application.refresh_from_db()
    assert application.status != PermitApplication.Status.INCOMPLETE
    assert application.clock_state == "running"

    # The staff home: the missed demo clock comes first, in its own card and table, above the clocks at risk.
    page.goto("/")
    cards = page.locator("[role=listitem]").all_inner_texts()
    assert "missed" in cards[0].lower()
    missed = page.locator("section[aria-labelledby=missed-clocks]").inner_text()
    assert "SC-ILL-" in missed
    main = page.locator("main").inner_text()
    assert main.index("Shot clocks missed") < main.lower().index("at risk")
    axe(page, "staff home with a missed clock")
    screenshot(page, "12-home-missed-clock-first")
