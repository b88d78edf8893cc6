"""Staff review of uploaded reports: the queue, accept or deficient with a
comment the operator sees and is emailed, one click to a draft letter, the
file, and the API with the reconciliation (decimals as strings)."""

import pytest
from django.core import mail
from django.urls import reverse

from franchise.models import Filing, QuarterlyReport
from franchise.quarterly import services


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
    assert report.reference in export.content.decode() and "-460.04" in export.content.decode()


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


def test_staff_download_the_file(staff_client, report, good_workbook):
    response = staff_client.get(reverse("reports:file", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == good_workbook


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
