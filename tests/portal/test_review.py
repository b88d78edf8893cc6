"""Staff review of uploaded reports: the queue, accept or deficient with a
comment the operator sees and is emailed, one click to a draft letter, the
file, and the API with the reconciliation (decimals as strings)."""

import io
import zipfile

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from franchise.models import Filing, QuarterlyReport
from franchise.quarterly import services

from . import workbooks


@pytest.fixture
def report(upload, good_workbook, q2_fee_filing):
    assert upload(good_workbook).status_code == 302
    return QuarterlyReport.objects.get()


def test_the_queue_lists_received_reports_with_their_flags(staff_client, report):
    html = staff_client.get(reverse("reports:queue")).content.decode()
    assert report.reference in html and "Comcast Cable Communications" in html
    assert "Underpaid" in html and "Standard failed" in html
    assert "-$460.04" in html


def test_the_queue_filters_and_exports(staff_client, report):
    assert report.reference not in staff_client.get(reverse("reports:queue") + "?status=accepted").content.decode()
    assert report.reference in staff_client.get(reverse("reports:queue") + "?flagged=yes").content.decode()
    assert report.reference not in staff_client.get(reverse("reports:queue") + "?flagged=no").content.decode()
    export = staff_client.get(reverse("reports:queue") + "?export=csv")
    assert export.status_code == 200
    text = export.getvalue().decode()
    assert report.reference in text and "-460.04" in text


