"""How workbooks leave the app: staff (and providers) download a values-only
copy the app writes (franchise.quarterly.inert.values_only_copy); the original
bytes, kept as evidence, go only to City roles, only as an attachment, with
content sniffing off and a name that says it is the original."""

import hashlib
import logging
from pathlib import PurePath

from django.http import Http404, HttpResponse

from franchise.quarterly import inert

logger = logging.getLogger(__name__)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm")


def is_workbook(filename):
    return (filename or "").lower().endswith(WORKBOOK_EXTENSIONS)


def _stem(filename):
    return PurePath(filename or "workbook").stem or "workbook"


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quoted(filename):
    """A file name safe inside the quoted Content-Disposition value."""
    return "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in filename)


def read_file(field_file):
    with field_file.open("rb") as handle:
        return handle.read()


def values_only_response(data, *, filename, described=""):
    """The values-only copy of `data` as a download, or a plain 422 when it cannot be made."""
    digest = hashlib.sha256(data).hexdigest()
    note = (
        f"Values-only copy of {filename}{described} (SHA-256 {digest}), written by the City's system: "
        "formulas, links, names and objects removed. The original is kept as evidence."
    )
    try:
        copy = inert.values_only_copy(data, note=note)
    except Exception:  # a file openpyxl cannot read: never hand back the bytes as they are
        logger.warning("A values-only copy of %s could not be made", filename, exc_info=True)
        return HttpResponse(
            "This workbook could not be read, so no values-only copy can be made. "
            "City staff can download the original, as an attachment, from the record's page.",
            status=422,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(copy, content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, _quoted(f"{_stem(filename)}-values-only.xlsx"))


def original_response(data, *, filename):
    """The bytes as received, never shown inline: City roles only (the caller checks)."""
    response = HttpResponse(data, content_type="application/octet-stream")
    suffix = PurePath(filename or "").suffix or ".bin"
    return _attachment(response, _quoted(f"{_stem(filename)}-ORIGINAL{suffix}"))


def report_file_data(report):
    """The uploaded workbook's bytes, as kept with the fee filing."""
    if report.attachment is None:
        raise Http404("The file is not kept.")
    try:
        return read_file(report.attachment.file)
    except FileNotFoundError as error:
        raise Http404("The file is missing from storage.") from error


def report_copy_response(report):
    """The values-only copy staff and the provider download (franchise/quarterly/inert.py)."""
    uploaded = f", uploaded {report.uploaded_at:%Y-%m-%d} as receipt {report.reference}"
    return values_only_response(report_file_data(report), filename=report.original_filename, described=uploaded)
