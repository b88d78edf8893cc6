"""Draft -> edit -> approve -> issue -> PDF, numbering, the audit trail, corrections."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from deadlines.models import Deadline
from letters import services
from letters.models import Letter, LetterSequence
from tests.letters import factories


def test_a_fee_letter_is_prefilled_from_the_fee_ledger(fee_letter):
    data = fee_letter.data
    assert fee_letter.status == Letter.Status.DRAFT
    assert data["provider_name"] == "Comcast Cable Communications"
    assert data["period"] == "Q2 2026"
    assert data["due_date"] == "2026-08-17"
    assert data["fee_due"] == "50000.00"
    assert data["amount_paid"] == "45000.00"
    assert data["shortfall"] == "5000.00"
    # 50,000 x 30 days + 5,000 x 65 days = 1,825,000 dollar-days; x 12% / 365 = $600.00 (see factories).
    assert data["interest"] == "600.00"
    assert data["total_due"] == "5600.00"
    assert data["pay_by"] == "2026-12-21"  # Nov 20 + 30 = Sun Dec 20 -> Mon Dec 21
    assert data["attention"] == "Dana Whitfield, Director, Government Affairs"
    assert data["signatory_name"] == "Test Legal"


def test_issuing_stores_the_pdf_its_hash_the_wording_version_and_the_data(issued_letter, legal):
    letter = issued_letter
    assert letter.status == Letter.Status.ISSUED
    assert letter.number == "CBO-2026-0001"
    assert letter.issued_on == date(2026, 11, 20)
    assert letter.issued_by == legal
    assert len(letter.sha256) == 64
    with letter.pdf.open("rb") as handle:
        assert services.rendering.sha256(handle.read()) == letter.sha256
    assert letter.rendered_data["template_version"] == 1
    assert letter.rendered_data["data"]["letter_number"] == "CBO-2026-0001"
    assert letter.rendered_data["data"]["interest"] == "600.00"
    kinds = list(letter.events.values_list("kind", flat=True))
    assert kinds == ["created", "edited", "approved", "issue_requested", "issued"] or kinds == [
        "created",
        "approved",
        "issue_requested",
        "issued",
    ]
    text = factories.pdf_words(letter)
    assert "CBO-2026-0001" in text
    assert "$5,600.00" in text


def test_the_audit_trail_names_each_step_and_who_took_it(issued_letter, legal):
    events = list(issued_letter.events.order_by("at", "id"))
    assert [e.kind for e in events] == ["created", "approved", "issue_requested", "issued"]
    # Four eyes: a second Legal user approved what `legal` drafted and issued.
    assert [e.actor.username for e in events] == ["legal", "legal-reviewer", "legal", "legal"]
    assert "CBO-2026-0001" in events[2].detail
    assert issued_letter.sha256 in events[3].detail
    # The history rows name the actor too (acting_as): Legal for the workflow, the system user for the PDF.
    assert issued_letter.history.earliest().history_user == legal


def edit(letter, actor, **changes):
    from letters import kinds

    fields = {f.name: f for f in kinds.editable_fields(letter.kind)}
    values = {name: factories._python(fields[name], letter.data.get(name)) for name in fields}
    texts = {"subject": letter.subject, "body": letter.body, "closing": letter.closing}
    for name, value in changes.items():
        (texts if name in texts else values)[name] = value
    return services.letter_update(letter=letter, actor=actor, values=values, **texts)


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("body", "Pay {{ amount_owed }} now.", "Unknown placeholder {{ amount_owed }}"),
        ("closing", "{% load static %}", "is template syntax"),
        ("subject", "Re {{ provider_name|upper }}", "is not a plain placeholder"),
    ],
)
def test_wording_with_anything_but_whitelisted_placeholders_is_refused_and_nothing_saved(
    fee_letter, legal, field, text, message
):
    before = Letter.objects.get(pk=fee_letter.pk)
    with pytest.raises(ValidationError) as caught:
        edit(fee_letter, legal, **{field: text})
    assert any(message in m for m in caught.value.message_dict[field])
    after = Letter.objects.get(pk=fee_letter.pk)
    assert (after.subject, after.body, after.closing) == (before.subject, before.body, before.closing)
    assert not after.events.filter(kind="edited").exists()


def test_legal_edits_wording_and_values_and_computed_values_follow(fee_letter, legal):
    letter = edit(fee_letter, legal, body="Dear {{ provider_name }}: pay {{ total_due }}.", pay_days=10)
    assert letter.body == "Dear {{ provider_name }}: pay {{ total_due }}."
    assert letter.data["pay_days"] == 10
    assert letter.data["pay_by"] == "2026-11-30"  # Fri Nov 20 + 10 = Mon Nov 30
    assert letter.events.filter(kind="edited", actor=legal).exists()


def test_a_draft_is_not_approved_while_a_required_value_is_missing(fee_filing, staff, legal):
    letter = services.letter_create(actor=staff, kind="fee_interest", source=fee_filing)
    assert letter.data["signatory_name"] == ""  # drafted by Staff: Legal signs
    with pytest.raises(ValidationError) as caught:
        services.letter_approve(letter=letter, actor=legal)
    assert "Signed by has no value." in caught.value.messages
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.DRAFT
    letter = edit(letter, legal, signatory_name="Alex Counsel")
    assert services.letter_approve(letter=letter, actor=legal).status == Letter.Status.APPROVED


def test_only_an_approved_letter_is_issued(fee_letter, legal):
    with pytest.raises(ValidationError, match="Only an approved letter can be issued"):
        services.letter_issue(letter=fee_letter, actor=legal)
    assert not LetterSequence.objects.exists()


def test_numbers_are_gap_free_a_refused_issue_takes_no_number(license_, fee_filing, staff, legal, legal2, frozen):
    first = factories.issue(factories.draft(actor=legal, kind="fee_interest", source=fee_filing), legal)
    # A cure notice whose text uses an empty optional value is refused at issue: no number is taken.
    cure = factories.draft(
        actor=legal, kind="cure_notice", source=factories.overdue_filing(license=license_, actor=staff)
    )
    services.letter_approve(letter=cure, actor=legal2)
    cure = Letter.objects.get(pk=cure.pk)
    Letter.objects.filter(pk=cure.pk).update(closing=cure.closing + " Copy: {{ attention }}")
    Letter.objects.filter(pk=cure.pk).update(data={**cure.data, "attention": ""})
    with pytest.raises(ValidationError, match="attention"):
        services.letter_issue(letter=cure, actor=legal)
    factories.failing_customer_service(license=license_, actor=staff)
    second = factories.issue(factories.draft(actor=legal, kind="cs_enforcement", source=license_), legal)
    assert [first.number, second.number] == ["CBO-2026-0001", "CBO-2026-0002"]
    assert LetterSequence.objects.get(year=2026).last == 2
    # A new year starts again at 0001.
    frozen.move_to("2027-01-04 09:00:00-05:00")
    third = factories.issue(factories.draft(actor=legal, kind="cs_enforcement", source=license_), legal)
    assert third.number == "CBO-2027-0001"
    assert third.issued_on == date(2027, 1, 4)


def test_return_to_draft_discard_and_refresh(fee_letter, legal, legal2, staff):
    approved = services.letter_approve(letter=fee_letter, actor=legal2)
    back = services.letter_return_to_draft(letter=approved, actor=legal, reason="Check the amounts.")
    assert back.status == Letter.Status.DRAFT and back.approved_by is None
    edited = edit(back, legal, salutation="Dear Mr. Ortega:")
    refreshed = services.letter_refresh(letter=edited, actor=staff)
    assert refreshed.data["salutation"] == "Dear Dana Whitfield:"
    discarded = services.letter_discard(letter=refreshed, actor=staff, reason="Paid in full.")
    assert discarded.status == Letter.Status.DISCARDED
    with pytest.raises(ValidationError):
        services.letter_approve(letter=discarded, actor=legal)
    assert list(discarded.events.values_list("kind", flat=True)) == [
        "created",
        "approved",
        "returned",
        "edited",
        "refreshed",
        "discarded",
    ]


def test_wording_is_versioned_every_version_kept_and_a_draft_can_take_the_newest(fee_letter, legal):
    version = services.template_version_create(
        actor=legal,
        kind="fee_interest",
        subject="Franchise fees due: {{ period }}",
        body="Dear {{ provider_name }}: {{ total_due }} is due by {{ pay_by }}.",
        closing="",
        note="Shorter.",
    )
    assert version.number == 2
    assert list(
        services.LetterTemplateVersion.objects.filter(kind="fee_interest").values_list("number", flat=True)
    ) == [
        2,
        1,
    ]
    assert fee_letter.template_version.number == 1  # drafts keep their wording until asked
    letter = services.letter_use_wording(letter=fee_letter, actor=legal)
    assert letter.template_version == version
    assert letter.body.startswith("Dear {{ provider_name }}:")


def test_a_template_version_with_an_unknown_placeholder_is_refused_naming_it(legal):
    with pytest.raises(ValidationError) as caught:
        services.template_version_create(
            actor=legal, kind="cure_notice", subject="Notice", body="Pay {{ fee_due }} by {{ cure_by }}.", note="x"
        )
    assert any("Unknown placeholder {{ fee_due }}" in m for m in caught.value.message_dict["body"])
    assert services.LetterTemplateVersion.objects.filter(kind="cure_notice").count() == 1


def test_a_cure_notice_puts_its_cure_date_on_the_deadline_list_and_a_correction_replaces_it(
    license_, fee_filing, staff, legal
):
    source = factories.overdue_filing(license=license_, actor=staff)
    letter = factories.issue(factories.draft(actor=legal, kind="cure_notice", source=source), legal)
    deadline = Deadline.objects.get(source_id=letter.pk, source_key="cure_by")
    assert deadline.due_date == date(2026, 12, 21)
    assert deadline.provider == letter.provider and deadline.provider_facing
    assert "CBO-2026-0001" in deadline.title and deadline.citation == "47 U.S.C. 546(d)"
    correction = factories.issue(services.letter_correct(original=letter, actor=legal), legal)
    deadline.refresh_from_db()
    assert deadline.state == Deadline.State.WAIVED
    assert Deadline.objects.get(source_id=correction.pk, source_key="cure_by").state == Deadline.State.OPEN


def test_a_failed_render_keeps_the_number_says_why_and_can_be_retried(fee_letter, legal, monkeypatch):
    from django.test import TestCase

    from letters import pdf, rendering

    real = pdf.render_pdf

    def broken(html, **options):
        raise rendering.LetterRenderError("Fonts are missing")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    with pytest.raises(rendering.LetterRenderError):
        factories.issue(fee_letter, legal)
    letter = Letter.objects.get(pk=fee_letter.pk)
    assert letter.status == Letter.Status.ISSUING and letter.number == "CBO-2026-0001"
    assert "Fonts are missing" in letter.render_error
    assert letter.events.filter(kind="render_failed").exists()
    monkeypatch.setattr(pdf, "render_pdf", real)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.letter_render_retry(letter=letter, actor=legal)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ISSUED and letter.render_error == ""
    assert letter.number == "CBO-2026-0001"


def test_rendering_twice_stores_one_pdf(issued_letter):
    from letters import tasks

    tasks.render_letter(issued_letter.pk)
    assert issued_letter.events.filter(kind="issued").count() == 1


def test_a_letter_cannot_be_made_from_the_wrong_kind_of_record(license_, legal, fee_filing):
    with pytest.raises(ValidationError, match="is made from a license filing or a license payment, not from a cable"):
        services.letter_create(actor=legal, kind="fee_interest", source=license_)
    with pytest.raises(ValidationError, match="is not a record a letter can be made from"):
        services.letter_create(actor=legal, kind="fee_interest", source="accounts.user:1")
    with pytest.raises(ValidationError, match="There is no license filing 999999"):
        services.letter_create(actor=legal, kind="fee_interest", source="franchise.filing:999999")


def test_a_database_emptied_of_wording_gets_the_shipped_first_version_back(fee_filing, legal):
    from letters.models import LetterTemplateVersion

    LetterTemplateVersion.objects.all()._raw_delete(LetterTemplateVersion.objects.db)  # as `manage.py flush` would
    letter = services.letter_create(actor=legal, kind="fee_interest", source=fee_filing)
    assert letter.template_version.number == 1
    assert letter.body == services.kinds.FEE_INTEREST.body
