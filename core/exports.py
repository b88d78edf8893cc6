"""Export any list page to .xlsx or CSV, safe against formula injection.

A cell whose text starts with = + - @ (or a tab / carriage return) would run
as a formula in Excel (OWASP "CSV injection"). Spreadsheet programs also skip
what comes before that character when they read a CSV: spaces (the
non-breaking space and other Unicode spaces too), line breaks, a byte-order
mark or a zero-width character; and some (Excel with an East Asian input
method) take the full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20) for the ASCII ones. Such text
is written as text: in .xlsx every text cell is a string cell, never a
formula; in CSV a leading apostrophe is added, the convention spreadsheet
programs honour.

Both formats stream, so an export's memory stays flat whatever its size: a CSV
is written row by row into a StreamingHttpResponse while the rows are read in
chunks (QuerySet.iterator); an .xlsx is built by openpyxl's write-only
workbook (each row goes straight to disk) in a temporary file that a
FileResponse then sends and deletes. Exports too large to build within a
request run as a background job instead (core/tasks.py run_export).
"""

import csv
import io
import tempfile
import unicodedata
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING

FORMULA_CHARACTERS = "=+-@"
CONTROL_STARTS = "\t\r\n"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (date, Decimal, int, float, bool)):
        return value
    return str(value)


def _skipped(character):
    """What a spreadsheet program passes over before it decides a cell is a formula."""
    return character.isspace() or unicodedata.category(character) in ("Cc", "Cf")


def looks_like_formula(text):
    """True when a spreadsheet program could read `text` as a formula (see the module docstring)."""
    if not text:
        return False
    if text[0] in CONTROL_STARTS:
        return True
    for character in text:
        if not _skipped(character):
            return unicodedata.normalize("NFKC", character)[:1] in tuple(FORMULA_CHARACTERS)
    return False


def csv_safe(value):
    value = _plain(value)
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


CSV_ROWS_PER_CHUNK = 200


class _Line:
    """A file-like object whose write() returns what it was given: csv.writer into a generator."""

    def write(self, value):
        return value


def _csv_cells(columns, row):
    return [csv_safe(getter(row)) for _, getter in columns]


def csv_chunks(columns, rows):
    """The CSV text of the header and `rows`, a few hundred rows per string."""
    writer = csv.writer(_Line())
    yield writer.writerow([header for header, _ in columns])
    lines = []
    for row in rows:
        lines.append(writer.writerow(_csv_cells(columns, row)))
        if len(lines) >= CSV_ROWS_PER_CHUNK:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def _xlsx_cells(sheet, columns, row):
    cells = []
    for _, getter in columns:
        value = _plain(getter(row))
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            # openpyxl would store "=..." as a formula; a string cell is never evaluated.
            cell.data_type = TYPE_STRING
        cells.append(cell)
    return cells


def write_export(*, columns, rows, fmt, out, title="export", progress=None, every=1000):
    """Write the export of `rows` to the binary file `out`; returns the number of rows.

    `progress(count)` is called every `every` rows (a background job reports with it)."""
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            yield row
            count += 1
            if progress is not None and count % every == 0:
                progress(count)

    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        for chunk in csv_chunks(columns, counted()):
            text.write(chunk)
        text.detach()  # leave `out` open for the caller
        return count
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([header for header, _ in columns])
    for row in counted():
        sheet.append(_xlsx_cells(sheet, columns, row))
    workbook.save(out)
    return count


def export_filename(filename, fmt):
    return f"{filename}-{timezone.localdate().isoformat()}.{fmt}"


def export_response(*, columns, rows, filename, fmt):
    """`columns`: list of (header, function(row) -> value). `fmt`: "xlsx" or "csv".

    A CSV streams as it is read; an .xlsx is written to a temporary file first (a zip
    cannot be sent before it is finished), then streamed from it."""
    name = export_filename(filename, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            (chunk.encode() for chunk in csv_chunks(columns, rows)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it (and so deletes it) when sent
    write_export(columns=columns, rows=rows, fmt="xlsx", out=out, title=filename)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_TYPE)
