"""Two-factor enrolment and management in the browser: every step in Conduit's layout and accessible."""

import pytest

from tests.browser.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_new_provider_user_enrols_keeps_recovery_codes_and_signs_in_with_a_code(page, axe, screenshot, comcast_user):
    from django.core.cache import cache

    from tests.factories import totp_code

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("comcast-clerk")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    # No second factor yet: the only way on is to set one up.
    assert page.url.endswith("/accounts/2fa/totp/activate/"), page.url
    assert page.locator("form.usa-form input.usa-input").count() >= 2
    axe(page, "two-factor enrolment")
    screenshot(page, "2fa-enrol")
    page.goto("/portal/")
    assert page.url.endswith("/accounts/2fa/totp/activate/"), page.url

    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill("000000")
    with page.expect_navigation():
        page.get_by_role("button", name="Activate").click()
    assert page.get_by_role("alert").count() >= 1  # a wrong code is refused, in words
    axe(page, "two-factor enrolment with an error")
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Activate").click()

    # Straight on to the recovery codes, shown once.
    assert page.url.endswith("/accounts/2fa/recovery-codes/"), page.url
    codes = page.get_by_label("Unused codes").input_value().split()
    assert len(codes) == 10
    axe(page, "recovery codes")
    screenshot(page, "2fa-recovery-codes")
    page.goto("/accounts/2fa/")
    axe(page, "two-factor overview")
    screenshot(page, "2fa-overview")

    # Next sign-in: the password, then a recovery code (used once).
    page.goto("/portal/")
    assert "/accounts/" not in page.url, page.url
    page.context.clear_cookies()
    cache.clear()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("comcast-clerk")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/2fa/authenticate/" in page.url
    axe(page, "second-factor step")
    page.get_by_label("Authentication code").fill(codes[0])
    with page.expect_navigation():
        page.get_by_role("button", name="Verify").click()
    assert "/portal/" in page.url, page.url


def test_a_provider_user_adds_a_security_key_and_signs_in_with_it(page, sign_in, axe, screenshot, comcast_user):
    """WebAuthn with Chromium's virtual authenticator (DevTools protocol): the key is added from the
    two-factor page and then replaces the code at sign-in."""
    from allauth.mfa.models import Authenticator

    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    sign_in(page, "comcast-clerk")
    page.goto("/accounts/2fa/")
    page.get_by_role("link", name="Add").click()
    if "/reauthenticate/" in page.url:  # allauth asks for the password again before a new factor
        page.get_by_label("Password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm").click()
    assert "/2fa/webauthn/add/" in page.url, page.url
    axe(page, "add a security key")
    page.get_by_label("Name").fill("Office key")
    with page.expect_navigation():
        page.get_by_role("button", name="Add").click()
    assert Authenticator.objects.filter(user=comcast_user, type=Authenticator.Type.WEBAUTHN).count() == 1

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("comcast-clerk")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/2fa/authenticate/" in page.url
    axe(page, "second-factor step with a security key")
    screenshot(page, "2fa-security-key")
    with page.expect_navigation():
        page.get_by_role("button", name="Use a security key").click()
    assert "/portal/" in page.url, page.url
