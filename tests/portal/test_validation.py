"""The validator on its own (franchise/quarterly/validation.py, franchise/quarterly/cells.py):
the limits of the chain, the XML hardening, and table tests of the cell
parsers with expected values worked out by hand in each row."""

import io
import time
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from openpyxl import load_workbook

from franchise.quarterly import qr1
from franchise.quarterly.cells import NotValid, parse_count, parse_money, parse_percent, parse_quarter
from franchise.quarterly.validation import Expected, Limits, validate
from franchise.quarterly.workbook import build_template

from . import workbooks

REFERENCE = "COMCAST-L7"
EXPECTED = Expected(
    provider_names=("Comcast Cable Communications", "comcast"),
    provider_display="Comcast Cable Communications",
    license_reference=REFERENCE,
    license_title="Comcast renewal license 2020",
    today=date(2026, 7, 10),
    other_licenses={"COMCAST-L3": "Comcast license 2010"},
)


def check(data, limits=None, filename="q2.xlsx", content_type=""):
    return validate(data, filename=filename, content_type=content_type, limits=limits or Limits(), expected=EXPECTED)


def messages(outcome):
    return [str(error) for error in outcome.errors]


def test_the_correct_workbook_passes_with_its_values():
    outcome = check(workbooks.build(REFERENCE))
    assert outcome.ok and outcome.error_count == 0
    report = outcome.report
    assert (report.year, report.quarter, report.period_start, report.period_end) == (
        2026,
        2,
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    assert sum(report.revenue_by_category().values()) == workbooks.GROSS_REVENUE_TOTAL
    assert report.customer_service["busy_percent"] == Decimal("3.40")
    assert report.customer_service["appointments_total"] is None


# Money, counts, quarters, percentages: (cell value, expected) ----------------------

MONEY = [
    (1275500.50, Decimal("1275500.50")),
    (310250.25, Decimal("310250.25")),
    (0.1 + 0.2, Decimal("0.30")),  # 0.30000000000000004: float noise, not data
    (12, Decimal("12.00")),
    ("1,234.56", Decimal("1234.56")),
    ("$1,234.56", Decimal("1234.56")),
    ("-25000", Decimal("-25000.00")),
    ("  700000 ", Decimal("700000.00")),
]
NOT_MONEY = [
    ("twelve", "'twelve' is not a number"),
    ("12,34", "'12,34' is not a number"),
    (True, "TRUE is not an amount"),
    (datetime(2026, 6, 30), "2026-06-30 is a date or time, not an amount"),
    (10.005, "10.005 has fractions of a cent; give dollars and cents"),
    (1e15, "is too large for an amount"),
    (float("nan"), "'nan' is not a number"),
]


@pytest.mark.parametrize(("value", "expected"), MONEY)
def test_amounts_are_read_to_the_cent(value, expected):
    assert parse_money(value) == expected


@pytest.mark.parametrize(("value", "message"), NOT_MONEY)
def test_what_is_not_an_amount_is_said_plainly(value, message):
    with pytest.raises(NotValid) as error:
        parse_money(value)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("value", "expected"), [(1, 1), (4.0, 4), ("2", 2), ("Q3", 3), ("q4", 4), (5, None), (0, None), ("first", None)]
)
def test_quarters_are_one_to_four(value, expected):
    if expected is None:
        with pytest.raises(NotValid):
            parse_quarter(value)
    else:
        assert parse_quarter(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(41200, 41200), ("41,200", 41200), (37900.0, 37900), (-1, None), (2.5, None)]
)
def test_counts_are_whole_and_not_negative(value, expected):
    if expected is None:
        with pytest.raises(NotValid):
            parse_count(value)
    else:
        assert parse_count(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(3.4, Decimal("3.40")), ("1.5%", Decimal("1.50")), (0, Decimal("0.00")), (101, None)]
)
def test_the_busy_signal_is_a_percentage(value, expected):
    if expected is None:
        with pytest.raises(NotValid, match="between 0 and 100"):
            parse_percent(value)
    else:
        assert parse_percent(value) == expected


