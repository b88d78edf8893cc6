"""Check an uploaded quarterly report (template QR-1) from its bytes.

No ORM and no settings: the caller passes the limits and what the report
must match (the signed-in provider, the license chosen in the form, today).
The answer is every problem found, each tied to a sheet, a row and a column
where it has one ("Gross Revenue!B7: 'twelve' is not a number"), or the
report's values when there is none.

The chain follows the practice of federal upload portals (the Federal Audit
Clearinghouse's workbook checks; OWASP's file-upload guidance). The file-level
steps stop at the first failure, since a later step cannot read what an
earlier one refused; the cell checks then report everything at once:

1. the file's name (.xlsx only) and the content type the browser declared;
2. its size: not empty, not over `Limits.max_bytes`;
3. its signature: an .xlsx is a ZIP package; otherwise say what it is (a CSV
   renamed, an old .xls, a password-protected workbook, a PDF);
4. the ZIP central directory, before anything is decompressed: entry count,
   declared decompressed total, each entry's compression ratio, no encrypted
   entries (zip bombs);
5. the package: [Content_Types].xml names an .xlsx workbook, and nothing
   carries macros (vbaProject, macro-enabled types, Excel 4 macro sheets,
   ActiveX);
6. every part, streamed: no DOCTYPE or ENTITY declaration (billion laughs,
   external entities: Excel never writes one) and no unusual text encoding,
   with the decompressed bytes counted against the limit again;
7. nothing that reaches outside the workbook (franchise/quarterly/inert.py):
   external links, connections, embedded objects, links to outside targets,
   DDE, references to other workbooks, functions such as WEBSERVICE or
   HYPERLINK; every such cell is named. Ordinary formulas pass: their saved
   values are read;
8. openpyxl with `read_only=True, values_only=True` (it parses through
   defusedxml when that is installed, as it is here); each sheet's declared
   dimension is discarded and rows are read until the row cap, never trusting
   `max_row` (a 4-row sheet can claim 1,048,576 rows);
9. the template version, then every cell.
"""

import io
import logging
import re
import zipfile
from dataclasses import dataclass

from franchise.quarterly import inert
from franchise.quarterly.cells import CellError, Errors, Expected, Report, RevenueLine, check_workbook, short

__all__ = ["CellError", "Expected", "Limits", "Outcome", "Report", "RevenueLine", "validate"]
logger = logging.getLogger(__name__)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What browsers send for an .xlsx (some send nothing useful when the system does not know the type).
ACCEPTED_CONTENT_TYPES = {
    XLSX_CONTENT_TYPE,
    "application/vnd.ms-excel",
    "application/octet-stream",
    "application/zip",
    "application/x-zip-compressed",
    "binary/octet-stream",
    "",
}
WORKBOOK_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"
MACRO_MARKERS = ("vbaproject", "macroenabled", "macrosheet", "activex", "ms-excel.intl", "vbadata")
MACRO_PARTS = re.compile(r"(^|/)(vbaproject[^/]*\.bin|vbadata\.xml)$|(^|/)(macrosheets|activex)/", re.IGNORECASE)
DECLARATIONS = tuple(
    marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY") for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
SAFE_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "us-ascii", "ascii"}
CHUNK = 256 * 1024


@dataclass(frozen=True)
class Limits:
    """Every bound the validator enforces; the view builds it from settings."""

    max_bytes: int = 10 * 1024 * 1024
    max_uncompressed_bytes: int = 100 * 1024 * 1024
    max_entries: int = 1000
    # An entry bigger than `ratio_floor_bytes` may expand at most this many times.
    max_compression_ratio: int = 100
    ratio_floor_bytes: int = 1024 * 1024
    max_rows: int = 100_000
    max_columns: int = 20
    max_errors: int = 1000


@dataclass
class Outcome:
    errors: list
    error_count: int
    report: Report | None = None

    @property
    def ok(self):
        return self.error_count == 0 and self.report is not None


class Refused(Exception):
    """A file-level step failed: nothing after it can run."""


def validate(data, *, filename, content_type, limits, expected, size=None):
    """Run the whole chain on `data` (bytes). Never raises for bad input.

    `size` is the upload's full size when the caller read only the first
    `limits.max_bytes + 1` bytes of a larger file.
    """
    errors = Errors(limits.max_errors)
    try:
        _check_name(filename, content_type)
        _check_size(data, limits, size)
        _check_signature(data)
        archive = _open_zip(data, limits)
        with archive:
            _check_package(archive)
            _scan_parts(archive, limits)
            found = inert.findings(archive)
        if found:
            return Outcome(found[: limits.max_errors], len(found))
        report = _read_workbook(data, limits, expected, errors)
    except Refused as refusal:
        return Outcome([CellError(str(refusal))], 1)
    if errors or report is None:
        return Outcome(errors.items, max(errors.count, 1) if report is None else errors.count)
    return Outcome([], 0, report)


