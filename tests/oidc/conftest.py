"""A real OpenID Connect provider for the single sign-on tests.

tests/oidc/provider.mjs runs the npm `oidc-provider` package on the machine's
Node.js; bin/setup installs it (`npm ci` in tests/oidc). Without Node or the
package these tests are skipped, and the run says why. The provider listens on
127.0.0.1 at a free port; Django runs as pytest-django's live server with its
settings pointing at it. The browser is plain urllib with a cookie jar.
"""

import html
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

HERE = Path(__file__).parent
NODE = shutil.which("node")
HAVE_PROVIDER = bool(NODE) and (HERE / "node_modules" / "oidc-provider").is_dir()
SKIP_REASON = "OIDC tests skipped: needs Node.js and `npm ci` in tests/oidc (bin/setup does it when Node is present)"
CLIENT_ID = "conduit-test"
CLIENT_SECRET = "a-test-only-client-secret-that-is-long-enough"


def pytest_collection_modifyitems(config, items):
    if HAVE_PROVIDER:
        return
    if os.environ.get("CONDUIT_REQUIRE_OIDC"):
        raise pytest.UsageError(f"CONDUIT_REQUIRE_OIDC is set but: {SKIP_REASON}")
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if "tests/oidc/" in str(item.fspath):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not HAVE_PROVIDER:
        terminalreporter.write_line(f"NOTE: {SKIP_REASON}.", yellow=True)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class IdentityProvider:
    """The running provider; `sign_in_as(login, groups)` sets who signs in next."""

    def __init__(self, issuer, users_file):
        self.issuer = issuer
        self.users_file = users_file
        self.users = {}

    def sign_in_as(self, login, groups=(), **extra):
        self.users[login] = {"groups": list(groups), **extra}
        self.users_file.write_text(json.dumps({"current": login, "users": self.users}))


@pytest.fixture(scope="session")
def _provider_process(live_server, tmp_path_factory):
    port = _free_port()
    users_file = tmp_path_factory.mktemp("oidc") / "users.json"
    users_file.write_text(json.dumps({"current": None, "users": {}}))
    env = {
        "PATH": str(Path(NODE).parent),
        "PORT": str(port),
        "REDIRECT_URI": f"{live_server.url}/accounts/sso/city/login/callback/",
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "USERS_FILE": str(users_file),
    }
    log = tmp_path_factory.mktemp("oidc-log") / "provider.log"
    with log.open("w") as out:
        process = subprocess.Popen([NODE, "provider.mjs"], cwd=HERE, env=env, stdout=out, stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the OIDC provider did not start:\n{log.read_text()}")
        time.sleep(0.2)
    yield IdentityProvider(issuer, users_file)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def idp(_provider_process, settings):
    """The provider, with Django's settings pointing at it for this test."""
    from config.settings import oidc_providers

    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers(
        _provider_process.issuer, CLIENT_ID, CLIENT_SECRET, name="Test City IdP", groups_scope="groups"
    )
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_ROLE_GROUPS = "Staff=conduit-staff,Legal=conduit-legal,Auditor=conduit-auditors"
    return _provider_process


class Browser:
    """Plain HTTP with cookies and redirects (urllib): enough for the code flow."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, url, data=None):
        if not url.startswith("http"):
            url = self.base_url + url
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=30) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode()

    def csrf_token(self, path):
        status, _, page = self.request(path)
        assert status == 200, page
        return html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))

    def sign_in_with_city_sso(self):
        token = self.csrf_token("/accounts/login/")
        return self.request("/accounts/sso/city/login/", {"csrfmiddlewaretoken": token})


@pytest.fixture
def browser(live_server):
    return Browser(live_server.url)
