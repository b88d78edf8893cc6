"""The document rule (permits/documents.py) as a table of hand-made files: what passes with which type,
and what is refused with which words."""

import io
import zipfile
import zlib

import pytest
from PIL import Image

from permits import documents
from permits.documents import DocumentRefused, check

MB = 1024 * 1024


def pdf(*objects, trailer=b""):
    """A small PDF: a header, the given object bodies numbered from 1, a trailer."""
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    for number, content in enumerate(objects, start=1):
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    return body + b"trailer\n<< /Root 1 0 R " + trailer + b">>\n%%EOF\n"


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"
PLAIN_PDF = pdf(CATALOG, PAGES, PAGE)


def stream(content, dictionary=b""):
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def flate_stream(content, dictionary=b""):
    return stream(zlib.compress(content), b"/Filter /FlateDecode " + dictionary)


def image(kind, size=(4, 3)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


PNG = image("PNG")
JPEG = image("JPEG")


def zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<p>hello</p>")
    return buffer.getvalue()


# A flate bomb: 60 MB of zeros compress to about 60 KB.
BOMB_PDF = pdf(CATALOG, PAGES, PAGE, flate_stream(b"\x00" * (60 * MB)))


# A PNG whose header claims 20,000 x 20,000 pixels (400 million): the pixels are never decoded.
def _chunk(kind, content):
    return len(content).to_bytes(4, "big") + kind + content + zlib.crc32(kind + content).to_bytes(4, "big")


HUGE_PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _chunk(b"IHDR", (20_000).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00")
    + _chunk(b"IDAT", zlib.compress(b"\x00" * 100))
    + _chunk(b"IEND", b"")
)


@pytest.mark.parametrize(
    ("data", "name", "content_type", "extension"),
    [
        (PLAIN_PDF, "plan.pdf", "application/pdf", ".pdf"),
        # The name says nothing: a PNG called .pdf is a PNG, a JPEG called .exe a JPEG.
        (PNG, "photo.pdf", "image/png", ".png"),
        (JPEG, "site.exe", "image/jpeg", ".jpg"),
        # Ordinary compressed page content passes.
        (pdf(CATALOG, PAGES, PAGE, flate_stream(b"BT /F1 12 Tf (Plan) Tj ET")), "a.pdf", "application/pdf", ".pdf"),
    ],
)
def test_a_pdf_png_or_jpeg_passes_with_the_type_its_content_shows(data, name, content_type, extension):
    result = check(data, name=name, max_bytes=10 * MB)
    assert (result.content_type, result.extension, result.size) == (content_type, extension, len(data))
    assert len(result.sha256) == 64


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "This file is empty"),
        # 10 MB + 1 byte over a 10 MB limit reads "10.0 MB" against "10 MB".
        (b"%PDF-" + b"0" * (10 * MB - 4), "This file is 10.0 MB; the limit is 10 MB"),
        # Wrong type by content, whatever the name.
        (b"<!DOCTYPE html><html><body>plan</body></html>", "its content is a web page (HTML)"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "an SVG drawing"),
        (zip_bytes(), "a ZIP archive"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "a Windows program"),
        (b"just some words in a text file\n", "plain text"),
        (b"junk before %PDF-1.7\n", "something else before its start"),
        # PDF active content.
        (pdf(b"<< /Type /Catalog /Names << /JavaScript 4 0 R >> >>"), "contains JavaScript (/JavaScript)"),
        (pdf(b"<< /S /JavaScript /JS (app.alert(1)) >>"), "contains JavaScript"),
        (pdf(b"<< /Type /Action /JS (app.alert(1)) >>"), "(/JS)"),
        # #61 is "a": a reader reads /J#61vaScript as /JavaScript.
        (pdf(b"<< /Type /Catalog /Names << /J#61vaScript 4 0 R >> >>"), "contains JavaScript (/JavaScript)"),
        (pdf(b"<< /Type /Filespec /EF << /F 5 0 R >> >>", b"<< /Type /EmbeddedFile >>"), "embedded file"),
        (pdf(b"<< /S /Launch /F (cmd.exe) >>"), "starts another program (/Launch)"),
        (pdf(b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (x) >> >>"), "contains JavaScript"),
        (pdf(b"<< /Type /Page /AA << /O 4 0 R >> >>"), "(/AA)"),
        (pdf(b"<< /AcroForm << /XFA 5 0 R >> >>"), "XFA form"),
        (pdf(b"<< /S /SubmitForm /F (https://example.com) >>"), "sends data (/SubmitForm)"),
        (pdf(b"<< /S /GoToR /F (other.pdf) >>"), "opens another file (/GoToR)"),
        # JavaScript inside a compressed object stream, invisible in the raw bytes.
        (
            pdf(CATALOG, flate_stream(b"4 0 << /S /JavaScript /JS (app.alert(1)) >>", b"/Type /ObjStm /N 1 /First 4")),
            "contains JavaScript (/JavaScript) in a compressed part",
        ),
        # A stream keyword in a comment, claiming a picture, to hide an action from a scan of streams.
        (
            pdf(
                CATALOG, b"% << /Filter /DCTDecode >> stream\n4 0 obj << /S /JavaScript /JS (x) >> endobj\n% endstream"
            ),
            "contains JavaScript (/JavaScript)",
        ),
        # Plain objects after the end of the compressed data of a stream, or in one that does not decompress.
        (pdf(CATALOG, stream(zlib.compress(b"q Q") + b" << /JS (x) >>", b"/Filter /FlateDecode")), "(/JS)"),
        (pdf(CATALOG, stream(b"not zlib << /S /Launch >>", b"/Filter /FlateDecode")), "(/Launch)"),
        (BOMB_PDF, "compression bombs"),
        (pdf(CATALOG, trailer=b"/Encrypt 9 0 R "), "This PDF is encrypted (/Encrypt)"),
        # Polyglots.
        (PLAIN_PDF + zip_bytes(), "This PDF is also a ZIP archive"),
        (pdf(CATALOG) + b"<html><script>alert(1)</script></html>", "This PDF is also a web page"),
        (PNG + b"<html><script>alert(1)</script></html>", "This PNG image is also a web page"),
        (JPEG + PLAIN_PDF, "This JPEG image is also a PDF"),
        (PNG + zip_bytes(), "This PNG image is also a ZIP archive"),
        (JPEG + b"Rar!\x1a\x07\x00junk", "a RAR archive (hidden after the end of the image)"),
        # Damaged and oversized images.
        (PNG[:-20], "damaged or incomplete"),
        (JPEG[:-2], "damaged or incomplete"),
        (HUGE_PNG, "too large to open safely"),
    ],
    ids=lambda value: None if isinstance(value, bytes) else value[:40],
)
def test_a_hostile_or_wrong_file_is_refused_with_words_a_carrier_understands(data, words):
    with pytest.raises(DocumentRefused) as refusal:
        check(data, name="upload.pdf", max_bytes=10 * MB)
    assert words in refusal.value.message


