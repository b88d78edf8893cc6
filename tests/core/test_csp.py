"""The Content-Security-Policy header (config/settings.py CONTENT_SECURITY_POLICY, django-csp) and the
templates it depends on: no inline script, event-handler attribute or inline style in a served page."""

import importlib
import re
from pathlib import Path

import pytest
from django.test import Client

from tests.access import iter_routes

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
# Pages that relax styles (and nothing else), where they are served: DRF's browsable pages
# (core/renderers.py) and the API documentation (config/urls.py).
RELAXED_STYLES = ["'self'", "'unsafe-inline'"]


def directives(response):
    header = response.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.fixture
def superuser_client(db):
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.create_superuser(username="root", password="x" * 20, email="r@example.com"))
    return client


def test_every_url_answers_with_the_policy_whoever_asks(client, staff_client, comcast_client, superuser_client):
    routes = list(iter_routes())
    assert len(routes) > 50
    checked = 0
    for route in routes:
        if route.name == "letters:preview":
            continue  # the letter's HTML has a stricter policy of its own (next test)
        for who, c in (("anonymous", client), ("staff", staff_client), ("provider", comcast_client)):
            response = c.get(route.path)
            policy = directives(response)
            label = f"{who} GET {route.path} -> {response.status_code}"
            assert policy, f"{label}: no Content-Security-Policy header"
            assert policy["script-src"] == ["'self'"], label
            assert policy["frame-ancestors"] == ["'none'"], label
            assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"], label
            # DRF's browsable pages and the API documentation's view, whatever it answers (anything
            # else under /api/, a 404 page say, is Django's and keeps the strict policy).
            api_page = route.name == "api-docs" or (
                response.get("Content-Type", "").startswith("text/html")
                and b"/static/rest_framework/" in response.content
            )
            if api_page:
                assert policy == {**STRICT, "style-src": RELAXED_STYLES}, label
            else:
                assert policy == STRICT, label
            checked += 1
    assert checked > 150
    # The admin keeps the strict policy (its pages need no inline script or style).
    response = superuser_client.get("/admin/accounts/provider/")
    assert response.status_code == 200 and directives(response) == STRICT


def test_the_api_relaxes_styles_only_on_its_html_pages(staff_client):
    json_response = staff_client.get("/api/v1/providers/", HTTP_ACCEPT="application/json")
    assert json_response.status_code == 200
    assert directives(json_response) == STRICT
    html_response = staff_client.get("/api/v1/providers/", HTTP_ACCEPT="text/html")
    assert html_response.status_code == 200
    assert directives(html_response) == {**STRICT, "style-src": RELAXED_STYLES}
    docs = staff_client.get("/api/docs/")
    assert docs.status_code == 200
    assert directives(docs) == {**STRICT, "style-src": RELAXED_STYLES}
    # The documentation's start-up script is a file of its own, not inline.
    assert b"<script>" not in docs.content
    assert b"?script=" in docs.content or b"&amp;script=" in docs.content
    script = staff_client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")


def _reload_settings(monkeypatch, **env):
    """The policy config/settings.py builds from these environment variables (the module is read
    again, then once more as it was; Django's live settings are not touched)."""
    import config.settings

    for name in ("OIDC_SERVER_URL", "CSP_FORM_ACTION", "CSP_REPORT_URI"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        return importlib.reload(config.settings).CONTENT_SECURITY_POLICY["DIRECTIVES"]
    finally:
        monkeypatch.undo()
        importlib.reload(config.settings)


def test_forms_may_go_to_the_city_identity_provider_when_single_sign_on_is_configured(monkeypatch):
    policy = _reload_settings(
        monkeypatch,
        OIDC_SERVER_URL="https://login.city.example:8443/realms/staff",
        OIDC_CLIENT_ID="conduit",
        OIDC_CLIENT_SECRET="s" * 32,
        CSP_FORM_ACTION="https://mfa.city.example/authorize, not a url",
        CSP_REPORT_URI="/csp-reports/",
    )
    assert policy["form-action"] == ["'self'", "https://login.city.example:8443", "https://mfa.city.example"]
    assert policy["report-uri"] == "/csp-reports/"
    assert policy["script-src"] == ["'self'"]


def test_without_single_sign_on_forms_go_to_this_origin_only(monkeypatch):
    policy = _reload_settings(monkeypatch)
    assert policy["form-action"] == ["'self'"]
    assert "report-uri" not in policy


def test_a_report_uri_setting_reaches_the_header(client, settings):
    from config.settings import content_security_policy

    settings.CONTENT_SECURITY_POLICY = content_security_policy(report_uri="https://reports.example/csp")
    response = client.get("/accounts/login/")
    assert "report-uri https://reports.example/csp" in response["Content-Security-Policy"]


# ---- The templates: nothing inline that the policy would refuse ----

# Rendered to PDF by WeasyPrint or sent as e-mail, never served as a page under the policy:
# their inline styles stay (e-mail clients and WeasyPrint need them).
NOT_SERVED = ("letters/printed/", "pdf/", "emails/", "permits/clock_record.html")
TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.S)
# A <script> without src runs inline, unless it is a data block (type="application/json", as
# Django's json_script and django-allauth write), which the browser never executes.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)(?![^>]*\btype\s*=\s*[\"']application/json)[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)


def inline_code(text):
    """Inline scripts and event-handler attributes in a template's text (any template)."""
    found = [m.group(0) for m in INLINE_SCRIPT.finditer(text)]
    found += [tag for tag in TAG.findall(text) if HANDLER.search(tag)]
    return found


def inline_styles(text):
    found = [tag for tag in TAG.findall(text) if STYLE_ATTRIBUTE.search(tag)]
    return found + STYLE_ELEMENT.findall(text)


def test_the_scanner_finds_what_the_policy_refuses():
    assert inline_code('<script>alert(1)</script><script src="/static/x.js"></script>') == ["<script>"]
    assert inline_code('<script type="application/json">{"ids": {}}</script>') == []
    assert inline_code('<script type="module">go()</script>') == ['<script type="module">']
    assert inline_code('<button type="button" onclick="go()">Go</button>') == ['<button type="button" onclick="go()">']
    assert inline_code('<a href="#"\n   onMouseOver = "x()">') != []
    assert inline_code("<p>Carried on=time {% if a %}<b>ok</b>{% endif %}</p>") == []
    assert inline_styles('<div style="color:red">') == ['<div style="color:red">']
    assert inline_styles("<style>p{}</style>") == ["<style"]
    assert inline_styles('<div class="data-style">') == []


COMMENTS = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.S)


def _templates(exclude=()):
    """(name, text) of each template under templates/, Django comments left out."""
    for path in sorted(TEMPLATES.rglob("*.html")):
        relative = path.relative_to(TEMPLATES).as_posix()
        if not relative.startswith(exclude):
            yield relative, COMMENTS.sub("", path.read_text(encoding="utf-8"))


def test_no_template_has_an_inline_script_or_an_event_handler_attribute():
    found = {name: bad for name, text in _templates(exclude=("letters/printed/",)) if (bad := inline_code(text))}
    assert found == {}


def test_no_template_served_as_a_page_has_an_inline_style():
    found = {name: bad for name, text in _templates(exclude=NOT_SERVED) if (bad := inline_styles(text))}
    assert found == {}
