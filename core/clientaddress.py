"""The address of the client behind a request: the one function every throttle keys on.

Sign-in throttling (django-axes, AXES_CLIENT_IP_CALLABLE), allauth's own rate
limits (accounts.adapters.AccountAdapter.get_client_ip) and the public
letter-verification limit (letters.views_public) all call `client_address`,
so they agree on who a client is.

`X-Forwarded-For` is written by whoever sends the request, so it is believed
only as far as it was written by proxies we run:

- `TRUSTED_PROXY_COUNT = 0` (the default): the header is ignored and the
  client is `REMOTE_ADDR`, the other end of the TCP connection.
- `TRUSTED_PROXY_COUNT = N`: only when `REMOTE_ADDR` is in `TRUSTED_PROXIES`
  (networks, default this host) is the header read, and then the client is
  the N-th entry from the right. Each proxy appends the address it received
  the request from, so the right-most N entries were written by our proxies;
  everything to their left came from the client and is never used. A request
  that does not come from a trusted proxy is keyed on `REMOTE_ADDR` whatever
  its header says.

A header with too few entries, or an entry that is not an address, means the
proxy did not write what it should: the answer is then `REMOTE_ADDR` (the
proxy), which throttles more, never less, and never lets the client choose.
Nothing here raises on bad input.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

# Where REMOTE_ADDR itself is missing or not an address (never with a real
# WSGI server): one shared bucket rather than an error.
UNKNOWN = "0.0.0.0"  # noqa: S104 (a key, not a socket binding)


def _parse(value):
    """An address from one header entry or REMOTE_ADDR, or None. Accepts
    `1.2.3.4`, `1.2.3.4:port`, `[v6]` and `[v6]:port`; IPv4-mapped IPv6
    addresses become IPv4, so one client has one key."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 64:
        return None
    if value.startswith("["):
        end = value.find("]")
        if end == -1:
            return None
        value = value[1:end]
    elif value.count(":") == 1:  # IPv4 with a port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            address = address.ipv4_mapped
        elif address.scope_id:
            address = ipaddress.ip_address(value.split("%", 1)[0])
    return str(address)


@lru_cache(maxsize=8)
def _networks(entries):
    networks = []
    for entry in entries:
        networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
    return tuple(networks)


def trusted_networks():
    """TRUSTED_PROXIES as network objects (a bad entry fails at start-up, in
    config/settings.py, not here)."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _is_trusted_proxy(address):
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in trusted_networks())


def client_address(request):
    """The client's address as a string (see the module docstring)."""
    remote = _parse(request.META.get("REMOTE_ADDR")) or UNKNOWN
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if not isinstance(count, int) or count <= 0 or remote == UNKNOWN or not _is_trusted_proxy(remote):
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not isinstance(header, str):
        return remote
    entries = [entry for entry in header.split(",") if entry.strip()]
    if len(entries) < count:
        return remote
    return _parse(entries[-count]) or remote
