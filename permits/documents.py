"""Check a document a carrier files with a small-cell application, from its bytes.

Pure: no ORM and no settings. The caller (permits/services_documents.py) reads at
most `max_bytes + 1` bytes of the upload, passes the limits, and stores nothing
unless `check` returns. Every refusal is a `DocumentRefused` whose message a
carrier's clerk can act on. The rules, in the order they run (the first failure
stops the chain, since a later step cannot trust what an earlier one refused):

1. Size. An empty file is refused; so is one over `max_bytes` (the setting
   APPLICATION_DOCUMENT_MAX_BYTES, 25 MB by default).
2. Type, by content only. The file's name and the type the browser declared
   are never trusted: a PDF must start with `%PDF-` (not merely contain it
   near the start, which readers tolerate and polyglots exploit), a PNG with
   its 8-byte signature, a JPEG with FF D8 FF. Anything else is refused with
   what it looks like (a web page, an SVG drawing, a ZIP or Office file, a
   program, plain text ...).
3. Polyglots: a file that is also another format is refused, since a browser,
   an unzip tool or a PDF reader may each open its other face.
   - Markup (`<html`, `<script`, `<svg`, `<!doctype html`, `<?php`,
     `<iframe`, any case) anywhere in an image, or in a PDF outside its
     streams.
   - `%PDF-` anywhere in an image.
   - A ZIP local-file header (`PK 03 04`) outside a PDF's streams, or in an
     image's metadata or after its end; and, anywhere in the file, a ZIP
     local-file header together with a ZIP end-of-directory record (what an
     unzip tool needs). The pair, not the 4-byte header alone, is looked for
     inside compressed data, where 4 chance bytes are not rare in a large file.
   - Data after an image's end marker (PNG IEND, JPEG EOI) that carries
     another format's signature (PDF, ZIP, RAR, 7z, markup, a program).
4. PDF active content and encryption.
   - `/Encrypt` anywhere outside streams: an encrypted PDF cannot be inspected.
   - These names, outside streams, in uncompressed streams and in every
     FlateDecode stream once decompressed (object streams hold dictionaries
     too): /JavaScript, /JS, /EmbeddedFile, /EmbeddedFiles, /Launch,
     /AA, /XFA, /RichMedia, /SubmitForm, /ImportData, /GoToR, /GoToE.
     /OpenAction is not among them: ordinary PDFs use it to open at a page
     or zoom, and any action it could run that does harm is one of the
     names above, refused wherever it is written. Names are read as a PDF reader reads them, `#xx` escapes decoded
     (`/J#61vaScript` is /JavaScript), and matched whole (/JSON is not /JS).
     Streams that are neither plain nor FlateDecode (images), and FlateDecode
     streams that do not decompress, are searched for the names of five
     letters or more (/JavaScript, /Launch ...), which chance bytes do not
     spell, so a stream keyword faked to hide objects still shows the action.
   - Decompression is capped: at most `max_inflated_bytes` (50 MB) in all and
     `max_streams` (10,000) FlateDecode streams; past either the file is
     refused as a possible compression bomb. An object stream compressed any
     other way cannot be read, so it is refused.
5. Images, read with Pillow (header, then `verify`, then reopened for its
   size): the format Pillow finds must be the one the signature says; a file
   Pillow cannot read is refused as damaged; at most `max_pixels` (100
   million) pixels, so a small file that would expand to gigabytes in memory
   (a decompression bomb) is refused before anyone opens it.

The original name is kept for display only, sanitised by `display_name`: path
parts, control and formatting characters (such as right-to-left overrides)
removed, at most 255 characters. The stored name is the server's
(permits.models.document_path) and the type is the detected one.
"""

