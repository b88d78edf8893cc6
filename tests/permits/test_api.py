"""The permit-applications API contract: names, status codes, 400s that name
the field and save nothing, and who may read and write."""

from datetime import date

import pytest
from django.test import Client

from permits.models import ClockEvent, PermitApplication, Site
from tests.permits.factories import make_application

URL = "/api/v1/permit-applications/"
ITEMS = [{"item": "Structural analysis of the pole", "rule": "Small-cell application requirements s.3.2"}]


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def events_url(application):
    return f"{URL}{application.pk}/events/"


def test_creating_an_application_returns_201_and_its_id(frozen, staff_client, crown_castle):
    response = post(
        staff_client,
        URL,
        {
            "reference": "SC-API-1",
            "applicant": crown_castle.pk,
            "category": "swf_collocation",
            "submitted_on": "2026-01-05",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    application = PermitApplication.objects.get(reference="SC-API-1")
    assert body["id"] == application.pk
    assert body["shot_clock"]["deadline"] == "2026-03-06"
    assert application.history.first().history_user.username == "staff"


def test_a_batch_is_created_with_its_sites(frozen, staff_client, crown_castle):
    response = post(
        staff_client,
        URL,
        {
            "reference": "SC-API-2",
            "applicant": crown_castle.pk,
            "category": "swf_collocation",
            "submitted_on": "2026-01-05",
            "sites": [
                {"address": "1 Tremont St", "category": "swf_collocation"},
                {"address": "2 Tremont St", "category": "swf_new_structure"},
            ],
        },
    )
    assert response.status_code == 201, response.json()
    clock = response.json()["shot_clock"]
    # Mixed SWF batch: 90 days, Jan 5 -> Sun Apr 5 -> Mon Apr 6.
    assert (clock["days"], clock["deadline"]) == (90, "2026-04-06")
    assert [site["address"] for site in response.json()["sites"]] == ["1 Tremont St", "2 Tremont St"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "macro"}, "category"),
        ({"submitted_on": "03/01/2026"}, "submitted_on"),
        ({"submitted_on": "2026-03-09"}, "submitted_on"),
        ({"applicant": 999_999}, "applicant"),
        ({"sites": [{"address": "1 Main St", "category": "tower"}]}, "sites"),
        ({"sites": [{"category": "swf_collocation"}]}, "sites"),
    ],
)
def test_a_bad_application_is_a_400_naming_the_field_and_saves_nothing(
    frozen, staff_client, crown_castle, changes, field
):
    data = {
        "reference": "SC-BAD",
        "applicant": crown_castle.pk,
        "category": "swf_collocation",
        "submitted_on": "2026-01-05",
    }
    data.update(changes)
    response = post(staff_client, URL, data)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not PermitApplication.objects.exists()
    assert not Site.objects.exists()


def test_a_duplicate_reference_is_a_400(application, staff_client, crown_castle):
    data = {"reference": application.reference, "applicant": crown_castle.pk, "category": "swf_collocation"}
    response = post(staff_client, URL, {**data, "submitted_on": "2026-01-05"})
    assert response.status_code == 400 and "reference" in response.json()


def test_get_includes_the_shot_clock_with_the_contract_names(application, staff_client):
    body = staff_client.get(f"{URL}{application.pk}/").json()
    clock = body["shot_clock"]
    assert {"category", "days", "deadline", "days_remaining", "tolled_days", "state", "explanation"} <= set(clock)
    assert clock["category"] == "swf_collocation"
    assert (clock["days"], clock["deadline"], clock["days_remaining"], clock["tolled_days"]) == (60, "2026-03-06", 5, 0)
    assert clock["state"] == "running" and clock["at_risk"] is True
    assert clock["explanation"][0].startswith("submitted 2026-01-05")
    assert body["submitted_on"] == "2026-01-05" and body["applicant"] == application.applicant_id


