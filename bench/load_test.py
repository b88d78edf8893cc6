"""Load test: gunicorn (4 workers) on PostgreSQL, 127.0.0.1 only, bounded in time.

Starts gunicorn with the production settings (DEBUG off, plain HTTP on the
loopback), seeds a database, then runs 50 concurrent simulated users for a
fixed time mixing staff pages, API reads, provider portal pages and
quarterly-report uploads (a real QR-1 workbook, CSRF token included). Three
phases: a trivial view (/healthz: one SELECT 1) with no pauses, the ceiling
of this server; the mixed pages with no pauses (saturation); and the mixed
pages with users pausing about a second between requests, as locust users
do. Prints requests per second, p50/p95 latency and the error count.
Target (issue 8): zero errors, p95 under 500 ms at 50 concurrent users.

    .venv/bin/python bench/load_test.py                  # 50 users, 30 s each phase
    .venv/bin/python bench/load_test.py --users 20 --seconds 10

Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth); uses the
database `conduit_load`, recreated on each run. Sends traffic to 127.0.0.1 only.
"""

import argparse
import http.client
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST, PORT = "127.0.0.1", 8765
DB = "conduit_load"
SECRET = secrets.token_urlsafe(40)  # one key for the server and the sessions made here


def server_env():
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB}",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.pop("REDIS_URL", None)
    return env


def prepare(scale):
    import psycopg

    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}"')
        conn.execute(f'CREATE DATABASE "{DB}"')
    env = server_env()
    python = sys.executable
    for command in (
        ["migrate", "-v0"],
        ["load_demo"],
        ["seed", "--scale", str(scale)],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)


def sessions(users):
    """Session cookies for the load users, made directly (no password hashing in the test)."""
    os.environ.update(server_env())
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string
    from rest_framework.authtoken.models import Token

    from accounts.models import Provider, User
    from franchise.models import License
    from franchise.quarterly import qr1
    from tests.portal import workbooks

    license = License.objects.filter(provider__short_name="comcast").order_by("pk").first()
    workbook = workbooks.build(qr1.license_reference("comcast", license.pk))
    staff_group = Group.objects.get(name="Staff")
    provider_group = Group.objects.get(name="Provider")
    comcast = Provider.objects.get(short_name="comcast")
    made = []
    for n in range(users):
        provider_user = n % 5 == 4  # one in five is a provider clerk
        user, _ = User.objects.get_or_create(
            username=f"load-{n}",
            defaults={"email": f"load{n}@example.test", "provider": comcast if provider_user else None},
        )
        user.groups.set([provider_group if provider_user else staff_group])
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        token, _ = Token.objects.get_or_create(user=user)
        made.append(
            {
                "session": store.session_key,
                "token": token.key,
                "provider": provider_user,
                "csrf": _get_new_csrf_string(),
                "license": license.pk,
                "workbook": workbook,
            }
        )
    return made


STAFF_PAGES = ["/", "/permits/", "/licenses/", "/deadlines/", "/deadlines/mine/", "/providers/"]
API_PAGES = ["/api/v1/permit-applications/", "/api/v1/licenses/", "/api/v1/filings/"]
PORTAL_PAGES = ["/portal/", "/portal/deadlines/", "/portal/organisation/"]


def run_phase(clients, seconds, pick, think=0.0):
    """Each client loops requests for `seconds`, pausing 0.5-1.5 x `think`
    seconds between them (0: back to back); returns latencies and errors."""
    latencies, errors, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(client):
        conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
        rng = random.Random(client["session"])
        while time.monotonic() < stop_at:
            path, headers, *body = pick(client, rng)
            started = time.perf_counter()
            try:
                if body:  # an upload: a redirect to the new report is success
                    conn.request("POST", path, body=body[0], headers=headers)
                else:
                    conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200 or (body and response.status == 302)
                status = response.status
            except Exception as error:  # a dropped connection is an error; reconnect
                ok, status = False, repr(error)
                conn.close()
                conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append((path, status))
            if think:
                time.sleep(rng.uniform(0.5, 1.5) * think)
        conn.close()

    threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def upload(client):
    """A quarterly-report upload: multipart form with the CSRF token."""
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{client["csrf"]}\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="license"\r\n\r\n{client["license"]}\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="q2-2026.xlsx"\r\n'
        "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n",
    ]
    body = "".join(parts).encode() + client["workbook"] + f"\r\n--{boundary}--\r\n".encode()
    headers = {
        "Cookie": f"sessionid={client['session']}; csrftoken={client['csrf']}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    return "/portal/reports/upload/", headers, body


def mixed(client, rng):
    if client["provider"]:
        if rng.random() < 0.15:
            return upload(client)
        return rng.choice(PORTAL_PAGES), {"Cookie": f"sessionid={client['session']}"}
    if rng.random() < 0.3:
        return rng.choice(API_PAGES), {"Authorization": f"Token {client['token']}"}
    return rng.choice(STAFF_PAGES), {"Cookie": f"sessionid={client['session']}"}


def trivial(client, rng):
    return "/healthz", {}


def report(label, latencies, errors, elapsed):
    ordered = sorted(latencies)
    p95 = ordered[int(len(ordered) * 0.95) - 1] if ordered else 0
    print(
        f"  {label:<24} {len(latencies) / elapsed:7.1f} req/s   p50 {statistics.median(ordered) * 1000:6.0f} ms   "
        f"p95 {p95 * 1000:6.0f} ms   errors {len(errors)}"
    )
    return p95


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--scale", type=int, default=1000, help="applications seeded")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds a user pauses between requests")
    args = parser.parse_args()

    print(f"Preparing {DB} (demo data + seed --scale {args.scale})...")
    prepare(args.scale)
    clients = sessions(args.users)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "config/gunicorn.conf.py",
            "config.wsgi",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=server_env(),
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        run_phase(clients[:5], 3, mixed)  # warm up every worker
        print(f"gunicorn {args.workers} workers on PostgreSQL, {args.users} concurrent users, {args.seconds} s each:")
        ceiling = run_phase(clients, args.seconds, trivial)
        report("trivial view, no pauses", *ceiling)
        saturated = run_phase(clients, args.seconds, mixed)
        report("mixed, no pauses", *saturated)
        ratio = (len(saturated[0]) / saturated[2]) / (len(ceiling[0]) / ceiling[2])
        print(f"    (mixed pages at saturation: {ratio:.0%} of the trivial view's throughput)")
        latencies, errors, elapsed = run_phase(clients, args.seconds, mixed, think=args.think)
        p95 = report(f"mixed, {args.think:g} s pauses", latencies, errors, elapsed)
        errors = errors + saturated[1]
        for path, status in errors[:10]:
            print(f"    error: {path} -> {status}")
        verdict = "meets" if not errors and p95 < 0.5 else "MISSES"
        print(f"  {verdict} the target (zero errors; p95 under 500 ms for {args.users} users pausing as people do)")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
