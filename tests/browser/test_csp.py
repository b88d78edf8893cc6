"""The Content-Security-Policy, enforced by Chromium: each role's main pages load with no violation.

The policy (config/settings.py CONTENT_SECURITY_POLICY) refuses inline scripts, inline styles and eval;
a page that still had one would log a violation in the console ("Refused to execute inline script ...",
in newer versions "Executing inline script violates ..."). Every console message about the policy and
every uncaught error is collected from the first page on, and each page must also carry the strict
header, so a page served without the policy fails too. The browser context keeps the page's policy
(no bypass_csp).
"""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _is_violation(message):
    text = message.lower()
    return "content security policy" in text or text.startswith("refused to")


@pytest.fixture
def watched(page):
    """The page, with every CSP complaint and uncaught error it raises collected in `page.problems`."""
    page.problems = []

    def on_console(message):
        if _is_violation(message.text):
            page.problems.append(f"console {message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"pageerror: {error}"))
    return page


def _directives(response):
    policy = response.headers.get("content-security-policy", "")
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def _visit(page, path, label):
    response = page.goto(path)
    assert response.status == 200, (label, response.status, page.url)
    policy = response.headers.get("content-security-policy", "")
    directives = _directives(response)
    assert directives.get("script-src") == ["'self'"], (label, policy)
    assert directives.get("style-src") == ["'self'"], (label, policy)
    assert directives.get("frame-ancestors") == ["'none'"], (label, policy)
    # USWDS has started (its init script removes usa-js-loading once uswds.min.js has run).
    page.wait_for_function("!document.documentElement.classList.contains('usa-js-loading')")
    page.wait_for_load_state("load")
    assert page.problems == [], f"{label}: {page.problems}"


def test_the_detector_sees_an_inline_script_the_policy_refuses(watched, live_server):
    watched.goto("/accounts/login/")
    watched.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.ranInline = true';
                   document.head.appendChild(s); }"""
    )
    watched.wait_for_timeout(200)
    assert watched.evaluate("window.ranInline === undefined")
    # Chromium's wording changes between versions ("Refused to execute inline script because it violates
    # ...", "Executing inline script violates the following Content Security Policy directive ...").
    assert any("inline script" in p and "Content Security Policy" in p for p in watched.problems), watched.problems


def test_each_roles_main_pages_load_under_the_policy_without_a_violation(
    watched, sign_in, staff, legal, comcast_user, comcast, crown_castle
):
    from datetime import timedelta

    from django.utils import timezone

    from letters import services as letter_services
    from permits import services as permit_services
    from tests.letters import factories

    license = factories.make_license(actor=staff, provider=comcast)
    factories.fee_obligation(license=license, actor=staff)
    application = permit_services.application_create(
        actor=staff,
        reference="SC-CSP-1",
        applicant=crown_castle,
        category="swf_collocation",
        submitted_on=timezone.localdate() - timedelta(days=3),
        sites=[{"address": "1 City Hall Sq, Boston, MA"}],
    )
    letter = letter_services.letter_create(actor=legal, kind="cure_notice", source=license)
    page = watched

    _visit(page, "/accounts/login/", "sign in")
    _visit(page, reverse("letters:verify"), "public verification page")

    sign_in(page, "staff")
    _visit(page, "/", "staff home")
    _visit(page, license.get_absolute_url(), "license page")
    _visit(page, "/permits/", "permit queue")
    # The notice form uses htmx: choosing a date asks the server for the notice's effect.
    _visit(page, f"/permits/applications/{application.pk}/notice/", "incompleteness notice form")
    _visit(page, reverse("accounts:provider-detail", args=[comcast.pk]), "provider page")
    # USWDS's menu button still works (its JavaScript is a static file the policy allows).
    page.set_viewport_size({"width": 480, "height": 900})
    page.get_by_role("button", name="Menu").click()
    assert page.locator(".usa-nav").is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.problems == []

    page.context.clear_cookies()
    sign_in(page, "legal")
    # The letter page frames the draft's preview, which has a stricter policy of its own.
    _visit(page, letter.get_absolute_url(), "letter page")
    assert page.frame_locator("iframe.conduit-letter-preview").locator("body").inner_text()
    assert page.problems == []

    page.context.clear_cookies()
    sign_in(page, "comcast-clerk")
    _visit(page, "/portal/", "portal home")
    _visit(page, "/portal/reports/upload/", "report upload")
    assert page.problems == []


def test_the_admin_keeps_the_strict_policy_and_the_api_pages_relax_styles_only(watched, sign_in, staff, comcast):
    from accounts.models import User
    from tests.browser.conftest import PASSWORD

    User.objects.create_superuser(username="root", password=PASSWORD, email="root@example.com")
    page = watched
    sign_in(page, "root")
    for path in (
        "/admin/",
        "/admin/accounts/provider/",
        f"/admin/accounts/provider/{comcast.pk}/change/",
        f"/admin/accounts/user/{staff.pk}/change/",
    ):
        _visit(page, path, path)
    for path in ("/api/v1/", "/api/v1/providers/", f"/api/v1/providers/{comcast.pk}/", "/api/docs/"):
        response = page.goto(path)
        assert response.status == 200, path
        policy = _directives(response)
        assert policy["script-src"] == ["'self'"], path
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"], path
        page.wait_for_load_state("load")
        if path == "/api/docs/":
            # Swagger UI starts from its own script file and draws the operations.
            page.locator(".swagger-ui .opblock").first.wait_for()
            assert "Conduit API" in page.locator(".swagger-ui .info").inner_text()
        else:
            # DRF's page: the response is shown, and its script files (jQuery among them) ran.
            assert page.locator(".response-info pre.prettyprint").first.inner_text().strip()
            assert page.evaluate("typeof window.jQuery") == "function"
    page.wait_for_timeout(500)
    assert page.problems == []
