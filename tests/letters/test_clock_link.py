"""One act, one record: issuing a small-cell letter records (or links) its shot-clock event in the same
transaction; four eyes on every letter; a notice with no effect on the clock is said before issue.

Time is frozen on Friday 2026-11-20 (conftest.py); dates are worked by hand in the comments."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from letters import services
from letters.models import Letter, LetterSequence
from permits import services as permits_services
from permits.models import ClockEvent
from tests.letters import factories

ITEMS = [[item["item"], item["rule"]] for item in factories.MISSING]


@pytest.fixture
def swf(staff, crown_castle):
    # SWF collocation submitted Mon 2026-11-16: a notice on Fri 2026-11-20 is day 4, within 10 (1.6003(d)(1)).
    return factories.application(
        actor=staff, applicant=crown_castle, reference="SC-2026-0201", submitted_on=date(2026, 11, 16)
    )


@pytest.fixture
def late_swf(staff, crown_castle):
    # SWF collocation submitted Mon 2026-11-02: Fri 2026-11-20 is day 18, later than day 10: no effect.
    # 60 days: 28 days to Nov 30, 31 in Dec (59), 1 more -> Fri 2027-01-01, New Year's Day -> Mon 2027-01-04.
    return factories.application(
        actor=staff, applicant=crown_castle, reference="SC-2026-0202", submitted_on=date(2026, 11, 2)
    )


@pytest.fixture
def running(staff, crown_castle):
    # SWF collocation submitted Mon 2026-10-05: 60 days -> Fri 2026-12-04.
    return factories.application(
        actor=staff, applicant=crown_castle, reference="SC-2026-0203", submitted_on=date(2026, 10, 5)
    )


@pytest.fixture
def efr(staff, crown_castle):
    # Eligible facilities request submitted Mon 2026-08-03: 60 days -> Fri 2026-10-02, never rolled (1.6100(c)).
    return factories.application(
        actor=staff,
        applicant=crown_castle,
        reference="SC-2026-0204",
        category="eligible_facilities",
        submitted_on=date(2026, 8, 3),
    )


def events(application, kind=None):
    rows = ClockEvent.objects.filter(application=application)
    return list(rows.filter(kind=kind) if kind else rows)


def issue(letter, legal, legal2, **kwargs):
    return factories.issue(letter, legal, approver=legal2, **kwargs)


# Issuing records the event -----------------------------------------------------------


def test_issuing_an_incompleteness_letter_records_the_notice_with_its_items(swf, legal, legal2):
    letter = factories.draft(actor=legal, kind="smallcell_incomplete", source=swf, missing_items=ITEMS)
    letter = issue(letter, legal, legal2)
    [notice] = events(swf)
    assert notice.kind == "incomplete_notice" and notice.date == date(2026, 11, 20)
    assert [[m.item, m.rule] for m in notice.missing_items.all()] == ITEMS
    assert notice.letter == letter and list(letter.clock_events.all()) == [notice]
    swf.refresh_from_db()
    assert swf.status == "incomplete" and swf.clock_state == "tolled"  # reset: waiting for the resubmission


def test_an_incompleteness_notice_logged_first_is_linked_not_doubled(swf, staff, legal, legal2):
    logged = factories.notice(application=swf, actor=staff, on=date(2026, 11, 20))
    letter = issue(factories.draft(actor=legal, kind="smallcell_incomplete", source=swf), legal, legal2)
    assert events(swf) == [logged]
    logged.refresh_from_db()
    assert logged.letter == letter
    assert logged.history.latest().letter_id == letter.pk  # the link is in the event's history too


def test_a_notice_logged_days_before_is_the_one_the_letter_links(swf, staff, legal, legal2, frozen):
    logged = factories.notice(application=swf, actor=staff, on=date(2026, 11, 18))
    letter = factories.draft(actor=legal, kind="smallcell_incomplete", source=swf)
    assert letter.data["notice_date"] == "2026-11-18"
    frozen.move_to("2026-11-23 10:00:00-05:00")  # approved and issued the next Monday
    letter = issue(letter, legal, legal2)
    assert events(swf) == [logged] and ClockEvent.objects.get().letter == letter


def test_issuing_a_tolling_agreement_records_the_agreed_days(running, legal, legal2):
    letter = factories.draft(actor=legal, kind="tolling_agreement", source=running, tolling_days=20)
    # Fri 2026-12-04 + 20 days = Thu 2026-12-24.
    assert letter.data["new_deadline"] == "2026-12-24"
    letter = issue(letter, legal, legal2)
    [agreement] = events(running)
    assert (agreement.kind, agreement.date, agreement.days, agreement.letter) == (
        "tolling_agreement",
        date(2026, 11, 20),
        20,
        letter,
    )
    running.refresh_from_db()
    assert running.clock_deadline == date(2026, 12, 24)


def test_a_tolling_agreement_logged_first_is_linked_and_its_days_count_once(running, staff, legal, legal2):
    logged = permits_services.clock_event_record(
        application=running, actor=staff, kind="tolling_agreement", date=date(2026, 11, 19), days=15
    )
    letter = factories.draft(actor=legal, kind="tolling_agreement", source=running)
    # Prefilled with the logged 15 days: now Fri 2026-12-04 without them; with them Sat 12-19 -> Mon 2026-12-21.
    assert letter.data["tolling_days"] == 15
    assert (letter.data["current_deadline"], letter.data["new_deadline"]) == ("2026-12-04", "2026-12-21")
    letter = issue(letter, legal, legal2)
    assert events(running) == [logged]
    running.refresh_from_db()
    assert running.clock_deadline == date(2026, 12, 21) and ClockEvent.objects.get().letter == letter


def test_issuing_an_approval_records_the_decision(running, legal, legal2):
    letter = factories.draft(
        actor=legal,
        kind="approval_conditions",
        source=running,
        decision_date=date(2026, 11, 20),
        conditions=["Paint the cabinet to match the pole."],
    )
    letter = issue(letter, legal, legal2)
    [decision] = events(running)
    assert (decision.kind, decision.outcome, decision.date, decision.letter) == (
        "decision",
        "approved",
        date(2026, 11, 20),
        letter,
    )
    running.refresh_from_db()
    assert running.status == "approved"


def test_an_approval_logged_first_is_linked(running, staff, legal, legal2):
    logged = factories.decide(application=running, actor=staff, on=date(2026, 11, 18), outcome="approved")
    letter = factories.draft(
        actor=legal, kind="approval_conditions", source=running, conditions=["No generator on site."]
    )
    letter = issue(letter, legal, legal2)
    assert events(running) == [logged] and ClockEvent.objects.get().letter == letter


def test_issuing_a_denial_records_the_decision_with_the_letters_reasons(running, legal, legal2):
    reasons = ["The pole stands in the sidewalk clear path.", "The equipment exceeds 28 cubic feet."]
    letter = factories.draft(
        actor=legal, kind="denial_reasons", source=running, decision_date=date(2026, 11, 20), reasons=reasons
    )
    letter = issue(letter, legal, legal2)
    [decision] = events(running)
    assert (decision.outcome, decision.date, decision.reasons) == ("denied", date(2026, 11, 20), "\n".join(reasons))
    assert decision.letter == letter


def test_issuing_a_deemed_granted_letter_records_the_applicants_notice(efr, legal, legal2):
    letter = factories.draft(actor=legal, kind="deemed_granted", source=efr, applicant_notice_date=date(2026, 10, 15))
    letter = issue(letter, legal, legal2)
    [notice] = events(efr)
    assert (notice.kind, notice.date, notice.letter) == ("deemed_granted_notice", date(2026, 10, 15), letter)
    efr.refresh_from_db()
    assert efr.status == "deemed_granted"


def test_a_deemed_grant_notice_already_logged_is_linked(efr, staff, legal, legal2):
    logged = permits_services.clock_event_record(
        application=efr, actor=staff, kind="deemed_granted_notice", date=date(2026, 10, 15)
    )
    letter = issue(factories.draft(actor=legal, kind="deemed_granted", source=efr), legal, legal2)
    assert events(efr) == [logged] and ClockEvent.objects.get().letter == letter


def test_other_kinds_record_no_clock_event(issued_letter):
    assert not ClockEvent.objects.exists() and not issued_letter.clock_events.exists()


# A refusal refuses the issue ---------------------------------------------------------


def test_a_refusal_by_the_clock_engine_refuses_the_issue_and_takes_no_number(running, staff, legal, legal2):
    factories.decide(application=running, actor=staff, on=date(2026, 11, 18), outcome="approved")
    letter = factories.draft(
        actor=legal,
        kind="denial_reasons",
        source=running,
        decision_date=date(2026, 11, 20),
        reasons=["Blocks the sidewalk."],
    )
    services.letter_approve(letter=letter, actor=legal2)
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks, pytest.raises(ValidationError) as caught:
        services.letter_issue(letter=letter, actor=legal)
    assert "the shot clock refuses the decision (denied) of 2026-11-20" in " ".join(caught.value.messages)
    assert "no further event can be recorded" in " ".join(caught.value.messages)
    assert callbacks == []  # nothing queued
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.status == "approved" and letter.number is None
    assert not LetterSequence.objects.filter(last__gt=0).exists()
    assert [e.outcome for e in events(running)] == ["approved"]


def test_a_deemed_grant_letter_that_contradicts_the_logged_notice_is_refused(efr, staff, legal, legal2):
    permits_services.clock_event_record(
        application=efr, actor=staff, kind="deemed_granted_notice", date=date(2026, 10, 15)
    )
    letter = factories.draft(actor=legal, kind="deemed_granted", source=efr, applicant_notice_date=date(2026, 10, 16))
    services.letter_approve(letter=letter, actor=legal2)
    with pytest.raises(ValidationError, match="logged on the application is dated 2026-10-15"):
        services.letter_issue(letter=letter, actor=legal)
    assert Letter.objects.get(pk=letter.pk).number is None and ClockEvent.objects.get().letter is None


def test_a_second_letter_for_an_event_already_in_writing_is_refused(swf, staff, legal, legal2):
    factories.notice(application=swf, actor=staff, on=date(2026, 11, 20))
    first = issue(factories.draft(actor=legal, kind="smallcell_incomplete", source=swf), legal, legal2)
    second = factories.draft(actor=legal, kind="smallcell_incomplete", source=swf)
    services.letter_approve(letter=second, actor=legal2)
    with pytest.raises(ValidationError, match=f"already recorded by letter {first.number}"):
        services.letter_issue(letter=second, actor=legal)
    assert Letter.objects.get(pk=second.pk).number is None


# The letter and the timeline agree ---------------------------------------------------


def test_the_timeline_and_the_letter_page_name_each_other(swf, legal, legal2, staff_client, legal_client):
    letter = factories.draft(actor=legal, kind="smallcell_incomplete", source=swf, missing_items=ITEMS)
    letter = issue(letter, legal, legal2)
    event = ClockEvent.objects.get()
    timeline = staff_client.get(reverse("permits:application-detail", args=[swf.pk])).content.decode()
    row = timeline[timeline.index(f'id="event-{event.pk}"') :]
    row = row[: row.index("</tr>")]
    assert f"letter {letter.number}" in row and letter.get_absolute_url() in row
    page = legal_client.get(letter.get_absolute_url()).content.decode()
    assert "Recorded on the application:" in page and event.get_absolute_url() in page
    assert "Incompleteness notice of 2026-11-20" in page


def test_the_timeline_costs_no_query_per_linked_letter(swf, legal, legal2, staff_client, django_assert_max_num_queries):
    issue(factories.draft(actor=legal, kind="smallcell_incomplete", source=swf, missing_items=ITEMS), legal, legal2)
    url = reverse("permits:application-detail", args=[swf.pk])
    staff_client.get(url)
    with django_assert_max_num_queries(40) as queries:
        staff_client.get(url)
    assert not [
        q for q in queries.captured_queries if 'FROM "compliance_letter" WHERE "compliance_letter"."id" =' in q["sql"]
    ]


# Logging the event offers the letter --------------------------------------------------


def test_logging_a_notice_offers_the_letter_prefilled_from_the_application(swf, staff_client):
    data = {
        "date": "2026-11-20",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-item": "Structural analysis",
        "items-0-rule": "Boston PIC rule 7(b)",
    }
    page = staff_client.post(reverse("permits:event-notice", args=[swf.pk]), data, follow=True).content.decode()
    assert "Draft the incompleteness notice letter" in page
    assert f"/letters/new/?kind=smallcell_incomplete&amp;source=permits.permitapplication%3A{swf.pk}" in page


@pytest.mark.parametrize(
    ("data", "label", "kind"),
    [
        ({"date": "2026-11-20", "outcome": "approved"}, "Draft the approval letter", "approval_conditions"),
        (
            {"date": "2026-11-20", "outcome": "denied", "reasons": "Blocks the path."},
            "Draft the denial letter",
            "denial_reasons",
        ),
    ],
)
def test_logging_a_decision_offers_the_matching_letter(running, staff_client, data, label, kind):
    page = staff_client.post(reverse("permits:event-decision", args=[running.pk]), data, follow=True)
    assert label in page.content.decode() and f"kind={kind}" in page.content.decode()


def test_logging_a_tolling_agreement_offers_the_letter(running, staff_client):
    url = reverse("permits:event-tolling-agreement", args=[running.pk])
    page = staff_client.post(url, {"date": "2026-11-20", "days": "10"}, follow=True).content.decode()
    assert "Draft the tolling agreement letter" in page


def test_a_resubmission_offers_no_letter(swf, staff, staff_client):
    factories.notice(application=swf, actor=staff, on=date(2026, 11, 18))
    url = reverse("permits:event-resubmission", args=[swf.pk])
    page = staff_client.post(url, {"date": "2026-11-20"}, follow=True).content.decode()
    assert "Recorded: resubmission." in page and "Draft the" not in page


# A notice with no effect is said before issue -----------------------------------------


NIL = "This notice has no effect on the shot clock: incompleteness notice on"


def test_a_late_notice_warns_legal_on_the_draft_approve_and_issue_pages(
    late_swf, legal, legal2, legal_client, legal2_client
):
    create = reverse("letters:create") + f"?kind=smallcell_incomplete&source=permits.permitapplication:{late_swf.pk}"
    assert NIL in legal_client.get(create).content.decode()
    letter = factories.draft(actor=legal, kind="smallcell_incomplete", source=late_swf, missing_items=ITEMS)
    assert (
        "notice on 2026-11-20, day 18: later than day 10"
        in legal_client.get(letter.get_absolute_url()).content.decode()
    )
    assert NIL in legal_client.get(reverse("letters:edit", args=[letter.pk])).content.decode()
    assert NIL in legal2_client.get(letter.get_absolute_url()).content.decode()  # the approver's page
    services.letter_approve(letter=letter, actor=legal2)
    page = legal_client.get(letter.get_absolute_url()).content.decode()
    assert NIL in page and "The shot-clock date stays 2027-01-04." in page
    assert 'name="confirm_no_effect"' in page


def test_a_timely_notice_shows_no_warning_and_no_extra_box(swf, legal, legal2, legal_client):
    letter = factories.draft(actor=legal, kind="smallcell_incomplete", source=swf, missing_items=ITEMS)
    services.letter_approve(letter=letter, actor=legal2)
    page = legal_client.get(letter.get_absolute_url()).content.decode()
    assert "no effect on the shot clock" not in page and 'name="confirm_no_effect"' not in page


def test_issuing_a_late_notice_needs_the_confirmation(late_swf, legal, legal2, legal_client):
    letter = factories.draft(actor=legal, kind="smallcell_incomplete", source=late_swf, missing_items=ITEMS)
    services.letter_approve(letter=letter, actor=legal2)
    url = reverse("letters:issue", args=[letter.pk])
    page = legal_client.post(url, {"confirm": "on"}, follow=True).content.decode()
    assert NIL in page and "Tick the box to confirm that the notice is to be issued" in page
    assert Letter.objects.get(pk=letter.pk).status == "approved" and not ClockEvent.objects.exists()
    assert not LetterSequence.objects.filter(last__gt=0).exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        legal_client.post(url, {"confirm": "on", "confirm_no_effect": "on"})
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.status == "issued"
    assert "does not reset or toll the clock" in letter.data["clock_effect"]
    assert ClockEvent.objects.get().letter == letter  # logged all the same: the record of what was sent


def test_the_service_refuses_a_late_notice_without_the_confirmation(late_swf, legal, legal2):
    letter = factories.draft(actor=legal, kind="smallcell_incomplete", source=late_swf, missing_items=ITEMS)
    services.letter_approve(letter=letter, actor=legal2)
    with pytest.raises(ValidationError) as caught:
        services.letter_issue(letter=letter, actor=legal)
    assert "confirm_no_effect" in caught.value.message_dict
    assert services.letter_issue(letter=letter, actor=legal, confirm_no_effect=True).number == "CBO-2026-0001"


# Four eyes ---------------------------------------------------------------------------


def test_the_drafter_may_not_approve_their_own_letter(fee_letter, legal):
    with pytest.raises(ValidationError, match="approved by someone other than the person who drafted it"):
        services.letter_approve(letter=fee_letter, actor=legal)
    assert Letter.objects.get(pk=fee_letter.pk).status == "draft"
    assert not fee_letter.events.filter(kind="approved").exists()


def test_another_legal_user_approves_what_staff_or_legal_drafted(fee_letter, legal2):
    assert services.letter_approve(letter=fee_letter, actor=legal2).approved_by == legal2


def test_self_approval_is_allowed_when_the_setting_is_off(fee_letter, legal, settings):
    settings.LETTERS_REQUIRE_SECOND_APPROVER = False
    assert services.letter_approve(letter=fee_letter, actor=legal).status == "approved"


def test_the_drafter_sees_why_there_is_no_approve_button(fee_letter, legal_client, legal2_client):
    page = legal_client.get(fee_letter.get_absolute_url()).content.decode()
    assert "Approve for issue" not in page
    assert "A letter must be approved by someone other than the person who drafted it" in page
    other = legal2_client.get(fee_letter.get_absolute_url()).content.decode()
    assert "Approve for issue" in other and 'id="approval-refusal"' not in other


def test_the_drafter_posting_approve_is_refused_with_the_message(fee_letter, legal_client):
    page = legal_client.post(reverse("letters:approve", args=[fee_letter.pk]), follow=True).content.decode()
    assert "A letter must be approved by someone other than the person who drafted it" in page
    assert Letter.objects.get(pk=fee_letter.pk).status == "draft"


def test_a_correction_is_approved_by_someone_other_than_its_drafter(issued_letter, legal, legal2):
    correction = services.letter_correct(original=issued_letter, actor=legal2)
    with pytest.raises(ValidationError, match="someone other than"):
        services.letter_approve(letter=correction, actor=legal2)
    assert services.letter_approve(letter=correction, actor=legal).status == "approved"


def test_the_draft_says_when_its_items_differ_from_the_logged_notice(swf, staff, legal, legal_client):
    factories.notice(application=swf, actor=staff, on=date(2026, 11, 20))
    letter = factories.draft(
        actor=legal, kind="smallcell_incomplete", source=swf, missing_items=[["Site plan", "Boston PIC rule 3"]]
    )
    page = legal_client.get(letter.get_absolute_url()).content.decode()
    assert "The missing items in this letter differ from those of the notice logged on 2026-11-20" in page
    same = factories.draft(actor=legal, kind="smallcell_incomplete", source=swf)
    assert "differ from those" not in legal_client.get(same.get_absolute_url()).content.decode()


def test_a_denial_with_no_logged_decision_says_issuing_logs_it(running, legal, legal_client):
    letter = factories.draft(actor=legal, kind="denial_reasons", source=running)
    page = legal_client.get(letter.get_absolute_url()).content.decode()
    assert "issuing this letter logs the decision" in page