# 1-3. Name, size, signature ------------------------------------------------------


def _extension(filename):
    name = (filename or "").strip().lower()
    return name.rsplit(".", 1)[-1] if "." in name else ""


def _check_name(filename, content_type):
    extension = _extension(filename)
    save_as = "Open it in Excel and use File > Save As > Excel Workbook (.xlsx)."
    if extension in ("xlsm", "xltm", "xlam"):
        raise Refused(
            f"Macro-enabled workbooks (.{extension}) are refused: macros can run code. "
            f"Save the report as an Excel Workbook (.xlsx), which has no macros."
        )
    if extension == "xls":
        raise Refused(f"This is an old-format Excel file (.xls). {save_as}")
    if extension in ("csv", "txt", "tsv"):
        raise Refused(f"A .{extension} file cannot be accepted: the report is an Excel workbook (.xlsx). {save_as}")
    if extension == "xltx":
        raise Refused(f"This is an Excel template (.xltx). {save_as}")
    if extension != "xlsx":
        shown = f".{extension}" if extension else "a file without an extension"
        raise Refused(f"Only Excel workbooks (.xlsx) can be uploaded; this is {shown}.")
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared in ACCEPTED_CONTENT_TYPES:
        return
    if "macroenabled" in declared:
        raise Refused("The file was sent as a macro-enabled workbook; save the report as an Excel Workbook (.xlsx).")
    raise Refused(f"The file was sent as “{declared}”, not as an Excel workbook (.xlsx). {save_as}")


def _megabytes(size):
    """Bytes in words a clerk reads: 812 bytes, 9.9 KB, 10.0 MB."""
    if size < 1024:
        return f"{size:,} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:,.1f} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


def _check_size(data, limits, size=None):
    if not data:
        raise Refused("The file is empty (0 bytes). Choose the saved report and upload it again.")
    size = max(size or 0, len(data))
    if size > limits.max_bytes:
        raise Refused(
            f"The file is {_megabytes(size)}; the limit is {_megabytes(limits.max_bytes)}. "
            "A quarterly report is usually well under 1 MB: remove images or extra sheets and save it again."
        )


def _looks_like_text(head):
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable >= 0.95 * max(len(text), 1)


def _check_signature(data):
    if data.startswith(b"PK\x03\x04"):
        return
    save_as = "Open it in Excel and use File > Save As > Excel Workbook (.xlsx)."
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data[:65536] or (
            b"EncryptedPackage" in data[:65536]
        ):
            raise Refused("The workbook is password-protected. Remove the password in Excel, save it and upload again.")
        raise Refused(f"This is an old-format Excel file (.xls) renamed to .xlsx. {save_as}")
    if data.startswith(b"%PDF"):
        raise Refused("This is a PDF file renamed to .xlsx. Upload the report as an Excel workbook (.xlsx).")
    head = data[:4096]
    if _looks_like_text(head):
        kind = "a CSV file" if (b"," in head or b";" in head or b"\t" in head) else "a text file"
        raise Refused(f"This is plain text (it looks like {kind} renamed to .xlsx), not an Excel workbook. {save_as}")
    raise Refused(f"This is not an Excel workbook: an .xlsx file is a ZIP package and this one is not. {save_as}")


# 4-6. ZIP directory, package, parts -------------------------------------------


DAMAGED = (
    "The file is damaged: its ZIP structure cannot be read ({detail}). "
    "Save the report again from Excel and upload the new file."
)


def _open_zip(data, limits):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except Exception as error:  # zipfile raises BadZipFile, ValueError, OSError, struct.error... on bad input
        raise Refused(DAMAGED.format(detail=short(error))) from error
    try:
        _check_directory(entries, limits)
    except Refused:
        archive.close()
        raise
    return archive


def _check_directory(entries, limits):
    """Zip bombs are refused from the central directory alone, before any byte is decompressed."""
    if len(entries) > limits.max_entries:
        raise Refused(
            f"The file holds {len(entries):,} parts; a workbook from the template has about a dozen "
            f"(the limit is {limits.max_entries:,}). Save only the report and upload it again."
        )
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise Refused("Part of the file is encrypted. Remove any password in Excel, save it and upload again.")
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused(DAMAGED.format(detail=f"unsupported compression in {entry.filename}"))
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > limits.ratio_floor_bytes and ratio > limits.max_compression_ratio:
            raise Refused(
                f"The file is refused for safety: one part ({short(entry.filename)}) expands from "
                f"{_megabytes(entry.compress_size)} to {_megabytes(entry.file_size)}, more than "
                f"{limits.max_compression_ratio} times, which is how “zip bombs” work. "
                "Save the report again from Excel without embedded objects."
            )
    if total > limits.max_uncompressed_bytes:
        raise Refused(
            f"The file is refused for safety: it would expand to {_megabytes(total)} when opened "
            f"(the limit is {_megabytes(limits.max_uncompressed_bytes)}). "
            "Save the report again from Excel without images or extra sheets."
        )