# Cells ---------------------------------------------------------------------------------


def _edit(**cells):
    def edit(workbook):
        for key, value in cells.items():
            sheet, cell = key.split("__")
            workbook[sheet.replace("_", " ")][cell] = value

    return edit


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"Summary__B2": "Verizon New England"}, "Summary!B2: 'Verizon New England' is not your organisation"),
        (
            {"Summary__B3": "COMCAST-L3"},
            "Summary!B3: 'COMCAST-L3' is your license “Comcast license 2010”, but the form says",
        ),
        ({"Summary__B4": 1999}, "Summary!B4: 1999 is not a year the City takes reports for (2000 to 2026)"),
        ({"Summary__B7": -5}, "Summary!B7: -5 is negative; enter what was remitted (0 if nothing)"),
        ({"Summary__B6": None}, "Summary!B6: Subscribers at quarter end is missing"),
        (
            {"Summary__A9": "Prepared by", "Summary__B9": "Sam"},
            "Summary!A9: “Prepared by” is not a row of the template",
        ),
        ({"Gross_Revenue__A2": "Basic"}, "Gross Revenue!A2: “Basic” is not a category of the template"),
        ({"Gross_Revenue__A12": "Other"}, "Gross Revenue!A12: name the other revenue"),
        ({"Gross_Revenue__A12": "Total", "Gross_Revenue__C12": None}, "Gross Revenue!A12: leave totals out"),
        ({"Gross_Revenue__A12": "Late fees"}, "Gross Revenue!A12: “Late fees” appears twice (also in row 8)"),
        ({"Gross_Revenue__B8": None}, "Gross Revenue!B8: the amount is missing; enter 0 if there was none"),
        ({"Gross_Revenue__C13": None}, "Gross Revenue!C13: an adjustment needs a note saying what it corrects"),
        ({"Gross_Revenue__B1": "Dollars"}, "Gross Revenue!B1: the header should be “Amount”; found “Dollars”"),
        ({"Gross_Revenue__D5": "check"}, "Gross Revenue!D5: there is something here (check), outside the template"),
        (
            {"Customer_Service__B7": 2000},
            "Customer Service!B8: Standard installations within 7 business days (2,241) cannot be more than "
            "standard installations (2,000)",
        ),
        ({"Customer_Service__B13": 40}, "Customer Service!B14: give “Appointments kept within a 4-hour window” too"),
        ({"Customer_Service__B2": None}, "Customer Service!B2: Telephone calls received: the value is missing"),
    ],
)
def test_each_cell_problem_is_placed_and_worded(cells, message):
    outcome = check(workbooks.build(REFERENCE, edit=_edit(**cells)))
    assert not outcome.ok
    assert any(text.startswith(message) for text in messages(outcome)), messages(outcome)


def test_a_missing_category_row_is_named():
    revenue = [row for row in workbooks.REVENUE if row[0] != "Late fees"]
    outcome = check(workbooks.build(REFERENCE, revenue=revenue))
    assert messages(outcome) == [
        "Gross Revenue: the category “Late fees” is missing; add its row (with 0 if there was none)"
    ]


def test_a_wrong_version_stops_before_the_cell_checks():
    outcome = check(workbooks.build(REFERENCE, edit=_edit(Summary__B1="QR-2", Gross_Revenue__B2="lots")))
    assert messages(outcome) == [
        "Summary!B1: the template version is “QR-2”; the City accepts QR-1. Download the current template and "
        "copy your figures into it."
    ]


def test_the_error_list_is_capped_but_every_error_is_counted():
    revenue = [*workbooks.REVENUE, *[(f"Mystery {n}", 1, None) for n in range(30)]]
    outcome = check(workbooks.build(REFERENCE, revenue=revenue), limits=Limits(max_errors=10))
    assert outcome.error_count == 30 and len(outcome.errors) == 10


