"""/api/v1/ licenses, obligations, filings, payments: City roles read, Staff
write, providers refused; service validation becomes a 400."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from franchise.models import Filing, License, Payment

D = date


@pytest.fixture
def api_as():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


def test_license_json_includes_the_renewal_window(api_as, staff, license_):
    data = api_as(staff).get(f"/api/v1/licenses/{license_.pk}/").json()
    assert data["renewal_window"] == {"opens": "2027-10-07", "closes": "2028-04-07"}
    assert data["expiration_date"] == "2030-10-07"
    assert data["fee_rate_percent"] == "5.000"
    assert data["renewal_calendar"][0]["citation"] == "47 U.S.C. 546(a)"


@pytest.mark.parametrize("endpoint", ["licenses", "obligations", "filings", "payments"])
def test_city_roles_read_and_providers_are_refused(
    api_as, staff, legal, auditor, comcast_user, fee_obligation, endpoint
):
    for user in (staff, legal, auditor):
        assert api_as(user).get(f"/api/v1/{endpoint}/").status_code == 200
    assert api_as(comcast_user).get(f"/api/v1/{endpoint}/").status_code == 403
    assert APIClient().get(f"/api/v1/{endpoint}/").status_code == 401


def test_auditor_and_legal_cannot_write(api_as, legal, auditor, license_):
    payload = {
        "license": license_.pk,
        "kind": "franchise_fee",
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "amount": "100.00",
        "received_date": "2026-05-01",
    }
    for user in (legal, auditor):
        assert api_as(user).post("/api/v1/payments/", payload, format="json").status_code == 403
    assert Payment.objects.count() == 0


def test_staff_log_a_payment_and_a_negative_one_is_a_400(api_as, staff, license_):
    payload = {
        "license": license_.pk,
        "kind": "franchise_fee",
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "amount": "50000.00",
        "received_date": "2026-05-14",
    }
    response = api_as(staff).post("/api/v1/payments/", payload, format="json")
    assert response.status_code == 201 and response.json()["amount"] == "50000.00"
    assert Payment.objects.get().history.first().history_user == staff
    response = api_as(staff).post("/api/v1/payments/", {**payload, "amount": "-1.00"}, format="json")
    assert response.status_code == 400
    assert "cannot be negative" in response.json()["amount"][0]
    assert Payment.objects.count() == 1


def test_a_license_above_the_cap_is_a_400(api_as, staff, comcast):
    payload = {
        "provider": comcast.pk,
        "title": "API license",
        "grant_date": "2020-10-08",
        "effective_date": "2020-10-08",
        "expiration_date": "2030-10-07",
        "fee_rate_percent": "5.5",
    }
    response = api_as(staff).post("/api/v1/licenses/", payload, format="json")
    assert response.status_code == 400 and "federal cap of 5 percent" in response.json()["fee_rate_percent"][0]
    response = api_as(staff).post(
        "/api/v1/licenses/", {**payload, "fee_rate_percent": "5", "expiration_date": "2019-01-01"}, format="json"
    )
    assert response.status_code == 400 and "after the grant date" in response.json()["expiration_date"][0]
    assert License.objects.count() == 0


def test_staff_record_and_review_a_filing(api_as, staff, fee_obligation):
    q1 = fee_obligation.filings.get(period_start=D(2026, 1, 1))
    client = api_as(staff)
    response = client.post(
        f"/api/v1/filings/{q1.pk}/record/",
        {"received_date": "2026-05-14", "gross_revenue": "1000000.00"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "received"
    response = client.post(f"/api/v1/filings/{q1.pk}/review/", {"status": "accepted"}, format="json")
    assert response.json()["status"] == "accepted"
    response = client.post(f"/api/v1/filings/{q1.pk}/record/", {"received_date": "2026-05-15"}, format="json")
    assert response.status_code == 400


def test_a_number_where_the_schema_says_text_is_refused_and_nothing_is_saved(api_as, staff, fee_obligation):
    q1 = fee_obligation.filings.get(period_start=D(2026, 1, 1))
    client = api_as(staff)
    client.post(f"/api/v1/filings/{q1.pk}/record/", {"received_date": "2026-05-14"}, format="json")
    response = client.post(f"/api/v1/filings/{q1.pk}/review/", {"status": "accepted", "notes": 1.5}, format="json")
    assert response.status_code == 400 and "Must be text" in str(response.json()["notes"])
    q1.refresh_from_db()
    assert q1.status == "received"


def test_a_filing_outside_the_term_is_a_400(api_as, staff, fee_obligation):
    response = api_as(staff).post(
        "/api/v1/filings/",
        {"obligation": fee_obligation.pk, "period_start": "2031-01-01", "period_end": "2031-03-31"},
        format="json",
    )
    assert response.status_code == 400
    assert "outside the license term" in response.json()["period_start"][0]


def test_filings_filter_by_status_and_due_range(api_as, staff, fee_obligation):
    data = api_as(staff).get("/api/v1/filings/?status=overdue&due_after=2026-01-01").json()
    # Today is 2026-07-01: Q4 2025 (due Feb 17) and Q1 2026 (due May 15) are open and past due.
    assert [row["due_date"] for row in data["results"]] == ["2026-02-17", "2026-05-15"]


def test_obligation_edit_through_the_api_regenerates_future_filings(api_as, staff, fee_obligation):
    response = api_as(staff).patch(
        f"/api/v1/obligations/{fee_obligation.pk}/",
        {"due_rule": "days_after_period_end", "due_offset_days": 30, "due_day": None, "due_offset_months": 0},
        format="json",
    )
    assert response.status_code == 200
    assert Filing.objects.get(obligation=fee_obligation, period_start=D(2026, 4, 1)).due_date == D(2026, 7, 30)


def test_demo_data_is_illustrative_living_and_idempotent(staff):
    from accounts import demo as accounts_demo
    from franchise import demo, selectors

    accounts_demo.load(staff)
    demo.load(staff)
    demo.load(staff)
    licenses = License.objects.all()
    assert licenses.count() == 3 and all(lic.is_illustrative for lic in licenses)
    assert Filing.objects.filter(status=Filing.Status.DEFICIENT).count() == 1
    comcast = licenses.get(provider__short_name="comcast")
    ledger = selectors.license_detail(comcast.pk, D(2026, 7, 1))["ledger"]
    assert any(row.quarter.late_days > 0 and row.quarter.interest > 0 for row in ledger)
    assert comcast.payments.filter(kind="in_kind").exists()
    rcn = licenses.get(provider__short_name="rcn")
    assert rcn.status == License.Status.IN_RENEWAL
    # Illustrative rates keep cash fees + PEG support + in-kind within the 5% cap in every year.
    assert not any(check.over for check in selectors.license_detail(comcast.pk, D(2026, 7, 1))["cap_checks"])


def test_a_license_patch_refused_by_its_second_service_saves_nothing(api_as, staff, license_):
    # The title goes through license_update, the renewal dates through license_record_renewal: the
    # received date is in the future (today is 2026-07-01), so the second refuses, and the first must
    # not stay saved either.
    response = api_as(staff).patch(
        f"/api/v1/licenses/{license_.pk}/",
        {
            "title": "Renamed by a PATCH that fails",
            "final_decision": "granted",
            "final_decision_date": "2026-06-01",
            "final_decision_received_date": "2026-08-01",
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    license_.refresh_from_db()
    assert license_.title == "Comcast renewal license 2020"
    assert license_.final_decision_date is None
    assert license_.history.count() == 1  # only the creation: no history row of the refused change


def test_a_refused_small_cell_event_through_the_api_saves_nothing(api_as, staff, crown_castle):
    from permits import services as permit_services
    from permits.models import ClockEvent

    application = permit_services.application_create(
        actor=staff,
        reference="SC-API-ATOMIC",
        applicant=crown_castle,
        category="swf_collocation",
        submitted_on=date(2026, 6, 1),
        sites=[{"address": "1 City Hall Sq"}],
    )
    # A resubmission with no open notice is refused by the engine.
    response = api_as(staff).post(
        f"/api/v1/permit-applications/{application.pk}/events/",
        {"kind": "resubmitted", "date": "2026-06-20"},
        format="json",
    )
    assert response.status_code == 400
    assert not ClockEvent.objects.filter(application=application).exists()