def _check_package(archive):
    names = archive.namelist()
    macro_part = next((name for name in names if MACRO_PARTS.search(name)), None)
    if macro_part:
        raise Refused(
            f"The workbook contains macros ({short(macro_part)}), which can run code; it is refused. "
            "Save the report as an Excel Workbook (.xlsx) without macros."
        )
    if "[Content_Types].xml" not in names:
        raise Refused("This is a ZIP file but not an Excel workbook (it has no [Content_Types].xml).")
    head = _read_part(archive, "[Content_Types].xml", 2 * 1024 * 1024)
    if any(marker in head for marker in DECLARATIONS):
        raise Refused(_declaration_message("[Content_Types].xml"))
    types = _content_types(head)
    lowered = " ".join(types).lower()
    if any(marker in lowered for marker in MACRO_MARKERS):
        raise Refused(
            "The workbook is macro-enabled, and macros can run code; it is refused. "
            "Save the report as an Excel Workbook (.xlsx) without macros."
        )
    if TEMPLATE_MAIN in types:
        raise Refused("This is an Excel template (.xltx). Save it as an Excel Workbook (.xlsx) and upload that.")
    if WORKBOOK_MAIN not in types:
        raise Refused("This is a ZIP file but not an Excel workbook (.xlsx). Upload the report saved from Excel.")


def _read_part(archive, name, limit):
    try:
        with archive.open(name) as stream:
            return stream.read(limit)
    except Exception as error:  # bad CRC, truncated data, zlib errors
        raise Refused(DAMAGED.format(detail=short(error))) from error


def _content_types(head):
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(head)
    except Exception as error:  # defusedxml and ElementTree parse errors
        raise Refused(DAMAGED.format(detail="its list of contents is not valid XML")) from error
    return {element.get("ContentType", "") for element in root.iter()}


def _declaration_message(name):
    return (
        f"The file is refused for safety: a part of it ({short(name)}) declares an XML document type or entities, "
        "which Excel never writes and which attacks use (“billion laughs”). Save the report again from Excel."
    )


def _scan_parts(archive, limits):
    """Stream every part once: no DOCTYPE/ENTITY declaration, a known encoding, and the
    decompressed bytes counted for real (zipfile also stops at each entry's declared size)."""
    overlap = max(len(marker) for marker in DECLARATIONS) - 1
    total = 0
    for entry in archive.infolist():
        if entry.is_dir():
            continue
        tail = b""
        first = True
        try:
            with archive.open(entry) as stream:
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > limits.max_uncompressed_bytes:
                        raise Refused(
                            f"The file is refused for safety: it expands to more than "
                            f"{_megabytes(limits.max_uncompressed_bytes)} when opened."
                        )
                    if first:
                        _check_encoding(entry.filename, chunk)
                        first = False
                    window = tail + chunk
                    if any(marker in window for marker in DECLARATIONS):
                        raise Refused(_declaration_message(entry.filename))
                    tail = window[-overlap:]
        except Refused:
            raise
        except Exception as error:  # bad CRC, truncated data, zlib errors
            raise Refused(DAMAGED.format(detail=short(error))) from error


def _check_encoding(name, head):
    match = XML_ENCODING.match(head.lstrip(b"\xef\xbb\xbf"))
    if match and match.group(1).decode("ascii").lower() not in SAFE_ENCODINGS:
        raise Refused(
            f"The file is refused: a part of it ({short(name)}) uses the text encoding "
            f"“{match.group(1).decode('ascii')}”, which Excel never writes. Save the report again from Excel."
        )


# 8-9. Reading the workbook ----------------------------------------------------------


def _read_workbook(data, limits, expected, errors):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many types on malformed packages
        raise Refused(
            f"The workbook could not be opened ({short(error)}). Save it again from Excel as an Excel Workbook "
            "(.xlsx) and upload the new file."
        ) from error
    try:
        return check_workbook(workbook, limits, expected, errors)
    except Exception as error:  # a damaged sheet surfaces only as it is read
        logger.warning("Quarterly report: a sheet could not be read", exc_info=True)
        raise Refused(
            f"The workbook could not be read ({short(error)}). Save it again from Excel as an Excel Workbook "
            "(.xlsx) and upload the new file."
        ) from error
    finally:
        workbook.close()
