"""The URL walker: every URL pattern of a URL config, requested as each kind
of user, must refuse whoever should not be there.

It walks the resolver itself (so new views are covered without anyone adding
them), builds a concrete path for each pattern from sample values, and
reports violations instead of asserting, so it can be tested on a URL config
with a deliberately unprotected view (tests/test_url_access.py).
"""

import re
import uuid
from dataclasses import dataclass

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# Reachable without signing in, by design. Keep this list short and explain
# each entry.
PUBLIC_URL_NAMES = {
    "auth:login",  # the sign-in page
    "auth:logout",  # signing out is harmless
    "account_login",  # the same sign-in page under django-allauth's name
    "account_logout",  # signing out, under allauth's name
    "mfa_authenticate",  # the code step of signing in (needs the password step first)
    "account_inactive",  # "this account is inactive": a static page
    "socialaccount_login_cancelled",  # static pages at the end of a failed City sign-in
    "socialaccount_login_error",
    "city_oidc_login",  # starts a City sign-in (POST with CSRF); 404 when no identity provider is set
    "city_oidc_callback",  # the identity provider's answer, checked against the state in the session
    "auth:password_reset",  # asking for a reset link reveals nothing (same answer for any address)
    "auth:password_reset_done",
    "auth:password_reset_confirm",  # protected by the signed one-time token in the URL
    "auth:password_reset_complete",
    "core:health",  # load-balancer health check: {"status": "ok"} only
    "admin:login",  # the admin's own sign-in page
    "admin:logout",
    "admin:password_reset",
    "admin:view_on_site",  # redirects to the object's page, which does its own check
    "admin:jsi18n",
    "api:api-root",  # DRF's list of endpoint names; each endpoint checks on its own
    "deadlines:calendar-feed",  # iCalendar feeds: the secret token in the URL is the credential
    "deadlines:provider-calendar-feed",
    "letters:verify",  # anyone holding a letter may check its hash
    "invitations:accept",  # protected by the one-time invitation token
    # The public register of small-cell applications: open data by design, only published columns
    # (public/selectors.py), and only documents staff marked public; GET only (tests/public/test_register.py).
    "public:applications",
    "public:application-detail",
    "public:document-file",
}
# Pages any signed-in user may see, whatever the role.
ANY_SIGNED_IN_URL_NAMES = {
    "auth:password_change",
    "auth:password_change_done",
    # Your own second factor (django-allauth): set up, view recovery codes, replace.
    "account_reauthenticate",
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_list_webauthn",  # your own security keys
    "mfa_add_webauthn",
    "mfa_reauthenticate_webauthn",
    "mfa_edit_webauthn",
    "mfa_remove_webauthn",
    "api:me",
    "deadlines:notifications",  # your own reminders
    "deadlines:notifications-read",  # marking your own reminders read writes no record
    "deadlines:calendar-token-reset",  # a new secret for your own feed
    # Your own background exports: each answers 404 for anyone but the requester, and the export runs
    # the list's own view as the requester, so its permission checks apply (tests/core/test_export_jobs.py).
    "core:export-new",
    "core:export-detail",
    "core:export-progress",
    "core:export-download",
}
# Staff pages that every signed-in user may open, because they redirect by
# role (the home page sends provider users to the portal).
ROLE_REDIRECT_URL_NAMES = {"staff:home"}

SAMPLE_BY_CONVERTER = {"int": "1", "str": "sample", "slug": "sample", "path": "1", "uuid": str(uuid.UUID(int=1))}
SAMPLE_BY_NAME = {
    "format": "json",
    "app_label": "accounts",
    "model_name": "provider",
    "uidb64": "MQ",
    "token": "set-password",
}
WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass
class Route:
    path: str
    name: str  # namespaced, e.g. "portal:home"; "" when the pattern has no name
    pattern: str

    @property
    def is_api(self):
        return self.path.startswith("/api/")

    @property
    def is_portal(self):
        return self.name.startswith("portal:")

    @property
    def is_admin(self):
        return self.name.startswith("admin:")


def _sample_route(pattern):
    """A concrete path segment for a RoutePattern like "<int:pk>/edit/"."""

    def replace(match):
        converter, name = match.group(1) or "str", match.group(2)
        return SAMPLE_BY_NAME.get(name, SAMPLE_BY_CONVERTER.get(converter, "1"))

    return re.sub(r"<(?:(\w+):)?(\w+)>", replace, str(pattern))


def _sample_regex(pattern):
    """A concrete path segment for a RegexPattern (admin and DRF routers)."""
    text = pattern.regex.pattern

    def replace(match):
        name, body = match.group(1), match.group(2)
        if name in SAMPLE_BY_NAME:
            return SAMPLE_BY_NAME[name]
        alternatives = body.split("|")
        if len(alternatives) > 1 and all(re.fullmatch(r"[\w-]+", alt) for alt in alternatives):
            return alternatives[0]
        return "1"

    text = re.sub(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)", replace, text)
    text = re.sub(r"\((?!\?)(?:[^()])*\)", "1", text)  # unnamed groups
    text = text.lstrip("^").rstrip("$").replace("\\Z", "").replace("/?", "/").replace("\\.", ".").replace("\\", "")
    return text


def iter_routes(urlconf=None):
    """Every URL pattern with a sample path, walking includes recursively."""

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry.url_patterns, prefix + _segment(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                name = entry.name or ""
                if name and namespace:
                    name = f"{namespace}:{name}"
                yield Route(path="/" + prefix + _segment(entry.pattern), name=name, pattern=str(entry.pattern))

    def _segment(pattern):
        if isinstance(pattern, RoutePattern):
            return _sample_route(pattern)
        if isinstance(pattern, RegexPattern):
            return _sample_regex(pattern)
        return str(pattern)

    yield from walk(get_resolver(urlconf).url_patterns, "", "")


def _is_login_redirect(response):
    return response.status_code in (301, 302, 303) and "/login/" in response.get("Location", "")


def _refused(response):
    """Not served: sent to a login page, or answered 401/403/404/405."""
    return _is_login_redirect(response) or response.status_code in (401, 403, 404, 405)


def find_violations(*, provider_user, auditor):
    """Request every URL of the active URL config as an anonymous user, a
    provider user and an auditor; return (violations, routes)."""
    violations = []
    anonymous = Client()
    provider_client = Client()
    provider_client.force_login(provider_user)
    auditor_client = Client()
    auditor_client.force_login(auditor)
    routes = list(iter_routes())
    for route in routes:
        if route.name in PUBLIC_URL_NAMES:
            continue
        label = f"{route.path} ({route.name or route.pattern})"

        # 1. Anonymous users are sent to login; the API answers 401/403.
        response = anonymous.get(route.path)
        allowed = _is_login_redirect(response) or (route.is_api and response.status_code in (401, 403))
        if not allowed:
            violations.append(f"anonymous GET {label} -> {response.status_code}")
        if route.name in ANY_SIGNED_IN_URL_NAMES | ROLE_REDIRECT_URL_NAMES:
            continue

        # 2. Provider users reach no staff, admin or staff-API URL, with any method.
        if not route.is_portal:
            for method in ("get", *WRITE_METHODS):
                response = getattr(provider_client, method)(route.path)
                if not _refused(response):
                    violations.append(f"provider {method.upper()} {label} -> {response.status_code}")

        # 3. Auditors write nothing, anywhere.
        for method in WRITE_METHODS:
            response = getattr(auditor_client, method)(route.path)
            if not _refused(response):
                violations.append(f"auditor {method.upper()} {label} -> {response.status_code}")
    return violations, routes