import hashlib
import io
import re
import unicodedata
import warnings
import zlib
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}
LABELS = {PDF: "PDF", PNG: "PNG image", JPEG: "JPEG image"}

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 25 * MB
DEFAULT_MAX_INFLATED_BYTES = 50 * MB
DEFAULT_MAX_STREAMS = 10_000
DEFAULT_MAX_PIXELS = 100_000_000
NAME_LIMIT = 255

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
ZIP_HEADER = b"PK\x03\x04"
ZIP_END = b"PK\x05\x06"
MARKUP = re.compile(rb"<(?:html|script|svg[\s/>]|!doctype\s+html|\?php|iframe)", re.IGNORECASE)
# Other formats' signatures, looked for in the data after an image's end marker.
TRAILER_SIGNATURES = (
    (PDF_MAGIC, "a PDF"),
    (ZIP_HEADER, "a ZIP archive"),
    (ZIP_END, "a ZIP archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
)

# PDF names that make a document do something, and what to tell the carrier about each.
ACTIVE_NAMES = {
    b"JavaScript": "contains JavaScript",
    b"JS": "contains JavaScript",
    b"EmbeddedFile": "has an embedded file (files inside a PDF are not accepted; upload each document on its own)",
    b"EmbeddedFiles": "has an embedded file (files inside a PDF are not accepted; upload each document on its own)",
    b"Launch": "has an action that starts another program",
    b"AA": "runs actions when it is opened, closed or used",
    b"XFA": "is an XFA form, which can run scripts",
    b"RichMedia": "contains embedded media (Flash or video)",
    b"SubmitForm": "has a form that sends data",
    b"ImportData": "has a form that loads data from another file",
    b"GoToR": "has a link that opens another file",
    b"GoToE": "has a link that opens an embedded file",
}
# The names of five letters or more: looked for even in binary stream data (images), where four chance
# bytes such as "/JS " are not rare in a large file but these are, so a stream keyword faked to hide
# objects from the scan still shows the action it hides (/S /JavaScript, /S /Launch ...).
LONG_NAMES = {name: words for name, words in ACTIVE_NAMES.items() if len(name) >= 5}
# A PDF name: a solidus and the regular characters after it (ISO 32000-1, 7.3.5); #xx is one byte.
PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
STREAM_START = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
ENDSTREAM = b"endstream"
# How far back from a stream keyword its dictionary is looked for.
DICTIONARY_WINDOW = 64 * 1024

AGAIN = "Remove it and upload again; printing the document to a new PDF usually does."


class DocumentRefused(Exception):
    """The document is refused; `message` says why in plain words."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Result:
    content_type: str  # one of PDF, PNG, JPEG: detected from the content
    extension: str  # the stored file's extension, from the detected type
    sha256: str
    size: int
    name: str  # the original name, sanitised for display


def check(
    data,
    *,
    name,
    max_bytes=DEFAULT_MAX_BYTES,
    size=None,
    max_inflated_bytes=DEFAULT_MAX_INFLATED_BYTES,
    max_streams=DEFAULT_MAX_STREAMS,
    max_pixels=DEFAULT_MAX_PIXELS,
):
    """The document's detected type, hash and size, or `DocumentRefused`.

    `size` is the upload's full size when the caller read only the first
    `max_bytes + 1` bytes of a larger file.
    """
    data = bytes(data or b"")
    _check_size(data, max_bytes, size)
    content_type = detect(data)
    if content_type == PDF:
        _check_pdf(data, max_inflated_bytes=max_inflated_bytes, max_streams=max_streams)
    else:
        _check_image(data, content_type, max_pixels=max_pixels)
    return Result(
        content_type=content_type,
        extension=EXTENSIONS[content_type],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        name=display_name(name),
    )


def display_name(name):
    """The uploader's file name, safe to show: no folders, no control characters, at most 255 characters."""
    text = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp"))
    text = text.strip().lstrip(".").strip()
    return text[:NAME_LIMIT] or "document"


# 1. Size -----------------------------------------------------------------------------------------


def amount(size):
    """Bytes in words: 812 bytes, 9.9 KB, 12.4 MB; a whole number of megabytes without decimals."""
    if size < 1024:
        return f"{size:,} bytes"
    if size < MB:
        return f"{size / 1024:,.1f} KB"
    if size % MB == 0:
        return f"{size // MB:,} MB"
    return f"{size / MB:,.1f} MB"


def _check_size(data, max_bytes, size):
    if not data:
        raise DocumentRefused("This file is empty. Choose the saved document and upload it again.")
    size = max(size or 0, len(data))
    if size > max_bytes:
        raise DocumentRefused(
            f"This file is {amount(size)}; the limit is {amount(max_bytes)}. "
            "Save it smaller (fewer or smaller images) or split it, and upload again."
        )


# 2. Type by content ------------------------------------------------------------------------------


def detect(data):
    """PDF, PNG or JPEG from the first bytes; anything else is refused with what it looks like."""
    if data.startswith(PDF_MAGIC):
        return PDF
    if data.startswith(PNG_MAGIC):
        return PNG
    if data.startswith(JPEG_MAGIC):
        return JPEG
    raise DocumentRefused(
        f"This file is not a PDF, PNG or JPEG: its content is {looks_like(data)}. Upload a PDF or an image."
    )


def looks_like(data):
    """What a refused file appears to be, in words a clerk knows."""
    head = data[:4096]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = stripped[:1024].lower()
    if b"%PDF-" in data[:1024]:
        return "a PDF with something else before its start, which is how disguised files are made"
    if b"<svg" in lowered or (lowered.startswith(b"<?xml") and b"<svg" in head.lower()):
        return "an SVG drawing, which can carry scripts"
    if MARKUP.search(head) or lowered.startswith(b"<!doctype") or lowered.startswith(b"<head"):
        return "a web page (HTML)"
    if lowered.startswith(b"<?xml"):
        return "an XML file"
    signatures = (
        (ZIP_HEADER, "a ZIP archive (Word, Excel and PowerPoint files are ZIP archives too)"),
        (ZIP_END, "an empty ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-format Word, Excel or Outlook file"),
        (b"MZ", "a Windows program"),
        (b"\x7fELF", "a program"),
        (b"\xca\xfe\xba\xbe", "a program"),
        (b"\xcf\xfa\xed\xfe", "a program"),
        (b"#!", "a script"),
        (b"GIF8", "a GIF image"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (b"BM", "a BMP image"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xbc\xaf", "a 7-Zip archive"),
        (b"\x1f\x8b", "a compressed (gzip) file"),
        (b"{\\rtf", "a rich-text (RTF) document"),
    )
    for signature, words in signatures:
        if data.startswith(signature):
            return words
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
            return "a HEIC photo (save it as JPEG)"
        return "a video or other media file"
    if _is_text(head):
        return "plain text"
    return "data of a kind that is not recognised"


def _is_text(head):
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = head.decode("cp1252", errors="replace")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable >= 0.95 * max(len(text), 1)


# 3. Polyglots, shared ---------------------------------------------------------------------------


def _has_zip(data):
    """A ZIP local-file header with an end-of-directory record after it: what an unzip tool opens."""
    start = data.find(ZIP_HEADER)
    return start >= 0 and data.find(ZIP_END, start) >= 0


def _polyglot(label, other):
    return DocumentRefused(
        f"This {label} is also {other}, a file disguised as another. Save the {label} again on its own and upload that."
    )


# 4. PDF ------------------------------------------------------------------------------------------


def _streams(data):
    """[(dictionary, content start, content end)] for every stream, in order."""
    found = []
    position = 0
    while True:
        match = STREAM_START.search(data, position)
        if match is None:
            return found
        start = match.end()
        end = data.find(ENDSTREAM, start)
        if end < 0:
            end = len(data)
        window_start = max(0, match.start() - DICTIONARY_WINDOW)
        opening = data.rfind(b"obj", window_start, match.start())
        dictionary = data[opening if opening >= 0 else window_start : match.start()]
        found.append((dictionary, start, end))
        position = end + len(ENDSTREAM)


def _names(text):
    """Every name in `text`, its #xx escapes decoded, as bytes without the solidus."""
    for match in PDF_NAME.finditer(text):
        raw = match.group(1)
        yield HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw) if b"#" in raw else raw


def _check_names(text, where="", names=ACTIVE_NAMES):
    for name in _names(text):
        if name in names:
            shown = name.decode("latin-1")
            raise DocumentRefused(f"This PDF {ACTIVE_NAMES[name]} (/{shown}){where}. {AGAIN}")


def _filters(dictionary):
    """The filter names a stream dictionary gives (/Filter /FlateDecode or /Filter [/A /B])."""
    match = re.search(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)", dictionary)
    if match is None:
        return []
    return [HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name) for name in _names(match.group(1))]


def _check_pdf(data, *, max_inflated_bytes, max_streams):
    streams = _streams(data)
    outside = []
    previous = 0
    for _dictionary, start, end in streams:
        outside.append(data[previous:start])
        previous = end
    outside.append(data[previous:])
    outside = b"\n".join(outside)

    if any(name == b"Encrypt" for name in _names(outside)):
        raise DocumentRefused(
            "This PDF is encrypted (/Encrypt), so its content cannot be checked. "
            "Remove the password or security settings, save it and upload again."
        )
    if MARKUP.search(outside):
        raise _polyglot("PDF", "a web page or script (it contains HTML markup)")
    if ZIP_HEADER in outside or _has_zip(data):
        raise _polyglot("PDF", "a ZIP archive")
    _check_names(outside)

    inflated_total = 0
    inflated_count = 0
    for dictionary, start, end in streams:
        filters = _filters(dictionary)
        is_object_stream = re.search(rb"/Type\s*/ObjStm", dictionary) is not None
        content = data[start:end]
        if not filters:
            _check_names(content)
            continue
        if filters != [b"FlateDecode"] and filters != [b"Fl"]:
            if is_object_stream:
                raise DocumentRefused(
                    "This PDF stores its objects with a compression that cannot be checked "
                    f"({', '.join('/' + f.decode('latin-1') for f in filters)}). "
                    "Save it again (for example, print it to a new PDF) and upload that."
                )
            _check_names(content, names=LONG_NAMES)  # images and other encodings: no dictionaries inside
            continue
        inflated_count += 1
        if inflated_count > max_streams:
            raise DocumentRefused(
                f"This PDF has more than {max_streams:,} compressed parts, more than a permit document needs "
                "and a sign of a compression bomb. Save it again (for example, print it to a new PDF) and upload that."
            )
        remaining = max_inflated_bytes - inflated_total
        try:
            inflater = zlib.decompressobj()
            inflated = inflater.decompress(content, remaining + 1)
        except zlib.error as error:
            if is_object_stream:
                raise DocumentRefused(
                    "This PDF is damaged: part of it cannot be read. Save it again and upload the new file."
                ) from error
            _check_names(content, names=LONG_NAMES)  # a damaged picture or page: readers skip it
            continue
        inflated_total += len(inflated)
        if inflated_total > max_inflated_bytes:
            raise DocumentRefused(
                f"This PDF expands to more than {amount(max_inflated_bytes)} when opened, which is how "
                "compression bombs work. Save it again (for example, print it to a new PDF) and upload that."
            )
        _check_names(inflated, " in a compressed part")
        _check_names(inflater.unused_data)  # whatever follows the compressed data inside the stream


# 5. Images ---------------------------------------------------------------------------------------


def _png_regions(data):
    """(metadata, trailer): the bytes of every chunk but the pixels (IDAT), and what follows IEND."""
    position = len(PNG_MAGIC)
    metadata = []
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data):
            break
        if kind != b"IDAT":
            metadata.append(data[position + 8 : position + 8 + length])
        if kind == b"IEND":
            return b"".join(metadata), data[end:]
        position = end
    raise DocumentRefused("This PNG image is damaged or incomplete (it has no end). Save it again and upload that.")


