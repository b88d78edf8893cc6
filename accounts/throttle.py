"""Failed sign-ins: growing delays per address and per username, and an account lock with notice.

django-axes does the bookkeeping: every failed password sign-in becomes (or
adds to) an AccessAttempt row for its username, client address
(core.clientaddress, AXES_CLIENT_IP_CALLABLE) and browser; rows are forgotten
a day after their last failure (AXES_COOLOFF_TIME); AxesStandaloneBackend
refuses an attempt before the password is checked, and AxesMiddleware turns
the refusal into a page (AXES_LOCKOUT_CALLABLE, below). Refused attempts are
not recorded (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off), so hammering
during a wait neither counts nor makes the wait longer.

What axes cannot do is in `SignInThrottleHandler`, a subclass of its database
handler (AXES_HANDLER):

- A delay that grows with the failures. Axes locks once failures reach one
  limit, for one cool-off. AXES_COOLOFF_TIME may be a callable, but it gets only
  the request, and the same value is also the window in which failures are
  counted and the age past which every row is deleted; a short, growing value
  would wipe the counters it is meant to grow from.
- Separate schedules for the address and the username (SIGNIN_THROTTLE). With
  AXES_LOCKOUT_PARAMETERS = [["ip_address"], ["username"]] axes counts the
  two separately, but compares both with the same limit and cool-off.
- The account lock that lasts until Staff lift it, with notice
  (accounts.services.user_signin_lock / user_signin_unlock).

The trade-off (docs/security.md): per-address delays grow fast and cap at an
hour, so one address gets a few dozen guesses a day; per-username delays grow
the same way but cap at 30 seconds, so however many addresses attack a name,
its owner waits at most half a minute, and the attackers together get at most
one guess at that name every 30 seconds until the account lock stops them.
A successful sign-in resets nothing (AXES_RESET_ON_SUCCESS off): otherwise an
attacker with any valid account could wipe its own address's count by
signing in between guesses.
"""

import math
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render

TEMPLATE = "registration/locked_out.html"
USERNAME_MAX = 150


def retry_delay(failures, *, free, first, cap):
    """Seconds to wait after the last failure, with `failures` counted: none
    for the first `free`, then `first`, doubling with each further failure,
    never more than `cap` (free=5, first=1: 1 s after the fifth, 2 s after the
    sixth, 4 s after the seventh ...)."""
    if failures < free:
        return 0
    exponent = failures - free
    if exponent >= 64:
        return cap
    return min(cap, first * 2**exponent)


def throttle_username(value):
    """The key a sign-in name is counted under: stripped and case-folded, so
    `Legal`, `legal ` and `LEGAL` share one counter."""
    if not isinstance(value, str):
        return None
    value = value.strip().casefold()[:USERNAME_MAX]
    return value or None


def signin_username(request, credentials=None):
    """AXES_USERNAME_CALLABLE: the sign-in name of an attempt, as counted."""
    value = credentials.get("username") if credentials else None
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get("login")
    return throttle_username(value)


def _failures(field, value, now):
    since = now - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(**{field: value}, attempt_time__gte=since).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )


def wait_seconds(ip_address, username, now):
    """Whole seconds the next attempt must wait, the longer of the address's and the username's."""
    waits = [0]
    for field, value in (("ip_address", ip_address), ("username", username)):
        if not value:
            continue
        counted = _failures(field, value, now)
        if not counted["failures"]:
            continue
        delay = retry_delay(counted["failures"], **settings.SIGNIN_THROTTLE[field])
        remaining = (counted["last"] + timedelta(seconds=delay) - now).total_seconds()
        waits.append(math.ceil(remaining))
    return max(waits)


def _locked_account(username):
    from accounts.models import User

    return User.objects.filter(username__iexact=username, signin_locked_at__isnull=False).exists()


class SignInThrottleHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None):
        username = get_client_username(request, credentials)
        request.signin_account_locked = bool(username) and _locked_account(username)
        if request.signin_account_locked:
            return True
        request.signin_wait = wait_seconds(request.axes_ip_address, username, request.axes_attempt_time)
        return request.signin_wait > 0

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out:
            return  # refused before the password was checked: not counted
        username = get_client_username(request, credentials)
        if not username:
            return
        failures = _failures("username", username, request.axes_attempt_time)["failures"] or 0
        if failures < settings.SIGNIN_LOCK_FAILURES:
            return
        from accounts import services
        from accounts.audit import system_user
        from accounts.models import User

        user = User.objects.filter(username__iexact=username, signin_locked_at__isnull=True).first()
        if user is None:
            return
        services.user_signin_lock(user=user, actor=system_user(), failures=failures, address=request.axes_ip_address)
        request.signin_account_locked = True
        request.axes_locked_out = True
        request.axes_credentials = credentials


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: 403 for a locked account, else 429 with the wait."""
    if getattr(request, "signin_account_locked", False):
        return render(request, TEMPLATE, {"account_locked": True}, status=403)
    wait = max(1, getattr(request, "signin_wait", 0) or 1)
    response = render(request, TEMPLATE, {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response
