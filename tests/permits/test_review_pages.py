"""The completeness review pages and the published checklist: who may read, who may write, bad input, queries.

Time is frozen on Sunday 2026-03-01 (tests/permits/conftest.py)."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters.models import Letter
from permits.models import ApplicationDocument, ChecklistItem, ChecklistReview
from permits.services_review import checklist_item_add, checklist_review_set
from tests.factories import provider_user
from tests.permits.factories import make_application

pytestmark = pytest.mark.usefixtures("frozen")

PUBLISHED = date(2025, 6, 2)


@pytest.fixture
def plans(staff, frozen):
    return checklist_item_add(
        actor=staff, title="Site plans", standard="Boston small-cell guidelines s.3.1", published_on=PUBLISHED
    )


@pytest.fixture
def photos(staff, frozen):
    # Published Tue 2026-02-24, the day after the application below was submitted: it does not apply to it.
    return checklist_item_add(
        actor=staff, title="Pole photos", standard="Boston small-cell guidelines s.3.4", published_on=date(2026, 2, 24)
    )


@pytest.fixture
def fresh(staff, crown_castle, frozen):
    # SWF collocation submitted Mon 2026-02-23: Sun 2026-03-01 is day 6 of 10 (last day Thu 2026-03-05).
    return make_application(
        actor=staff, applicant=crown_castle, reference="SC-2026-0060", submitted_on=date(2026, 2, 23)
    )


@pytest.fixture
def carrier_client(crown_castle, login_as):
    return login_as(provider_user(crown_castle, "cc"))


def urls(application, item):
    return {
        "checklist": reverse("permits:checklist"),
        "checklist-add": reverse("permits:checklist-add"),
        "checklist-edit": reverse("permits:checklist-edit", args=[item.pk]),
        "checklist-retire": reverse("permits:checklist-retire", args=[item.pk]),
        "review": reverse("permits:review"),
        "application-review": reverse("permits:application-review", args=[application.pk]),
        "application-review-item": reverse("permits:application-review-item", args=[application.pk, item.pk]),
        "application-incomplete-notice": reverse("permits:application-incomplete-notice", args=[application.pk]),
    }


READ_PAGES = ("checklist", "review", "application-review")
WRITES = (
    "checklist-add",
    "checklist-edit",
    "checklist-retire",
    "application-review-item",
    "application-incomplete-notice",
)


def test_anonymous_visitors_are_sent_to_sign_in(client, fresh, plans):
    for name, url in urls(fresh, plans).items():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and "/login/" in response["Location"], name


def test_carrier_users_are_refused_every_page(carrier_client, fresh, plans):
    for name, url in urls(fresh, plans).items():
        assert carrier_client.get(url).status_code == 403, name
        assert carrier_client.post(url).status_code == 403, name
    assert not ChecklistReview.objects.exists() and not Letter.objects.exists()


@pytest.mark.parametrize("role_client", ["legal_client", "auditor_client"])
def test_legal_and_auditors_read_the_pages_but_write_nothing(request, role_client, fresh, plans):
    client = request.getfixturevalue(role_client)
    addresses = urls(fresh, plans)
    for name in READ_PAGES:
        response = client.get(addresses[name])
        assert response.status_code == 200, name
        page = response.content.decode()
        assert "Add a checklist item" not in page and "Draft the incompleteness notice" not in page
        assert "Save the finding" not in page
    for name in ("checklist-add", "checklist-edit", "checklist-retire"):
        assert client.get(addresses[name]).status_code == 403, name
    for name in WRITES:
        assert client.post(addresses[name], {f"item-{plans.pk}-complete": "yes"}).status_code == 403, name
    assert not ChecklistReview.objects.exists() and not Letter.objects.exists()
    plans.refresh_from_db()
    assert plans.retired_on is None


def test_the_checklist_lists_every_item_with_its_standard_and_staff_see_the_buttons(staff_client, plans, photos):
    page = staff_client.get(reverse("permits:checklist")).content.decode()
    assert "Boston small-cell guidelines s.3.1" in page and "Boston small-cell guidelines s.3.4" in page
    assert "Mon, Jun 2, 2025" in page and "Every category" in page
    assert reverse("permits:checklist-add") in page
    assert reverse("permits:checklist-edit", args=[plans.pk]) in page
    assert reverse("permits:checklist-retire", args=[plans.pk]) in page


def test_staff_add_edit_and_retire_an_item(staff_client):
    response = staff_client.post(
        reverse("permits:checklist-add"),
        {
            "title": "Site plans",
            "standard": "Ord. 12",
            "published_on": "2026-02-02",
            "categories": "",
            "required": "on",
            "position": "1",
            "description": "",
        },
    )
    assert response.status_code == 302
    item = ChecklistItem.objects.get()
    assert (item.title, item.standard, item.published_on, item.position) == (
        "Site plans",
        "Ord. 12",
        date(2026, 2, 2),
        1,
    )
    staff_client.post(
        reverse("permits:checklist-edit", args=[item.pk]),
        {
            "title": "Site plans and elevations",
            "standard": "Ord. 12",
            "published_on": "2026-02-02",
            "required": "on",
            "position": "1",
        },
    )
    item.refresh_from_db()
    assert item.title == "Site plans and elevations"
    confirm = staff_client.get(reverse("permits:checklist-retire", args=[item.pk]))
    assert "Retire the item" in confirm.content.decode()
    staff_client.post(reverse("permits:checklist-retire", args=[item.pk]))
    item.refresh_from_db()
    assert item.retired_on == date(2026, 3, 1)
    assert item.history.count() == 3


def test_an_item_with_no_standard_or_a_future_publication_date_is_refused(staff_client):
    no_standard = staff_client.post(
        reverse("permits:checklist-add"),
        {"title": "Plans", "standard": "", "published_on": "2026-02-02", "position": "0"},
    )
    assert no_standard.status_code == 200 and "This field is required." in no_standard.content.decode()
    future = staff_client.post(
        reverse("permits:checklist-add"),
        {"title": "Plans", "standard": "Ord. 1", "published_on": "2026-03-02", "position": "0"},
    )
    assert future.status_code == 200 and "cannot be in the future" in future.content.decode()
    assert not ChecklistItem.objects.exists()


def test_the_standard_of_a_checked_item_cannot_be_edited(staff, staff_client, fresh, plans):
    checklist_review_set(actor=staff, application=fresh, item=plans, complete=True)
    response = staff_client.post(
        reverse("permits:checklist-edit", args=[plans.pk]),
        {"title": plans.title, "standard": "Ord. 99", "published_on": "2025-06-02", "required": "on", "position": "0"},
    )
    assert response.status_code == 200 and "can no longer change" in response.content.decode()
    plans.refresh_from_db()
    assert plans.standard == "Boston small-cell guidelines s.3.1"


def test_the_review_page_shows_the_applicable_items_their_documents_and_the_countdown(
    staff, staff_client, fresh, plans, photos, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = ApplicationDocument(
        provider=fresh.applicant,
        application=fresh,
        checklist_item=plans,
        original_name="plans-rev2.pdf",
        content_type=ApplicationDocument.Type.PDF,
        size=2048,
        sha256="0" * 64,
        uploaded_by=staff,
    )
    document.file.save("upload.pdf", ContentFile(b"%PDF-1.7"), save=False)
    document.save()
    page = staff_client.get(reverse("permits:application-review", args=[fresh.pk])).content.decode()
    assert "Site plans" in page and "plans-rev2.pdf" in page and "2.0\xa0KB" in page
    assert "Pole photos" not in page  # published after the submission
    assert "Day 6 of 10" in page and "Thu, Mar 5, 2026" in page
    assert "Window passed" not in page
    assert "Draft the incompleteness notice from the unticked items" in page
    assert reverse("permits:application-review-item", args=[fresh.pk, plans.pk]) in page


def test_a_late_review_is_flagged_and_the_notice_can_still_be_drafted(staff_client, application, plans):
    # Submitted Mon 2026-01-05: Sun 2026-03-01 is day 55, past the 10-day window.
    page = staff_client.get(reverse("permits:application-review", args=[application.pk])).content.decode()
    assert "Window passed" in page and "day 55: the 10-day window has passed" in page.lower()
    assert "may not reset or toll the shot clock" in page
    assert "Draft the incompleteness notice" in page


def test_staff_tick_an_item_and_draft_the_notice_to_the_letter_page(staff_client, fresh, plans, photos, staff):
    other = checklist_item_add(actor=staff, title="RF report", standard="47 CFR 1.1307(b)", published_on=PUBLISHED)
    response = staff_client.post(
        reverse("permits:application-review-item", args=[fresh.pk, plans.pk]),
        {f"item-{plans.pk}-complete": "yes", f"item-{plans.pk}-note": "Sheets 1-4"},
        follow=True,
    )
    assert "Saved: “Site plans” is complete." in response.content.decode()
    review = ChecklistReview.objects.get()
    assert (review.item, review.complete, review.note, review.checked_by) == (plans, True, "Sheets 1-4", staff)
    response = staff_client.post(reverse("permits:application-incomplete-notice", args=[fresh.pk]))
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == letter.get_absolute_url()
    assert letter.data["missing_items"] == [["RF report", "47 CFR 1.1307(b)"]]
    page = staff_client.get(response["Location"]).content.decode()
    assert "Legal approves and issues it; issuing it records the notice on the application" in page
    assert other.title in page


def test_ticking_an_item_that_does_not_apply_is_refused_and_saves_nothing(staff_client, fresh, photos):
    response = staff_client.post(
        reverse("permits:application-review-item", args=[fresh.pk, photos.pk]),
        {f"item-{photos.pk}-complete": "yes"},
        follow=True,
    )
    assert "does not apply to application SC-2026-0060" in response.content.decode()
    assert not ChecklistReview.objects.exists()


def test_a_finding_with_no_choice_is_refused_and_saves_nothing(staff_client, fresh, plans):
    response = staff_client.post(reverse("permits:application-review-item", args=[fresh.pk, plans.pk]), {}, follow=True)
    assert "Nothing was saved for “Site plans”" in response.content.decode()
    assert not ChecklistReview.objects.exists()


def test_no_notice_when_every_item_is_ticked(staff, staff_client, fresh, plans):
    checklist_review_set(actor=staff, application=fresh, item=plans, complete=True)
    response = staff_client.post(reverse("permits:application-incomplete-notice", args=[fresh.pk]), follow=True)
    assert "there is nothing to notify" in response.content.decode()
    assert not Letter.objects.exists()


def test_the_review_list_shows_each_waiting_application(staff, staff_client, fresh, application, plans):
    checklist_review_set(actor=staff, application=fresh, item=plans, complete=True)
    page = staff_client.get(reverse("permits:review")).content.decode()
    assert reverse("permits:application-review", args=[fresh.pk]) in page
    assert "Day 6 of 10" in page and "1 of 1" in page and "Crown Castle Fiber" in page
    # SC-2026-0001 (submitted Mon 2026-01-05) is on day 55: flagged in a tag and in words.
    assert "Window passed" in page and "Day 55: the 10-day window has passed" in page
    assert page.index("SC-2026-0060") < page.index("SC-2026-0001")  # newest first


def _count(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("permits:review")).status_code == 200
    return len(queries)


def test_the_review_list_costs_the_same_queries_for_one_or_five_applications(
    staff, staff_client, crown_castle, att, plans
):
    make_application(
        actor=staff,
        applicant=crown_castle,
        reference="SC-2026-0100",
        submitted_on=date(2026, 2, 20),
        assigned_reviewer=staff,
    )
    one = _count(staff_client)
    for number in range(4):
        application = make_application(
            actor=staff,
            applicant=att if number % 2 else crown_castle,
            reference=f"SC-2026-020{number}",
            submitted_on=date(2026, 2, 20 + number),
            assigned_reviewer=staff,
        )
        checklist_review_set(actor=staff, application=application, item=plans, complete=bool(number % 2))
    assert _count(staff_client) == one


def test_after_a_resubmission_the_review_counts_the_further_notices_days_from_it(staff, staff_client, fresh, plans):
    from permits import services

    # Submitted Mon 2026-02-23; notice Wed 2026-02-25 (day 2: resets the SWF clock); resubmitted Fri 2026-02-27.
    services.clock_event_record(
        application=fresh,
        actor=staff,
        kind="incomplete_notice",
        date=date(2026, 2, 25),
        missing_items=[{"item": "Site plans", "rule": "Boston small-cell guidelines s.3.1"}],
    )
    services.clock_event_record(application=fresh, actor=staff, kind="resubmitted", date=date(2026, 2, 27))
    # Sun 2026-03-01 is day 2 of 10 after the resubmission (47 CFR 1.6003(d)(3)), not day 6 from the submission.
    listing = staff_client.get(reverse("permits:review")).content.decode()
    assert "Day 2 of 10 after the resubmission" in listing
    page = staff_client.get(reverse("permits:application-review", args=[fresh.pk])).content.decode()
    assert "Day 2 of 10 after the resubmission" in page and "Mon, Mar 9, 2026" in page
