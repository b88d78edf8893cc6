"""Reflow (WCAG 2.1 1.4.10): no main page is wider than the window, on a phone or at 200% zoom.

Each main role signs in once and visits its main pages at 390 x 844 (a phone) and at 640 x 400 CSS
pixels with a device scale factor of 2 (a 1280-pixel window at 200% zoom). A page passes when the
document is no wider than the window and no visible element reaches past the window's right edge,
unless it sits in an element that scrolls sideways (a table in its scrollable container). USWDS hides
the body's horizontal overflow, so anything past the edge there could not be reached at all.

The demo data is loaded once and the four roles visit their pages in the one test, so the data is made
once: Staff every City page, Legal and the auditor the pages whose actions differ by role, the provider
its portal pages. The failures are reported per role and page, with the offending elements.
"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 390, "height": 844}}
ZOOM_200 = {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}
LAYOUTS = {"390 px": PHONE, "200% zoom": ZOOM_200}
# The demo Comcast license at 1280 px: 8,472 px tall before the page led with what needs attention, 6,706 after.
LICENSE_PAGE_MAX_HEIGHT = 7_500
FOOTER_BOTTOM_JS = "Math.round(document.querySelector('footer').getBoundingClientRect().bottom + window.scrollY)"

# Offending elements: visible, right edge past the window, not inside a sideways-scrolling element;
# only the outermost of a chain is named.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scrollsSideways = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') return true;
    }
    return false;
  };
  const hidden = (el) => {
    const style = getComputedStyle(el);
    const folded = el.closest('details:not([open])');  // inside a closed <details>, only its summary shows
    if (folded && !el.closest('summary')) return true;
    return style.visibility === 'hidden' || el.closest('.usa-sr-only, [hidden], .usa-skipnav') !== null;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const offending = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
    if (hidden(el) || scrollsSideways(el)) continue;
    offending.add(el);
  }
  const outermost = [...offending].filter((el) => !offending.has(el.parentElement));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    offenders: outermost.slice(0, 8).map((el) =>
      name(el) + ' right=' + Math.round(el.getBoundingClientRect().right) + ' "' +
      (el.innerText || '').trim().slice(0, 40).replace(/\\s+/g, ' ') + '"'),
  };
}"""


# City pages whose buttons and panels depend on the role (what Legal or an auditor may do there).
ROLE_DEPENDENT_PAGES = [
    "home",
    "queue",
    "application detail",
    "license detail",
    "obligation",
    "filing detail",
    "deadlines",
    "letters",
    "letter detail",
    "draft letter",
    "template",
    "bulk letters",
]


def _city_pages():
    from franchise.models import Filing, License, Obligation, Payment, QuarterlyReport
    from letters.models import Letter
    from permits.models import Permit, PermitApplication

    license = License.objects.filter(provider__short_name="comcast").order_by("pk").first()
    issued = Letter.objects.filter(status=Letter.Status.ISSUED).order_by("pk").first()
    draft = Letter.objects.exclude(status=Letter.Status.ISSUED).order_by("pk").first()
    report = QuarterlyReport.objects.order_by("pk").first()
    pages = {
        "home": "/",
        "queue": "/permits/",
        "application detail": PermitApplication.objects.order_by("pk").first().get_absolute_url(),
        "permit list": "/permits/issued/",
        "permit detail": Permit.objects.order_by("pk").first().get_absolute_url(),
        "fee schedules": "/permits/fees/",
        "licenses": "/licenses/",
        "license detail": license.get_absolute_url(),
        "fee ledger": f"/licenses/{license.pk}/fees/",
        "scorecard": f"/licenses/{license.pk}/customer-service/",
        "obligation": Obligation.objects.filter(license=license).order_by("pk").first().get_absolute_url(),
        "filings": "/licenses/filings/",
        "filing detail": Filing.objects.filter(license=license).order_by("pk").first().get_absolute_url(),
        "payments": "/licenses/payments/",
        "payment detail": Payment.objects.order_by("pk").first().get_absolute_url(),
        "reports queue": "/reports/",
        "deadlines": "/deadlines/",
        "my deadlines": "/deadlines/mine/",
        "reminder rules": "/deadlines/rules/",
        "closures": "/closures/",
        "letters": "/letters/",
        "templates": "/letters/templates/",
        "template": "/letters/templates/cure_notice/",
        "bulk letters": "/letters/bulk/",
        "providers": "/providers/",
        "provider detail": license.provider.get_absolute_url(),
        "history": f"/history/franchise/license/{license.pk}/",
        "search": "/search/?q=comcast",
        "invitations": "/invitations/",
        "city accounts": "/users/city/",
        "reminders": "/notifications/",
    }
    if issued:
        pages["letter detail"] = issued.get_absolute_url()
    if draft:
        pages["draft letter"] = draft.get_absolute_url()
    if report:
        pages["report detail"] = report.get_absolute_url()
    return pages


