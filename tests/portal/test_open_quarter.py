"""The upload page and the template say which quarter is open (franchise.quarterly.openquarter).
Time is frozen at Fri 2026-07-10 (tests/portal/conftest.py): Q2 2026 (Apr 1 to Jun 30) has ended,
Q3 2026 (Jul 1 to Sep 30) has not; the license's fee filings start with Q1 2026."""

import html
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from franchise import services as franchise_services
from franchise.models import Filing, Obligation, QuarterlyReport, UploadAttempt

from . import workbooks

CLOSED = (
    "Your report for Q2 2026 was accepted on Jul 10, 2026; the next quarter, Q3 2026, opens for upload on Oct 1, 2026."
)


def _fee_filing(license, start):
    return Filing.objects.get(license=license, obligation__kind=Obligation.Kind.FEE_REPORT, period_start=start)


def _accept(filing, staff):
    franchise_services.filing_record(filing=filing, actor=staff, received_date=date(2026, 7, 1))
    franchise_services.filing_review(filing=filing, actor=staff, status=Filing.Status.ACCEPTED)


@pytest.fixture
def all_accepted(comcast_license, staff):
    for start in (date(2026, 1, 1), date(2026, 4, 1)):
        _accept(_fee_filing(comcast_license, start), staff)


def _summary_values(response):
    summary = load_workbook(BytesIO(response.content))["Summary"]
    return {row[0].value: row[1].value for row in summary.iter_rows(min_row=1, max_col=2)}


def test_the_upload_page_names_the_open_quarter_and_offers_the_form(comcast_client, comcast_license):
    page = html.unescape(comcast_client.get(reverse("portal:report-upload")).content.decode())
    assert "Open for upload: <strong>Q2 2026</strong> (Wed, Apr 1, 2026 to Tue, Jun 30, 2026)." in page
    assert 'name="file"' in page


def test_when_every_due_quarter_is_accepted_the_page_says_so_and_offers_no_form(
    comcast_client, comcast_license, all_accepted
):
    page = html.unescape(comcast_client.get(reverse("portal:report-upload")).content.decode())
    assert CLOSED in page
    assert 'name="file"' not in page


def test_an_upload_when_nothing_is_open_is_refused_with_the_same_words_and_saves_nothing(
    upload, reference, comcast_license, all_accepted
):
    response = upload(workbooks.build(reference))
    assert response.status_code == 200
    assert [error.message for error in response.context["upload_errors"]] == [CLOSED]
    assert QuarterlyReport.objects.count() == 0
    assert UploadAttempt.objects.get().outcome == UploadAttempt.Outcome.REJECTED


def test_an_upload_without_a_file_when_nothing_is_open_is_refused_too(comcast_client, comcast_license, all_accepted):
    response = comcast_client.post(reverse("portal:report-upload"), {"license": comcast_license.pk})
    assert response.status_code == 200
    assert CLOSED in html.unescape(response.content.decode())
    assert QuarterlyReport.objects.count() == 0


def test_the_template_is_filled_in_with_the_open_quarter(comcast_client, comcast_license):
    response = comcast_client.get(reverse("portal:report-template") + f"?license={comcast_license.pk}")
    values = _summary_values(response)
    assert (values["Year"], values["Quarter"]) == (2026, 2)


def test_the_template_never_names_an_accepted_quarter(comcast_client, comcast_license, staff):
    # Q2 accepted, Q1 still open: the open quarter is Q1 2026, not the quarter that ended last.
    _accept(_fee_filing(comcast_license, date(2026, 4, 1)), staff)
    values = _summary_values(comcast_client.get(reverse("portal:report-template")))
    assert (values["Year"], values["Quarter"]) == (2026, 1)


def test_the_template_leaves_the_quarter_blank_when_nothing_is_open(comcast_client, comcast_license, all_accepted):
    values = _summary_values(comcast_client.get(reverse("portal:report-template")))
    assert (values["Year"], values["Quarter"]) == (None, None)
