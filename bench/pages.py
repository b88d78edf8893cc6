"""Page and API speed at two data sizes: does a page cost the same whatever is stored?

Seeds two databases (`manage.py seed --scale N`; kept in var/bench/ and
reused if present) and requests the staff home, the application queue, a
license detail page, the deadline list and the API list endpoints through
Django's test client, signed in as Staff. Prints the median time and the SQL
query count at each size and their ratios. Target (issue 8): time at 100,000
applications within 2x of the time at 1,000, and the same query count.

    .venv/bin/python bench/pages.py                      # SQLite, 1,000 and 100,000
    .venv/bin/python bench/pages.py --sizes 1000 20000   # quicker
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conduit_pages .venv/bin/python bench/pages.py

On PostgreSQL, the database named in DATABASE_URL gets a suffix per size
(_1000, _100000) and is created and seeded when missing.
"""

import argparse
import ast
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    ("staff home", "/"),
    ("application queue", "/permits/"),
    ("license detail", "LICENSE"),
    ("deadline list", "/deadlines/"),
    ("API applications", "/api/v1/permit-applications/"),
    ("API licenses", "/api/v1/licenses/"),
    ("API filings", "/api/v1/filings/"),
    ("API providers", "/api/v1/providers/"),
]


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


def measure(size, repeats):
    client = seeded_staff_client(size)
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from franchise.models import License

    license = License.objects.filter(provider__short_name__startswith="seed-cable-").order_by("pk").first()
    figures = {}
    for name, path in PAGES:
        path = f"/licenses/{license.pk}/" if path == "LICENSE" else path
        client.get(path)  # warm caches and templates
        times = []
        for _ in range(repeats):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
        figures[name] = (statistics.median(times), len(queries.captured_queries))
    return {"size": size, "vendor": connection.vendor, "figures": figures}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs=2, type=int, default=[1_000, 100_000])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        configure(args.child)
        print(repr(measure(args.child, args.repeats)))
        return
    results = []
    for size in args.sizes:
        out = (
            subprocess.run(
                [sys.executable, __file__, "--child", str(size), "--repeats", str(args.repeats)],
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        results.append(ast.literal_eval(out))
    small, large = results
    print(f"Pages on {small['vendor']}, signed in as Staff, median of {args.repeats} requests:")
    print(f"  {'page':<20} {small['size']:>9,} apps      {large['size']:>9,} apps      time ratio  queries")
    worst = 0.0
    for name, _ in PAGES:
        t1, q1 = small["figures"][name]
        t2, q2 = large["figures"][name]
        ratio = t2 / t1
        worst = max(worst, ratio)
        same = "same" if q1 == q2 else f"{q1} -> {q2}"
        small_col, large_col = f"{t1 * 1000:7.1f} ms ({q1:>2} q)", f"{t2 * 1000:7.1f} ms ({q2:>2} q)"
        print(f"  {name:<20} {small_col}  {large_col}  {ratio:5.2f}x      {same}")
    print(f"  worst time ratio {worst:.2f}x ({'meets' if worst <= 2 else 'MISSES'} the 2x target)")


if __name__ == "__main__":
    main()