def test_labels_and_sheet_names_tolerate_case_and_spaces():
    def edit(workbook):
        workbook["Summary"]["A5"] = "  quarter "
        workbook["Gross Revenue"]["A2"] = "BASIC SERVICE"
        sheet = workbook["Customer Service"]
        sheet.title = "renamed"  # openpyxl renames a case-only change to "... 1"
        sheet.title = "customer service"

    assert check(workbooks.build(REFERENCE, edit=edit)).ok


# The file-level chain --------------------------------------------------------------------


def test_openpyxl_parses_through_defusedxml():
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")


def test_openpyxl_alone_would_refuse_the_billion_laughs_too():
    from defusedxml import EntitiesForbidden

    data = workbooks.billion_laughs(workbooks.build(REFERENCE))
    # Read-only mode reads each sheet's dimension on opening, so the refusal comes there, wrapped.
    with pytest.raises(ValueError, match="could not read worksheets") as error:
        load_workbook(io.BytesIO(data), read_only=True)
    assert isinstance(error.value.__context__, EntitiesForbidden)


def test_a_doctype_in_utf16_is_found_too():
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("utf-16")
    data = workbooks.rezip(workbooks.build(REFERENCE), add={"xl/extra.xml": xml})
    assert "declares an XML document type or entities" in messages(check(data))[0]


def test_an_unusual_xml_encoding_is_refused():
    xml = b'<?xml version="1.0" encoding="UTF-7"?><x/>'
    data = workbooks.rezip(workbooks.build(REFERENCE), add={"xl/extra.xml": xml})
    assert "uses the text encoding “UTF-7”" in messages(check(data))[0]


def test_the_decompressed_total_is_limited_before_decompressing():
    outcome = check(workbooks.build(REFERENCE), limits=Limits(max_uncompressed_bytes=5000))
    assert "it would expand to" in messages(outcome)[0] and "the limit is 4.9 KB" in messages(outcome)[0]


def test_too_many_parts_are_refused():
    data = workbooks.rezip(workbooks.build(REFERENCE), add={f"xl/media/{n}.png": b"x" for n in range(30)})
    assert "The file holds 41 parts" in messages(check(data, limits=Limits(max_entries=40)))[0]


def test_an_encrypted_entry_is_refused():
    blob = bytearray(workbooks.build(REFERENCE))
    directory = bytes(blob).find(b"PK\x01\x02")  # the first central-directory entry
    blob[directory + 8] |= 0x1  # its general-purpose flag: encrypted
    assert "Part of the file is encrypted" in messages(check(bytes(blob)))[0]


