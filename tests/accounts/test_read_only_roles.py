"""Read-only roles never see a write form, and a write page they open anyway is refused in plain words.

Auditors read every staff page and write nothing; Legal writes letters only. A page shows a write
button or form only to a role that may use it (the `can_write` / `is_legal` context of
accounts/context_processors.py); a write URL opened directly answers 403 with templates/403.html.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.urls import resolve
from django.views.generic.edit import FormMixin

from accounts.mixins import CityRoleRequiredMixin
from accounts.roles import AUDITOR, LEGAL
from tests.access import iter_routes
from tests.factories import ProviderFactory
from tests.letters import factories as letter_factories

REFUSAL = "can read this record but not change it"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("America/New_York"))


def _view_class(path):
    try:
        match = resolve(path.split("?")[0])
    except Exception:  # a link to a static file or outside Conduit
        return None
    return getattr(match.func, "view_class", None)


def _roles_for_get(view_class):
    """The roles that may open the view with GET (the rule of accounts.mixins.CityRoleRequiredMixin)."""
    write_only = view_class.form_is_write_only and issubclass(view_class, FormMixin)
    return view_class.write_roles if write_only else view_class.read_roles


def _write_only_views():
    """Every staff route whose GET shows a write form, and every POST-only staff action."""
    for route in iter_routes():
        view_class = _view_class(route.path)
        if view_class is None or not issubclass(view_class, CityRoleRequiredMixin):
            continue
        yield route, view_class


@pytest.fixture
def records(staff, legal, comcast, crown_castle):
    rcn = ProviderFactory(name="RCN Telecom Services", short_name="rcn")
    with time_machine.travel(NOW, tick=False):
        drafts = letter_factories.letters_of_every_kind(
            staff=staff, legal=legal, comcast=comcast, rcn=rcn, crown_castle=crown_castle
        )
    return drafts


def _read_pages(drafts):
    from franchise.models import Filing, License, Obligation, Payment
    from permits.models import Permit, PermitApplication

    license = License.objects.filter(provider__short_name="comcast").first()
    pages = [
        "/",
        "/permits/",
        f"/permits/applications/{PermitApplication.objects.first().pk}/",
        "/permits/issued/",
        Permit.objects.first().get_absolute_url(),
        "/licenses/",
        license.get_absolute_url(),
        Obligation.objects.first().get_absolute_url(),
        "/licenses/filings/",
        Filing.objects.first().get_absolute_url(),
        Payment.objects.first().get_absolute_url(),
        "/deadlines/",
        "/letters/",
        drafts["cure_notice"].get_absolute_url(),
        "/letters/templates/",
        "/letters/templates/cure_notice/",
        "/letters/bulk/",
        "/providers/",
        license.provider.get_absolute_url(),
        "/deadlines/rules/",
        "/reports/",
        "/invitations/",
        "/users/city/",
        "/permits/fees/",
        "/closures/",
    ]
    return pages


def _problems(html, user_roles):
    """Write forms and links to pages this user cannot open, on one page."""
    problems = []
    for form in re.finditer(r"<form\b[^>]*>", html):
        tag = form.group(0)
        if 'method="post"' not in tag.lower():
            continue
        action = re.search(r'action="([^"]*)"', tag)
        if action and action.group(1) in ("/accounts/logout/",):
            continue  # signing out: every role may
        view_class = _view_class(action.group(1)) if action else None
        if view_class is None or not issubclass(view_class, CityRoleRequiredMixin):
            continue  # a page of the user's own (reminders, calendar feed)
        if not set(view_class.write_roles) & user_roles:
            problems.append(f"write form {tag}")
    for link in re.finditer(r'href="(/[^"]*)"', html):
        href = link.group(1).replace("&amp;", "&")
        view_class = _view_class(href)
        if view_class is None or not issubclass(view_class, CityRoleRequiredMixin):
            continue
        if not set(_roles_for_get(view_class)) & user_roles:
            problems.append(f"link to {href}")
    return problems


def test_an_auditor_sees_no_write_form_or_write_button_on_any_main_page(records, auditor_client):
    with time_machine.travel(NOW, tick=False):
        for path in _read_pages(records):
            response = auditor_client.get(path)
            assert response.status_code == 200, path
            assert _problems(response.content.decode(), {AUDITOR}) == [], path


def test_legal_sees_letter_actions_but_no_staff_write_form(records, legal_client):
    with time_machine.travel(NOW, tick=False):
        for path in _read_pages(records):
            response = legal_client.get(path)
            assert response.status_code == 200, path
            assert _problems(response.content.decode(), {LEGAL}) == [], path
        # ...and still the letter actions Legal may use.
        page = legal_client.get(records["cure_notice"].get_absolute_url()).content.decode()
        assert "Edit the draft" in page


def test_staff_still_see_their_write_buttons(records, staff_client):
    from franchise.models import License

    license = License.objects.filter(provider__short_name="comcast").first()
    with time_machine.travel(NOW, tick=False):
        page = staff_client.get(license.get_absolute_url()).content.decode()
    assert "Log a filing" in page and "Edit license" in page
    # The check the read-only tests rely on finds them: shown to an auditor, they would be problems.
    assert any("/edit/" in problem for problem in _problems(page, {AUDITOR}))


def test_every_write_page_refuses_an_auditor_with_the_plain_words_page(auditor_client):
    checked = 0
    for route, view_class in _write_only_views():
        if AUDITOR in view_class.write_roles:
            continue
        response = auditor_client.post(route.path)
        assert response.status_code == 403, route.path
        text = response.content.decode()
        assert REFUSAL in text and "Your role (Auditor)" in text, route.path
        assert 'class="usa-header' in text, "the refusal is a page of the site, not a bare 403"
        if AUDITOR not in _roles_for_get(view_class):
            response = auditor_client.get(route.path)
            assert response.status_code == 403, route.path
            assert REFUSAL in response.content.decode(), route.path
            assert "<form" not in response.content.decode().split("<main", 1)[1], route.path
        checked += 1
    assert checked > 40, "the walker should find the write pages"


def test_legal_opening_a_staff_form_gets_the_plain_words_page(legal_client, staff_client):
    response = legal_client.get("/licenses/1/edit/")
    assert response.status_code == 403
    assert "Your role (Legal) can read this record but not change it" in response.content.decode()
    assert staff_client.get("/licenses/new/").status_code == 200


def test_a_provider_on_a_staff_page_is_pointed_to_the_portal(comcast_client):
    response = comcast_client.get("/licenses/new/")
    assert response.status_code == 403
    assert "the provider portal" in response.content.decode()


def test_a_provider_user_who_is_not_an_administrator_is_told_who_may(comcast):
    from tests.factories import provider_user

    clerk = provider_user(comcast, "comcast-reader", is_provider_admin=False)
    client = Client()
    client.force_login(clerk)
    response = client.get("/portal/organisation/invite/")
    assert response.status_code == 403
    assert "Only your organisation's portal administrators can do this" in response.content.decode()
    organisation = client.get("/portal/organisation/").content.decode()
    assert "/portal/organisation/invite/" not in organisation


def test_an_expired_form_gets_its_own_plain_message_and_saves_nothing(staff):
    from businessdays.models import ClosureDay

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post("/closures/", {"date": "2026-12-24", "reason": "Office closed"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "This form expired" in text and "Reload the page and try again" in text
    assert 'class="usa-header' in text
    assert not ClosureDay.objects.exists()


def test_a_missing_page_is_a_page_of_the_site(staff_client):
    response = staff_client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Page not found" in text and 'class="usa-header' in text


def test_the_server_error_page_needs_no_database_and_no_request_context():
    from django.views.defaults import server_error

    # No django_db mark: any query would raise here.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "Something went wrong" in text and "uswds.min.css" in text
