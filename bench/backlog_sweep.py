"""Reminder sweep with a backlog: does a pile of long-missed shot clocks make
every morning's sweep slower?

Seeds two SQLite databases that differ only in their backlog: 2,000 or
20,000 undecided small-cell applications whose shot clock was missed 14 to
400 days ago (open deadlines, reminded as if every earlier day had been
swept), each with the same steady flow of deadlines newly due today (license
filings and payments at their 30/14/7/1/0-day marks, shot clocks at their
10/5/3/1/0-day marks, clocks missed this week in their daily overdue phase)
and 10,000 deadlines not due for months. Then times the 07:00 sweep (plan +
send to the in-memory mail backend) on each, interleaved 1x, 10x, 1x, 10x on
fresh copies of the seeded files, and prints the medians and the ratio.
Target: the 10x run within 1.5x of the 1x run.

    .venv/bin/python bench/backlog_sweep.py                       # 2,000 vs 20,000
    .venv/bin/python bench/backlog_sweep.py --quick               # 1,000 vs 10,000, one pair
    .venv/bin/python bench/backlog_sweep.py --cadence daily       # the old rule: daily for ever
    .venv/bin/python bench/backlog_sweep.py --rollup-day          # on a Monday: with the weekly roll-up

`--cadence daily` sets the shot-clock rule to no daily phase and a repeat
every day (what it was before escalation). With the weekly roll-up that now
means one repeat the day after the due date and then the roll-up, so it no
longer reproduces the old daily-for-ever cost; bench/README.md keeps those
figures.
"""

import argparse
import ast
import os
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
# The sweep day: Tue Dec 1 2026 (not the roll-up day), or with --rollup-day Mon Dec 7 2026,
# when the weekly "Still overdue" roll-up goes out too (the worst case).
TODAY = date.fromisoformat(os.environ.get("BENCH_TODAY", "2026-12-01"))


def configure(path):
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def remove(path):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def seed(backlog, newly_due, cadence):
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import Provider, ProviderContact, User
    from deadlines import reminder_schedule
    from deadlines.models import Deadline, ReminderRollup, ReminderRule
    from deadlines.sync import cadence as rule_cadence

    if cadence == "daily":
        ReminderRule.objects.filter(kind="shot_clock").update(overdue_daily_days=0, overdue_every_days=1)
    rules = {rule.kind: rule for rule in ReminderRule.objects.all()}
    providers = Provider.objects.bulk_create(
        [Provider(name=f"Bench carrier {n}", short_name=f"carrier-{n}", kind="wireless") for n in range(20)]
        + [Provider(name=f"Bench operator {n}", short_name=f"operator-{n}", kind="cable") for n in range(10)]
    )
    ProviderContact.objects.bulk_create(
        [ProviderContact(provider=p, name="Clerk", email=f"clerk@{p.short_name}.example") for p in providers]
    )
    carriers, operators = providers[:20], providers[20:]
    owners = []
    for role, count in (("Staff", 8), ("Legal", 2)):
        group = Group.objects.get(name=role)
        for n in range(count):
            user = User.objects.create(username=f"bench-{role.lower()}-{n}", email=f"{role.lower()}{n}@city.example")
            user.groups.add(group)
            if role == "Staff":
                owners.append(user)
    source_type = ContentType.objects.get_for_model(Provider)
    rows, serial = [], [0]

    def add(kind, due_date, provider, provider_facing, next_on):
        serial[0] += 1
        rows.append(
            Deadline(
                kind=kind,
                title=f"{kind} {serial[0]}",
                provider=provider,
                owner=owners[serial[0] % len(owners)],
                provider_facing=provider_facing,
                source_type=source_type,
                source_id=provider.pk,
                source_key=f"b{serial[0]}",
                due_date=due_date,
                next_reminder_on=next_on,
            )
        )
        if len(rows) >= 5000:
            Deadline.objects.bulk_create(rows)
            rows.clear()

    shot = rules["shot_clock"]
    # The backlog: missed 14..400 days ago, never decided. As if swept every day up to
    # yesterday: the next reminder is the first cadence day on or after today (None for
    # a clock past its last reminder of its own: the weekly roll-up lists it).
    yesterday = TODAY - timedelta(days=1)
    for n in range(backlog):
        due_date = TODAY - timedelta(days=14 + n % 387)
        next_on = reminder_schedule.next_reminder_on(due_date=due_date, after=yesterday, **rule_cadence(shot))
        add("shot_clock", due_date, carriers[n % 20], False, next_on)
    # The steady flow, the same in both databases: reminders newly due today.
    pre_due = [("filing", o) for o in (30, 14, 7, 1, 0)] + [("shot_clock", o) for o in (10, 5, 3, 1, 0)]
    for n in range(newly_due):
        kind, offset = pre_due[n % len(pre_due)]
        facing = kind == "filing"
        provider = operators[n % 10] if facing else carriers[n % 20]
        add(kind, TODAY + timedelta(days=offset), provider, facing, TODAY)
    for n in range(newly_due // 20):  # missed this week: in the daily overdue phase
        due_date = TODAY - timedelta(days=1 + n % 7)
        next_on = reminder_schedule.next_reminder_on(due_date=due_date, after=yesterday, **rule_cadence(shot))
        add("shot_clock", due_date, carriers[n % 20], False, next_on)
    for n in range(10_000):  # not due for months
        add("filing", TODAY + timedelta(days=120 + n % 200), operators[n % 10], True, TODAY + timedelta(days=90))
    Deadline.objects.bulk_create(rows)
    if not reminder_schedule.is_rollup_day(TODAY):  # Monday's run sent this week's roll-up
        ReminderRollup.objects.create(
            week=reminder_schedule.rollup_week(TODAY), recipient_email="", status=ReminderRollup.Status.MARKER
        )


def child_migrate():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return {}


def child_seed(backlog, newly_due, cadence):
    from django.db import connection

    started = time.perf_counter()
    seed(backlog, newly_due, cadence)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"seeded": time.perf_counter() - started}


