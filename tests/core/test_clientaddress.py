"""core.clientaddress: X-Forwarded-For is believed only as far as our own proxies wrote it."""

import pytest
from django.test import RequestFactory

from core.clientaddress import client_address

PROXY = "10.0.0.5"


def request(remote=PROXY, xff=None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    return settings


def test_without_a_trusted_proxy_count_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request(remote="203.0.113.9", xff="198.51.100.1")) == "203.0.113.9"
    assert client_address(request(remote=PROXY, xff="198.51.100.1")) == PROXY


def test_behind_one_proxy_the_client_is_the_right_most_entry(one_proxy):
    assert client_address(request(xff="198.51.100.1")) == "198.51.100.1"
    # Whatever the client put in front is never used.
    assert client_address(request(xff="1.1.1.1, 8.8.8.8, 198.51.100.1")) == "198.51.100.1"


def test_a_client_connecting_directly_cannot_choose_its_address(one_proxy):
    assert client_address(request(remote="203.0.113.9", xff="198.51.100.1")) == "203.0.113.9"


def test_two_proxies_take_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(request(xff="6.6.6.6, 198.51.100.1, 10.0.0.9")) == "198.51.100.1"
    # Too few entries: the proxies did not write what they should; fall back to the proxy.
    assert client_address(request(xff="198.51.100.1")) == PROXY


@pytest.mark.parametrize(
    ("xff", "expected"),
    [
        ("", PROXY),
        (" , ,", PROXY),
        ("not-an-address", PROXY),
        ("198.51.100.1, garbage", PROXY),
        ("garbage, 198.51.100.1", "198.51.100.1"),
        ("198.51.100.1:4711", "198.51.100.1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:DB8::1", "2001:db8::1"),
        ("::ffff:198.51.100.1", "198.51.100.1"),
        ("[2001:db8::1", PROXY),
        ("1" * 5000, PROXY),
        ("\x00", PROXY),
    ],
)
def test_malformed_headers_fall_back_to_the_proxy_and_never_raise(one_proxy, xff, expected):
    assert client_address(request(xff=xff)) == expected


def test_a_missing_or_broken_remote_addr_is_one_shared_bucket(one_proxy):
    req = request(xff="198.51.100.1")
    del req.META["REMOTE_ADDR"]
    assert client_address(req) == "0.0.0.0"
    assert client_address(request(remote="nonsense", xff="198.51.100.1")) == "0.0.0.0"


def test_allauth_rate_limits_use_the_same_address(one_proxy):
    """allauth's own limits (two-factor codes) key on client_address, never raise on a bad header."""
    from allauth.core.internal.ratelimit import get_ip

    from accounts.adapters import AccountAdapter

    assert AccountAdapter().get_client_ip(request(xff="1.1.1.1, 198.51.100.1")) == "198.51.100.1"
    assert AccountAdapter().get_client_ip(request(remote="203.0.113.9", xff="198.51.100.1")) == "203.0.113.9"
    assert AccountAdapter().get_client_ip(request(xff="garbage")) == PROXY
    assert get_ip(request(xff="198.51.100.1")) == "198.51.100.1"
