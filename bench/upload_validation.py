"""Upload validation on a 50,000-row workbook, beside a bare openpyxl pass.

    .venv/bin/python bench/upload_validation.py [--rows 50000] [--runs 3]

The workbook (template QR-1, valid: ten standard categories and 49,990
"Other: ..." revenue rows, shared strings as Excel writes them) is generated
once into var/bench/. Each measurement runs in a fresh process:

- bare: `openpyxl.load_workbook(read_only=True, data_only=True)` and every
  row of every sheet with `values_only=True`, nothing else;
- validate: franchise.quarterly.validation.validate() on the file's bytes, the
  whole chain (signature, ZIP directory, macro check, DOCTYPE/ENTITY scan of
  every part, the read with dimensions ignored, every cell checked).

Time is the median of --runs runs; memory is the peak of Python allocations
(tracemalloc, in a separate run, since tracing slows the code) and the
process's peak resident size over the timed runs (ru_maxrss, interpreter
and libraries included). Targets:
validate within 1.5x of the bare pass, and under 150 MB.
"""

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
PROVIDER = "Comcast Cable Communications"
REFERENCE = "COMCAST-L1"


def workbook_path(rows):
    return BENCH_DIR / f"qr1-{rows}-rows.xlsx"


def generate(rows):
    from openpyxl import Workbook

    from franchise.quarterly import qr1

    workbook = Workbook()
    summary = workbook.active
    summary.title = qr1.SUMMARY
    values = ["QR-1", PROVIDER, REFERENCE, 2026, 2, 152340, 1, 60000]
    for row, value in zip(qr1.SUMMARY_ROWS, values, strict=True):
        summary.append([row.label, value])
    revenue = workbook.create_sheet(qr1.GROSS_REVENUE)
    revenue.append(list(qr1.GROSS_REVENUE_HEADER))
    for name in qr1.CATEGORIES:
        revenue.append([name, 125000.5, None])
    for index in range(rows - len(qr1.CATEGORIES)):
        revenue.append([f"Other: service line {index}", round(10 + index * 0.37, 2), f"Account group {index % 97}"])
    service = workbook.create_sheet(qr1.CUSTOMER_SERVICE)
    service.append(list(qr1.CUSTOMER_SERVICE_HEADER))
    for row in qr1.CUSTOMER_SERVICE_ROWS:
        service.append([row.label, 2.5 if row.kind == qr1.PERCENT else 1000])
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    workbook.save(workbook_path(rows))


def bare(data):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = 0
    for sheet in workbook.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            count += 1
    workbook.close()
    return count


def validate(data):
    from franchise.quarterly.validation import Expected, Limits, validate

    expected = Expected(
        provider_names=(PROVIDER,),
        provider_display=PROVIDER,
        license_reference=REFERENCE,
        license_title="Benchmark license",
        today=date(2026, 11, 25),
    )
    outcome = validate(data, filename="bench.xlsx", content_type="", limits=Limits(), expected=expected)
    if not outcome.ok:
        raise SystemExit(f"the benchmark workbook did not validate: {[str(e) for e in outcome.errors[:5]]}")
    return len(outcome.report.lines)


def child(mode, rows, runs):
    data = workbook_path(rows).read_bytes()
    function = {"bare": bare, "validate": validate}[mode]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function(data)
        times.append(time.perf_counter() - started)
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux; before tracing adds its own
    tracemalloc.start()
    function(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({"median": statistics.median(times), "peak": peak, "maxrss": maxrss_kb * 1024, "rows": result}))


def measure(mode, rows, runs):
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--rows", str(rows), "--runs", str(runs)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=["bare", "validate"])
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rows, args.runs)
        return
    path = workbook_path(args.rows)
    if not path.exists():
        started = time.perf_counter()
        generate(args.rows)
        print(f"Generated {path.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s")
    size = path.stat().st_size
    print(
        f"Workbook: {path.relative_to(ROOT)}, {args.rows:,} revenue rows, {size / 1024 / 1024:.1f} MB; "
        f"median of {args.runs}"
    )
    results = {mode: measure(mode, args.rows, args.runs) for mode in ("bare", "validate")}
    for mode, figures in results.items():
        print(
            f"  {mode:<9} {figures['median']:6.2f} s   peak Python allocations {figures['peak'] / 1e6:6.1f} MB   "
            f"process peak RSS {figures['maxrss'] / 1e6:6.1f} MB   ({figures['rows']:,} rows)"
        )
    ratio = results["validate"]["median"] / results["bare"]["median"]
    rss = results["validate"]["maxrss"] / 1e6
    print(
        f"  ratio validate / bare: {ratio:.2f}x ({'meets' if ratio <= 1.5 else 'misses'} the 1.5x target); "
        f"validate peak RSS {rss:.1f} MB ({'meets' if rss < 150 else 'misses'} the 150 MB target)"
    )


if __name__ == "__main__":
    main()
