"""Emailing an issued letter: the provider's notice contacts, a copy to Legal, recorded either way."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from letters import services
from letters.models import LetterDelivery
from tests.letters import factories


def send(letter, actor):
    with TestCase.captureOnCommitCallbacks(execute=True):
        delivery = services.letter_send(letter=letter, actor=actor)
    delivery.refresh_from_db()
    return delivery


def test_an_issued_letter_is_emailed_to_notice_contacts_with_a_copy_to_legal(issued_letter, legal, settings):
    delivery = send(issued_letter, legal)
    assert delivery.status == LetterDelivery.Status.SENT
    assert delivery.requested_by == legal and delivery.sent_at is not None
    (message,) = mail.outbox
    # Pat No-Notices does not receive formal notices.
    assert sorted(message.to) == ["fees@comcast.example", "gov@comcast.example"]
    assert message.cc == [settings.LEGAL_EMAIL]
    assert message.subject == (
        "Letter CBO-2026-0001 from the City of Boston: Late or short payment of franchise fees, Q2 2026: "
        "Comcast renewal license 2020-2030"
    )
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == ("CBO-2026-0001.pdf", "application/pdf")
    assert services.rendering.sha256(content) == issued_letter.sha256
    assert issued_letter.sha256 in message.body
    assert reverse("letters:verify") in message.body
    event = issued_letter.events.get(kind="sent")
    assert event.actor == legal and "gov@comcast.example" in event.detail


def test_issuing_with_email_sends_once_the_pdf_is_stored(fee_letter, legal):
    letter = factories.issue(fee_letter, legal, send_email=True)
    assert letter.deliveries.get().status == LetterDelivery.Status.SENT
    assert len(mail.outbox) == 1


def test_a_mail_server_failure_is_recorded_not_lost(issued_letter, legal, settings):
    settings.EMAIL_BACKEND = "tests.deadlines.failing_backend.FailingBackend"
    delivery = send(issued_letter, legal)
    assert delivery.status == LetterDelivery.Status.FAILED
    assert delivery.error
    assert issued_letter.events.filter(kind="send_failed").exists()


def test_a_delivery_is_sent_once_however_often_the_task_runs(issued_letter, legal):
    delivery = send(issued_letter, legal)
    services.letter_deliver(delivery_id=delivery.pk)
    assert len(mail.outbox) == 1


def test_a_provider_with_no_notice_contact_cannot_be_emailed(issued_letter, legal):
    issued_letter.provider.contacts.update(receives_notices=False)
    with pytest.raises(ValidationError, match="has no contact who receives formal notices"):
        services.letter_send(letter=issued_letter, actor=legal)
    assert not LetterDelivery.objects.exists()


def test_a_draft_cannot_be_emailed(fee_letter, legal):
    with pytest.raises(ValidationError, match="Only an issued letter"):
        services.letter_send(letter=fee_letter, actor=legal)


def test_the_send_button_queues_the_email(legal_client, issued_letter):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = legal_client.post(reverse("letters:send", args=[issued_letter.pk]), follow=True)
    assert "Queued for email" in response.content.decode()
    assert len(mail.outbox) == 1
