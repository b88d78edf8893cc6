"""Sign-in throttling behind the TLS proxy: per address and per username, growing delays,
an account lock only with notice, and a staff unlock.

The proxy is simulated: REMOTE_ADDR is the proxy and X-Forwarded-For carries
what the proxy appended (the address it received the request from).
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.5"
LOGIN = "/accounts/login/"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def via_proxy(address, prefix=""):
    """A browser at `address` behind the proxy; `prefix` is what the browser itself put in the header."""
    header = f"{prefix}, {address}" if prefix else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)


def sign_in(client, username, password="wrong password"):
    return client.post(LOGIN, {"login": username, "password": password})


def signed_in(response):
    return response.status_code == 302 and not response["Location"].startswith(LOGIN)


def wait_of(response):
    assert response.status_code == 429, response.status_code
    match = re.search(r"[Ww]ait (\d+) seconds?", response.content.decode())
    assert match, response.content.decode()
    assert response["Retry-After"] == match.group(1)
    return int(match.group(1))


def test_two_clients_behind_the_proxy_are_throttled_separately(staff, clock):
    attacker = via_proxy("198.51.100.1")
    for n in range(5):
        assert sign_in(attacker, f"guess{n}").status_code == 200
    assert sign_in(attacker, "guess-more").status_code == 429
    # Another browser behind the same proxy is not held back by the first.
    assert signed_in(sign_in(via_proxy("198.51.100.2"), "staff", PASSWORD))


def test_a_client_connecting_directly_cannot_spoof_x_forwarded_for(staff, clock):
    for n in range(5):
        direct = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 10}")
        assert sign_in(direct, f"guess{n}").status_code == 200
    fresh_header = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert sign_in(fresh_header, "staff", PASSWORD).status_code == 429


def test_a_client_behind_the_proxy_cannot_pick_its_address_by_prepending(staff, clock):
    for n in range(5):
        assert sign_in(via_proxy("198.51.100.1", prefix=f"192.0.2.{n}"), f"guess{n}").status_code == 200
    assert sign_in(via_proxy("198.51.100.1", prefix="192.0.2.200"), "staff", PASSWORD).status_code == 429
    assert signed_in(sign_in(via_proxy("192.0.2.200"), "staff", PASSWORD))


def test_an_attacker_on_legal_from_one_address_does_not_keep_legal_out(legal, clock):
    attacker = via_proxy("198.51.100.1")
    refused = 0
    for _ in range(40):
        response = sign_in(attacker, "legal")
        if response.status_code == 429:
            refused += 1
        clock.shift(timedelta(seconds=5))
    assert refused > 20  # the attacker's own address is slowed down hard
    # Legal, from the office, waits at most the per-username cap, then signs in.
    office = via_proxy("198.51.100.2")
    response = sign_in(office, "legal", PASSWORD)
    if not signed_in(response):
        assert wait_of(response) <= 30
        clock.shift(timedelta(seconds=30))
        response = sign_in(office, "legal", PASSWORD)
    assert signed_in(response)
    assert sign_in(attacker, "legal").status_code == 429  # and the attacker is still held back


def test_delays_grow_exponentially_per_address(staff, clock):
    attacker = via_proxy("198.51.100.1")
    for n in range(5):
        assert sign_in(attacker, f"guess{n}").status_code == 200
    seen = []
    for n in range(6):
        wait = wait_of(sign_in(attacker, f"again{n}"))
        seen.append(wait)
        # Refused attempts do not count and do not extend the wait.
        assert wait_of(sign_in(attacker, f"again{n}")) == wait
        clock.shift(timedelta(seconds=wait))
        assert sign_in(attacker, f"again{n}").status_code == 200  # checked again, and wrong
    assert seen == [1, 2, 4, 8, 16, 32]
    page = sign_in(attacker, "staff", PASSWORD)
    assert "64 seconds" in page.content.decode()
    assert "try again" in page.content.decode().lower()


def test_the_address_delay_is_capped_at_an_hour_and_forgotten_after_a_day(staff, clock):
    attacker = via_proxy("198.51.100.1")
    for n in range(30):
        clock.shift(timedelta(hours=1, seconds=1))
        assert sign_in(attacker, f"guess{n}").status_code == 200
    assert wait_of(sign_in(attacker, "guess")) == 3600
    clock.shift(timedelta(days=1, seconds=1))
    assert signed_in(sign_in(attacker, "staff", PASSWORD))


def test_delays_per_username_grow_slowly_and_stay_small(legal, clock):
    for n in range(20):
        clock.shift(timedelta(seconds=31))
        assert sign_in(via_proxy(f"198.51.100.{n + 1}"), "legal").status_code == 200
    # Every address is new, so only the username's delay applies: capped at 30 seconds.
    assert wait_of(sign_in(via_proxy("198.51.100.200"), "legal", PASSWORD)) == 30
    # The name is matched without regard to case or spaces.
    assert sign_in(via_proxy("198.51.100.201"), " LEGAL ").status_code == 429
    clock.shift(timedelta(seconds=30))
    assert signed_in(sign_in(via_proxy("198.51.100.200"), "legal", PASSWORD))


@pytest.fixture
def fail_until_locked(clock, django_capture_on_commit_callbacks):
    """fail_until_locked(username, count=50): failed sign-ins from new addresses,
    31 seconds apart (past the username's cap), with e-mails sent on commit."""

    def fail(username, count=50):
        with django_capture_on_commit_callbacks(execute=True):
            for n in range(count):
                clock.shift(timedelta(seconds=31))
                response = sign_in(via_proxy(f"198.51.{n // 200}.{n % 200 + 1}"), username)
                assert response.status_code in (200, 403)

    return fail


def test_fifty_failures_lock_the_account_tell_the_user_and_staff_and_staff_unlock_it(
    legal, staff, clock, fail_until_locked
):
    fail_until_locked("legal", count=49)
    legal.refresh_from_db()
    assert legal.signin_locked_at is None
    assert mail.outbox == []
    fail_until_locked("legal", count=1)
    legal.refresh_from_db()
    assert legal.signin_locked_at == START + timedelta(seconds=31 * 50)

    notices = {tuple(message.to): message for message in mail.outbox}
    assert set(notices) == {("legal@example.test",), ("staff@example.test",)}
    assert "locked" in notices[("legal@example.test",)].subject.lower()
    assert "legal" in notices[("staff@example.test",)].body
    assert reverse("invitations:locked-users") in notices[("staff@example.test",)].body

    # The right password, from anywhere, after any wait, does not get in.
    clock.shift(timedelta(hours=2))
    locked = sign_in(via_proxy("192.0.2.50"), "legal", PASSWORD)
    assert locked.status_code == 403
    assert "locked" in locked.content.decode()
    assert "cable office" in locked.content.decode()

    staff_client = Client()
    staff_client.force_login(staff)
    page = staff_client.get(reverse("invitations:locked-users")).content.decode()
    assert "legal" in page and "50" in page
    response = staff_client.post(reverse("invitations:user-unlock", args=[legal.pk]))
    assert response.status_code == 302
    legal.refresh_from_db()
    assert legal.signin_locked_at is None
    history = list(legal.history.order_by("-history_id")[:2])
    assert history[0].history_user == staff
    assert "unlocked" in history[0].history_change_reason.lower()
    assert "locked" in history[1].history_change_reason.lower()
    assert history[1].history_user.username == "conduit-system"

    assert signed_in(sign_in(via_proxy("192.0.2.50"), "legal", PASSWORD))


def test_a_lock_without_an_email_still_tells_staff(staff, fail_until_locked):
    UserFactory(username="noemail", email="")
    fail_until_locked("noemail")
    assert User.objects.get(username="noemail").signin_locked_at is not None
    assert [message.to for message in mail.outbox] == [["staff@example.test"]]


def test_failures_for_a_username_nobody_has_lock_nothing_and_send_nothing(staff, fail_until_locked):
    fail_until_locked("nobody-here")
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["anonymous", "comcast_user", "auditor", "legal"])
def test_only_staff_unlock(who, request, legal, fail_until_locked):
    fail_until_locked("legal")
    client = Client()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("invitations:user-unlock", args=[legal.pk]))
    if who == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    else:
        assert response.status_code == 403
    legal.refresh_from_db()
    assert legal.signin_locked_at is not None


@pytest.mark.parametrize("who", ["comcast_user", "outsider"])
def test_the_locked_accounts_page_is_for_city_roles(who, request):
    client = Client()
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("invitations:locked-users")).status_code == 403
    assert Client().get(reverse("invitations:locked-users")).status_code == 302


def test_unlocking_an_account_that_is_not_locked_says_so_and_changes_nothing(staff_client, legal):
    before = legal.history.count()
    response = staff_client.post(reverse("invitations:user-unlock", args=[legal.pk]), follow=True)
    assert "is not locked" in response.content.decode()
    assert legal.history.count() == before
    assert staff_client.post(reverse("invitations:user-unlock", args=[999999])).status_code == 404
