"""Page and API speed at two data sizes: does a page cost the same whatever is stored?

Seeds two databases (`manage.py seed --scale N`; kept in var/bench/ and
reused if present) and runs one child process per size, each with Django's
test client signed in as Staff. The parent asks the two children in turn,
request by request (1,000, then 100,000, then 1,000 ...), so both sizes see
the same machine load. Measured: the staff pages, the LAST page of the
application queue, deadline list and filing list (following the page's
"Last" link) and of every API list (its "last" link), search, the staff home
with its cache cleared before each request, and a 100,000-row export of the
application queue in CSV and .xlsx streamed to nowhere in a fresh process,
with its peak RSS growth. Prints the median time and the SQL query count at
each size and their ratios. Target: time at 100,000 applications within 2x
of the time at 1,000, the same query count, and an export under 50 MB.

    .venv/bin/python bench/pages.py                      # SQLite, 1,000 and 100,000
    .venv/bin/python bench/pages.py --sizes 1000 20000   # quicker
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conduit_pages .venv/bin/python bench/pages.py

On PostgreSQL, the database named in DATABASE_URL gets a suffix per size
(_1000, _100000) and is created and seeded when missing.
"""

import argparse
import html
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

API_LISTS = ["providers", "licenses", "obligations", "filings", "payments", "permit-applications", "permits", "letters"]
PAGES = [
    ("staff home", "/"),
    ("application queue", "/permits/"),
    ("queue, last page", "LAST /permits/"),
    ("license detail", "LICENSE"),
    ("deadline list", "/deadlines/"),
    ("deadlines, last page", "LAST /deadlines/"),
    ("filing list", "/licenses/filings/"),
    ("filings, last page", "LAST /licenses/filings/"),
    ("letter list", "/letters/"),
    ("search", "/search/?q=tremont"),
    *((f"API {name}", f"/api/v1/{name}/") for name in API_LISTS),
    *((f"API {name}, last", f"APILAST /api/v1/{name}/") for name in API_LISTS),
    ("staff home, cold cache", "COLD /"),
]
EXPORT_PATH = "/permits/?clock=all&export={fmt}"
LAST_LINK = re.compile(r'href="([^"]+)" class="usa-pagination__button" aria-label="Last page"')


