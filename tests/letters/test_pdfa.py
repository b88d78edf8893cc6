"""Issued letters are records: tagged PDF/A-3a, in English, titled, carrying the frozen data they were
rendered from; a letter issued before that stays byte for byte what it was."""

import io
import json
import logging
import zipfile
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from letters import pdf, rendering, services, tasks
from letters.models import Letter, LetterBatch
from letters.rendering import LetterRenderError
from tests.letters import factories
from tests.pdfa import assert_tagged_pdfa, reader


def stored(letter):
    with letter.pdf.open("rb") as handle:
        return handle.read()


def test_an_issued_letter_is_tagged_pdf_a_3a_in_english_with_its_number_and_subject_as_title(issued_letter):
    data = stored(issued_letter)
    title = f"{issued_letter.number}: {rendering.subject_text(issued_letter.rendered_data)}"
    assert issued_letter.number == "CBO-2026-0001"
    assert_tagged_pdfa(data, title=title)


def test_the_structure_tree_holds_the_letters_headings_and_tables(issued_letter):
    root = reader(stored(issued_letter)).trailer["/Root"]["/StructTreeRoot"].get_object()
    seen = set()

    def walk(node, depth=0):
        node = node.get_object()
        if isinstance(node, dict) and "/S" in node:
            seen.add(node["/S"])
        kids = node.get("/K", []) if isinstance(node, dict) else []
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and depth < 40:
                walk(kid, depth + 1)

    walk(root)
    # The fee letter has a heading ("Franchise fee for Q2 2026"), paragraphs and a table with row headers.
    assert {"/Document", "/H2", "/P", "/Table", "/TR", "/TH", "/TD"} <= seen
    assert "/Figure" not in seen  # the letterhead's bar is decoration (a CSS background), not an image


def test_the_issued_letter_embeds_its_rendered_data_exactly_as_json(issued_letter):
    pdf_file = reader(stored(issued_letter))
    assert list(pdf_file.attachments) == ["CBO-2026-0001.json"]
    (content,) = pdf_file.attachments["CBO-2026-0001.json"]
    assert json.loads(content.decode("utf-8")) == issued_letter.rendered_data
    assert content == json.dumps(issued_letter.rendered_data, sort_keys=True, ensure_ascii=False, indent=2).encode()
    assert content == rendering.snapshot_json(issued_letter.rendered_data)


def test_the_embedded_file_is_described_and_related_to_the_letter_as_its_data(issued_letter):
    catalog = reader(stored(issued_letter)).trailer["/Root"]
    (spec,) = [ref.get_object() for ref in catalog["/AF"]]
    assert spec["/UF"] == "CBO-2026-0001.json"
    assert spec["/Desc"] == "Frozen data this letter was rendered from"
    assert spec["/AFRelationship"] == "/Data"
    stream = spec["/EF"]["/F"].get_object()
    assert stream["/Subtype"] == "/application/json"
    # The issue date, midnight in Boston (05:00 UTC in November), so a re-render gives the same bytes.
    assert stream["/Params"]["/ModDate"] == "D:20261120050000Z"


