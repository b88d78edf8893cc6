"""Provider accounts: staff invite anyone to any provider; a provider's
portal administrator invites colleagues of their own organisation only; the
link is one-time and expires; deactivating a user ends their sessions."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts import invitations
from accounts.models import Invitation, User
from accounts.roles import PROVIDER, user_roles

PASSWORD = "a long and unusual passphrase 42"


def _link(message):
    return re.search(r"http://[^\s\"]+/invite/[^\s\"/]+/", message.body)[0]


def _path(url):
    return url.split("127.0.0.1:8000", 1)[1]


@pytest.fixture
def sent(staff, comcast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invitations.invitation_create(
            actor=staff, provider=comcast, email="Dana.Finance@comcast.example", first_name="Dana"
        )
    return invitation, token


def test_staff_invite_by_email_with_a_one_time_link(staff_client, comcast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("invitations:create"),
            {"provider": comcast.pk, "email": "sam@comcast.example", "first_name": "Sam", "last_name": "Ortega"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.provider, invitation.email, invitation.is_provider_admin) == (
        comcast,
        "sam@comcast.example",
        False,
    )
    assert mail.outbox[0].to == ["sam@comcast.example"]
    link = _link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Only the hash is stored.
    assert invitation.token_hash == invitations.token_hash(token) and token not in invitation.token_hash


def test_accepting_sets_the_password_signs_in_and_uses_up_the_link(client, sent, comcast):
    invitation, token = sent
    url = reverse("invitations:accept", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "Comcast Cable Communications" in page.content.decode()
    response = client.post(
        url, {"first_name": "Dana", "last_name": "Lee", "password1": PASSWORD, "password2": PASSWORD}
    )
    # Signed in, and sent to set up a second factor first (tests/accounts/test_second_factor.py).
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    user = User.objects.get(username="dana.finance@comcast.example")
    assert user.provider == comcast and user.check_password(PASSWORD)
    assert PROVIDER in user_roles(user) and not user.is_provider_admin
    assert client.get(reverse("mfa_activate_totp")).status_code == 200  # signed in, enrolling
    invitation.refresh_from_db()
    assert invitation.accepted_at and invitation.user == user
    # The link works once.
    again = Client().get(url)
    assert again.status_code == 410 and "already used" in again.content.decode()
    assert Client().post(url, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 410
    assert User.objects.filter(email__iexact="dana.finance@comcast.example").count() == 1


def test_an_expired_link_is_refused(client, sent, time_machine):
    _, token = sent
    time_machine.move_to("2026-07-18 10:00:00-04:00")  # 8 days later; links last 7
    response = client.get(reverse("invitations:accept", args=[token]))
    assert response.status_code == 410 and "expired" in response.content.decode()
    response = client.post(reverse("invitations:accept", args=[token]), {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410
    assert not User.objects.filter(email__iexact="dana.finance@comcast.example").exists()


def test_an_unknown_or_withdrawn_link_is_refused(client, sent, staff):
    invitation, token = sent
    assert client.get(reverse("invitations:accept", args=["not-a-real-token"])).status_code == 404
    invitations.invitation_revoke(actor=staff, invitation=invitation)
    assert client.get(reverse("invitations:accept", args=[token])).status_code == 410


def test_a_new_invitation_to_the_same_address_replaces_the_old_link(client, sent, staff, comcast):
    _, old_token = sent
    _, new_token = invitations.invitation_create(actor=staff, provider=comcast, email="dana.finance@comcast.example")
    assert client.get(reverse("invitations:accept", args=[old_token])).status_code == 410
    assert client.get(reverse("invitations:accept", args=[new_token])).status_code == 200


def test_a_weak_or_mismatched_password_is_refused_and_the_link_still_works(client, sent):
    _, token = sent
    url = reverse("invitations:accept", args=[token])
    weak = client.post(url, {"password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 200 and "too short" in weak.content.decode()
    different = client.post(url, {"password1": PASSWORD, "password2": PASSWORD + "!"})
    assert "The two passwords differ" in different.content.decode()
    assert not User.objects.filter(email__iexact="dana.finance@comcast.example").exists()
    assert client.get(url).status_code == 200


def test_an_address_that_already_has_an_account_is_not_invited(staff, comcast, comcast_user):
    with pytest.raises(ValidationError, match="already has an account"):
        invitations.invitation_create(actor=staff, provider=comcast, email=comcast_user.email)


def test_a_portal_administrator_invites_colleagues_of_their_own_organisation_only(
    comcast_client, comcast, verizon, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = comcast_client.post(
            reverse("portal:invite"),
            # A provider field in the post is ignored: the form has none.
            {"email": "new@comcast.example", "provider": verizon.pk, "is_provider_admin": "on"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.provider == comcast and invitation.is_provider_admin
    assert mail.outbox[0].to == ["new@comcast.example"]


def test_the_service_refuses_an_invitation_to_another_organisation(comcast_user, verizon):
    with pytest.raises(PermissionDenied):
        invitations.invitation_create(actor=comcast_user, provider=verizon, email="spy@verizon.example")
    assert Invitation.objects.count() == 0


def test_a_portal_user_who_is_not_an_administrator_cannot_invite(login_as, comcast_clerk):
    client = login_as(comcast_clerk)
    assert client.get(reverse("portal:invite")).status_code == 403
    assert client.post(reverse("portal:invite"), {"email": "x@comcast.example"}).status_code == 403
    assert Invitation.objects.count() == 0


def test_deactivating_a_colleague_ends_their_sessions(comcast_client, comcast_clerk, login_as):
    colleague_client = login_as(comcast_clerk)
    assert colleague_client.get(reverse("portal:home")).status_code == 200
    response = comcast_client.post(reverse("portal:colleague-deactivate", args=[comcast_clerk.pk]))
    assert response.status_code == 302
    comcast_clerk.refresh_from_db()
    assert not comcast_clerk.is_active
    after = colleague_client.get(reverse("portal:home"))
    assert after.status_code == 302 and "/accounts/login/" in after["Location"]


def test_staff_deactivate_a_provider_user(staff_client, comcast_clerk, login_as):
    colleague_client = login_as(comcast_clerk)
    staff_client.post(reverse("invitations:provider-user-deactivate", args=[comcast_clerk.pk]))
    assert colleague_client.get(reverse("portal:home")).status_code == 302


def test_an_administrator_cannot_deactivate_themselves(comcast_client, comcast_user):
    comcast_client.post(reverse("portal:colleague-deactivate", args=[comcast_user.pk]))
    comcast_user.refresh_from_db()
    assert comcast_user.is_active


def test_the_staff_invitation_pages_refuse_providers_and_auditor_writes(comcast_client, auditor_client, comcast, sent):
    invitation, _ = sent
    assert comcast_client.get(reverse("invitations:list")).status_code == 403
    assert comcast_client.get(reverse("invitations:create")).status_code == 403
    assert auditor_client.get(reverse("invitations:list")).status_code == 200
    assert auditor_client.post(reverse("invitations:create"), {"email": "x@y.example"}).status_code == 403
    assert auditor_client.post(reverse("invitations:revoke", args=[invitation.pk])).status_code == 403


def test_the_staff_page_lists_invitations_and_people(staff_client, sent, comcast, comcast_user):
    html = staff_client.get(reverse("invitations:list") + f"?provider={comcast.pk}").content.decode()
    assert "Dana.Finance@comcast.example" in html and "Pending" in html
    assert comcast_user.email in html and "Deactivate" in html


def test_invitations_keep_history_without_the_token(sent, staff):
    invitation, _ = sent
    record = invitation.history.get()
    assert record.history_user == staff
    assert not hasattr(record, "token_hash")


def test_the_history_page_of_an_invitation_renders_without_the_token(staff_client, sent):
    invitation, token = sent
    response = staff_client.get(reverse("staff:history", args=["accounts", "invitation", invitation.pk]))
    assert response.status_code == 200
    assert token not in response.content.decode() and invitation.token_hash not in response.content.decode()
