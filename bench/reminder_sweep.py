"""Reminder sweep: does its time follow the number due, not the number stored?

Builds two databases with the same 10,000 deadlines due for a reminder and
100,000 / 1,000,000 open deadlines in all, then times one sweep (plan + send,
emails to Django's in-memory backend) on each and prints the ratio.
Target (issue 5): the 1,000,000 run within 1.5x of the 100,000 run.

    .venv/bin/python bench/reminder_sweep.py                 # SQLite files under var/bench/
    .venv/bin/python bench/reminder_sweep.py --sizes 20000 200000 --due 2000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conduit_bench .venv/bin/python bench/reminder_sweep.py

On PostgreSQL the database named in DATABASE_URL is dropped and recreated
for each size.
"""

import argparse
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(size):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        path = ROOT / "var" / "bench" / f"sweep-{size}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def recreate_postgres():
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def seed(total, due, today):
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import Provider, ProviderContact, User
    from deadlines.models import Deadline

    providers = Provider.objects.bulk_create(
        [Provider(name=f"Bench provider {n}", short_name=f"bench-{n}", kind="cable") for n in range(50)]
    )
    ProviderContact.objects.bulk_create(
        [ProviderContact(provider=p, name="Clerk", email=f"clerk@{p.short_name}.example") for p in providers]
    )
    staff = Group.objects.get(name="Staff")
    owners = []
    for n in range(5):
        user = User.objects.create(username=f"bench-staff-{n}", email=f"staff{n}@city.example")
        user.groups.add(staff)
        owners.append(user)
    source_type = ContentType.objects.get_for_model(Provider)
    far = today + timedelta(days=400)
    batch, made = [], 0
    for n in range(total):
        is_due = n < due
        provider = providers[n % len(providers)]
        batch.append(
            Deadline(
                kind="filing",
                title=f"Report {n}",
                provider=provider,
                owner=owners[n % len(owners)],
                provider_facing=True,
                source_type=source_type,
                source_id=provider.pk,
                source_key=f"b{n}",
                due_date=today + timedelta(days=7) if is_due else far + timedelta(days=n % 300),
                next_reminder_on=today if is_due else far,
            )
        )
        if len(batch) == 10_000:
            Deadline.objects.bulk_create(batch)
            made += len(batch)
            batch = []
    Deadline.objects.bulk_create(batch)


def run_one(total, due, repeats):
    import django
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test.utils import override_settings

    django.setup()
    if connection.vendor == "postgresql":
        connections.close_all()
        recreate_postgres()
    call_command("migrate", verbosity=0)
    today = date(2026, 12, 1)
    started = time.perf_counter()
    seed(total, due, today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seeded = time.perf_counter() - started

    from deadlines import reminders
    from deadlines.models import ReminderDelivery

    timings = []
    for _ in range(repeats):
        ReminderDelivery.objects.all().delete()
        from deadlines.models import Deadline

        Deadline.objects.filter(next_reminder_on__gt=today, due_date=today + timedelta(days=7)).update(
            next_reminder_on=today
        )
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            started = time.perf_counter()
            result = reminders.sweep(today=today)
            timings.append(time.perf_counter() - started)
    timings.sort()
    return {
        "total": total,
        "due": due,
        "seconds": timings[len(timings) // 2],
        "seeded": seeded,
        "planned": result.planned,
        "emails": result.emails,
        "vendor": connection.vendor,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs=2, type=int, default=[100_000, 1_000_000])
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        configure(args.child)
        figures = run_one(args.child, args.due, args.repeats)
        print(repr(figures))
        return

    # Each size runs in its own process, so Django connects to its own database.
    import ast
    import subprocess

    results = []
    for size in args.sizes:
        out = (
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(size),
                    "--due",
                    str(args.due),
                    "--repeats",
                    str(args.repeats),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        results.append(ast.literal_eval(out))
    small, large = results
    print(f"Reminder sweep on {small['vendor']}, {args.due:,} deadlines due, median of {args.repeats}:")
    for r in results:
        print(
            f"  {r['total']:>9,} open deadlines: sweep {r['seconds']:.2f} s "
            f"({r['planned']:,} reminders planned, {r['emails']} digest emails; seeding took {r['seeded']:.0f} s)"
        )
    ratio = large["seconds"] / small["seconds"]
    verdict = "meets" if ratio <= 1.5 else "MISSES"
    print(f"  ratio {large['total']:,} / {small['total']:,}: {ratio:.2f}x ({verdict} the 1.5x target)")


if __name__ == "__main__":
    main()