def _jpeg_regions(data):
    """(metadata, trailer): the segments before and between scans (EXIF, comments ...), and what follows EOI."""
    position = 2
    metadata = []
    size = len(data)
    while position < size:
        if data[position] != 0xFF:
            break
        while position < size and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= size:
            break
        marker = data[position]
        position += 1
        if marker == 0xD9:  # EOI
            return b"".join(metadata), data[position:]
        if marker in (0x01, *range(0xD0, 0xD8)):  # no length
            continue
        if position + 2 > size:
            break
        length = int.from_bytes(data[position : position + 2], "big")
        if length < 2 or position + length > size:
            break
        metadata.append(data[position + 2 : position + length])
        position += length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next marker that is not a restart
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= size:
                    position = size
                    break
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    position += 1 if following == 0xFF else 2
                    continue
                break
    raise DocumentRefused("This JPEG image is damaged or incomplete (it has no end). Save it again and upload that.")


def _check_image(data, content_type, *, max_pixels):
    label = LABELS[content_type]
    if PDF_MAGIC in data:
        raise _polyglot(label, "a PDF")
    if MARKUP.search(data):
        raise _polyglot(label, "a web page or script (it contains HTML markup)")
    metadata, trailer = _png_regions(data) if content_type == PNG else _jpeg_regions(data)
    if ZIP_HEADER in metadata or _has_zip(data):
        raise _polyglot(label, "a ZIP archive")
    for signature, words in TRAILER_SIGNATURES:
        if signature in trailer:
            raise _polyglot(label, f"{words} (hidden after the end of the image)")
    if trailer.lstrip(b"\x00").startswith(b"MZ"):
        raise _polyglot(label, "a Windows program (hidden after the end of the image)")
    _check_pixels(data, content_type, label, max_pixels)