def test_the_size_the_caller_knows_counts_even_when_only_the_limit_was_read():
    # The service reads max_bytes + 1 of a 12.4 MB file; the message gives the whole size.
    with pytest.raises(DocumentRefused, match=r"This file is 12\.4 MB; the limit is 10 MB"):
        check(b"%PDF-1.7", name="a.pdf", max_bytes=10 * MB, size=int(12.4 * MB))


def test_the_stream_count_cap_refuses_a_pdf_with_too_many_compressed_parts():
    data = pdf(CATALOG, *[flate_stream(b"q Q") for _ in range(5)])
    with pytest.raises(DocumentRefused, match="more than 4 compressed parts"):
        check(data, name="a.pdf", max_bytes=MB, max_streams=4)
    assert check(data, name="a.pdf", max_bytes=MB, max_streams=5).content_type == "application/pdf"


def test_the_pixel_cap_is_an_argument():
    # 4 x 3 = 12 pixels: refused at 11, passed at 12.
    with pytest.raises(DocumentRefused, match="4 x 3 pixels"):
        check(PNG, name="a.png", max_bytes=MB, max_pixels=11)
    assert check(PNG, name="a.png", max_bytes=MB, max_pixels=12).content_type == "image/png"


def test_a_name_that_only_starts_like_an_active_one_passes():
    # /JSON and /AAA are not /JS and /AA: names are matched whole.
    assert check(pdf(b"<< /JSON 1 /AAA 2 >>"), name="a.pdf", max_bytes=MB).content_type == "application/pdf"


def test_a_pdf_that_opens_at_a_page_passes():
    # Ordinary PDFs say where to open (/OpenAction to a page and zoom); that runs nothing.
    opens_at_a_page = pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>")
    assert check(opens_at_a_page, name="a.pdf", max_bytes=MB).content_type == "application/pdf"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("C:\\Users\\clerk\\site plan.pdf", "site plan.pdf"),
        ("../../etc/passwd", "passwd"),
        ("plan\x00\r\n.pdf", "plan.pdf"),
        ("invoice\u202egnp.pdf", "invoicegnp.pdf"),  # a right-to-left override removed
        ("", "document"),
        ("a" * 300 + ".pdf", "a" * 255),
    ],
)
def test_the_name_is_sanitised_for_display(name, shown):
    assert documents.display_name(name) == shown
    assert check(PLAIN_PDF, name=name, max_bytes=MB).name == shown
