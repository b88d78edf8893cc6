"""API behaviours the schema conformance check found wrong, each pinned on its own."""

from datetime import date

import pytest

from franchise import recurrence, services
from tests.factories import ProviderFactory
from tests.letters.factories import QUARTERLY_FEE_RULE
from tests.permits.factories import WirelessProviderFactory, make_application


@pytest.fixture
def providers(db):
    return (
        ProviderFactory(short_name="active-co", is_active=True),
        ProviderFactory(short_name="gone-co", is_active=False),
    )


def test_a_boolean_filter_refuses_a_value_that_is_not_true_or_false(staff_client, providers):
    response = staff_client.get("/api/v1/providers/?is_active=yes")
    assert response.status_code == 400
    assert "is_active" in response.json()


@pytest.mark.parametrize(("value", "expected"), [("false", {"gone-co"}), ("TRUE", {"active-co"}), ("", None)])
def test_a_boolean_filter_still_reads_true_false_and_empty(staff_client, providers, value, expected):
    response = staff_client.get(f"/api/v1/providers/?is_active={value}")
    assert response.status_code == 200
    names = {row["short_name"] for row in response.json()["results"]}
    assert names == (expected or {"active-co", "gone-co"})


def test_an_unknown_api_url_is_a_json_404_for_staff_and_401_without_a_token(staff_client, client):
    response = staff_client.get("/api/v1/providers/not-an-id/extra/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    assert client.get("/api/v1/providers/not-an-id/extra/").status_code == 401


def test_the_events_of_an_application_are_a_plain_list_whatever_the_list_filters(staff_client, staff):
    applicant = WirelessProviderFactory()
    application = make_application(actor=staff, applicant=applicant)
    response = staff_client.get(f"/api/v1/permit-applications/{application.pk}/events/?status=not-a-status")
    assert response.status_code == 200
    assert isinstance(response.json(), list)


def test_an_obligation_with_a_grace_of_a_billion_days_is_a_400_not_a_500(staff_client, staff, comcast):
    license = services.license_create(
        actor=staff,
        provider=comcast,
        title="Comcast license",
        grant_date=date(2020, 9, 30),
        effective_date=date(2020, 10, 8),
        expiration_date=date(2030, 10, 7),
    )
    obligation = services.obligation_create(license=license, actor=staff, **QUARTERLY_FEE_RULE)
    response = staff_client.patch(
        f"/api/v1/obligations/{obligation.pk}/", {"grace_days": 4044805271}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "grace_days" in response.json()


def test_rule_errors_bound_the_rule_numbers():
    rule = recurrence.Rule(
        recurrence.MONTHLY,
        recurrence.DAYS_AFTER_PERIOD_END,
        grace_days=recurrence.MAX_GRACE_DAYS + 1,
        offset_days=recurrence.MAX_OFFSET_DAYS + 1,
    )
    assert set(recurrence.rule_errors(rule)) == {"grace_days", "offset_days"}
