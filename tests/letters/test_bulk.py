"""One job issues the same letter for many records; the page polls its progress; a ZIP and a summary."""

import csv
import io
import zipfile
from datetime import date

from django.test import TestCase
from django.urls import reverse

from letters import services
from letters.models import Letter, LetterBatch
from tests.factories import ProviderContactFactory, ProviderFactory
from tests.letters import factories


def late_for_last_quarter(staff, count):
    """`count` operators whose Q3 2026 fee report (due Mon 2026-11-16) is still missing on 2026-11-20."""
    filings = []
    for n in range(count):
        provider = ProviderFactory(name=f"Operator {n}", short_name=f"operator-{n}")
        ProviderContactFactory(provider=provider, email=f"notices@operator-{n}.example")
        license = factories.make_license(actor=staff, provider=provider, title=f"Operator {n} license")
        filings.append(factories.overdue_filing(license=license, actor=staff))
    return filings


def test_a_bulk_job_issues_one_letter_per_record_and_zips_them_with_a_summary(staff, legal):
    filings = late_for_last_quarter(staff, 3)
    with TestCase.captureOnCommitCallbacks(execute=True):
        batch = services.batch_start(
            actor=legal, kind="cure_notice", sources=[f"franchise.filing:{f.pk}" for f in filings]
        )
    batch = LetterBatch.objects.get(pk=batch.pk)
    assert (batch.status, batch.total, batch.done, batch.failed) == ("done", 3, 3, 0)
    letters = list(Letter.objects.filter(batch=batch).order_by("number"))
    assert [letter.number for letter in letters] == ["CBO-2026-0001", "CBO-2026-0002", "CBO-2026-0003"]
    assert all(letter.status == "issued" and letter.approved_by == legal for letter in letters)
    with batch.zip.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = sorted(archive.namelist())
    assert names == [
        "CBO-2026-0001_operator-0.pdf",
        "CBO-2026-0002_operator-1.pdf",
        "CBO-2026-0003_operator-2.pdf",
        "summary.csv",
    ]
    for letter in letters:
        pdf = archive.read(f"{letter.number}_{letter.provider.short_name}.pdf")
        assert services.rendering.sha256(pdf) == letter.sha256
    rows = list(csv.DictReader(io.StringIO(archive.read("summary.csv").decode())))
    assert [row["Result"] for row in rows] == ["issued"] * 3
    assert rows[0]["Recipient"] == "Operator 0" and rows[0]["SHA-256"] == letters[0].sha256


def test_a_record_that_fails_is_reported_and_takes_no_number(staff, legal, license_, fee_filing):
    filings = late_for_last_quarter(staff, 2)
    # The Comcast fee report of Q2 was received: a cure letter is made, but with no violation text Legal must
    # write one, so it cannot be approved in bulk.
    sources = [
        f"franchise.filing:{filings[0].pk}",
        f"franchise.filing:{fee_filing.pk}",
        f"franchise.filing:{filings[1].pk}",
    ]
    with TestCase.captureOnCommitCallbacks(execute=True):
        batch = services.batch_start(actor=legal, kind="cure_notice", sources=sources)
    batch = LetterBatch.objects.get(pk=batch.pk)
    assert (batch.done, batch.failed) == (2, 1)
    failed = [row for row in batch.summary if row["result"] == "failed"]
    assert failed[0]["source"] == f"franchise.filing:{fee_filing.pk}"
    assert "The non-compliance has no value." in failed[0]["error"]
    assert sorted(Letter.objects.values_list("number", flat=True)) == ["CBO-2026-0001", "CBO-2026-0002"]


def test_the_bulk_page_lists_last_quarters_late_reports_and_starts_the_job(legal_client, staff):
    filings = late_for_last_quarter(staff, 2)
    page = legal_client.get(reverse("letters:batch-create") + "?kind=cure_notice&period=last_quarter")
    assert page.content.count(b'name="sources"') == 2
    refused = legal_client.post(
        reverse("letters:batch-create"),
        {"kind": "cure_notice", "period": "last_quarter", "sources": [f"franchise.filing:{filings[0].pk}"]},
    )
    assert "Tick the box to approve the letters." in refused.content.decode()
    assert not LetterBatch.objects.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = legal_client.post(
            reverse("letters:batch-create"),
            {
                "kind": "cure_notice",
                "period": "last_quarter",
                "sources": [f"franchise.filing:{f.pk}" for f in filings],
                "confirm": "on",
            },
        )
    batch = LetterBatch.objects.get()
    assert response["Location"] == batch.get_absolute_url()
    assert batch.status == "done"


def test_the_progress_bar_polls_while_running_and_stops_when_done(legal_client, legal, staff):
    filings = late_for_last_quarter(staff, 1)
    batch = services.batch_start(actor=legal, kind="cure_notice", sources=[f"franchise.filing:{filings[0].pk}"])
    running = legal_client.get(reverse("letters:batch-progress", args=[batch.pk]), HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 2s"' in running.content
    assert b'value="0"' in running.content
    page = legal_client.get(batch.get_absolute_url())
    assert b"vendor/htmx/htmx.min.js" in page.content
    services.batch_run(batch_id=batch.pk)
    done = legal_client.get(reverse("letters:batch-progress", args=[batch.pk]), HTTP_HX_REQUEST="true")
    assert b"hx-trigger" not in done.content
    assert b"Download the ZIP" in done.content and b"CBO-2026-0001" in done.content
    archive = legal_client.get(reverse("letters:batch-zip", args=[batch.pk]))
    assert archive["Content-Type"] == "application/zip"


def test_the_progress_url_answers_htmx_with_the_bar_and_a_browser_with_the_page(legal_client, legal, staff):
    filings = late_for_last_quarter(staff, 1)
    batch = services.batch_start(actor=legal, kind="cure_notice", sources=[f"franchise.filing:{filings[0].pk}"])
    url = reverse("letters:batch-progress", args=[batch.pk])
    fragment = legal_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="batch-progress"')
    assert "<html" not in fragment and "vendor/htmx/htmx.min.js" not in fragment
    page = legal_client.get(url).content.decode()
    assert "<html" in page and 'id="batch-progress"' in page and f"Bulk job #{batch.pk}" in page
    assert 'hx-trigger="every 2s"' in page and "vendor/htmx/htmx.min.js" in page


def test_running_a_batch_twice_issues_nothing_more(legal, staff):
    filings = late_for_last_quarter(staff, 1)
    batch = services.batch_start(actor=legal, kind="cure_notice", sources=[f"franchise.filing:{filings[0].pk}"])
    services.batch_run(batch_id=batch.pk)
    services.batch_run(batch_id=batch.pk)
    assert Letter.objects.count() == 1
    assert LetterBatch.objects.get(pk=batch.pk).done == 1


def test_last_quarter_is_the_one_before_today(legal):
    from letters.sources import last_quarter

    assert last_quarter(date(2026, 1, 15)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert last_quarter(date(2026, 4, 1)) == (date(2026, 1, 1), date(2026, 3, 31))
