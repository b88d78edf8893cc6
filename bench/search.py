"""Site-wide search at two data sizes, measured side by side: does a search cost the same at any size?

Seeds two databases (`manage.py seed --scale N`, which also builds the search index; kept and
reused like bench/pages.py's) and runs the searches a clerk types, through the /search/ page
signed in as Staff, in rounds that alternate the sizes (small, large, small, large, ...), so that
whatever else the machine does falls on both alike. Prints the median time and query count per
search at each size, and the ratio. Target: time at 100,000 applications within 2x of 1,000, and
the same query count.

    .venv/bin/python bench/search.py                          # SQLite (FTS5), 1,000 and 100,000
    .venv/bin/python bench/search.py --sizes 1000 20000       # quicker
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conduit_pages .venv/bin/python bench/search.py

On PostgreSQL the database named in DATABASE_URL gets a suffix per size (_1000, _100000), shared
with bench/pages.py, and is created and seeded when missing.
"""

import argparse
import ast
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import configure, seeded_staff_client  # noqa: E402

SEARCHES = [
    ("an application reference", "SEED-000042"),
    ("a pole id", "P-0000042"),
    ("part of an address", "42 trem"),
    ("a street name (broad)", "tremont"),
    ("a provider name", "seed wireless"),
    ("a word nothing has", "zzyzx"),
]


def measure(size, repeats):
    client = seeded_staff_client(size)
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.models import SearchEntry

    if not SearchEntry.objects.exists():  # a database seeded before the index existed
        call_command("rebuild_search_index", verbosity=0)
    figures = {}
    for name, q in SEARCHES:
        client.get("/search/", {"q": q})  # warm
        times = []
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get("/search/", {"q": q})
                times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"/search/?q={q} answered {response.status_code}")
        figures[name] = (times, len(queries.captured_queries), response.content.count(b'<li class="border-bottom-1px'))
    return {"size": size, "vendor": connection.vendor, "entries": SearchEntry.objects.count(), "figures": figures}


def run_child(size, repeats):
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(size), "--repeats", str(repeats)],
        check=True,
        capture_output=True,
        text=True,
    )
    return ast.literal_eval(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs=2, type=int, default=[1_000, 100_000])
    parser.add_argument("--repeats", type=int, default=5, help="requests per search per round")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        configure(args.child)
        print(repr(measure(args.child, args.repeats)))
        return
    for size in args.sizes:  # seed (or find) both databases before any timing
        run_child(size, 1)
    runs = {size: [] for size in args.sizes}
    for _ in range(args.rounds):
        for size in args.sizes:
            runs[size].append(run_child(size, args.repeats))
    small, large = args.sizes
    first = runs[small][0]
    print(
        f"Search on {first['vendor']}: {runs[small][0]['entries']:,} vs {runs[large][0]['entries']:,} index entries, "
        f"{args.rounds} alternating rounds x {args.repeats} requests, median:"
    )
    print(f"  {'search':<26} {small:>9,} apps          {large:>9,} apps          ratio  queries")
    worst = 0.0
    for name, _ in SEARCHES:
        t1 = statistics.median(t for run in runs[small] for t in run["figures"][name][0])
        t2 = statistics.median(t for run in runs[large] for t in run["figures"][name][0])
        q1, q2 = runs[small][0]["figures"][name][1], runs[large][0]["figures"][name][1]
        n1, n2 = runs[small][0]["figures"][name][2], runs[large][0]["figures"][name][2]
        ratio = t2 / t1
        worst = max(worst, ratio)
        same = "same" if q1 == q2 else f"{q1} -> {q2}"
        cells = f"{t1 * 1000:7.1f} ms ({n1:>2} hits)  {t2 * 1000:7.1f} ms ({n2:>2} hits)"
        print(f"  {name:<26} {cells}  {ratio:5.2f}x  {same}")
    print(f"  worst ratio {worst:.2f}x ({'meets' if worst <= 2 else 'MISSES'} the 2x target)")


if __name__ == "__main__":
    main()
