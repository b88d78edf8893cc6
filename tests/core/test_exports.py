from io import BytesIO

import pytest
from openpyxl import load_workbook

from core.exports import csv_safe, export_response

COLUMNS = [("Name", lambda r: r[0]), ("Amount", lambda r: r[1])]
ROWS = [('=HYPERLINK("http://evil")', 5), ("+1+1", 6), ("-2", 7), ("@SUM(A1)", 8), ("Plain", 9)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("ok", "ok"), (5, 5)],
)
def test_csv_cells_starting_with_a_formula_character_are_written_as_text(value, expected):
    assert csv_safe(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        " =1+1",  # a leading space: spreadsheet programs skip it
        "\n=1+1",  # a line break
        "\u00a0=1+1",  # a non-breaking space
        "\u2003@A1",  # an em space
        "\ufeff=1+1",  # a byte-order mark
        "\u200b+1",  # a zero-width space
        "\uff1d1+1",  # full-width equals sign
        "\uff0b1",  # full-width plus
        "\uff0d1",  # full-width minus
        "\uff20SUM(A1)",  # full-width commercial at
        " \u00a0\ufeff \uff1dcmd|' /C calc'!A0",  # several, then a DDE payload
    ],
)
def test_csv_cells_that_become_formulas_after_what_spreadsheets_skip_are_escaped_too(value):
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Plain", " plain with a space", "x=1", "\u00a0", "", "\uff11\uff12\uff13"])
def test_csv_cells_that_cannot_become_formulas_are_left_alone(value):
    assert csv_safe(value) == value


def test_xlsx_export_stores_formula_like_text_as_plain_strings():
    response = export_response(columns=COLUMNS, rows=ROWS, filename="test", fmt="xlsx")
    sheet = load_workbook(BytesIO(response.getvalue())).active
    cells = [sheet.cell(row=i, column=1) for i in range(2, 7)]
    assert [c.value for c in cells] == [r[0] for r in ROWS]
    assert all(c.data_type == "s" for c in cells)
    assert sheet.cell(row=2, column=2).value == 5


def test_csv_export_has_header_and_escaped_rows():
    response = export_response(columns=COLUMNS, rows=ROWS, filename="test", fmt="csv")
    lines = response.getvalue().decode().splitlines()
    assert lines[0] == "Name,Amount"
    assert lines[1].startswith("\"'=HYPERLINK")
    assert 'attachment; filename="test-' in response["Content-Disposition"]
