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
