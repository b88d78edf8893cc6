"""The carrier's journey through the portal, with the City on the other side: a two-site batch filed
with documents, found incomplete by staff on day 4 through the published checklist and a letter Legal
issues, answered with the missing document and a resubmission, the same clock on both sides, and the
application in the public register for anyone."""

import re
from datetime import date, timedelta

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SITES = [
    ("612 Tremont St, Boston, MA", "34", "2.2", "16"),
    ("640 Tremont St, Boston, MA", "36", "2.4", "18"),
]


def _pdf(tmp_path, name, title):
    from weasyprint import HTML

    path = tmp_path / name
    path.write_bytes(HTML(string=f"<h1>{title}</h1><p>Test document.</p>").write_pdf())
    return path


def _deadline(text):
    found = re.search(r"deadline ((?:\w+, )?\w+ \d+, \d{4})", text)
    return found.group(1) if found else None


def _clock(page):
    return page.locator("#clock-summary-heading").inner_text(), page.locator("#clock-explanation").inner_text()


def test_a_carrier_files_a_batch_staff_find_it_incomplete_on_day_4_and_the_carrier_resubmits(
    page, sign_in, axe, screenshot, staff, legal, crown_castle, tmp_path, settings
):
    import time_machine
    from django.urls import reverse
    from django.utils import timezone

    from core.templatetags.conduit import day
    from letters.models import Letter
    from permits.models import ApplicationDocument, ClockEvent, PermitApplication
    from permits.services_review import checklist_item_add
    from tests.factories import provider_user

    settings.MEDIA_ROOT = tmp_path / "media"
    plans = checklist_item_add(
        actor=staff,
        title="Site plan and elevation drawings",
        standard="City small-cell requirements, section 3.1",
        published_on=date(2019, 1, 14),
    )
    rf = checklist_item_add(
        actor=staff,
        title="RF emissions compliance report",
        standard="City small-cell requirements, section 3.5",
        published_on=date(2019, 1, 14),
    )
    provider_user(crown_castle, "coordinator")

    # 1. The carrier files a two-site batch, with the site plans but not the RF report.
    sign_in(page, "coordinator")
    page.goto("/portal/applications/")
    axe(page, "portal: small-cell applications")
    page.get_by_role("link", name="File a new application").first.click()
    page.get_by_label("Category").select_option("swf_collocation")
    with page.expect_navigation():
        page.get_by_role("button", name="Start the draft").click()
    for address, height, antenna, equipment in SITES:
        page.get_by_role("link", name="Add a site").click()
        page.get_by_label("Address").fill(address)
        page.get_by_label("Height (ft, antennas included)").fill(height)
        page.get_by_label("Largest antenna (cu ft)").fill(antenna)
        page.get_by_label("Other equipment (cu ft)").fill(equipment)
        # The size check answers as the carrier types.
        page.locator("#size-check").get_by_text("Qualifies").wait_for()
        with page.expect_navigation():
            page.get_by_role("button", name="Save site").click()
    item = page.locator(f"#item-{plans.pk}")
    item.locator("input[type=file]").set_input_files(str(_pdf(tmp_path, "site-plans.pdf", "Site plans")))
    with page.expect_navigation():
        item.get_by_role("button", name="Attach").click()
    assert page.locator(f"#item-{plans.pk}").get_by_role("link", name="site-plans.pdf").is_visible()
    axe(page, "portal: draft with two sites and a document")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit the application").click()
    # The RF report is missing: the carrier is told, and submits anyway.
    assert rf.title in page.locator("#missing-items").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit anyway").click()
    application = PermitApplication.objects.get(applicant=crown_castle)
    assert application.source == "portal" and application.sites.count() == 2
    assert application.submitted_on == timezone.localdate(application.submitted_at)
    assert page.get_by_role("heading", name=f"Receipt: application {application.reference}").is_visible()
    receipt_deadline = page.locator("#receipt-deadline").inner_text()
    assert day(application.clock_deadline) in receipt_deadline
    axe(page, "portal: receipt")
    screenshot(page, "20-portal-receipt")

    # 2. Day 4: staff review the checklist and draft the notice from the unticked item; Legal issues it.
    day_4 = timezone.localtime() + timedelta(days=4)
    with time_machine.travel(day_4, tick=True):
        page.context.clear_cookies()
        sign_in(page, "staff")
        page.goto("/permits/review/")
        row = page.get_by_role("row").filter(has_text=application.reference)
        assert "Day 4 of 10" in row.inner_text()
        axe(page, "completeness review list")
        page.goto(f"/permits/applications/{application.pk}/review/")
        for checklist_item, finding in ((plans, "yes"), (rf, "no")):
            section = page.locator(f"#item-{checklist_item.pk}")
            section.get_by_label("Finding").select_option(finding)
            with page.expect_navigation():
                section.get_by_role("button", name="Save the finding").click()
        axe(page, "completeness review of one application")
        with page.expect_navigation():
            page.get_by_role("button", name="Draft the incompleteness notice from the unticked items").click()
        letter = Letter.objects.get(kind="smallcell_incomplete")
        assert rf.title in str(letter.data["missing_items"])

        page.context.clear_cookies()
        sign_in(page, "legal")
        page.goto(reverse("letters:edit", args=[letter.pk]))
        page.get_by_label("Signed by").fill("Lee Counsel")
        page.get_by_label("Signatory's title").fill("Assistant Corporation Counsel")
        with page.expect_navigation():
            page.get_by_role("button", name="Save the draft").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Approve for issue").click()
        page.locator("label[for=id_confirm]").click()
        page.locator("label[for=id_send_email]").click()  # ticked by default: untick (no contact to mail)
        with page.expect_navigation():
            page.get_by_role("button", name="Issue letter").click()
        letter.refresh_from_db()
        assert letter.status == "issued"
        notice = application.events.get(kind=ClockEvent.Kind.INCOMPLETE_NOTICE)
        assert notice.letter == letter and notice.date == day_4.date()

        # 3. The carrier sees the notice, adds the RF report and resubmits.
        page.context.clear_cookies()
        sign_in(page, "coordinator")
        page.goto(f"/portal/applications/{application.pk}/")
        assert page.get_by_role("link", name=f"Letter {letter.number} (PDF)").first.is_visible()
        assert "MISSING" in page.locator("#checklist-review").inner_text().upper()
        form = page.locator("#add-document")
        form.get_by_label("Checklist item it answers").select_option(str(rf.pk))
        form.locator("input[type=file]").set_input_files(str(_pdf(tmp_path, "rf-report.pdf", "RF report")))
        with page.expect_navigation():
            form.get_by_role("button", name="Add the document").click()
        assert ApplicationDocument.objects.filter(application=application, checklist_item=rf).exists()
        page.get_by_role("link", name="Resubmit after the incompleteness notice").click()
        axe(page, "portal: resubmit")
        with page.expect_navigation():
            page.get_by_role("button", name="Resubmit today").click()
        assert application.events.filter(kind=ClockEvent.Kind.RESUBMITTED, date=day_4.date()).exists()
        page.goto(f"/portal/applications/{application.pk}/")
        axe(page, "portal: application after resubmission")
        screenshot(page, "21-portal-application-resubmitted")
        carrier_clock = _clock(page)

        # 4. The same clock on both sides: a timely SWF notice reset it, a new 60 days from the resubmission.
        page.context.clear_cookies()
        sign_in(page, "staff")
        page.goto(f"/permits/applications/{application.pk}/")
        staff_clock = _clock(page)
        application.refresh_from_db()
        assert application.clock_deadline >= day_4.date() + timedelta(days=60)
        assert _deadline(carrier_clock[0]) == _deadline(staff_clock[0]) is not None
        assert carrier_clock[1] == staff_clock[1]

    # 5. Anyone finds it in the public register, by part of a site's address.
    page.context.clear_cookies()
    page.goto("/public/applications/?q=640+Tremont")
    axe(page, "public register search")
    page.get_by_role("link", name=application.reference).click()
    assert "640 Tremont St" in page.locator("main").inner_text()
    assert "site-plans.pdf" not in page.content()  # no document unless staff publish it