def test_every_kind_of_letter_renders_as_tagged_pdf_a_without_a_weasyprint_error(
    staff, legal, comcast, comcast_contacts, rcn, crown_castle, caplog
):
    drafts = factories.letters_of_every_kind(
        staff=staff, legal=legal, comcast=comcast, rcn=rcn, crown_castle=crown_castle
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        letters = [factories.issue(letter, legal) for letter in drafts.values()]
    # WeasyPrint logs (does not raise) a missing alt text or language: none may appear.
    assert [record.getMessage() for record in caplog.records if record.name.startswith("weasyprint")] == []
    for letter in letters:
        assert letter.status == Letter.Status.ISSUED
        data = stored(letter)
        assert_tagged_pdfa(data, title=f"{letter.number}: {rendering.subject_text(letter.rendered_data)}")
        (content,) = reader(data).attachments[f"{letter.number}.json"]
        assert json.loads(content) == letter.rendered_data


def test_rendering_refuses_html_without_a_language_or_a_title():
    with pytest.raises(LetterRenderError, match="needs its language"):
        pdf.render_pdf("<html><head><title>A title</title></head><body>Hi</body></html>")
    with pytest.raises(LetterRenderError, match="needs a title"):
        pdf.render_pdf('<html lang="en"><body>Hi</body></html>')


def test_a_title_given_to_the_renderer_replaces_the_html_title():
    data = pdf.render_pdf('<html lang="en"><head><title>Old</title></head><body>Hi</body></html>', title="New title")
    assert_tagged_pdfa(data, title="New title")


def test_the_bulk_zip_holds_the_archival_pdfs_with_their_data(staff, legal, comcast, comcast_contacts):
    license = factories.make_license(actor=staff, provider=comcast)
    filing = factories.overdue_filing(license=license, actor=staff)
    with TestCase.captureOnCommitCallbacks(execute=True):
        batch = services.batch_start(actor=legal, kind="cure_notice", sources=[f"franchise.filing:{filing.pk}"])
    batch = LetterBatch.objects.get(pk=batch.pk)
    letter = Letter.objects.get(batch=batch)
    with batch.zip.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    data = archive.read(f"{letter.number}_{comcast.short_name}.pdf")
    assert rendering.sha256(data) == letter.sha256
    assert_tagged_pdfa(data, title=f"{letter.number}: {rendering.subject_text(letter.rendered_data)}")
    assert json.loads(reader(data).attachments[f"{letter.number}.json"][0]) == letter.rendered_data


# Letters issued before PDF/A: never rendered again -----------------------------------------------


def legacy_pdf(snap, *, number):
    """What the renderer made before this change: untagged PDF 1.7, no variant, nothing embedded."""
    from weasyprint import HTML

    html = rendering.letter_html(snap)
    return HTML(string=html, base_url=pdf.PDF_BASE_URL, url_fetcher=pdf.StaticOnlyURLFetcher()).write_pdf(
        font_config=pdf.font_config()
    )


@pytest.fixture
def legacy_letter(monkeypatch, fee_letter, legal):
    monkeypatch.setattr(pdf, "letter_pdf", legacy_pdf)
    letter = factories.issue(fee_letter, legal)
    monkeypatch.undo()
    data = stored(letter)
    assert "/MarkInfo" not in reader(data).trailer["/Root"]  # issued the old way: untagged
    return {"letter": letter, "pdf": data, "sha256": letter.sha256}


def test_a_letter_issued_before_pdf_a_is_never_rendered_again_and_keeps_its_bytes(
    monkeypatch, legacy_letter, legal, legal_client, client
):
    letter = legacy_letter["letter"]

    def no_render(*args, **kwargs):
        raise AssertionError("an issued letter was rendered again")

    monkeypatch.setattr(pdf, "render_pdf", no_render)
    monkeypatch.setattr(pdf, "letter_pdf", no_render)

    # A rerun of the worker's task, the download, the verification page and the email all use the stored file.
    services.letter_render(letter_id=letter.pk)
    tasks.render_letter(letter.pk)
    download = legal_client.get(reverse("letters:pdf", args=[letter.pk]))
    assert download.content == legacy_letter["pdf"]
    upload = SimpleUploadedFile("copy.pdf", legacy_letter["pdf"], "application/pdf")
    assert "It matches the original" in client.post("/letters/verify/", {"file": upload}).content.decode()
    delivery = services.letter_send(letter=letter, actor=legal, enqueue=False)
    services.letter_deliver(delivery_id=delivery.pk)
    (message,) = mail.outbox
    assert message.attachments[0][1] == legacy_letter["pdf"]

    letter = Letter.objects.get(pk=letter.pk)
    assert stored(letter) == legacy_letter["pdf"]
    assert letter.sha256 == legacy_letter["sha256"] == rendering.sha256(legacy_letter["pdf"])


def test_an_issued_letter_keeps_its_stored_bytes_and_hash_after_later_renders(issued_letter, legal, fee_filing):
    before = stored(issued_letter), issued_letter.sha256
    # Another letter issued later renders; the first is not touched.
    later = factories.issue(factories.draft(actor=legal, kind="fee_interest", source=fee_filing), legal)
    assert later.number == "CBO-2026-0002"
    services.letter_render(letter_id=issued_letter.pk)
    again = Letter.objects.get(pk=issued_letter.pk)
    assert (stored(again), again.sha256) == before
    assert again.issued_on == date(2026, 11, 20)
