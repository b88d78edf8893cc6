"""The staff API's application fields on how it was filed (source, submitted_at, submitted_by) and its
checklist: the published items that apply to it (permits.checklist.items_for) merged with staff's
findings; a fixed query count on the list; providers never reach it. Time is frozen on Sun 2026-03-01."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from permits.models import ChecklistReview, PermitApplication
from permits.services_filing import draft_create, draft_site_add, draft_submit
from permits.services_review import checklist_item_add
from tests.permits.factories import make_application

URL = "/api/v1/permit-applications/"
BOSTON = ZoneInfo("America/New_York")


@pytest.fixture
def items(frozen, staff):
    """For an SWF collocation submitted Mon 2026-01-05: the survey and the optional photos apply
    (published before); the wind load item was published after (Sat 2026-01-10) and the pole item is for
    new structures only."""
    return {
        "survey": checklist_item_add(
            actor=staff, title="Structural survey", standard="Small-cell rules s.3.2", published_on=date(2025, 12, 1)
        ),
        "photos": checklist_item_add(
            actor=staff,
            title="Photo simulations",
            standard="Small-cell rules s.3.5",
            published_on=date(2025, 11, 3),
            required=False,
        ),
        "wind": checklist_item_add(
            actor=staff, title="Wind load report", standard="Small-cell rules s.3.9", published_on=date(2026, 1, 10)
        ),
        "pole": checklist_item_add(
            actor=staff,
            title="New pole foundation plan",
            standard="Small-cell rules s.4.1",
            published_on=date(2025, 12, 1),
            categories="swf_new_structure",
        ),
    }


def _review(application, item, staff, complete, note=""):
    # Test set-up only: the review pages' service is not part of this API.
    return ChecklistReview.objects.create(
        application=application, item=item, complete=complete, note=note, checked_by=staff
    )


def test_an_application_carries_its_applicable_checklist_merged_with_reviews(application, items, staff, staff_client):
    _review(application, items["survey"], staff, True, "Stamped by a PE")
    _review(application, items["wind"], staff, False, "Not asked of this application")  # does not apply: left out
    body = staff_client.get(f"{URL}{application.pk}/").json()
    # Ordered by position, then id: the photos were added after the survey.
    assert body["checklist"] == [
        {
            "item": items["survey"].pk,
            "title": "Structural survey",
            "standard": "Small-cell rules s.3.2",
            "published_on": "2025-12-01",
            "required": True,
            "complete": True,
            "note": "Stamped by a PE",
        },
        {
            "item": items["photos"].pk,
            "title": "Photo simulations",
            "standard": "Small-cell rules s.3.5",
            "published_on": "2025-11-03",
            "required": False,
            "complete": None,
            "note": "",
        },
    ]


def test_an_application_logged_by_staff_has_no_submitter(application, staff_client):
    body = staff_client.get(f"{URL}{application.pk}/").json()
    assert body["source"] == "staff"
    assert body["submitted_at"] is None
    assert body["submitted_by"] is None


def test_a_portal_filing_carries_its_source_moment_and_submitter(frozen, crown_castle, crown_castle_user, staff_client):
    draft = draft_create(actor=crown_castle_user, provider=crown_castle, category="swf_collocation")
    draft_site_add(actor=crown_castle_user, draft=draft, address="1 Main St", category="swf_collocation")
    application = draft_submit(actor=crown_castle_user, draft=draft)
    body = staff_client.get(f"{URL}{application.pk}/").json()
    assert body["source"] == "portal"
    assert body["submitted_by"] == crown_castle_user.pk  # an id, as assigned_reviewer
    # Sun 2026-03-01 10:00 in Boston (EST, UTC-5) is 15:00 UTC.
    assert datetime.fromisoformat(body["submitted_at"]) == datetime(2026, 3, 1, 10, 0, tzinfo=BOSTON)


def _list_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured), response.json()


def test_the_list_costs_the_same_queries_for_one_application_or_five(application, items, staff, staff_client):
    _review(application, items["survey"], staff, True)
    one, _ = _list_queries(staff_client)
    for n in range(2, 6):
        other = make_application(actor=staff, applicant=application.applicant, reference=f"SC-2026-000{n}")
        _review(other, items["survey"], staff, False, "Missing the stamp")
        _review(other, items["photos"], staff, True)
    assert PermitApplication.objects.count() == 5
    five, body = _list_queries(staff_client)
    assert five == one
    rows = body["results"] if isinstance(body, dict) else body
    assert len(rows) == 5 and all(len(row["checklist"]) == 2 for row in rows)


def test_providers_never_reach_the_staff_api_their_own_application_or_another(
    application, crown_castle_user, att_user, login_as
):
    for user in (crown_castle_user, att_user):
        client = login_as(user)
        assert client.get(URL).status_code in (403, 404)
        assert client.get(f"{URL}{application.pk}/").status_code in (403, 404)