def configure(size):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"] = f"{url.rstrip('/')}_{size}"
    else:
        path = ROOT / "var" / "bench" / f"pages-{size}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def ensure_postgres_database():
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname="postgres", autocommit=True
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def seeded_staff_client(size):
    """Django set up on the size's database, migrated and seeded to `size` applications (search
    index included), and a test client signed in as a Staff user with a second factor."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from accounts.roles import STAFF
    from permits.models import PermitApplication
    from tests.factories import mark_signed_in_with_totp

    if connection.vendor == "postgresql":
        ensure_postgres_database()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if PermitApplication.objects.filter(reference__startswith="SEED-").count() < size:
        call_command("seed", "--scale", str(size), verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    user, _ = User.objects.get_or_create(username="bench-staff", defaults={"email": "bench@city.example"})
    user.groups.add(Group.objects.get(name=STAFF))
    client = Client()
    client.force_login(user)
    mark_signed_in_with_totp(client, user)  # every account signs in with a second factor
    return client


def resolve(client, path):
    """The concrete URL of a PAGES entry at this size (a last page's cursor differs by database)."""
    from franchise.models import License

    if path == "LICENSE":
        license = License.objects.filter(provider__short_name__startswith="seed-cable-").order_by("pk").first()
        return f"/licenses/{license.pk}/", False
    if path.startswith("COLD "):
        return path.split(" ", 1)[1], True
    if path.startswith("LAST "):
        first = client.get(path.split(" ", 1)[1]).content.decode()
        found = LAST_LINK.search(first)
        if not found:
            raise SystemExit(f"{path}: no Last link on the first page")
        return path.split(" ", 1)[1].split("?")[0] + html.unescape(found.group(1)), False
    if path.startswith("APILAST "):
        last = client.get(path.split(" ", 1)[1]).json()["last"]
        return (last.split("testserver", 1)[1] if last else path.split(" ", 1)[1]), False
    return path, False


def serve(size):
    """A child: answer one request per line read ("name"), printing {"ms", "queries"} as JSON."""
    client = seeded_staff_client(size)
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    urls = {}
    print("ready", flush=True)
    for line in sys.stdin:
        name = line.strip()
        if name not in urls:
            urls[name] = resolve(client, dict(PAGES)[name])
            client.get(urls[name][0])  # warm caches and templates
        url, cold = urls[name]
        if cold:
            cache.clear()
        reset_queries()  # the query log holds 9,000 entries: a full one would count nothing
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        if cold:
            client.get(url)  # fill the cache again, so the next pages are measured warm as users get them
        print(json.dumps({"ms": elapsed * 1000, "queries": len(queries.captured_queries)}), flush=True)


def export(size, fmt):
    """A fresh child: stream the queue's export of every application, to nowhere; time, rows and RSS growth."""
    client = seeded_staff_client(size)
    from django.conf import settings

    settings.EXPORT_INLINE_MAX_ROWS = 10**9  # measure the in-request export however large
    client.get("/permits/")  # warm
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = client.get(EXPORT_PATH.format(fmt=fmt))
    size_bytes = lines = 0
    for chunk in response.streaming_content:
        size_bytes += len(chunk)
        lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    if fmt == "xlsx":  # a zip: count the rows the export holds from the database instead
        from permits.models import PermitApplication

        lines = PermitApplication.objects.count() + 1
    print(json.dumps({"seconds": elapsed, "rows": lines - 1, "mb": size_bytes / 2**20, "rss_mb": grown}))


def child(size, mode):
    return subprocess.Popen(
        [sys.executable, __file__, "--child", str(size), "--mode", mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs=2, type=int, default=[1_000, 100_000])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--no-export", action="store_true", help="skip the 100,000-row exports")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        configure(args.child)
        if args.mode == "serve":
            serve(args.child)
        else:
            export(args.child, args.mode)
        return
    children = [child(size, "serve") for size in args.sizes]
    for process in children:
        if process.stdout.readline().strip() != "ready":
            raise SystemExit("a child did not start")
    figures = {name: ([], []) for name, _ in PAGES}
    for _ in range(args.repeats):
        for name, _ in PAGES:
            for index, process in enumerate(children):  # small, large, small, large ...
                process.stdin.write(name + "\n")
                process.stdin.flush()
                answer = json.loads(process.stdout.readline())
                figures[name][index].append((answer["ms"], answer["queries"]))
    for process in children:
        process.stdin.close()
        process.wait()
    small, large = args.sizes
    print(
        f"Pages, signed in as Staff, median of {args.repeats} requests (queries: the usual count), sizes interleaved:"
    )
    print(f"  {'page':<28} {small:>9,} apps      {large:>9,} apps      time ratio  queries")
    worst, worst_name = 0.0, ""
    for name, _ in PAGES:
        # The most queries any request made (a cache refilled now and then shows here).
        (t1, q1), (t2, q2) = (
            (statistics.median(ms for ms, _ in runs), max(q for _, q in runs)) for runs in figures[name]
        )
        ratio = t2 / t1
        if ratio > worst:
            worst, worst_name = ratio, name
        same = "same" if q1 == q2 else f"{q1} -> {q2}"
        print(f"  {name:<28} {t1:7.1f} ms ({q1:>2} q)  {t2:7.1f} ms ({q2:>2} q)  {ratio:5.2f}x      {same}")
    print(f"  worst time ratio {worst:.2f}x ({worst_name}; {'meets' if worst <= 2 else 'MISSES'} the 2x target)")
    if args.no_export:
        return
    print(f"Export of the application queue at {large:,} applications, in a fresh process each:")
    for fmt in ("csv", "xlsx"):
        out = (
            subprocess.run(
                [sys.executable, __file__, "--child", str(large), "--mode", fmt],
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        result = json.loads(out)
        rate = result["rows"] / result["seconds"]
        print(
            f"  {fmt:<5} {result['rows']:>7,} rows in {result['seconds']:5.1f} s ({rate:6,.0f} rows/s), "
            f"{result['mb']:5.1f} MB sent, peak RSS grew {result['rss_mb']:5.1f} MB"
            f" ({'meets' if result['rss_mb'] < 50 else 'MISSES'} the 50 MB target)"
        )


if __name__ == "__main__":
    main()