def test_an_excel_template_is_refused_with_what_to_do():
    def content_types(xml):
        return xml.replace(b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml")

    data = workbooks.rezip(workbooks.build(REFERENCE), replace={"[Content_Types].xml": content_types})
    assert "This is an Excel template (.xltx)" in messages(check(data))[0]


def test_rows_are_read_to_the_cap_whatever_the_dimension_claims():
    data = workbooks.with_dimension(workbooks.build(REFERENCE), "Customer Service", "A1:XFD1048576")
    started = time.perf_counter()
    assert check(data).ok
    assert time.perf_counter() - started < 2
    far = workbooks.with_far_row(workbooks.build(REFERENCE), "Customer Service")
    started = time.perf_counter()
    outcome = check(far, limits=Limits(max_rows=500))
    assert time.perf_counter() - started < 2
    assert messages(outcome) == [
        "Customer Service: the sheet has more than 500 rows; the City reads at most 500. Remove the rows below "
        "the report."
    ]


def test_columns_beyond_the_cap_are_not_read():
    def edit(workbook):
        workbook["Gross Revenue"]["Z5"] = "far away"

    assert check(workbooks.build(REFERENCE, edit=edit), limits=Limits(max_columns=20)).ok


# The template ---------------------------------------------------------------------------


def test_the_template_has_the_published_layout_and_helps_the_clerk():
    data = build_template(
        provider_name="Comcast Cable Communications", license_reference=REFERENCE, year=2026, quarter=2
    )
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Summary", "Gross Revenue", "Customer Service"]
    summary = workbook["Summary"]
    assert [summary.cell(row=r, column=1).value for r in range(1, 9)] == [row.label for row in qr1.SUMMARY_ROWS]
    assert summary["B1"].value == "QR-1" and summary["B3"].value == REFERENCE
    assert summary["A5"].comment is not None and "1, 2, 3 or 4" in summary["A5"].comment.text
    quarter_rule = next(dv for dv in summary.data_validations.dataValidation if "B5" in str(dv.sqref))
    assert quarter_rule.type == "list" and quarter_rule.formula1 == '"1,2,3,4"'
    revenue = workbook["Gross Revenue"]
    assert [c.value for c in revenue[1]] == ["Category", "Amount", "Notes"]
    assert [revenue.cell(row=r, column=1).value for r in range(2, 13)] == [*qr1.CATEGORIES, "Adjustments"]
    assert any(dv.type == "decimal" for dv in revenue.data_validations.dataValidation)
    service = workbook["Customer Service"]
    assert [c.value for c in service[1]] == ["Metric", "Value"]
    assert [service.cell(row=r, column=1).value for r in range(2, 15)] == [
        row.label for row in qr1.CUSTOMER_SERVICE_ROWS
    ]


def test_the_empty_template_lists_what_to_fill_in_not_garbage():
    data = build_template(
        provider_name="Comcast Cable Communications", license_reference=REFERENCE, year=2026, quarter=2
    )
    outcome = check(data)
    texts = messages(outcome)
    assert "Summary!B6: Subscribers at quarter end is missing" in texts
    assert "Gross Revenue!B2: the amount is missing; enter 0 if there was none" in texts
    assert all("is not a row" not in text and "not a category" not in text for text in texts)


def test_a_chart_in_place_of_a_sheet_is_named():
    from openpyxl.chart import BarChart, Reference

    def edit(workbook):
        del workbook["Customer Service"]
        chart = BarChart()
        chart.add_data(Reference(workbook["Gross Revenue"], min_col=2, min_row=1, max_row=5), titles_from_data=True)
        workbook.create_chartsheet("Customer Service").add_chart(chart)

    outcome = check(workbooks.build(REFERENCE, edit=edit))
    assert "The sheet “Customer Service” is a chart, not a sheet of cells" in messages(outcome)[0]


def test_damaged_bytes_anywhere_never_raise():
    """Flip bytes at 300 seeded places of a good workbook, and cut it at 50 lengths: every
    result is an answer (accepted or a refusal in words), never an exception."""
    import random

    good = workbooks.build(REFERENCE)
    rng = random.Random(7)
    variants = []
    for _ in range(300):
        blob = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            blob[rng.randrange(len(blob))] = rng.randrange(256)
        variants.append(bytes(blob))
    variants += [good[: rng.randrange(1, len(good))] for _ in range(50)]
    variants += [bytes(rng.randrange(256) for _ in range(2000)), b"PK\x03\x04" + bytes(500), b"\xff" * 10]
    for data in variants:
        outcome = check(data)
        assert outcome.ok or (outcome.error_count >= 1 and all(str(error) for error in outcome.errors))


@pytest.mark.parametrize(
    ("parse", "value"),
    [
        (parse_count, "\uff11\uff12"),  # full-width 12
        (parse_count, "\u0661\u0662"),  # Arabic-Indic 12
        (parse_money, "\uff11\uff10\uff10.00"),  # full-width 100.00
        (parse_money, "$\u0967,000"),  # a Devanagari digit in a thousands group
        (parse_quarter, "Q\uff12"),
        (parse_percent, "\uff15%"),
    ],
)
def test_numbers_are_read_in_ascii_digits_only(parse, value):
    # Python's int() and \d accept any script's digits; a spreadsheet does not, so a
    # count typed in full-width digits would be read by Conduit and by nobody else.
    with pytest.raises(NotValid):
        parse(value)


def test_ascii_digits_still_read_as_before():
    assert parse_count("1,234") == 1234
    assert parse_money("$1,000.50") == Decimal("1000.50")
    assert parse_quarter("Q2") == 2
