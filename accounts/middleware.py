import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers

from accounts.roles import is_city_user


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a login unless marked @login_not_required.

    The API authenticates in Django REST framework (session or token) and
    answers 401/403 itself, so it is left to DRF rather than redirected.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
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


def signed_in(sender, request, user, **kwargs):
    """user_logged_in receiver (accounts/apps.py): the idle clock starts at sign-in."""
    if request is not None and hasattr(request, "session"):
        request.session[SignedInPagesMiddleware.SESSION_KEY] = int(time.time())
