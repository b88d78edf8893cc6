"""Compliance letters: time per letter through the pipeline, against a bare WeasyPrint render.

Builds a throwaway database (var/bench/letters.sqlite3) with one late, short
fee quarter per operator, then times, letter by letter:

1. the pipeline: issue (number, date, computed values as of today, frozen
   snapshot, audit event, follow-up deadline) then render and store the PDF
   with its SHA-256, as the worker does (services.letter_issue +
   services.letter_render);
2. a bare WeasyPrint render of the same HTML making the same file:
   weasyprint.HTML(string=..., base_url=<repo>/).write_pdf(pdf_variant=
   "pdf/a-3a", pdf_tags=True, attachments=[the same JSON]), its default URL
   fetcher reading the same fonts from static/, a new FontConfiguration each
   time (WeasyPrint's default);
3. for the record, the same bare render reusing one FontConfiguration, as the
   worker does: the difference between 1 and 3 is the pipeline's own cost;
4. for the record, a bare plain render (no PDF/A, no tags, nothing embedded,
   a new FontConfiguration), as the letters were made before: the cost of the
   archival file itself;
5. one bulk job of 100 letters (draft, approve, issue, render each; then the
   ZIP and the summary), as the worker runs it.

The four renders rotate which goes first, and each timed call starts after a
garbage collection, so no side is billed for another's garbage.
Target (issue 6): the pipeline's median at most 1.25x the bare render's (2).

    .venv/bin/python bench/letters.py
    .venv/bin/python bench/letters.py --letters 30 --batch 100
"""

import argparse
import gc
import os
import shutil
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"


def configure():
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / "letters.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(BENCH_DIR / "letters-media", ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["MEDIA_ROOT"] = str(BENCH_DIR / "letters-media")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def seed(count):
    """`count` operators, each with a license and a Q3 2025 fee report paid late and short."""
    from django.contrib.auth.models import Group

    from accounts.models import Provider, ProviderContact, User
    from franchise import services as franchise

    legal = User.objects.create(username="bench-legal", first_name="Bench", last_name="Counsel")
    legal.groups.add(Group.objects.get(name="Legal"))
    # A drafter may not approve their own letter (LETTERS_REQUIRE_SECOND_APPROVER): a second Legal user approves.
    legal.reviewer = User.objects.create(username="bench-reviewer", first_name="Bench", last_name="Reviewer")
    legal.reviewer.groups.add(Group.objects.get(name="Legal"))
    filings = []
    for n in range(count):
        provider = Provider.objects.create(
            name=f"Bench Operator {n}",
            short_name=f"bench-{n}",
            kind="cable",
            street_address=f"{n + 1} Example Way",
            city="Boston",
            state="MA",
            postal_code="02118",
        )
        ProviderContact.objects.create(provider=provider, name="Clerk", email=f"clerk@bench-{n}.example")
        license = franchise.license_create(
            actor=legal,
            provider=provider,
            title=f"Bench license {n}",
            grant_date=date(2020, 9, 30),
            effective_date=date(2020, 10, 8),
            expiration_date=date(2030, 10, 7),
            fee_rate_percent=Decimal("5"),
            late_interest_percent=Decimal("12"),
        )
        obligation = franchise.obligation_create(
            license=license,
            actor=legal,
            kind="fee_report",
            title="Quarterly franchise fee and gross-revenue report",
            clause="Section 7.2",
            recurrence="quarterly",
            due_rule="day_of_month_after_period_end",
            due_offset_months=2,
            due_day=15,
            business_day="next",
            active_from=date(2025, 7, 1),
        )
        filing = obligation.filings.get(period_start=date(2025, 7, 1))
        franchise.filing_record(
            filing=filing, actor=legal, received_date=date(2025, 11, 10), gross_revenue=Decimal("1000000") + n
        )
        franchise.payment_record(
            actor=legal,
            license=license,
            kind="franchise_fee",
            period_start=date(2025, 7, 1),
            period_end=date(2025, 9, 30),
            amount=Decimal("45000.00"),
            received_date=date(2025, 12, 15),
            filing=filing,
        )
        filings.append(filing)
    return legal, filings


def render(weasyprint, html, base_url, **options):
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf(**options)


def render_archival(weasyprint, html, base_url, letter, **options):
    """The bare render making the pipeline's kind of file: tagged PDF/A-3a with the snapshot embedded as JSON."""
    import io

    from letters import pdf, rendering

    frozen = weasyprint.Attachment(
        file_obj=io.BytesIO(rendering.snapshot_json(letter.rendered_data)),
        name=f"{letter.number}.json",
        description=pdf.SNAPSHOT_DESCRIPTION,
        relationship="Data",
    )
    return render(
        weasyprint, html, base_url, pdf_variant=pdf.PDF_VARIANT, pdf_tags=True, attachments=[frozen], **options
    )