def test_recording_a_notice_then_a_resubmission_through_the_api(application, staff_client):
    response = post(
        staff_client,
        events_url(application),
        {"kind": "incomplete_notice", "date": "2026-01-12", "missing_items": ITEMS},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["missing_items"] == ITEMS
    assert response.json()["shot_clock"]["state"] == "tolled"
    response = post(staff_client, events_url(application), {"kind": "resubmitted", "date": "2026-02-02"})
    assert response.status_code == 201
    assert response.json()["shot_clock"]["deadline"] == "2026-04-03"
    listed = staff_client.get(events_url(application)).json()
    assert [event["kind"] for event in listed] == ["incomplete_notice", "resubmitted"]


def test_a_tolling_agreement_and_a_decision_through_the_api(application, staff_client):
    response = post(
        staff_client, events_url(application), {"kind": "tolling_agreement", "date": "2026-02-20", "days": 30}
    )
    assert response.json()["shot_clock"]["deadline"] == "2026-04-06"
    response = post(
        staff_client,
        events_url(application),
        {"kind": "decision", "date": "2026-02-27", "outcome": "denied", "reasons": "Blocks the sidewalk."},
    )
    assert response.status_code == 201
    assert response.json()["shot_clock"]["state"] == "met"
    assert PermitApplication.objects.get(pk=application.pk).status == "denied"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "decision", "date": "2026-02-27", "outcome": "denied"}, "reasons"),
        ({"kind": "decision", "date": "2026-02-27", "outcome": "denied", "reasons": ""}, "reasons"),
        ({"kind": "resubmitted", "date": "2026-02-02"}, "kind"),
        ({"kind": "incomplete_notice", "date": "2026-01-04", "missing_items": ITEMS}, "date"),
        ({"kind": "incomplete_notice", "date": "2026-01-12"}, "missing_items"),
        ({"kind": "incomplete_notice", "date": "2026-01-12", "missing_items": ["plans"]}, "missing_items"),
        ({"kind": "tolling_agreement", "date": "2026-02-20"}, "days"),
        ({"kind": "tolling_agreement", "date": "2026-02-20", "days": 0}, "days"),
        ({"kind": "decision", "date": "2026-02-27", "outcome": "maybe"}, "outcome"),
        ({"kind": "phone_call", "date": "2026-02-27"}, "kind"),
        ({"kind": "resubmitted", "date": "2026-13-01"}, "date"),
    ],
)
def test_a_bad_event_is_a_400_naming_the_field_and_saves_nothing(application, staff_client, data, field):
    response = post(staff_client, events_url(application), data)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not ClockEvent.objects.exists()
    assert PermitApplication.objects.get(pk=application.pk).status == "received"
    if data.get("missing_items") == ["plans"]:
        assert '{"item": ..., "rule": ...}' in str(response.json()["missing_items"])


def test_a_decision_on_a_withdrawn_application_is_a_400(application, staff_client):
    assert post(staff_client, events_url(application), {"kind": "withdrawn", "date": "2026-02-01"}).status_code == 201
    response = post(
        staff_client, events_url(application), {"kind": "decision", "date": "2026-02-05", "outcome": "approved"}
    )
    assert response.status_code == 400
    assert "withdrawn on 2026-02-01" in response.json()["kind"][0]
    assert ClockEvent.objects.count() == 1


def test_city_roles_read_and_only_staff_write(application, auditor_client, legal_client):
    for client in (auditor_client, legal_client):
        assert client.get(URL).status_code == 200
        assert client.get(f"{URL}{application.pk}/").status_code == 200
        assert post(client, events_url(application), {"kind": "withdrawn", "date": "2026-02-01"}).status_code == 403
        assert post(client, URL, {"reference": "X"}).status_code == 403
    assert not ClockEvent.objects.exists()


def test_providers_and_anonymous_callers_are_refused(application, crown_castle_user, att_user, login_as):
    assert Client().get(URL).status_code == 401
    assert Client().get(f"{URL}{application.pk}/").status_code == 401
    for user in (crown_castle_user, att_user):
        client = login_as(user)
        assert client.get(URL).status_code == 403
        assert client.get(f"{URL}{application.pk}/").status_code == 403
        assert post(client, events_url(application), {"kind": "withdrawn", "date": "2026-02-01"}).status_code == 403
    assert not ClockEvent.objects.exists()


def test_the_list_costs_a_fixed_number_of_queries(
    frozen, staff, staff_client, crown_castle, django_assert_max_num_queries
):
    counts = []
    for batch in range(2):
        for n in range(5):
            make_application(
                actor=staff, applicant=crown_castle, reference=f"SC-{batch}-{n}", submitted_on=date(2026, 1, 5)
            )
        with django_assert_max_num_queries(10) as captured:
            assert staff_client.get(URL).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_permits_are_listed_read_only(application, staff_client):
    assert staff_client.get("/api/v1/permits/").status_code == 200
    assert post(staff_client, "/api/v1/permits/", {"number": "X"}).status_code == 405


def test_the_events_of_an_application_answer_with_a_format_suffix_too(application, staff_client):
    # The router adds `format` to .json URLs; an action that did not take it answered 500.
    plain = staff_client.get(f"/api/v1/permit-applications/{application.pk}/events/")
    suffixed = staff_client.get(f"/api/v1/permit-applications/{application.pk}/events.json")
    assert plain.status_code == suffixed.status_code == 200
    assert suffixed.json() == plain.json()