def _check_pixels(data, content_type, label, max_pixels):
    expected = {PNG: "PNG", JPEG: "JPEG"}[content_type]
    damaged = f"This {label} is damaged and cannot be read. Save it again and upload the new file."
    limit = f"{max_pixels / 1_000_000:,.0f} million" if max_pixels >= 1_000_000 else f"{max_pixels:,}"
    too_big = (
        "This image is too large to open safely{detail}; the limit is "
        f"{limit} pixels. Save it at a smaller size and upload again."
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                found = image.format
                width, height = image.size
            if found == expected and width * height <= max_pixels:
                with Image.open(io.BytesIO(data)) as image:
                    image.verify()
        except Image.DecompressionBombError as error:
            raise DocumentRefused(too_big.format(detail=" (a decompression bomb)")) from error
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            EOFError,
            IndexError,
            TypeError,
        ) as error:  # Pillow raises many kinds on a bad file
            raise DocumentRefused(damaged) from error
    if found != expected:
        raise DocumentRefused(
            f"This file starts like a {label} but reads as {found or 'something else'}. "
            "Save it again as a PDF, PNG or JPEG and upload that."
        )
    if width * height > max_pixels:
        raise DocumentRefused(
            too_big.format(detail=f" ({width:,} x {height:,} pixels, {width * height / 1_000_000:,.0f} million)")
        )
