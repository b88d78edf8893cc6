import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from accounts.roles import is_city_user

# Sign-in steps of django-allauth that run before anyone is signed in.
ALLAUTH_PUBLIC_URL_NAMES = {
    "account_login",
    "account_logout",
    "account_inactive",
    "mfa_authenticate",
    "city_oidc_login",
    "city_oidc_callback",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "socialaccount_signup",
}


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a login unless marked @login_not_required.

    The API authenticates in Django REST framework (session or token) and
    answers 401/403 itself, so it is left to DRF rather than redirected.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in ALLAUTH_PUBLIC_URL_NAMES:
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SignedInPagesMiddleware:
    """What a signed-in page must not leave behind, and how long it may sit idle.

    - `Cache-Control: no-store` (with Django's never-cache set) on every response
      to a signed-in user, so a shared or public computer's browser cache, the
      back button after sign-out, or a proxy never keeps a page with records on it.
    - City roles are signed out after SESSION_IDLE_TIMEOUT seconds without a
      request (default 30 minutes); the next request goes to the sign-in page
      with a message. Provider users keep the session's own limit.
    """

    SESSION_KEY = "conduit_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self._idle_too_long(request, user):
            logout(request)
            messages.info(request, "You were signed out after a period without activity. Sign in again to go on.")
            return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response

    def _idle_too_long(self, request, user):
        if not is_city_user(user):
            return False
        now = int(time.time())
        last = request.session.get(self.SESSION_KEY)
        if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
            return True
        # Sign-in sets the mark (signed_in below); moving it at most once a
        # minute keeps most requests from writing the session.
        if last is None or now - last >= 60:
            request.session[self.SESSION_KEY] = now
        return False


# While enrolling a second factor, a signed-in user may open only these.
ENROLMENT_URL_NAMES = {
    "mfa_activate_totp",
    "account_reauthenticate",
    "account_logout",
    "logout",  # auth:logout
}


def second_factor_state(request, user):
    """ "ok" when this session signed in with a second factor that still exists
    (or through the City's identity provider, which does its own two-factor
    check); "enrol" when the user has none yet; "stale" when the user has one
    but this session did not use it (or it was reset since)."""
    from allauth.account.internal.flows.login import get_authentication_records
    from allauth.mfa.models import Authenticator

    records = get_authentication_records(request, user)
    if any(record.get("method") == "socialaccount" for record in records):
        return "ok"
    used = {record.get("id") for record in records if record.get("method") == "mfa"}
    live = dict(Authenticator.objects.filter(user=user).values_list("pk", "type"))
    if used & set(live):
        return "ok"
    if used:  # signed in with a second factor that has since been removed (reset by staff)
        return "stale"
    if not any(kind != Authenticator.Type.RECOVERY_CODES for kind in live.values()):
        return "enrol"
    return "stale"


class SecondFactorRequiredMiddleware:
    """Two-factor sign-in for every local account, with no exemption.

    django-allauth asks for the code at sign-in once a user has enrolled; this
    makes enrolment itself compulsory: a signed-in user without a second
    factor is sent to set one up (and may open nothing else but sign-out), and
    a session that did not use the user's current second factor (e.g. after
    staff reset it) is signed out. Users who came through the City's identity
    provider rely on its own two-factor check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        state = second_factor_state(request, user)
        if state == "ok":
            return None
        match = request.resolver_match
        is_api = request.path_info.startswith("/api/")
        if state == "enrol":
            if match is not None and match.url_name in ENROLMENT_URL_NAMES:
                return None
            if is_api:
                return JsonResponse({"detail": "Set up two-factor sign-in first."}, status=403)
            return redirect(reverse("mfa_activate_totp"))
        logout(request)
        if is_api:
            return JsonResponse({"detail": "Sign in again with your second factor."}, status=403)
        messages.info(request, "Sign in again with your second factor.")
        return redirect(settings.LOGIN_URL)


def signed_in(sender, request, user, **kwargs):
    """user_logged_in receiver (accounts/apps.py): the idle clock starts at sign-in."""
    if request is not None and hasattr(request, "session"):
        request.session[SignedInPagesMiddleware.SESSION_KEY] = int(time.time())
