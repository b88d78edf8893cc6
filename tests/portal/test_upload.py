"""Uploading quarterly reports through the portal: the correct workbook is
stored and reconciled exactly; every bad one is answered with its clear
error, never a 500, and leaves nothing but a log line."""

import html as html_module
import re
import time
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from franchise import services as franchise_services
from franchise.models import (
    CustomerServiceReport,
    Filing,
    FilingAttachment,
    Obligation,
    QuarterlyReport,
    QuarterlyReportLine,
    UploadAttempt,
)

from . import workbooks
from .conftest import XLSX


def _text(response):
    return html_module.unescape(response.content.decode())


def _errors(response):
    """The problems listed on the page, each as "Sheet!Cell: what is wrong"."""
    return "\n".join(str(error) for error in (response.context or {}).get("upload_errors", []))


# The correct report -----------------------------------------------------------------


def test_a_correct_report_is_accepted_with_the_exact_reconciliation(upload, good_workbook, q2_fee_filing, comcast_user):
    response = upload(good_workbook)
    report = QuarterlyReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:report-detail", args=[report.pk])
    # Worked by hand in tests/portal/workbooks.py.
    assert report.gross_revenue == workbooks.GROSS_REVENUE_TOTAL == Decimal("14369200.75")
    assert report.fee_rate_percent == Decimal("5")
    assert report.fee_due == workbooks.FEE_DUE == Decimal("718460.04")
    assert report.fee_remitted == Decimal("718000.00")
    assert report.variance == Decimal("-460.04")
    assert report.payment_status == "underpaid"
    assert report.underpaid is True
    assert report.tolerance == Decimal("1.00")
    assert report.peg_remitted == Decimal("60000.00")
    assert report.subscribers == 152340
    assert (report.year, report.quarter, report.period_start, report.period_end) == (
        2026,
        2,
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    assert report.scorecard_result == "fail"
    assert report.failed_standard_list == ["Busy signal: 3.4% (standard: under 3%; 47 CFR 76.309(c)(1)(ii))"]
    assert report.status == QuarterlyReport.Status.RECEIVED
    assert report.uploaded_by == comcast_user
    lines = list(QuarterlyReportLine.objects.filter(report=report).values_list("category", "amount", "notes"))
    assert len(lines) == 12
    assert lines[-1] == ("Adjustments", Decimal("-25000.00"), "Credit for a June outage")
    assert sum(amount for _, amount, _ in lines) == report.gross_revenue


def test_an_accepted_upload_marks_both_filings_received_and_saves_the_7630_figures(
    upload, good_workbook, q2_fee_filing, comcast_license
):
    upload(good_workbook)
    report = QuarterlyReport.objects.get()
    q2_fee_filing.refresh_from_db()
    assert q2_fee_filing.status == Filing.Status.RECEIVED
    assert q2_fee_filing.received_date == date(2026, 7, 10)
    assert q2_fee_filing.gross_revenue == Decimal("14369200.75")
    assert report.filing == q2_fee_filing
    cs_filing = Filing.objects.get(
        license=comcast_license, obligation__kind=Obligation.Kind.CUSTOMER_SERVICE, period_start=date(2026, 4, 1)
    )
    assert cs_filing.status == Filing.Status.RECEIVED
    assert report.customer_service_filing == cs_filing
    figures = CustomerServiceReport.objects.get(license=comcast_license, period_start=date(2026, 4, 1))
    assert (figures.calls_total, figures.calls_answered_30s, figures.busy_percent) == (41200, 37900, Decimal("3.40"))
    assert figures.appointments_total is None
    assert figures.filing == cs_filing
    # The workbook is kept once, with the fee filing, and named by its hash on the report.
    attachment = FilingAttachment.objects.get()
    assert attachment.filing == q2_fee_filing and report.attachment == attachment
    assert report.file_size == len(good_workbook)
    attempt = UploadAttempt.objects.get()
    assert (attempt.outcome, attempt.error_count, attempt.report, attempt.filename) == (
        "accepted",
        0,
        report,
        "q2-2026.xlsx",
    )


def test_an_underpayment_within_the_tolerance_is_paid_and_not_flagged(upload, reference, q2_fee_filing):
    # 718,459.50 - 718,460.04 = -0.54: within $1.
    upload(workbooks.build(reference, remitted=718459.50))
    report = QuarterlyReport.objects.get()
    assert (report.variance, report.payment_status, report.underpaid) == (Decimal("-0.54"), "paid", False)


def test_the_tolerance_is_a_setting(settings, upload, reference, q2_fee_filing):
    settings.REPORT_UNDERPAYMENT_TOLERANCE = "500"
    upload(workbooks.build(reference))
    report = QuarterlyReport.objects.get()
    assert (report.tolerance, report.payment_status, report.underpaid) == (Decimal("500.00"), "paid", False)


def test_the_uploader_gets_a_receipt_by_email(
    upload, good_workbook, q2_fee_filing, comcast_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(good_workbook)
    report = QuarterlyReport.objects.get()
    assert [message.to for message in mail.outbox] == [[comcast_user.email]]
    assert report.reference in mail.outbox[0].subject
    assert "718460.04" in mail.outbox[0].body


def test_the_receipt_page_shows_the_reconciliation(upload, good_workbook, q2_fee_filing, comcast_client):
    response = comcast_client.get(upload(good_workbook)["Location"])
    html = _text(response)
    assert response.status_code == 200
    for text in ("$14,369,200.75", "$718,460.04", "$718,000.00", "-$460.04", "Underpaid by more than $1.00"):
        assert text in html


def test_a_correction_before_review_replaces_the_first_upload_and_keeps_its_receipt_date(
    upload, reference, q2_fee_filing, time_machine, comcast_client, comcast_user
):
    upload(workbooks.build(reference))
    first = QuarterlyReport.objects.get()
    time_machine.move_to("2026-08-20 09:00:00-04:00")  # after the due date
    comcast_client.force_login(comcast_user)  # a new working day, a new session
    response = upload(workbooks.build(reference, remitted=718460.04))
    assert response.status_code == 302, _errors(response)
    second = QuarterlyReport.objects.exclude(pk=first.pk).get()
    first.refresh_from_db()
    q2_fee_filing.refresh_from_db()
    assert second.replaces == first
    assert first.status == QuarterlyReport.Status.SUPERSEDED
    assert second.filing == q2_fee_filing
    assert q2_fee_filing.received_date == date(2026, 7, 10)
    assert q2_fee_filing.status == Filing.Status.RECEIVED
    assert (second.variance, second.payment_status) == (Decimal("0.00"), "paid")


def test_a_resubmission_after_a_deficient_review_links_to_the_report_it_replaces(
    upload, reference, q2_fee_filing, staff
):
    from franchise.quarterly import services

    upload(workbooks.build(reference))
    first = QuarterlyReport.objects.get()
    services.quarterly_report_review(report=first, actor=staff, decision="deficient", comment="Adjustments unclear.")
    upload(workbooks.build(reference, remitted=718460.04))
    second = QuarterlyReport.objects.exclude(pk=first.pk).get()
    first.refresh_from_db()
    assert second.replaces == first
    assert first.status == QuarterlyReport.Status.SUPERSEDED
    assert second.filing.replaces == q2_fee_filing
    assert second.filing.status == Filing.Status.RECEIVED
    assert q2_fee_filing.quarterly_reports.get() == first


def test_a_quarter_the_city_already_accepted_is_refused(upload, reference, q2_fee_filing, staff):
    franchise_services.filing_record(filing=q2_fee_filing, actor=staff, received_date=date(2026, 7, 1))
    franchise_services.filing_review(filing=q2_fee_filing, actor=staff, status=Filing.Status.ACCEPTED)
    response = upload(workbooks.build(reference))
    assert response.status_code == 200
    assert "Summary!B5: the City already accepted the report for Q2 2026" in _errors(response)
    assert QuarterlyReport.objects.count() == 0
    assert FilingAttachment.objects.count() == 0


def test_the_filled_in_template_downloaded_from_the_portal_is_accepted(
    comcast_client, comcast_license, q2_fee_filing, upload
):
    from io import BytesIO

    from openpyxl import load_workbook

    response = comcast_client.get(reverse("portal:report-template") + f"?license={comcast_license.pk}")
    workbook = load_workbook(BytesIO(response.content))
    summary = workbook["Summary"]
    summary["B6"], summary["B7"], summary["B8"] = 152340, 718460.04, 60000
    revenue = workbook["Gross Revenue"]
    for row in range(2, 12):
        revenue.cell(row=row, column=2, value=100000)
    metrics = workbook["Customer Service"]
    for row in range(2, 13):
        metrics.cell(row=row, column=2, value=50)
    buffer = BytesIO()
    workbook.save(buffer)
    response = upload(buffer.getvalue())
    assert response.status_code == 302, _text(response)
    report = QuarterlyReport.objects.get()
    assert (report.gross_revenue, report.fee_due) == (Decimal("1000000.00"), Decimal("50000.00"))


# Bad workbooks: each answered with its clear error, no 500, nothing saved -------


def _bad_cases():
    def good(reference):
        return workbooks.build(reference)

    def set_cell(sheet, cell, value):
        def edit(workbook):
            workbook[sheet][cell] = value

        return edit

    return [
        ("wrong extension", lambda ref: good(ref), "q2.pdf", "application/pdf", "Only Excel workbooks (.xlsx)"),
        (
            "renamed csv",
            lambda ref: workbooks.CSV_TEXT,
            "q2.xlsx",
            XLSX,
            "it looks like a CSV file renamed to .xlsx",
        ),
        (
            "xlsm with a macro",
            lambda ref: workbooks.with_macro(good(ref)),
            "q2.xlsm",
            "application/vnd.ms-excel.sheet.macroEnabled.12",
            "Macro-enabled workbooks (.xlsm) are refused",
        ),
        (
            "macro renamed to xlsx",
            lambda ref: workbooks.with_macro(good(ref)),
            "q2.xlsx",
            XLSX,
            "The workbook contains macros (xl/vbaProject.bin)",
        ),
        ("corrupt zip", lambda ref: workbooks.truncated(good(ref)), "q2.xlsx", XLSX, "The file is damaged"),
        (
            "damaged part",
            lambda ref: workbooks.damaged_inside(good(ref)),
            "q2.xlsx",
            XLSX,
            "The file is damaged",
        ),
        ("zip bomb", lambda ref: workbooks.zip_bomb(good(ref)), "q2.xlsx", XLSX, "which is how “zip bombs” work"),
        (
            "declared size bomb",
            lambda ref: workbooks.declared_size_bomb(good(ref)),
            "q2.xlsx",
            XLSX,
            "one part (docProps/app.xml) expands from 149 bytes to 3,072.0 MB",
        ),
        (
            "billion laughs",
            lambda ref: workbooks.billion_laughs(good(ref)),
            "q2.xlsx",
            XLSX,
            "declares an XML document type or entities",
        ),
        (
            "dimension claims 1,048,576 rows",
            lambda ref: workbooks.with_far_row(good(ref), "Gross Revenue"),
            "q2.xlsx",
            XLSX,
            "Gross Revenue: the sheet has more than 100,000 rows",
        ),
        (
            "missing sheet",
            lambda ref: workbooks.build(ref, sheets=["Summary", "Gross Revenue"]),
            "q2.xlsx",
            XLSX,
            "The sheet “Customer Service” is missing",
        ),
        (
            "wrong template version",
            lambda ref: workbooks.build(ref, edit=set_cell("Summary", "B1", "QR-0")),
            "q2.xlsx",
            XLSX,
            "Summary!B1: the template version is “QR-0”; the City accepts QR-1",
        ),
        (
            "text in an amount",
            lambda ref: workbooks.build(ref, edit=set_cell("Gross Revenue", "B7", "twelve")),
            "q2.xlsx",
            XLSX,
            "Gross Revenue!B7: 'twelve' is not a number",
        ),
        (
            "negative amount outside adjustments",
            lambda ref: workbooks.build(ref, edit=set_cell("Gross Revenue", "B4", -500)),
            "q2.xlsx",
            XLSX,
            "Gross Revenue!B4: -500 is negative; only the “Adjustments” row may be negative",
        ),
        (
            "quarter of 5",
            lambda ref: workbooks.build(ref, quarter=5),
            "q2.xlsx",
            XLSX,
            "Summary!B5: 5 is not a quarter; enter 1, 2, 3 or 4",
        ),
        ("empty file", lambda ref: b"", "q2.xlsx", XLSX, "The file is empty (0 bytes)"),
        (
            "old xls renamed",
            lambda ref: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "q2.xlsx",
            XLSX,
            "old-format Excel file (.xls)",
        ),
        (
            "password protected",
            lambda ref: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600,
            "q2.xlsx",
            XLSX,
            "The workbook is password-protected",
        ),
        (
            "a zip that is not a workbook",
            lambda ref: workbooks.rezip(good(ref), drop=("[Content_Types].xml",)),
            "q2.xlsx",
            XLSX,
            "This is a ZIP file but not an Excel workbook",
        ),
        (
            "sent as csv",
            lambda ref: good(ref),
            "q2.xlsx",
            "text/csv",
            "The file was sent as “text/csv”, not as an Excel workbook",
        ),
    ]


@pytest.mark.parametrize(
    ("builder", "filename", "content_type", "message"),
    [case[1:] for case in _bad_cases()],
    ids=[case[0] for case in _bad_cases()],
)
def test_a_bad_upload_gets_its_clear_error_and_nothing_but_a_log_line(
    upload, reference, q2_fee_filing, builder, filename, content_type, message
):
    data = builder(reference)
    started = time.perf_counter()
    response = upload(data, name=filename, content_type=content_type)
    assert time.perf_counter() - started < 5
    assert response.status_code == 200
    assert message in _errors(response)
    assert "was not accepted" in _text(response)
    assert QuarterlyReport.objects.count() == 0
    assert QuarterlyReportLine.objects.count() == 0
    assert FilingAttachment.objects.count() == 0
    assert CustomerServiceReport.objects.count() == 0
    q2_fee_filing.refresh_from_db()
    assert q2_fee_filing.status == Filing.Status.OPEN
    attempt = UploadAttempt.objects.get()
    assert (attempt.outcome, attempt.filename, attempt.size) == ("rejected", filename, len(data))
    assert attempt.error_count >= 1


def test_an_oversized_file_is_refused_before_it_is_read(settings, upload, good_workbook, q2_fee_filing):
    settings.REPORT_UPLOAD_MAX_BYTES = 4096
    response = upload(good_workbook + b"\x00" * 4096)
    assert response.status_code == 200
    assert re.search(r"The file is \d+\.\d KB; the limit is 4\.0 KB", _errors(response))
    assert QuarterlyReport.objects.count() == 0
    assert UploadAttempt.objects.get().outcome == "rejected"


def test_an_oversized_file_at_the_default_ten_megabyte_limit_is_refused(upload, good_workbook, q2_fee_filing):
    response = upload(good_workbook + b"\x00" * (10 * 1024 * 1024))
    assert "The file is 10.0 MB; the limit is 10.0 MB" in _errors(response)
    assert QuarterlyReport.objects.count() == 0


def test_a_license_of_another_provider_is_refused_in_the_form(upload, good_workbook, verizon_license, q2_fee_filing):
    response = upload(good_workbook, license=verizon_license)
    assert response.status_code == 200
    assert "Choose one of your organisation's licenses." in _text(response)
    assert QuarterlyReport.objects.count() == 0
    assert UploadAttempt.objects.get().outcome == "rejected"


def test_a_license_reference_of_another_provider_is_refused_in_the_workbook(upload, verizon_license, q2_fee_filing):
    other = f"VERIZON-L{verizon_license.pk}"
    response = upload(workbooks.build(other))
    assert f"Summary!B3: '{other}' is not a license of Comcast Cable Communications" in _errors(response)
    assert QuarterlyReport.objects.count() == 0


def test_every_problem_is_listed_at_once_by_sheet_row_and_column(upload, reference, q2_fee_filing):
    def edit(workbook):
        workbook["Summary"]["B4"] = "2O26"
        workbook["Gross Revenue"]["B3"] = "lots"
        workbook["Gross Revenue"]["A14"] = "Internet access"
        workbook["Gross Revenue"]["B14"] = 99
        workbook["Customer Service"]["B3"] = 50000

    response = upload(workbooks.build(reference, edit=edit))
    html, errors = _text(response), _errors(response).splitlines()
    assert "4 problems to correct" in html
    assert errors == [
        "Summary!B4: '2O26' is not a year",
        "Gross Revenue!B3: 'lots' is not a number",
        "Gross Revenue!A14: “Internet access”: internet (cable-modem) revenue is not cable revenue and carries no "
        "franchise fee (47 U.S.C. 542(b)); leave it out",
        "Customer Service!B3: Calls answered within 30 seconds (50,000) cannot be more than telephone calls "
        "received (41,200)",
    ]
    # On the page: grouped by sheet, each with its cell.
    assert '<th scope="row" class="text-no-wrap">Gross Revenue!B3</th><td>\'lots\' is not a number</td>' in html


def test_a_quarter_that_has_not_ended_is_refused(upload, reference, comcast_license):
    response = upload(workbooks.build(reference, quarter=3))
    assert "Summary!B5: Q3 2026 has not ended yet (it ends 2026-09-30)" in _errors(response)


def test_a_lying_dimension_alone_does_not_make_the_reader_pad_a_million_rows(upload, reference, q2_fee_filing):
    data = workbooks.with_dimension(workbooks.build(reference), "Gross Revenue", "A1:XFD1048576")
    started = time.perf_counter()
    response = upload(data)
    assert time.perf_counter() - started < 3
    assert response.status_code == 302
    assert QuarterlyReport.objects.get().gross_revenue == workbooks.GROSS_REVENUE_TOTAL


def test_a_missing_file_is_a_form_error_and_no_log_line(comcast_client, comcast_license):
    response = comcast_client.post(reverse("portal:report-upload"), {"license": comcast_license.pk})
    assert response.status_code == 200
    assert "This field is required." in _text(response)
    assert UploadAttempt.objects.count() == 0


def test_the_upload_page_explains_the_steps(comcast_client, comcast_license):
    response = comcast_client.get(reverse("portal:report-upload"))
    html = _text(response)
    assert response.status_code == 200
    assert 'name="license"' in html and 'name="file"' in html and 'accept=".xlsx,' in html
    assert "Download the template" in html and "QR-1" in html


def test_a_failure_after_the_file_was_stored_saves_nothing_and_removes_the_file(
    upload, good_workbook, q2_fee_filing, media_root, monkeypatch
):
    from django.core.exceptions import ValidationError

    from franchise.quarterly import services

    def refuse(**kwargs):
        raise ValidationError("Customer Service!B2: refused for the test")

    monkeypatch.setattr(services.franchise_services, "customer_service_report_save", refuse)
    response = upload(good_workbook)
    assert response.status_code == 200
    assert "Customer Service!B2: refused for the test" in _errors(response)
    assert QuarterlyReport.objects.count() == 0 and FilingAttachment.objects.count() == 0
    q2_fee_filing.refresh_from_db()
    assert q2_fee_filing.status == Filing.Status.OPEN
    assert [path for path in media_root.rglob("*") if path.is_file()] == []
    assert UploadAttempt.objects.get().outcome == "rejected"


def test_a_collision_with_a_simultaneous_upload_is_answered_in_words(upload, good_workbook, q2_fee_filing, monkeypatch):
    from django.db import IntegrityError

    from franchise.quarterly import services

    def collide(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: portal_quarterlyreport.replaces_id")

    monkeypatch.setattr(services, "_submit", collide)
    response = upload(good_workbook)
    assert response.status_code == 200
    assert "Another upload for this quarter was being saved at the same moment" in _errors(response)
    assert UploadAttempt.objects.get().outcome == "rejected"
