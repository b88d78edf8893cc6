"""Portal pages: what a provider sees of its own records, that it sees
nothing of another provider's (404 by link, guessed id, file or API), and
that each page costs a fixed number of queries."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts import invitations
from franchise import services as franchise_services
from franchise.models import Filing, Obligation, QuarterlyReport
from tests.factories import provider_user

from . import workbooks


@pytest.fixture
def comcast_report(upload, good_workbook, q2_fee_filing):
    response = upload(good_workbook)
    assert response.status_code == 302
    return QuarterlyReport.objects.get()


def _page(client, name, *args, query=""):
    return client.get(reverse(f"portal:{name}", args=args) + query)


# What the provider sees -------------------------------------------------------------


def test_home_shows_what_is_overdue_and_what_is_due_soon(comcast_client, comcast_license):
    html = _page(comcast_client, "home").content.decode()
    # Q1 2026 fee report was due 2026-05-15 and is still open; Q2 is due 2026-08-17.
    overdue = html[html.index("<h2>Overdue</h2>") : html.index("<h2>Deficient")]
    soon = html[html.index("<h2>Due in the next") : html.index("<h2>Latest quarterly reports")]
    assert "Q1 2026" in overdue and "Overdue" in overdue
    assert "Q2 2026" in soon and "2026-08-17" in soon
    assert "Upload a quarterly report" in html and reverse("portal:report-template") in html


def test_home_lists_a_deficient_filing_with_the_cable_office_comment(comcast_client, comcast_report, staff):
    from franchise.quarterly import services

    services.quarterly_report_review(
        report=comcast_report, actor=staff, decision="deficient", comment="Split the bundle discount by category."
    )
    html = _page(comcast_client, "home").content.decode()
    deficient = html[html.index("<h2>Deficient") : html.index("<h2>Due in the next")]
    assert "Q2 2026" in deficient and "Split the bundle discount by category." in deficient


def test_the_licenses_page_lists_obligations_with_their_next_due_date(comcast_client, comcast_license):
    html = _page(comcast_client, "licenses").content.decode()
    assert comcast_license.title in html
    assert "Quarterly franchise fee payment and gross-revenue report" in html
    assert "Quarterly customer-service report (47 CFR 76.309)" in html
    assert "Mon, Aug 17, 2026" in html and "1 overdue" in html


def test_the_license_page_gives_the_template_reference(comcast_client, comcast_license, reference):
    html = _page(comcast_client, "license-detail", comcast_license.pk).content.decode()
    assert reference in html
    assert f"{reverse('portal:report-template')}?license={comcast_license.pk}" in html


def test_filings_show_status_and_staff_comments_and_filter_by_status(comcast_client, comcast_license, staff):
    q1 = Filing.objects.get(
        license=comcast_license, obligation__kind=Obligation.Kind.CUSTOMER_SERVICE, period_start=date(2026, 1, 1)
    )
    franchise_services.filing_record(filing=q1, actor=staff, received_date=date(2026, 5, 1))
    franchise_services.filing_review(filing=q1, actor=staff, status="deficient", notes="Busy-signal figure missing.")
    html = _page(comcast_client, "filings").content.decode()
    assert "Busy-signal figure missing." in html and "Deficient" in html
    attention = _page(comcast_client, "filings", query="?status=attention")
    listed = list(attention.context["filings"])
    assert q1 in listed
    assert all(f.status == "deficient" or (f.status == "open" and f.grace_ends < date(2026, 7, 10)) for f in listed)


def test_the_report_page_shows_its_file_and_the_download_serves_it(comcast_client, comcast_report, good_workbook):
    html = _page(comcast_client, "report-detail", comcast_report.pk).content.decode()
    assert comcast_report.reference in html and "q2-2026.xlsx" in html
    download = _page(comcast_client, "report-file", comcast_report.pk)
    assert download.status_code == 200
    # The provider gets the values-only copy; the original goes to City roles only.
    assert download.content != good_workbook
    copy = load_workbook(io.BytesIO(download.content))
    assert copy["Summary"]["B7"].value == 718000
    assert download["Content-Disposition"] == 'attachment; filename="q2-2026-values-only.xlsx"'
    assert download["X-Content-Type-Options"] == "nosniff"


def test_upload_history_lists_refused_and_accepted_uploads(comcast_client, upload, reference, q2_fee_filing):
    upload(b"", name="empty.xlsx")
    upload(workbooks.build(reference), name="good.xlsx")
    html = _page(comcast_client, "uploads").content.decode()
    assert "empty.xlsx" in html and "Refused" in html and "1 problem" in html
    assert "good.xlsx" in html and QuarterlyReport.objects.get().reference in html


def test_the_template_download_is_prefilled_for_the_signed_in_provider(comcast_client, comcast_license, reference):
    from io import BytesIO

    from openpyxl import load_workbook

    response = _page(comcast_client, "report-template", query=f"?license={comcast_license.pk}")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"quarterly-report-QR-1-{reference}.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    summary = workbook["Summary"]
    assert [summary.cell(row=r, column=2).value for r in range(1, 6)] == [
        "QR-1",
        "Comcast Cable Communications",
        reference,
        2026,
        2,
    ]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["home", "licenses", "filings", "reports", "uploads"])
def test_list_pages_cost_the_same_queries_whatever_the_data(
    comcast_client, comcast_report, name, staff, comcast, upload, reference, django_assert_max_num_queries
):
    url = reverse(f"portal:{name}")
    before = _queries(comcast_client, url)
    # A second license with its filings, more uploads and a second report.
    from .conftest import _license

    _license(staff, comcast, "Comcast second license", "4")
    for _ in range(3):
        upload(b"", name="empty.xlsx")
    upload(workbooks.build(reference, remitted=718460.04))
    assert _queries(comcast_client, url) == before
    with django_assert_max_num_queries(12):
        comcast_client.get(url)


def test_the_report_page_costs_a_fixed_number_of_queries(comcast_client, comcast_report, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert _page(comcast_client, "report-detail", comcast_report.pk).status_code == 200


# Nothing of another provider -------------------------------------------------------


@pytest.fixture
def comcast_records(comcast_report, comcast_license, comcast, staff, comcast_clerk):
    invitation, _ = invitations.invitation_create(actor=staff, provider=comcast, email="new@comcast.example")
    return {
        "report": comcast_report,
        "license": comcast_license,
        "filing": comcast_report.filing,
        "invitation": invitation,
        "colleague": comcast_clerk,
    }


def test_a_verizon_user_gets_404_for_every_comcast_portal_page_file_and_object(
    verizon_client, comcast_records, verizon_license
):
    report, license_, filing = comcast_records["report"], comcast_records["license"], comcast_records["filing"]
    pages = [
        reverse("portal:license-detail", args=[license_.pk]),
        reverse("portal:filing-detail", args=[filing.pk]),
        reverse("portal:report-detail", args=[report.pk]),
        reverse("portal:report-file", args=[report.pk]),
        reverse("portal:report-template") + f"?license={license_.pk}",
        reverse("portal:report-upload") + f"?license={license_.pk}",
    ]
    for url in pages:
        assert verizon_client.get(url).status_code == 404, url
    posts = [
        reverse("portal:invitation-revoke", args=[comcast_records["invitation"].pk]),
        reverse("portal:colleague-deactivate", args=[comcast_records["colleague"].pk]),
    ]
    verizon_admin = provider_user(verizon_license.provider, "verizon-admin", is_provider_admin=True)
    from django.test import Client

    admin_client = Client()
    admin_client.force_login(verizon_admin)
    for url in posts:
        assert admin_client.post(url).status_code == 404, url
    comcast_records["colleague"].refresh_from_db()
    assert comcast_records["colleague"].is_active
    # The staff API refuses provider users before any lookup.
    assert verizon_client.get(f"/api/v1/quarterly-reports/{report.pk}/").status_code in (403, 404)
    assert verizon_client.get("/api/v1/quarterly-reports/").status_code in (403, 404)
    # Lists show only Verizon's own records.
    for name in ("home", "licenses", "filings", "reports", "uploads"):
        html = _page(verizon_client, name).content.decode()
        assert "Comcast" not in html and report.reference not in html, name


def test_a_verizon_user_cannot_upload_against_a_comcast_license(verizon_client, comcast_records, good_workbook):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = verizon_client.post(
        reverse("portal:report-upload"),
        {"license": comcast_records["license"].pk, "file": SimpleUploadedFile("q2.xlsx", good_workbook)},
    )
    assert response.status_code == 200
    assert "Choose one of your organisation" in response.content.decode()
    assert QuarterlyReport.objects.count() == 1


def test_the_staff_review_pages_refuse_provider_users(comcast_client, comcast_report):
    for url in (
        reverse("reports:queue"),
        reverse("reports:detail", args=[comcast_report.pk]),
        reverse("reports:file", args=[comcast_report.pk]),
        reverse("reports:file-original", args=[comcast_report.pk]),
    ):
        assert comcast_client.get(url).status_code == 403, url
    assert (
        comcast_client.post(reverse("reports:review", args=[comcast_report.pk]), {"decision": "accepted"}).status_code
        == 403
    )


@pytest.mark.parametrize(
    "name", ["home", "licenses", "filings", "reports", "uploads", "report-upload", "report-template", "invite"]
)
def test_city_users_have_no_portal_pages(staff_client, name):
    assert staff_client.get(reverse(f"portal:{name}")).status_code == 404


@pytest.mark.parametrize("name", ["home", "licenses", "filings", "reports", "report-upload", "report-template"])
def test_anonymous_users_are_sent_to_sign_in(client, name):
    response = client.get(reverse(f"portal:{name}"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
