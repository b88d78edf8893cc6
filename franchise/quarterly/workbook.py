"""Build the quarterly report template (QR-1) as an .xlsx with openpyxl.

The layout is the contract in franchise/quarterly/qr1.py and docs/quarterly-report-
template.md. The workbook helps the clerk filling it: the provider and
license reference are filled in, each label carries a comment saying what
goes there, and Excel's data validation refuses text in number cells and a
quarter other than 1-4 as they type. No ORM: the view passes the names.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from franchise.quarterly import qr1

AUTHOR = "City cable & broadband office"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DFE1E2")
INPUT_FILL = PatternFill("solid", fgColor="FFF5C2")
MONEY_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
# Rows of the revenue sheet that accept numbers (standard rows, adjustments and room for "Other:" rows).
REVENUE_ROWS = 200


def _comment(text):
    comment = Comment(text, AUTHOR)
    comment.width, comment.height = 320, 110
    return comment


def _validation(kind, **kwargs):
    """An Excel data validation with a prompt and a plain error message."""
    messages = {
        qr1.YEAR: (
            "whole",
            {"operator": "between", "formula1": "2000", "formula2": "2100"},
            "Enter a year, e.g. 2026.",
        ),
        qr1.QUARTER: ("list", {"formula1": '"1,2,3,4"'}, "Enter 1, 2, 3 or 4."),
        qr1.COUNT: ("whole", {"operator": "greaterThanOrEqual", "formula1": "0"}, "Enter a whole number, 0 or more."),
        qr1.MONEY: (
            "decimal",
            {"operator": "greaterThanOrEqual", "formula1": "0"},
            "Enter an amount in dollars and cents, 0 or more.",
        ),
        "signed_money": (
            "decimal",
            {"operator": "between", "formula1": "-999999999999", "formula2": "999999999999"},
            "Enter an amount in dollars and cents (negative only for adjustments, with a note).",
        ),
        qr1.PERCENT: (
            "decimal",
            {"operator": "between", "formula1": "0", "formula2": "100"},
            "Enter a percentage between 0 and 100: 1.5 for 1.5%.",
        ),
    }
    kind_name, options, message = messages[kind]
    validation = DataValidation(
        type=kind_name,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Not accepted",
        error=message,
        promptTitle=kwargs.get("title", "")[:32],
        prompt=kwargs.get("prompt", message)[:255],
        **options,
    )
    return validation


def _summary(sheet, *, provider_name, license_reference, year, quarter, filled):
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 44
    defaults = {
        "template_version": qr1.VERSION,
        "provider": provider_name,
        "license_reference": license_reference,
        "year": year,
        "quarter": quarter,
    }
    for number, row in enumerate(qr1.SUMMARY_ROWS, start=1):
        label = sheet.cell(row=number, column=1, value=row.label)
        label.font = HEADER_FONT
        label.comment = _comment(row.help)
        value = sheet.cell(row=number, column=2, value=filled.get(row.key, defaults.get(row.key)))
        value.alignment = Alignment(horizontal="left")
        if row.kind in (qr1.YEAR, qr1.QUARTER, qr1.COUNT, qr1.MONEY):
            value.fill = INPUT_FILL
            value.number_format = MONEY_FORMAT if row.kind == qr1.MONEY else "0"
            validation = _validation(row.kind, title=row.label, prompt=row.help)
            sheet.add_data_validation(validation)
            validation.add(value.coordinate)
    sheet.freeze_panes = "A2"


def _gross_revenue(sheet, *, filled):
    for column, width in zip("ABC", (44, 18, 60), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.append(list(qr1.GROSS_REVENUE_HEADER))
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    sheet["A1"].comment = _comment(
        "One row per cable revenue category, in dollars for the quarter. Give 0 for a category with no revenue. "
        "Add rows named “Other: <what it is>” for other cable revenue. Leave out internet revenue and totals."
    )
    sheet["B1"].comment = _comment("Dollars and cents. Negative only on the Adjustments row, with a note.")
    rows = [(name, None, "") for name in qr1.CATEGORIES] + [(qr1.ADJUSTMENTS, None, "")]
    rows = filled.get("lines", rows)
    for category, amount, notes in rows:
        sheet.append([category, amount, notes or None])
    positive = _validation(qr1.MONEY, title="Amount")
    signed = _validation("signed_money", title="Amount")
    sheet.add_data_validation(positive)
    sheet.add_data_validation(signed)
    standard = len(qr1.CATEGORIES) + 1
    positive.add(f"B2:B{standard}")
    signed.add(f"B{standard + 1}:B{REVENUE_ROWS}")
    for row in sheet.iter_rows(min_row=2, max_row=standard + 1, min_col=2, max_col=2):
        for cell in row:
            cell.number_format = MONEY_FORMAT
            cell.fill = INPUT_FILL
    sheet.freeze_panes = "A2"


def _customer_service(sheet, *, filled):
    sheet.column_dimensions["A"].width = 52
    sheet.column_dimensions["B"].width = 18
    sheet.append(list(qr1.CUSTOMER_SERVICE_HEADER))
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    sheet["A1"].comment = _comment(
        "The quarter's figures for 47 CFR 76.309(c). Give counts; the City computes the percentages. "
        "The busy signal is a share of the time, in percent."
    )
    metrics = filled.get("customer_service", {})
    for number, row in enumerate(qr1.CUSTOMER_SERVICE_ROWS, start=2):
        label = sheet.cell(row=number, column=1, value=row.label)
        label.comment = _comment(row.help)
        value = sheet.cell(row=number, column=2, value=metrics.get(row.key))
        value.fill = INPUT_FILL
        value.number_format = "0.00" if row.kind == qr1.PERCENT else COUNT_FORMAT
        validation = _validation(row.kind, title=row.label[:32], prompt=row.help)
        sheet.add_data_validation(validation)
        validation.add(value.coordinate)
    sheet.freeze_panes = "A2"


def build_template(*, provider_name, license_reference="", year=None, quarter=None, filled=None):
    """The template as .xlsx bytes. `filled` (used by the demo and tests) may give
    summary values by key, "lines" as (category, amount, notes) and "customer_service"."""
    filled = filled or {}
    workbook = Workbook()
    summary = workbook.active
    summary.title = qr1.SUMMARY
    _summary(
        summary,
        provider_name=provider_name,
        license_reference=license_reference,
        year=year,
        quarter=quarter,
        filled=filled,
    )
    _gross_revenue(workbook.create_sheet(qr1.GROSS_REVENUE), filled=filled)
    _customer_service(workbook.create_sheet(qr1.CUSTOMER_SERVICE), filled=filled)
    workbook.properties.title = f"Quarterly report, template {qr1.VERSION}"
    workbook.properties.creator = AUTHOR
    workbook.properties.subject = "Cable franchise fee and customer-service report"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
