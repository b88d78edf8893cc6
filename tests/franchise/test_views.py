"""Staff pages: permissions, the license page's fixed query count, the quick
"log a filing / log a payment" flows, filters and exports."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from franchise import services
from franchise.models import Filing, License, Obligation, Payment

D = date


def _url(name, *args):
    return reverse(f"franchise:{name}", args=args)


# Permissions ------------------------------------------------------------------


def test_anonymous_users_are_sent_to_sign_in(client, license_):
    response = client.get(_url("license-detail", license_.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["license-list", "filing-list", "payment-list", "filing-log", "payment-log"])
def test_provider_users_never_reach_staff_pages(comcast_client, license_, name):
    assert comcast_client.get(_url(name)).status_code == 403


def test_provider_users_cannot_see_even_their_own_license_here(comcast_client, license_):
    # The license belongs to Comcast; Comcast users still use the portal, not this page.
    assert comcast_client.get(_url("license-detail", license_.pk)).status_code == 403


def test_other_provider_gets_the_same_refusal(verizon_client, license_):
    assert verizon_client.get(_url("license-detail", license_.pk)).status_code == 403


def test_legal_and_auditor_read(legal_client, auditor_client, license_):
    assert legal_client.get(_url("license-detail", license_.pk)).status_code == 200
    assert auditor_client.get(_url("license-list")).status_code == 200


def test_auditor_cannot_log_a_payment(auditor_client, license_):
    response = auditor_client.post(_url("payment-log"), {"license": license_.pk, "amount": "10"})
    assert response.status_code == 403
    assert Payment.objects.count() == 0


def test_attachments_are_served_only_to_city_roles(staff_client, comcast_client, staff, fee_obligation):
    filing = fee_obligation.filings.get(period_start=D(2026, 1, 1))
    upload = SimpleUploadedFile("q1-report.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    response = staff_client.post(_url("filing-attach", filing.pk), {"file": upload, "description": "Signed report"})
    assert response.status_code == 302
    attachment = filing.attachments.get()
    assert comcast_client.get(attachment.get_absolute_url()).status_code == 403
    download = staff_client.get(attachment.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 demo"


def test_an_executable_attachment_is_refused(staff_client, fee_obligation):
    filing = fee_obligation.filings.first()
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = staff_client.post(_url("filing-attach", filing.pk), {"file": upload})
    assert response.status_code == 200 and "Attach a PDF" in response.content.decode()
    assert not filing.attachments.exists()


# The license page ---------------------------------------------------------------


def _grow(license_, staff, months_back):
    """Add a monthly obligation with many filings, received filings and payments."""
    obligation = services.obligation_create(
        license=license_,
        actor=staff,
        kind="other",
        title="Monthly outage log",
        recurrence="monthly",
        due_rule="days_after_period_end",
        due_offset_days=10,
        business_day="next",
    )
    for filing in obligation.filings.filter(due_date__lt=D(2026, 6, 1)).order_by("-due_date")[:months_back]:
        services.filing_record(filing=filing, actor=staff, received_date=filing.due_date)
    for filing in license_.filings.filter(obligation__kind="fee_report", due_date__lt=D(2026, 7, 1)):
        services.filing_record(filing=filing, actor=staff, received_date=filing.due_date, gross_revenue=Decimal("1e6"))
        services.payment_record(
            actor=staff,
            license=license_,
            period_start=filing.period_start,
            period_end=filing.period_end,
            amount=Decimal("50000"),
            received_date=filing.due_date,
        )
    services.customer_service_report_save(
        actor=staff,
        license=license_,
        period_start=D(2026, 1, 1),
        period_end=D(2026, 3, 31),
        calls_total=10,
        calls_answered_30s=9,
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_license_page_costs_the_same_queries_whatever_the_number_of_filings(
    staff_client, staff, license_, fee_obligation, django_assert_max_num_queries
):
    url = _url("license-detail", license_.pk)
    small = _queries(staff_client, url)
    _grow(license_, staff, months_back=60)
    assert license_.filings.count() > 100 and license_.payments.count() > 20
    large = _queries(staff_client, url)
    assert small == large
    with django_assert_max_num_queries(16):
        staff_client.get(url)


def test_license_page_shows_renewal_dates_with_citations_and_the_ledger(staff_client, staff, license_, fee_obligation):
    q1 = fee_obligation.filings.get(period_start=D(2026, 1, 1))
    services.filing_record(filing=q1, actor=staff, received_date=D(2026, 5, 14), gross_revenue=Decimal("1000000"))
    services.payment_record(
        actor=staff,
        license=license_,
        period_start=D(2026, 1, 1),
        period_end=D(2026, 3, 31),
        amount=Decimal("49000.00"),
        received_date=D(2026, 5, 15),
    )
    page = staff_client.get(_url("license-detail", license_.pk)).content.decode()
    assert "2027-10-07" in page and "2028-04-07" in page and "47 U.S.C. 546(a)" in page
    assert "$50,000.00" in page and "-$1,000.00" in page and "underpaid" in page
    assert "History of this record" in page
    assert "Overdue" in page  # Q4 2025 and earlier are open and past due


def test_fee_ledger_page_and_export(staff_client, staff, license_, fee_obligation):
    q1 = fee_obligation.filings.get(period_start=D(2026, 1, 1))
    services.filing_record(filing=q1, actor=staff, received_date=D(2026, 5, 14), gross_revenue=Decimal("1000000"))
    assert staff_client.get(_url("license-fees", license_.pk)).status_code == 200
    response = staff_client.get(_url("license-fees", license_.pk) + "?export=csv")
    assert "2026-01-01,2026-03-31,2026-05-15,1000000.00,5.000,50000.00" in response.getvalue().decode()


# Log a filing / log a payment ---------------------------------------------------------


def test_log_a_filing_preselects_the_license_and_defaults_to_today(
    staff_client, staff, license_, fee_obligation, verizon_license
):
    services.obligations_from_catalogue(license=verizon_license, actor=staff, codes=["franchise-fee-quarterly"])
    q1 = fee_obligation.filings.get(period_start=D(2026, 1, 1))
    response = staff_client.get(_url("filing-log") + f"?license={license_.pk}&filing={q1.pk}")
    form = response.context["form"]
    assert form.initial["received_date"] == D(2026, 7, 1)
    assert form.initial["filing"] == q1.pk
    assert set(form.fields["filing"].queryset.values_list("license_id", flat=True)) == {license_.pk}

    response = staff_client.post(
        _url("filing-log") + f"?license={license_.pk}",
        {"filing": q1.pk, "received_date": "2026-05-14", "gross_revenue": "1000000.00"},
    )
    assert response.status_code == 302 and response["Location"] == license_.get_absolute_url()
    q1.refresh_from_db()
    assert (q1.status, q1.received_date, q1.gross_revenue) == (Filing.Status.RECEIVED, D(2026, 5, 14), Decimal("1e6"))


def test_logging_a_filing_in_the_future_shows_a_clear_message(staff_client, fee_obligation):
    q2 = fee_obligation.filings.get(period_start=D(2026, 4, 1))
    response = staff_client.post(_url("filing-log"), {"filing": q2.pk, "received_date": "2026-07-09"})
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    q2.refresh_from_db()
    assert q2.status == Filing.Status.OPEN


def test_log_a_deficient_filing_again_records_a_resubmission(staff_client, staff, fee_obligation):
    q1 = fee_obligation.filings.get(period_start=D(2026, 1, 1))
    services.filing_record(filing=q1, actor=staff, received_date=D(2026, 5, 14))
    services.filing_review(filing=q1, actor=staff, status="deficient", notes="Unsigned.")
    response = staff_client.post(_url("filing-log"), {"filing": q1.pk, "received_date": "2026-06-20"})
    assert response.status_code == 302
    assert Filing.objects.get(replaces=q1).received_date == D(2026, 6, 20)


def test_log_a_payment_defaults_to_last_quarter_received_today(staff_client, license_):
    form = staff_client.get(_url("payment-log") + f"?license={license_.pk}").context["form"]
    assert form.initial["license"] == license_
    assert (form.initial["period_start"], form.initial["period_end"]) == (D(2026, 4, 1), D(2026, 6, 30))
    assert form.initial["received_date"] == D(2026, 7, 1)

    response = staff_client.post(
        _url("payment-log"),
        {
            "license": license_.pk,
            "kind": "franchise_fee",
            "period_start": "2026-04-01",
            "period_end": "2026-06-30",
            "amount": "51234.56",
            "received_date": "2026-07-01",
            "reference": "WIRE-1",
        },
    )
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.amount, payment.counts_toward_cap, payment.logged_by.username) == (
        Decimal("51234.56"),
        True,
        "staff",
    )


def test_a_negative_payment_in_the_form_saves_nothing(staff_client, license_):
    response = staff_client.post(
        _url("payment-log"),
        {
            "license": license_.pk,
            "kind": "franchise_fee",
            "period_start": "2026-04-01",
            "period_end": "2026-06-30",
            "amount": "-5.00",
            "received_date": "2026-07-01",
        },
    )
    assert response.status_code == 200
    assert "a payment cannot be negative or zero" in response.content.decode()
    assert Payment.objects.count() == 0


def test_a_fee_rate_above_five_percent_in_the_form_saves_nothing(staff_client, comcast):
    response = staff_client.post(
        _url("license-create"),
        {
            "provider": comcast.pk,
            "title": "Too much",
            "license_kind": "renewal",
            "issuing_authority": "Mayor",
            "grant_date": "2020-10-08",
            "effective_date": "2020-10-08",
            "expiration_date": "2030-10-07",
            "fee_rate_percent": "6",
            "late_interest_percent": "0",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "cannot be more than the federal cap of 5 percent" in response.content.decode()
    assert License.objects.count() == 0


def test_an_expiry_before_the_grant_in_the_form_saves_nothing(staff_client, comcast):
    response = staff_client.post(
        _url("license-create"),
        {
            "provider": comcast.pk,
            "title": "Backwards",
            "license_kind": "renewal",
            "issuing_authority": "Mayor",
            "grant_date": "2020-10-08",
            "effective_date": "2020-10-08",
            "expiration_date": "2019-10-07",
            "fee_rate_percent": "5",
            "late_interest_percent": "0",
            "status": "active",
        },
    )
    assert "The expiration date must be after the grant date." in response.content.decode()
    assert License.objects.count() == 0


def test_staff_add_obligations_from_the_catalogue_in_one_step(staff_client, license_):
    response = staff_client.post(
        _url("obligation-catalogue", license_.pk),
        {"codes": ["franchise-fee-quarterly", "customer-service-quarterly"], "track_from": "2025-01-01"},
    )
    assert response.status_code == 302
    assert set(license_.obligations.values_list("catalogue_code", flat=True)) == {
        "franchise-fee-quarterly",
        "customer-service-quarterly",
    }
    assert license_.filings.filter(period_start__lt=D(2025, 1, 1)).count() == 0


def test_editing_an_obligation_through_the_page_reports_what_moved(staff_client, fee_obligation):
    data = {
        "kind": "fee_report",
        "title": fee_obligation.title,
        "clause": "Section 7.2 as amended",
        "recurrence": "quarterly",
        "interval": 1,
        "period_anchor": "calendar",
        "due_rule": "days_after_period_end",
        "due_offset_days": 30,
        "due_offset_months": 0,
        "business_day": "next",
        "grace_days": 0,
    }
    response = staff_client.post(_url("obligation-edit", fee_obligation.pk), data, follow=True)
    assert "Future open filings: 0 created, 8 updated, 0 removed." in response.content.decode()


def test_customer_service_figures_show_on_the_scorecard(staff_client, license_):
    response = staff_client.post(
        _url("cs-report-create", license_.pk),
        {
            "period_start": "2026-04-01",
            "period_end": "2026-06-30",
            "calls_total": 1000,
            "calls_answered_30s": 899,
            "busy_percent": "2.5",
        },
    )
    assert response.status_code == 302
    page = staff_client.get(_url("license-scorecard", license_.pk)).content.decode()
    assert "89.9%" in page and "fail" in page and "47 CFR 76.309(c)(1)(ii)" in page


# Lists, filters and exports ---------------------------------------------------------


def test_filing_list_filters_by_status_kind_provider_and_due_range(
    staff_client, staff, license_, fee_obligation, verizon_license
):
    services.obligations_from_catalogue(license=verizon_license, actor=staff, codes=["per-subscriber-fee-annual"])
    url = _url("filing-list")
    overdue = staff_client.get(url + "?status=overdue").context["filings"]
    assert overdue and all(f.status == "open" and f.grace_ends < D(2026, 7, 1) for f in overdue)
    by_kind = staff_client.get(url + "?kind=per_subscriber_fee").context["filings"]
    assert {f.license_id for f in by_kind} == {verizon_license.pk}
    by_provider = staff_client.get(url + f"?provider={license_.provider_id}").context["filings"]
    assert {f.license_id for f in by_provider} == {license_.pk}
    ranged = staff_client.get(url + "?due_after=2026-08-01&due_before=2026-12-31").context["filings"]
    assert [f.due_date for f in ranged] == [D(2026, 8, 17), D(2026, 11, 16)]


def test_filing_list_costs_a_fixed_number_of_queries(staff_client, staff, license_, fee_obligation):
    small = _queries(staff_client, _url("filing-list"))
    _grow(license_, staff, months_back=30)
    assert _queries(staff_client, _url("filing-list")) == small


def test_exports_are_xlsx_and_csv_and_formula_safe(staff_client, staff, license_, fee_obligation):
    q1 = fee_obligation.filings.get(period_start=D(2026, 1, 1))
    services.filing_record(filing=q1, actor=staff, received_date=D(2026, 5, 14), notes="=HYPERLINK(1)")
    response = staff_client.get(_url("filing-list") + "?export=xlsx&status=received")
    sheet = load_workbook(BytesIO(response.getvalue())).active
    assert sheet.cell(row=1, column=1).value == "Provider"
    notes = sheet.cell(row=2, column=14)
    assert (notes.value, notes.data_type) == ("=HYPERLINK(1)", "s")
    csv = staff_client.get(_url("filing-list") + "?export=csv&status=received").getvalue().decode()
    assert "'=HYPERLINK(1)" in csv
    for name in ("license-list", "payment-list"):
        assert staff_client.get(_url(name) + "?export=csv").status_code == 200


def test_pages_render(staff_client, staff, license_, fee_obligation):
    q1 = fee_obligation.filings.get(period_start=D(2026, 1, 1))
    services.filing_record(filing=q1, actor=staff, received_date=D(2026, 5, 14))
    payment = services.payment_record(
        actor=staff,
        license=license_,
        period_start=D(2026, 1, 1),
        period_end=D(2026, 3, 31),
        amount=Decimal("1"),
        received_date=D(2026, 5, 14),
    )
    for url in [
        _url("license-list"),
        _url("license-create"),
        _url("license-edit", license_.pk),
        _url("license-renewal", license_.pk),
        _url("obligation-catalogue", license_.pk),
        _url("obligation-create", license_.pk),
        _url("obligation-detail", fee_obligation.pk),
        _url("obligation-edit", fee_obligation.pk),
        _url("filing-detail", q1.pk),
        _url("filing-review", q1.pk),
        _url("filing-create", license_.pk),
        _url("payment-detail", payment.pk),
        _url("payment-edit", payment.pk),
        _url("license-scorecard", license_.pk),
        _url("cs-report-create", license_.pk),
    ]:
        assert staff_client.get(url).status_code == 200, url


def test_review_flow_through_the_page(staff_client, staff, fee_obligation):
    q1 = fee_obligation.filings.get(period_start=D(2026, 1, 1))
    services.filing_record(filing=q1, actor=staff, received_date=D(2026, 5, 14))
    response = staff_client.post(_url("filing-review", q1.pk), {"status": "deficient", "notes": ""})
    assert "Say what is deficient" in response.content.decode()
    staff_client.post(_url("filing-review", q1.pk), {"status": "accepted"})
    q1.refresh_from_db()
    assert q1.status == Filing.Status.ACCEPTED and q1.reviewed_by == staff


def test_renewal_events_page_updates_the_calendar(staff_client, license_):
    response = staff_client.post(
        _url("license-renewal", license_.pk),
        {"renewal_notice_date": "2026-06-01", "final_decision": ""},
        follow=True,
    )
    license_.refresh_from_db()
    assert license_.status == License.Status.IN_RENEWAL
    # a notice before the window (opens 2027-10-07) creates no commencement deadline
    assert "fell outside the window" in response.content.decode()
    assert Obligation.objects.count() == 0
