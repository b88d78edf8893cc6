from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from letters import kinds
from letters import services as letter_services
from letters.models import Letter
from permits import checklist
from permits import services as permits_services
from permits.models import ChecklistItem, ChecklistReview, ClockEvent
from permits.services_review import (
    checklist_item_add,
    checklist_item_retire,
    checklist_item_update,
    checklist_review_set,
    incompleteness_notice_draft,
)
from tests.factories import ProviderContactFactory, provider_user
from tests.letters import factories as letter_factories
from tests.permits.factories import make_application

pytestmark = pytest.mark.django_db


def test_a_checklist_item_published_in_the_future_is_refused_and_nothing_saved(staff):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        checklist_item_add(
            actor=staff, title="Plans", standard="Ord. 1", published_on=timezone.localdate() + timedelta(days=1)
        )
    assert not ChecklistItem.objects.exists()


def test_an_item_added_then_retired_is_retired_today(staff):
    item = checklist_item_add(actor=staff, title="Plans", standard="Ord. 1", published_on=timezone.localdate())
    checklist_item_retire(actor=staff, item=item)
    item.refresh_from_db()
    assert item.retired_on == timezone.localdate()
    with pytest.raises(ValidationError, match="already retired"):
        checklist_item_retire(actor=staff, item=item)


# Editing, ticking and the notice --------------------------------------------------------
# Time is frozen on Sunday 2026-03-01 (tests/permits/conftest.py).

PLANS = {"title": "Site plans", "standard": "Boston small-cell guidelines s.3.1", "published_on": date(2025, 6, 2)}
RF = {
    "title": "RF emissions report",
    "standard": "47 CFR 1.1307(b); Boston small-cell guidelines s.4.2",
    "published_on": date(2025, 6, 2),
    "description": "signed by a licensed engineer",
}


@pytest.fixture
def items(staff, frozen):
    plans = checklist_item_add(actor=staff, **PLANS)
    rf = checklist_item_add(actor=staff, **RF)
    # Published Mon 2026-02-23, after the application below was submitted: not asked of it.
    later = checklist_item_add(
        actor=staff, title="Pole photos", standard="Boston small-cell guidelines s.3.4", published_on=date(2026, 2, 23)
    )
    # Optional: never named in a notice.
    optional = checklist_item_add(
        actor=staff,
        title="Cover letter",
        standard="Boston small-cell guidelines s.1",
        published_on=PLANS["published_on"],
        required=False,
    )
    # Only for new structures: a collocation is not held to it.
    new_pole = checklist_item_add(
        actor=staff,
        title="Pole foundation drawing",
        standard="Boston small-cell guidelines s.5",
        published_on=PLANS["published_on"],
        categories="swf_new_structure",
    )
    return {"plans": plans, "rf": rf, "later": later, "optional": optional, "new_pole": new_pole}


@pytest.fixture
def fresh(staff, crown_castle, frozen):
    # SWF collocation submitted Thu 2026-02-19: Sun 2026-03-01 is day 10 of 10 (Feb 19 + 10 = Mar 1), still timely.
    return make_application(
        actor=staff, applicant=crown_castle, reference="SC-2026-0050", submitted_on=date(2026, 2, 19)
    )


def test_an_items_standard_and_publication_date_are_locked_once_an_application_was_checked(staff, items, fresh):
    plans = items["plans"]
    checklist_item_update(actor=staff, item=plans, standard="Boston small-cell guidelines s.3.1(a)")
    checklist_review_set(actor=staff, application=fresh, item=plans, complete=True)
    with pytest.raises(ValidationError, match="can no longer change") as refused:
        checklist_item_update(actor=staff, item=plans, standard="Something else", title="Plans and elevations")
    assert set(refused.value.message_dict) == {"standard"}
    plans.refresh_from_db()
    assert (plans.standard, plans.title) == ("Boston small-cell guidelines s.3.1(a)", "Site plans")
    # The title and the same standard again may still be saved.
    checklist_item_update(actor=staff, item=plans, title="Plans and elevations", standard=plans.standard)
    plans.refresh_from_db()
    assert plans.title == "Plans and elevations"
    assert plans.history.count() == 3  # added, standard corrected, title corrected


def test_an_item_cannot_be_moved_to_a_future_publication_date(staff, items):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        checklist_item_update(actor=staff, item=items["plans"], published_on=date(2026, 3, 2))
    items["plans"].refresh_from_db()
    assert items["plans"].published_on == date(2025, 6, 2)


def test_ticking_twice_updates_the_one_finding(staff, items, fresh):
    checklist_review_set(actor=staff, application=fresh, item=items["plans"], complete=False, note="Sheet 2 missing")
    review = checklist_review_set(actor=staff, application=fresh, item=items["plans"], complete=True)
    assert ChecklistReview.objects.get() == review
    assert (review.complete, review.note, review.checked_by) == (True, "", staff)