def child_time():
    from django.template.loader import get_template
    from django.test.utils import override_settings
    from django.urls import reverse

    from deadlines import reminders
    from deadlines.models import Deadline

    # Warm up what any long-running worker has loaded already: the URLconf and the templates.
    reverse("deadlines:list")
    for name in ("reminder_digest_subject.txt", "reminder_digest.txt", "reminder_digest.html"):
        get_template(f"emails/{name}")
    due = Deadline.objects.filter(state="open", next_reminder_on__lte=TODAY).count()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        started = time.perf_counter()
        result = reminders.sweep(today=TODAY, mode="full")
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "due": due,
        "planned": result.planned,
        "emails": result.emails,
        "rollups": result.rollups,
    }


def run_child(*args):
    out = subprocess.run(
        [sys.executable, __file__, *map(str, args)], check=True, capture_output=True, text=True
    ).stdout.strip()
    return ast.literal_eval(out.splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backlog", type=int, default=2000, help="the 1x backlog (the other run has 10x)")
    parser.add_argument("--newly-due", type=int, default=2000, help="deadlines newly due today, in both")
    parser.add_argument("--pairs", type=int, default=2, help="interleaved 1x/10x pairs to time")
    parser.add_argument("--cadence", choices=["escalating", "daily"], default="escalating")
    parser.add_argument("--quick", action="store_true", help="1,000 vs 10,000 backlog, 1,000 newly due, one pair")
    parser.add_argument("--rollup-day", action="store_true", help="sweep on Mon Dec 7 2026, the roll-up day")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rollup_day:
        os.environ["BENCH_TODAY"] = "2026-12-07"  # the children read it

    if args.child:
        action, path = args.child[0], args.child[1]
        configure(path)
        if action == "migrate":
            print(repr(child_migrate()))
        elif action == "seed":
            print(repr(child_seed(int(args.child[2]), int(args.child[3]), args.child[4])))
        else:
            print(repr(child_time()))
        return

    if args.quick:
        args.backlog, args.newly_due, args.pairs = 1000, 1000, 1
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    sizes = [args.backlog, args.backlog * 10]
    base = BENCH_DIR / f"backlog-migrated-{os.environ.get('BENCH_TODAY', 'tue')}.sqlite3"
    remove(base)
    run_child("--child", "migrate", base)  # once; each size starts from a copy
    seeded = {}
    for size in sizes:
        template = BENCH_DIR / f"backlog-{size}-{args.cadence}-{os.environ.get('BENCH_TODAY', 'tue')}.sqlite3"
        remove(template)
        shutil.copyfile(base, template)
        seeded[size] = run_child("--child", "seed", template, size, args.newly_due, args.cadence)["seeded"]
    remove(base)
    timings = {size: [] for size in sizes}
    for _ in range(args.pairs):
        for size in sizes:  # interleaved: 1x, 10x, 1x, 10x
            template = BENCH_DIR / f"backlog-{size}-{args.cadence}-{os.environ.get('BENCH_TODAY', 'tue')}.sqlite3"
            work = BENCH_DIR / f"backlog-{size}-{os.environ.get('BENCH_TODAY', 'tue')}-run.sqlite3"
            remove(work)
            shutil.copyfile(template, work)
            timings[size].append(run_child("--child", "time", work))
            remove(work)
    day = date.fromisoformat(os.environ.get("BENCH_TODAY", "2026-12-01"))
    print(
        f"Reminder sweep with a backlog of missed shot clocks ({args.cadence} overdue cadence), "
        f"{args.newly_due:,} deadlines newly due, {day:%a %b %-d %Y} 07:00"
        f"{' (roll-up day)' if args.rollup_day else ' (not the roll-up day)'}, median of {args.pairs}:"
    )
    medians = {}
    for size in sizes:
        runs = sorted(timings[size], key=lambda r: r["seconds"])
        middle = runs[(len(runs) - 1) // 2]
        medians[size] = middle["seconds"]
        print(
            f"  backlog {size:>7,}: sweep {middle['seconds']:.2f} s ({middle['due']:,} deadlines due today, "
            f"{middle['planned']:,} reminders planned, {middle['rollups']} roll-ups, {middle['emails']} digest emails; "
            f"seeding took {seeded[size]:.0f} s)"
        )
    ratio = medians[sizes[1]] / medians[sizes[0]]
    verdict = "meets" if ratio <= 1.5 else "MISSES"
    print(f"  ratio {sizes[1]:,} / {sizes[0]:,}: {ratio:.2f}x ({verdict} the 1.5x target)")


if __name__ == "__main__":
    main()
