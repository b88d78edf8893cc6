"""Sign-in, throttling, password pages, deactivation, roles."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.roles import PROVIDER, STAFF
from tests.factories import UserFactory, give_totp, totp_code

PASSWORD = "correct horse battery staple"


def test_login_page_is_served_to_anonymous_users(client):
    page = client.get(reverse("auth:login"))
    assert page.status_code == 200
    assert 'class="usa-skipnav"' in page.content.decode()


def test_a_user_signs_in_with_the_right_password_then_the_second_factor(staff):
    give_totp(staff)
    client = Client()
    response = client.post(reverse("auth:login"), {"login": "staff", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:home")
    assert client.get(reverse("staff:home")).status_code == 200


def test_after_five_failed_logins_even_the_right_password_must_wait(staff):
    """A short wait, not a lock: tests/accounts/test_signin_throttle.py has the schedule."""
    client = Client()
    for _ in range(5):
        response = client.post(reverse("auth:login"), {"login": "staff", "password": "wrong"})
    response = client.post(reverse("auth:login"), {"login": "staff", "password": PASSWORD})
    assert response.status_code == 429
    assert "Wait 1 second," in response.content.decode()
    assert response["Retry-After"] == "1"


def test_a_wrong_password_shows_a_clear_error(staff):
    page = Client().post(reverse("auth:login"), {"login": "staff", "password": "nope"})
    assert page.status_code == 200
    assert "username and/or password you specified are not correct" in page.content.decode()


def test_password_reset_sends_a_one_time_link(staff):
    response = Client().post(reverse("auth:password_reset"), {"email": staff.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_password_change_requires_the_old_password(staff_client):
    page = staff_client.post(
        reverse("auth:password_change"),
        {"old_password": "wrong", "new_password1": "a new long passphrase", "new_password2": "a new long passphrase"},
    )
    assert page.status_code == 200
    assert "usa-error-message" in page.content.decode()


def test_deactivating_a_user_ends_their_sessions(staff, comcast_user, comcast_client):
    assert comcast_client.get(reverse("portal:home")).status_code == 200
    services.user_deactivate(user=comcast_user, actor=staff)
    response = comcast_client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_provider_role_needs_an_organisation(staff):
    user = UserFactory(username="loose")
    with pytest.raises(ValidationError, match="must belong to a provider"):
        services.user_set_role(user=user, role=PROVIDER, actor=staff)
    assert not user.groups.exists()


def test_a_city_role_cannot_belong_to_a_provider(staff, comcast):
    user = UserFactory(username="mixed")
    with pytest.raises(ValidationError, match="Only provider users"):
        services.user_set_role(user=user, role=STAFF, provider=comcast, actor=staff)
    user.refresh_from_db()
    assert user.provider is None


def test_session_and_csrf_cookies_are_hardened(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


def test_forms_reject_posts_without_a_csrf_token(staff, comcast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(reverse("accounts:provider-edit", args=[comcast.pk]), {"name": "x"})
    assert response.status_code == 403