@pytest.mark.parametrize("name", ["later", "new_pole"])
def test_an_item_that_does_not_apply_cannot_be_ticked(staff, items, fresh, name):
    with pytest.raises(ValidationError, match="does not apply to application SC-2026-0050"):
        checklist_review_set(actor=staff, application=fresh, item=items[name], complete=True)
    assert not ChecklistReview.objects.exists()


def test_only_staff_tick_and_not_on_a_decided_application(staff, legal, items, fresh):
    with pytest.raises(PermissionDenied):
        checklist_review_set(actor=legal, application=fresh, item=items["plans"], complete=True)
    permits_services.clock_event_record(application=fresh, actor=staff, kind="withdrawn", date=date(2026, 2, 27))
    with pytest.raises(ValidationError, match="is withdrawn"):
        checklist_review_set(actor=staff, application=fresh, item=items["plans"], complete=True)
    assert not ChecklistReview.objects.exists()


def test_the_notice_names_the_required_applicable_items_not_ticked_complete(staff, items, fresh):
    # Plans ticked complete; RF ticked incomplete; pole photos published after submission, the cover letter
    # optional and the foundation drawing for new poles only: the notice names RF alone.
    checklist_review_set(actor=staff, application=fresh, item=items["plans"], complete=True)
    checklist_review_set(actor=staff, application=fresh, item=items["rf"], complete=False, note="Unsigned")
    letter = incompleteness_notice_draft(actor=staff, application=fresh)
    assert letter.kind == "smallcell_incomplete" and letter.status == "draft"
    assert letter.source == fresh and letter.created_by == staff
    assert letter.data["missing_items"] == [
        ["RF emissions report: signed by a licensed engineer", "47 CFR 1.1307(b); Boston small-cell guidelines s.4.2"]
    ]
    wording = kinds.SMALLCELL_INCOMPLETE
    assert (letter.subject, letter.body, letter.closing) == (wording.subject, wording.body, wording.closing)


def test_an_item_never_ticked_is_missing(staff, items, fresh):
    letter = incompleteness_notice_draft(actor=staff, application=fresh)
    assert [rule for _item, rule in letter.data["missing_items"]] == [PLANS["standard"], RF["standard"]]


def test_no_notice_when_everything_is_ticked_complete(staff, items, fresh):
    for name in ("plans", "rf"):
        checklist_review_set(actor=staff, application=fresh, item=items[name], complete=True)
    with pytest.raises(ValidationError, match="nothing to notify"):
        incompleteness_notice_draft(actor=staff, application=fresh)
    assert not Letter.objects.exists()


def test_a_late_notice_can_still_be_drafted(staff, items, application):
    # Submitted Mon 2026-01-05: Sun 2026-03-01 is day 55, past the 10-day window; the draft is still made,
    # and the engine says at issue that it moves no clock.
    assert checklist.countdown(
        category=application.category, submitted_on=application.submitted_on, today=date(2026, 3, 1)
    ).over
    letter = incompleteness_notice_draft(actor=staff, application=application)
    assert len(letter.data["missing_items"]) == 2


# The notice reaches the carrier ----------------------------------------------------------


def test_the_issued_notice_is_in_the_carriers_portal_inbox_and_on_the_clock(
    staff, legal, items, fresh, crown_castle, settings, tmp_path, login_as
):
    settings.MEDIA_ROOT = tmp_path / "media"
    ProviderContactFactory(provider=crown_castle, name="Robin Permits", email="permits@crowncastle.example")
    checklist_review_set(actor=staff, application=fresh, item=items["plans"], complete=True)
    letter = incompleteness_notice_draft(actor=staff, application=fresh)
    # Legal signs it, approves and issues it, with e-mail (the worker's render and delivery run inline, as on commit).
    letter = letter_services.letter_update(
        letter=letter,
        actor=legal,
        subject=letter.subject,
        body=letter.body,
        closing=letter.closing,
        values={"signatory_name": "Lee Counsel"},
    )
    letter = letter_factories.issue(letter, legal, send_email=True)
    assert letter.status == "issued"

    (message,) = mail.outbox
    assert message.to == ["permits@crowncastle.example"]
    assert letter.number in message.subject

    page = login_as(provider_user(crown_castle, "cc")).get(reverse("portal:letters"))
    assert page.status_code == 200 and letter.number in page.content.decode()

    # Submitted Thu 2026-02-19, notice Sun 2026-03-01: day 10, timely, so it resets the SWF clock (1.6003(d)(1)).
    notice = ClockEvent.objects.get(application=fresh)
    assert notice.kind == ClockEvent.Kind.INCOMPLETE_NOTICE and notice.date == date(2026, 3, 1)
    assert notice.letter == letter
    assert [[m.item, m.rule] for m in notice.missing_items.all()] == [
        ["RF emissions report: signed by a licensed engineer", RF["standard"]]
    ]
    fresh.refresh_from_db()
    assert fresh.status == "incomplete"
