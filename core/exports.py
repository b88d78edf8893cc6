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
"""

import csv
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
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


def export_response(*, columns, rows, filename, fmt):
    """`columns`: list of (header, function(row) -> value). `fmt`: "xlsx" or "csv"."""
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow([header for header, _ in columns])
        for row in rows:
            writer.writerow([csv_safe(getter(row)) for _, getter in columns])
        return response

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename[:31])
    sheet.append([header for header, _ in columns])
    for row in rows:
        cells = []
        for _, getter in columns:
            value = _plain(getter(row))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # openpyxl would store "=..." as a formula; a string cell is never evaluated.
                cell.data_type = TYPE_STRING
            cells.append(cell)
        sheet.append(cells)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return response
