"""Export any list page to .xlsx or CSV, safe against formula injection.

A cell whose text starts with = + - @ (or a tab / carriage return) would run
as a formula in Excel (OWASP "CSV injection"). Such text is written as text:
in .xlsx the cell's data type is forced to string; in CSV a leading
apostrophe is added, the convention spreadsheet programs honour.
"""

import csv
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (date, Decimal, int, float, bool)):
        return value
    return str(value)


def csv_safe(value):
    value = _plain(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
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