def test_the_queue_costs_the_same_queries_whatever_the_number_of_reports(
    staff_client, report, staff, verizon_license, login_as, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import provider_user

    from . import workbooks
    from .conftest import XLSX

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(reverse("reports:queue") + "?status=").status_code == 200
        return len(queries)

    before = count()
    from django.core.files.uploadedfile import SimpleUploadedFile

    verizon_client = login_as(provider_user(verizon_license.provider, "verizon-finance"))
    reference = f"VERIZON-L{verizon_license.pk}"
    for quarter in (1, 2):
        data = workbooks.build(reference, provider="Verizon New England", quarter=quarter)
        response = verizon_client.post(
            reverse("portal:report-upload"),
            {"license": verizon_license.pk, "file": SimpleUploadedFile("q.xlsx", data, content_type=XLSX)},
        )
        assert response.status_code == 302
    assert QuarterlyReport.objects.count() == 3
    assert count() == before
    with django_assert_max_num_queries(10):
        staff_client.get(reverse("reports:queue"))


def test_legal_and_auditors_read_the_queue_and_the_report(legal_client, auditor_client, report):
    for client in (legal_client, auditor_client):
        assert client.get(reverse("reports:queue")).status_code == 200
        assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200


def test_auditors_cannot_review(auditor_client, report):
    response = auditor_client.post(reverse("reports:review", args=[report.pk]), {"decision": "accepted"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.RECEIVED


def test_the_report_page_shows_the_reconciliation_payments_and_scorecard(staff_client, report):
    html = staff_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    for text in ("$14,369,200.75", "$718,460.04", "Busy signal: 3.4%", "None logged yet", "Accept the report"):
        assert text in html
    assert "History of this record" in html


def test_staff_accept_a_report_and_the_provider_is_told(
    staff_client, report, comcast_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("reports:review", args=[report.pk]), {"decision": "accepted"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.ACCEPTED
    assert report.filing.status == Filing.Status.ACCEPTED
    assert report.customer_service_filing.status == Filing.Status.ACCEPTED
    assert mail.outbox[-1].to == [comcast_user.email]
    assert "accepted" in mail.outbox[-1].subject


def test_a_deficient_review_needs_a_comment_and_saves_nothing_without_one(staff_client, report):
    response = staff_client.post(reverse("reports:review", args=[report.pk]), {"decision": "deficient"})
    assert response.status_code == 200
    assert "Say what is deficient" in response.content.decode()
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.RECEIVED
    assert report.filing.status == Filing.Status.RECEIVED


def test_a_deficient_report_shows_its_comment_in_the_portal_is_emailed_and_links_to_a_draft_letter(
    staff_client, comcast_client, report, comcast_user, django_capture_on_commit_callbacks
):
    comment = "Bundle discounts must be split between cable and internet."
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("reports:review", args=[report.pk]), {"decision": "deficient", "comment": comment})
    report.refresh_from_db()
    assert (report.status, report.staff_comment) == (QuarterlyReport.Status.DEFICIENT, comment)
    assert report.filing.status == Filing.Status.DEFICIENT
    assert comment in comcast_client.get(reverse("portal:report-detail", args=[report.pk])).content.decode()
    assert mail.outbox[-1].to == [comcast_user.email]
    assert comment in mail.outbox[-1].body
    html = staff_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    letter = f"{reverse('letters:create')}?kind=cure_notice&amp;source=franchise.filing%3A{report.filing_id}"
    assert letter in html


def test_the_letter_link_is_left_out_when_the_letters_pages_are_not_installed(report, staff, monkeypatch):
    from django.urls import NoReverseMatch

    from franchise import views_reports

    def missing(name, *args, **kwargs):
        raise NoReverseMatch(name)

    monkeypatch.setattr(views_reports, "reverse", missing)
    assert views_reports.draft_letter_url(report) == ""


def test_a_report_can_be_reviewed_once(report, staff):
    from django.core.exceptions import ValidationError

    services.quarterly_report_review(report=report, actor=staff, decision="accepted")
    with pytest.raises(ValidationError, match="already accepted"):
        services.quarterly_report_review(report=report, actor=staff, decision="deficient", comment="Late thought.")


def test_the_review_is_in_the_history_under_the_reviewer(report, staff):
    services.quarterly_report_review(report=report, actor=staff, decision="accepted")
    latest = report.history.order_by("-history_id").first()  # time is frozen: same history_date
    assert (latest.status, latest.history_user) == ("accepted", staff)


def test_the_history_pages_of_a_report_and_its_lines_render(staff_client, report):
    line = report.lines.first()
    for url in (
        reverse("staff:history", args=["franchise", "quarterlyreport", report.pk]),
        reverse("staff:history", args=["franchise", "quarterlyreportline", line.pk]),
        reverse("staff:history", args=["franchise", "uploadattempt", report.upload_attempt.pk]),
    ):
        assert staff_client.get(url).status_code == 200, url


def _with_formulas(reference):
    """The correct report with ordinary formulas whose values Excel saved, a defined name, a
    calculation chain and the recalculate-on-open flag openpyxl sets: accepted, and none of it
    handed back to staff."""
    data = workbooks.build(reference)
    data = workbooks.with_formula(data, "Summary", "B7", "SUM(700000,18000)", 718000)
    data = workbooks.with_formula(data, "Gross Revenue", "B2", "4000000+250000", 4250000)
    data = workbooks.with_defined_name(data, "Remitted", "Summary!$B$7")
    return workbooks.rezip(
        data,
        add={
            "xl/calcChain.xml": b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<c r="B7" i="1"/></calcChain>'
        },
    )


@pytest.fixture
def formula_report(upload, reference, q2_fee_filing):
    data = _with_formulas(reference)
    assert upload(data).status_code == 302
    return QuarterlyReport.objects.get(), data


def test_staff_download_a_values_only_copy(staff_client, formula_report):
    report, _ = formula_report
    response = staff_client.get(reverse("reports:file", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="q2-2026-values-only.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert not [name for name in names if "externalLink" in name.lower() or name.endswith("calcChain.xml")]
    workbook_xml = archive.read("xl/workbook.xml")
    assert b"<definedName " not in workbook_xml and b'fullCalcOnLoad="1"' not in workbook_xml
    copy = load_workbook(io.BytesIO(response.content))
    assert not copy.defined_names
    cells = [cell for sheet in copy for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and all(cell.data_type != "f" for cell in cells)
    assert (copy["Summary"]["B7"].value, copy["Gross Revenue"]["B2"].value) == (718000, 4250000)
    assert copy.properties.description.startswith("Values-only copy of q2-2026.xlsx, uploaded 2026-07-10")
    assert report.sha256 in copy.properties.description


def test_the_original_is_kept_and_served_to_city_roles_as_an_attachment(
    staff_client, auditor_client, comcast_client, formula_report
):
    report, original = formula_report
    url = reverse("reports:file-original", args=[report.pk])
    for client in (staff_client, auditor_client):
        response = client.get(url)
        assert response.status_code == 200
        assert response.content == original
        assert response["Content-Disposition"] == 'attachment; filename="q2-2026-ORIGINAL.xlsx"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/octet-stream"
    assert comcast_client.get(url).status_code == 403
    html = staff_client.get(report.get_absolute_url()).content.decode()
    assert "values-only copy" in html and "Original as uploaded" in html


def test_the_filing_page_serves_the_workbook_as_a_copy_and_the_original_on_request(staff_client, formula_report):
    report, original = formula_report
    attachment = report.attachment
    html = staff_client.get(report.filing.get_absolute_url()).content.decode()
    assert "values-only copy" in html and f"{attachment.get_absolute_url()}?original=1" in html
    copy = staff_client.get(attachment.get_absolute_url())
    assert copy["Content-Disposition"].endswith('-values-only.xlsx"')
    assert all(cell.data_type != "f" for row in load_workbook(io.BytesIO(copy.content))["Summary"] for cell in row)
    kept = staff_client.get(attachment.get_absolute_url() + "?original=1")
    assert kept.content == original and kept["X-Content-Type-Options"] == "nosniff"
    assert kept["Content-Disposition"].startswith("attachment;") and "-ORIGINAL.xlsx" in kept["Content-Disposition"]


def test_a_workbook_that_cannot_be_read_is_never_handed_back_as_it_is(staff_client, formula_report):
    report, _ = formula_report
    with report.attachment.file.open("wb") as handle:
        handle.write(b"PK\x03\x04 not a workbook")
    response = staff_client.get(reverse("reports:file", args=[report.pk]))
    assert response.status_code == 422 and b"PK" not in response.content


# API ---------------------------------------------------------------------------------


def test_the_api_gives_the_reconciliation_with_decimals_as_strings(auditor_client, report):
    data = auditor_client.get(f"/api/v1/quarterly-reports/{report.pk}/").json()
    assert {key: data[key] for key in ("gross_revenue", "fee_rate", "fee_due", "fee_remitted", "variance")} == {
        "gross_revenue": "14369200.75",
        "fee_rate": "5.000",
        "fee_due": "718460.04",
        "fee_remitted": "718000.00",
        "variance": "-460.04",
    }
    assert data["status"] == "underpaid"
    assert data["review_status"] == "received"
    assert data["period_start"] == "2026-04-01"
    assert data["reference"] == report.reference


def test_the_api_lists_and_filters_reports(staff_client, report):
    listing = staff_client.get("/api/v1/quarterly-reports/?status=underpaid").json()
    assert [row["id"] for row in listing["results"]] == [report.pk]
    assert staff_client.get("/api/v1/quarterly-reports/?status=paid").json()["results"] == []


def test_the_api_is_read_only_and_refuses_provider_users(staff_client, comcast_client, report, client):
    assert staff_client.post("/api/v1/quarterly-reports/", {}).status_code == 405
    assert comcast_client.get(f"/api/v1/quarterly-reports/{report.pk}/").status_code == 403
    assert client.get(f"/api/v1/quarterly-reports/{report.pk}/").status_code == 401


def test_the_admin_shows_reports_read_only(report, admin_client):
    changelist = admin_client.get(reverse("admin:franchise_quarterlyreport_changelist"))
    assert changelist.status_code == 200 and report.reference in changelist.content.decode()
    assert admin_client.get(reverse("admin:franchise_quarterlyreport_add")).status_code == 403
    assert admin_client.get(reverse("admin:franchise_uploadattempt_changelist")).status_code == 200


def test_a_history_link_from_before_the_app_split_redirects_to_the_models_new_app(staff_client, report):
    old = staff_client.get(reverse("staff:history", args=["portal", "quarterlyreport", report.pk]))
    assert old.status_code == 301
    assert old["Location"] == reverse("staff:history", args=["franchise", "quarterlyreport", report.pk])
    assert staff_client.get(old["Location"]).status_code == 200
    # A label that never held the table is a plain 404, not a redirect loop.
    assert staff_client.get(reverse("staff:history", args=["portal", "nosuchmodel", report.pk])).status_code == 404
