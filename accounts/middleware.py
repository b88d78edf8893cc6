from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

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