def _staff_forms(license):
    return {
        "log a filing": f"/licenses/filings/log/?license={license.pk}",
        "new application": "/permits/applications/new/",
        "edit license": f"/licenses/{license.pk}/edit/",
    }


def _portal_pages(provider):
    from franchise.models import Filing, License, QuarterlyReport

    license = License.objects.filter(provider=provider).order_by("pk").first()
    pages = {
        "portal home": "/portal/",
        "portal licenses": "/portal/licenses/",
        "portal license": f"/portal/licenses/{license.pk}/",
        "portal filings": "/portal/filings/",
        "portal filing": f"/portal/filings/{Filing.objects.filter(license=license).order_by('pk').first().pk}/",
        "portal reports": "/portal/reports/",
        "portal upload": "/portal/reports/upload/",
        "portal uploads": "/portal/reports/uploads/",
        "portal letters": "/portal/letters/",
        "portal deadlines": "/portal/deadlines/",
        "portal search": "/portal/search/?q=license",
        "portal organisation": "/portal/organisation/",
    }
    report = QuarterlyReport.objects.filter(provider=provider).order_by("pk").first()
    if report:
        pages["portal report"] = f"/portal/reports/{report.pk}/"
    return pages


def _load_demo():
    from importlib import import_module
    from importlib.util import find_spec

    from django.contrib.auth.models import Group

    from accounts.audit import system_user
    from accounts.roles import ALL_ROLES
    from staff.management.commands.load_demo import DEMO_APPS

    # The role groups come from a data migration; a transactional test that ran earlier on this
    # worker may have flushed them, and the demo's users need them.
    for role in ALL_ROLES:
        Group.objects.get_or_create(name=role)
    actor = system_user()
    for app in DEMO_APPS:
        if find_spec(f"{app}.demo") is not None:
            import_module(f"{app}.demo").load(actor)


def _visit(browser, live_server, state, pages):
    """Every page at both layouts; the failures as text lines."""
    failures = []
    for layout, options in LAYOUTS.items():
        context = browser.new_context(base_url=live_server.url, storage_state=state, **options)
        context.set_default_navigation_timeout(60_000)
        page = context.new_page()
        for label, path in pages.items():
            response = page.goto(path)
            assert response.status == 200, f"{label} {path} -> {response.status}"
            assert page.url.endswith(path), f"{label}: {path} went to {page.url}"
            result = page.evaluate(OVERFLOW_JS)
            if result["scrollWidth"] > result["innerWidth"] or result["offenders"]:
                failures.append(
                    f"{layout} {label} ({path}): document {result['scrollWidth']} px in a {result['innerWidth']} px "
                    f"window; past the edge: {result['offenders']}"
                )
        context.close()
    return failures


def test_no_main_page_is_wider_than_the_window_on_a_phone_or_at_200_percent_zoom(browser, live_server, page, sign_in):
    from accounts.models import Provider
    from accounts.roles import AUDITOR, LEGAL, STAFF
    from franchise.models import License
    from tests.factories import UserFactory, provider_user

    _load_demo()
    # Users of this test's own (the demo's users have passwords and second factors of their own).
    UserFactory(username="reflow-staff", role=STAFF)
    UserFactory(username="reflow-legal", role=LEGAL)
    UserFactory(username="reflow-auditor", role=AUDITOR)
    provider = Provider.objects.get(short_name="comcast")
    provider_user(provider, "comcast-reflow", is_provider_admin=True)
    city = _city_pages()
    license = License.objects.filter(provider=provider).order_by("pk").first()
    # Staff see every City page; Legal and the auditor see the same templates with other buttons, so
    # they visit the pages whose actions differ by role.
    by_role = {label: city[label] for label in ROLE_DEPENDENT_PAGES if label in city}
    visits = {
        "reflow-staff": {**city, **_staff_forms(license)},
        "reflow-legal": by_role,
        "reflow-auditor": by_role,
        "comcast-reflow": _portal_pages(provider),
    }
    assert len(city) >= 32
    failures = []
    for username, pages in visits.items():
        page.context.clear_cookies()
        sign_in(page, username)
        assert "/accounts/" not in page.url and "/2fa/" not in page.url, f"{username} is not signed in: {page.url}"
        if username == "reflow-staff":
            # The license page at 1280 px: what needs attention first, and short enough to take in.
            page.goto(license.get_absolute_url())
            height = page.evaluate(FOOTER_BOTTOM_JS)
            print(f"license page at 1280 px: {height} px tall")
            assert height < LICENSE_PAGE_MAX_HEIGHT, height
        state = page.context.storage_state()
        failures += [f"{username}: {line}" for line in _visit(browser, live_server, state, pages)]
    assert failures == [], "pages wider than the window:\n" + "\n".join(failures)