def time_pipeline(legal, filings):
    """Per letter: issue + render + store (the worker's part); a bare render of the same HTML to the same
    kind of file; a bare render reusing one FontConfiguration as the pipeline does (the overhead on equal
    footing); and a bare plain render, as before PDF/A (the cost of the archival file).

    The four renders rotate which goes first, letter by letter, so warm caches favour none of them.
    """
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from letters import rendering, services

    pipeline, bare, bare_shared, bare_plain = [], [], [], []
    base_url = ROOT.as_uri() + "/"
    shared = FontConfiguration()

    def timed(function, *args, **kwargs):
        # Start each timed call with no garbage left over: a render leaves tens of thousands of objects
        # behind, and the collection they trigger would otherwise be billed to whatever is timed next.
        gc.collect()
        start = time.perf_counter()
        result = function(*args, **kwargs)
        return result, time.perf_counter() - start

    for n, filing in enumerate(filings):
        letter = services.letter_create(actor=legal, kind="fee_interest", source=filing)
        letter = services.letter_approve(letter=letter, actor=legal.reviewer)
        letter, issuing = timed(services.letter_issue, letter=letter, actor=legal, enqueue=False)
        html = rendering.letter_html(letter.rendered_data)  # exactly what the worker renders
        order = ["pipeline", "bare", "bare_shared", "bare_plain"]
        for step in order[n % 4 :] + order[: n % 4]:
            # Parsing the HTML and building the attachment are timed too, as in the pipeline.
            if step == "pipeline":
                pipeline.append(issuing + timed(services.letter_render, letter_id=letter.pk)[1])
            elif step == "bare":
                bare.append(timed(render_archival, weasyprint, html, base_url, letter)[1])
            elif step == "bare_shared":
                bare_shared.append(timed(render_archival, weasyprint, html, base_url, letter, font_config=shared)[1])
            else:
                bare_plain.append(timed(render, weasyprint, html, base_url)[1])
    return pipeline, bare, bare_shared, bare_plain


def time_batch(legal, filings):
    from letters import services

    start = time.perf_counter()
    batch = services.batch_start(
        actor=legal, kind="fee_interest", sources=[f"franchise.filing:{filing.pk}" for filing in filings]
    )
    batch = services.batch_run(batch_id=batch.pk)
    return time.perf_counter() - start, batch


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=30, help="letters timed one by one (default 30)")
    parser.add_argument("--batch", type=int, default=100, help="letters in the bulk job (default 100)")
    args = parser.parse_args()
    configure()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    legal, filings = seed(args.letters + args.batch)
    single, batch_filings = filings[: args.letters], filings[args.letters :]

    # One warm-up letter each way (imports, font loading), not counted.
    time_pipeline(legal, single[:1])
    pipeline, bare, bare_shared, bare_plain = time_pipeline(legal, single[1:])
    p50, b50, s50 = statistics.median(pipeline), statistics.median(bare), statistics.median(bare_shared)
    plain50 = statistics.median(bare_plain)
    print(f"letters timed: {len(pipeline)} (fee letters, 2 pages, tagged PDF/A-3a with the data embedded)")
    print(f"pipeline, median per letter (issue + render + store + SHA-256): {p50 * 1000:.0f} ms")
    print(f"bare WeasyPrint render of the same HTML to the same PDF/A-3a file, median: {b50 * 1000:.0f} ms")
    print(f"ratio: {p50 / b50:.2f}x (target <= 1.25x)")
    print(
        f"bare render reusing one FontConfiguration, as the worker does: {s50 * 1000:.0f} ms; "
        f"pipeline / that: {p50 / s50:.2f}x (the pipeline's own overhead)"
    )
    print(
        f"bare plain render (no PDF/A, no tags, nothing embedded), as before: {plain50 * 1000:.0f} ms; "
        f"pipeline / that: {p50 / plain50:.2f}x; the archival file costs {(b50 - plain50) * 1000:.0f} ms a letter"
    )

    seconds, batch = time_batch(legal, batch_filings)
    print(
        f"bulk job of {batch.total} letters (draft, approve, issue, render each; ZIP and summary): "
        f"{seconds:.1f} s ({seconds / batch.total * 1000:.0f} ms a letter), {batch.done} issued, {batch.failed} failed"
    )


if __name__ == "__main__":
    main()
