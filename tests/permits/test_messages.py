"""An application's message thread: the service's rules and the City's page (permits:application-messages)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from permits.models import ApplicationMessage
from permits.services_messages import BODY_MAX, message_post
from tests.factories import ProviderContactFactory

pytestmark = pytest.mark.django_db


def thread_url(application):
    return reverse("permits:application-messages", args=[application.pk])


def test_a_carrier_user_writes_as_the_applicant(application, crown_castle_user):
    message = message_post(actor=crown_castle_user, application=application, body="  Any news?  ")
    assert (message.body, message.from_city, message.author) == ("Any news?", False, crown_castle_user)


@pytest.mark.parametrize("role", ["staff", "legal"])
def test_staff_and_legal_write_as_the_city(application, request, role):
    user = request.getfixturevalue(role)
    message = message_post(actor=user, application=application, body="Please send the drawings.")
    assert message.from_city is True and message.author == user


@pytest.mark.parametrize("who", ["auditor", "outsider", "att_user", "comcast_user"])
def test_anyone_else_is_refused_and_nothing_is_saved(application, request, who):
    with pytest.raises(ValidationError):
        message_post(actor=request.getfixturevalue(who), application=application, body="Hello")
    assert not ApplicationMessage.objects.exists()


@pytest.mark.parametrize("body", ["", "   \n  ", "x" * (BODY_MAX + 1)])
def test_an_empty_or_overlong_message_is_refused(application, staff, body):
    with pytest.raises(ValidationError) as error:
        message_post(actor=staff, application=application, body=body)
    assert "body" in error.value.message_dict
    assert not ApplicationMessage.objects.exists()


def test_a_message_of_exactly_the_limit_is_kept(application, staff):
    assert len(message_post(actor=staff, application=application, body="x" * BODY_MAX).body) == BODY_MAX


def test_every_message_is_kept_in_history_with_its_author(application, staff, crown_castle_user):
    first = message_post(actor=staff, application=application, body="One")
    second = message_post(actor=crown_castle_user, application=application, body="Two")
    assert first.history.get().history_user == staff
    assert second.history.get().history_user == crown_castle_user
    assert ApplicationMessage.history.count() == 2


def test_a_city_message_emails_the_applicants_notice_contacts(
    application, staff, crown_castle, django_capture_on_commit_callbacks
):
    ProviderContactFactory(provider=crown_castle, name="A Notices", email="notices@crown.example")
    ProviderContactFactory(provider=crown_castle, name="B Quiet", email="quiet@crown.example", receives_notices=False)
    with django_capture_on_commit_callbacks(execute=True):
        message_post(actor=staff, application=application, body="Please send the drawings.")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["notices@crown.example"]
    assert email.subject == "A new message on SC-2026-0001"
    assert reverse("portal:application-messages", args=[application.pk]) in email.body


def test_a_carrier_message_emails_every_staff_user_when_no_one_is_assigned(
    application, staff, legal, crown_castle_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message_post(actor=crown_castle_user, application=application, body="Any news?")
    assert [email.to for email in mail.outbox] == [[staff.email]]
    assert thread_url(application) in mail.outbox[0].body


def test_a_refused_message_sends_nothing(application, auditor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        message_post(actor=auditor, application=application, body="Hello")
    assert mail.outbox == []


# The City's page -----------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, application):
    for method in (client.get, client.post):
        response = method(thread_url(application), {"body": "Hello"})
        assert response.status_code == 302 and "login" in response["Location"]
    assert not ApplicationMessage.objects.exists()


def test_a_carrier_user_is_refused_the_city_page(login_as, crown_castle_user, application):
    client = login_as(crown_castle_user)
    assert client.get(thread_url(application)).status_code == 403
    assert client.post(thread_url(application), {"body": "Hello"}).status_code == 403
    assert not ApplicationMessage.objects.exists()


def test_the_auditor_reads_the_thread_but_cannot_post(auditor_client, application, crown_castle_user):
    message_post(actor=crown_castle_user, application=application, body="Any news?")
    response = auditor_client.get(thread_url(application))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Any news?" in page and "Write to Crown Castle Fiber" not in page
    assert auditor_client.post(thread_url(application), {"body": "Hello"}).status_code == 403
    assert ApplicationMessage.objects.count() == 1


@pytest.mark.parametrize("role", ["staff_client", "legal_client"])
def test_staff_and_legal_post_on_the_page(application, request, role):
    client = request.getfixturevalue(role)
    assert "Write to Crown Castle Fiber" in client.get(thread_url(application)).content.decode()
    response = client.post(thread_url(application), {"body": "Please send the drawings."})
    assert response.status_code == 302 and response["Location"] == thread_url(application)
    assert ApplicationMessage.objects.get().from_city is True


def test_an_empty_message_on_the_page_shows_the_error_and_saves_nothing(staff_client, application):
    response = staff_client.post(thread_url(application), {"body": "  "})
    assert response.status_code == 200
    assert "usa-error-message" in response.content.decode() or "required" in response.content.decode()
    assert not ApplicationMessage.objects.exists()


def test_an_unknown_application_is_404(staff_client, application):
    assert staff_client.get(reverse("permits:application-messages", args=[application.pk + 100])).status_code == 404


def test_a_script_in_a_message_shows_as_text(staff_client, application, crown_castle_user):
    message_post(actor=crown_castle_user, application=application, body="<script>alert(1)</script>")
    page = staff_client.get(thread_url(application)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_the_application_page_links_the_thread_with_its_count(staff_client, application, staff, crown_castle_user):
    message_post(actor=crown_castle_user, application=application, body="One")
    message_post(actor=staff, application=application, body="Two")
    page = staff_client.get(application.get_absolute_url()).content.decode()
    assert f'href="{thread_url(application)}">Messages (2)</a>' in page


def test_the_city_thread_page_costs_a_fixed_number_of_queries(
    staff_client, staff, crown_castle_user, application, django_assert_max_num_queries
):
    counts = []
    for total in (1, 12):
        while ApplicationMessage.objects.count() < total:
            author = staff if ApplicationMessage.objects.count() % 2 else crown_castle_user
            message_post(actor=author, application=application, body="Hi")
        with django_assert_max_num_queries(7) as captured:
            assert staff_client.get(thread_url(application)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
