"""Browser journeys: Playwright for Python driving the OS's Chromium.

Never downloads a browser: it launches /usr/bin/chromium (Debian's
`chromium` package). Without it every test here is skipped, and the run says
so at the end. Each journey injects axe-core (vendored from npm, version in
tests/browser/vendor/VERSION) into the pages it visits and fails on any
serious or critical violation, and saves a screenshot of each main page under
var/screenshots/ (docs/screenshots/ with SCREENSHOTS_DIR=docs/screenshots).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
HAVE_CHROMIUM = Path(CHROMIUM).exists()
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8")
# Screenshots go under var/ (git-ignored), so a test run leaves the checkout clean; to refresh the ones in
# docs/, run `SCREENSHOTS_DIR=docs/screenshots bin/test tests/browser`.
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / os.environ.get("SCREENSHOTS_DIR", "var/screenshots")
PASSWORD = "correct horse battery staple"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in this thread; the test's own ORM
# calls are still plain synchronous calls, so Django's async guard is lifted here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if HAVE_CHROMIUM:
        return
    skip = pytest.mark.skip(reason=f"browser journeys skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not HAVE_CHROMIUM:
        terminalreporter.write_line(
            f"NOTE: browser journeys and accessibility checks were SKIPPED: no Chromium at {CHROMIUM}. "
            "Install it with `apt-get install chromium` to run them.",
            yellow=True,
        )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    # Generous: CI runs two test workers on two cores, and a letter's PDF renders inside its request.
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(60_000)
    page = context.new_page()
    yield page
    context.close()


def wait_for_a_fresh_totp_period(margin=4):
    """Sleep into the next TOTP period when fewer than `margin` seconds are left in this one."""
    import time

    from allauth.mfa import app_settings

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < margin:
        time.sleep(left + 0.2)


@pytest.fixture
def sign_in():
    """Sign in through the form: username and password, then the TOTP code.

    The user gets a TOTP authenticator with the tests' known secret
    (tests/factories.py give_totp) if they have none."""

    def sign_in(page, username, password=PASSWORD):
        from django.core.cache import cache

        from accounts.models import User
        from tests.factories import give_totp, totp_code

        give_totp(User.objects.get(username=username))
        # allauth refuses a TOTP code used twice (it remembers used codes in the cache);
        # a journey may sign in twice within one 30-second period.
        cache.clear()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        assert "/2fa/authenticate/" in page.url, page.url
        # allauth accepts only the current 30-second period's code (MFA_TOTP_TOLERANCE is 0): on a
        # busy machine a code typed in a period's last seconds reaches the server in the next one.
        # Wait for a fresh period then, and try once more if the code was still refused.
        for _ in range(2):
            wait_for_a_fresh_totp_period()
            page.get_by_label("Authentication code").fill(totp_code())
            with page.expect_navigation():
                page.get_by_role("button", name="Verify").click()
            if "/2fa/authenticate/" not in page.url:
                break
        assert "/2fa/authenticate/" not in page.url, "the TOTP code was refused twice"

    return sign_in


@pytest.fixture
def axe():
    """axe(page, label): zero serious or critical WCAG 2.1 A/AA violations."""

    def check(page, label):
        # Evaluated rather than added as a <script> element: the page's Content-Security-Policy refuses
        # inline scripts, and a script the test runs through the browser's debugging protocol is not one.
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(AXE_SOURCE)
        result = page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], f"accessibility violations on {label}: {bad}"

    return check


@pytest.fixture
def screenshot():
    SHOTS.mkdir(parents=True, exist_ok=True)

    def shoot(page, name):
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    return shoot
