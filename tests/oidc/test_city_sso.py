"""City single sign-on against a real OpenID Connect provider (tests/oidc/provider.mjs)."""

import pytest
from allauth.socialaccount.models import SocialAccount

from accounts.models import User
from accounts.roles import LEGAL, STAFF, user_roles

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _roles(username):
    return set(user_roles(User.objects.get(username=username)))


def test_sign_in_creates_the_user_with_the_mapped_role(idp, browser, live_server):
    idp.sign_in_as("alice", groups=["conduit-staff", "unrelated-group"])
    status, url, page = browser.sign_in_with_city_sso()
    assert status == 200, page
    # Straight to the staff home page: no local second factor for SSO users (the IdP checks its own).
    assert url == f"{live_server.url}/", url
    assert "Sign out" in page
    alice = User.objects.get(username="alice")
    assert _roles("alice") == {STAFF}
    assert alice.provider is None
    assert not alice.has_usable_password()
    assert SocialAccount.objects.filter(user=alice, provider="city", uid="alice").exists()
    assert alice.history.filter(history_change_reason__startswith="City sign-in").exists()


def test_a_group_removed_at_the_identity_provider_takes_the_role_away(idp, browser):
    idp.sign_in_as("bea", groups=["conduit-staff", "conduit-legal"])
    assert browser.sign_in_with_city_sso()[0] == 200
    assert _roles("bea") == {STAFF, LEGAL}

    idp.sign_in_as("bea", groups=["conduit-legal"])
    again = type(browser)(browser.base_url)  # a fresh browser: a new sign-in
    status, _, page = again.sign_in_with_city_sso()
    assert status == 200, page
    assert _roles("bea") == {LEGAL}
    bea = User.objects.get(username="bea")
    change = bea.history.filter(history_change_reason="City sign-in: roles Legal").first()
    assert change is not None
    assert change.history_user.username == "conduit-system"

    idp.sign_in_as("bea", groups=[])
    status, _, page = type(browser)(browser.base_url).sign_in_with_city_sso()
    assert status == 403
    assert "none of the groups" in page
    assert _roles("bea") == set()
    assert bea.history.filter(history_change_reason="City sign-in: roles none").exists()


def test_a_user_with_no_mapped_group_gets_no_city_role(idp, browser):
    idp.sign_in_as("carl", groups=["some-other-app"])
    status, _, page = browser.sign_in_with_city_sso()
    assert status == 403
    assert "none of the groups" in page
    assert not User.objects.filter(username="carl").exists()
    # Not signed in either.
    status, url, _ = browser.request("/")
    assert "/accounts/login/" in url


def test_a_tampered_id_token_is_refused(idp, browser):
    idp.sign_in_as("mallory", groups=["some-other-app"], tamper=True)
    status, url, page = browser.sign_in_with_city_sso()
    assert "/accounts/social/login/error/" in url or "Login Failure" in page, (status, url)
    # Unsigned, the payload would have made mallory Staff and Legal.
    assert not User.objects.filter(username="mallory").exists()
    status, url, _ = browser.request("/")
    assert "/accounts/login/" in url


def test_a_provider_user_cannot_come_through_city_sso(idp, browser, comcast):
    from tests.factories import provider_user

    clerk = provider_user(comcast, "comcast-sso")
    SocialAccount.objects.create(user=clerk, provider="city", uid="comcast-sso")
    idp.sign_in_as("comcast-sso", groups=["conduit-staff"])
    status, _, page = browser.sign_in_with_city_sso()
    assert status == 403
    assert "Provider accounts sign in with their username" in page
    assert user_roles(User.objects.get(pk=clerk.pk)) == frozenset({"Provider"})
