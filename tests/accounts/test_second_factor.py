"""Two-factor sign-in (django-allauth TOTP and recovery codes), required for every local account.

These tests sign in through the real form; Client.force_login's shortcut
(tests/conftest.py) is not used where enforcement is what is tested."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client
from django.urls import reverse

from accounts import invitations, services
from tests.factories import TEST_TOTP_SECRET, UserFactory, give_totp, totp_code

PASSWORD = "correct horse battery staple"


def _password_sign_in(username):
    client = Client()
    response = client.post(reverse("auth:login"), {"login": username, "password": PASSWORD})
    assert response.status_code == 302
    return client, response


def test_a_provider_user_without_a_second_factor_is_sent_to_enrolment_from_every_page(comcast_user, comcast):
    client, response = _password_sign_in("comcast-clerk")
    for path in [reverse("portal:home"), reverse("staff:home"), reverse("auth:password_change"), "/providers/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("mfa_activate_totp"), path
    assert client.get("/api/v1/me/").status_code == 403
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_enrolment_with_a_valid_code_opens_the_portal(comcast_user):
    client, _ = _password_sign_in("comcast-clerk")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=comcast_user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=comcast_user, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get(reverse("portal:home")).status_code == 200


def test_with_a_second_factor_the_password_alone_is_not_enough(comcast_user):
    give_totp(comcast_user)
    client, response = _password_sign_in("comcast-clerk")
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: every page sends back to the sign-in page.
    assert "/accounts/login/" in client.get(reverse("portal:home"))["Location"]
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if totp_code() != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "usa-error-message" in wrong.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TEST_TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


def test_a_recovery_code_works_once(comcast_user):
    give_totp(comcast_user)
    code = RecoveryCodes.activate(comcast_user).get_unused_codes()[0]
    client, _ = _password_sign_in("comcast-clerk")
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200

    again, _ = _password_sign_in("comcast-clerk")
    response = again.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200  # refused: the form again, with an error
    assert "/accounts/login/" in again.get(reverse("portal:home"))["Location"]


def test_staff_reset_removes_the_second_factor_ends_sessions_and_leaves_history(staff, comcast_user, login_as):
    clerk_client = login_as(comcast_user)
    assert clerk_client.get(reverse("portal:home")).status_code == 200
    response = login_as(staff).post(reverse("invitations:user-reset-second-factor", args=[comcast_user.pk]))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=comcast_user).exists()
    record = comcast_user.history.order_by("-history_date").first()
    assert record.history_change_reason.startswith("Second factor reset by staff")
    assert record.history_user == staff
    # The session that used the old factor ends at its next request.
    response = clerk_client.get(reverse("portal:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # At the next sign-in the clerk enrols again.
    client, _ = _password_sign_in("comcast-clerk")
    assert client.get(reverse("portal:home"))["Location"] == reverse("mfa_activate_totp")


def test_only_staff_reset_a_second_factor_and_never_their_own(staff, auditor, comcast_user):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        services.user_reset_second_factor(user=comcast_user, actor=auditor)
    with pytest.raises(PermissionDenied):
        services.user_reset_second_factor(user=staff, actor=comcast_user)
    with pytest.raises(ValidationError):
        services.user_reset_second_factor(user=staff, actor=staff)


def test_accepting_an_invitation_leads_through_enrolment(staff, comcast):
    _, token = invitations.invitation_create(actor=staff, provider=comcast, email="new.clerk@comcast.example")
    client = Client()
    response = client.post(
        reverse("invitations:accept", args=[token]),
        {"first_name": "New", "last_name": "Clerk", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("portal:home"))["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)}).status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


@pytest.mark.real_second_factor
def test_a_session_without_the_second_factor_step_is_not_let_in(comcast_user):
    """force_login without the test shortcut: a session that skipped the code step."""
    give_totp(comcast_user)
    client = Client()
    client.force_login(comcast_user)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.real_second_factor
def test_a_user_signed_in_through_the_admin_login_still_enrols(db):
    user = UserFactory(username="admin2", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")


@pytest.mark.real_second_factor
def test_no_url_of_the_project_serves_a_provider_user_who_has_not_used_a_second_factor(comcast_user, comcast):
    """Walk every URL (tests/access.py): a provider user signed in with the password only reaches
    enrolment and sign-out, nothing else; once enrolled, a session that skipped the code step is signed out."""
    from tests.access import PUBLIC_URL_NAMES, iter_routes

    enrolment = reverse("mfa_activate_totp")
    client, _ = _password_sign_in("comcast-clerk")
    served = []
    routes = [
        r
        for r in iter_routes()
        if r.name not in PUBLIC_URL_NAMES
        and r.name.split(":")[-1] not in {"mfa_activate_totp", "account_reauthenticate", "account_logout", "logout"}
    ]
    assert len(routes) > 50
    for route in routes:
        response = client.get(route.path)
        if route.is_api:
            ok = response.status_code == 403
        else:
            ok = response.status_code in (301, 302) and response["Location"] in (enrolment, route.path + "/")
        if not ok:
            served.append(f"{route.path} ({route.name}) -> {response.status_code} {response.get('Location', '')}")
    assert served == []

    # Enrolled, but this session never gave the code: every page signs it out.
    give_totp(comcast_user)
    for route in routes[:: max(1, len(routes) // 25)]:
        skipped = Client()
        skipped.force_login(comcast_user)  # a password-equivalent session: no second-factor record
        response = skipped.get(route.path)
        assert response.status_code in (301, 302, 403), route.path
        assert "_auth_user_id" not in skipped.session, route.path
