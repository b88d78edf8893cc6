"""Step 8 of the upload chain: the cells of a QR-1 workbook, all checked at once.

Pure: no ORM. Each problem is tied to its sheet, row and column and said in
plain words ("Gross Revenue!B7: 'twelve' is not a number"). The layout is
franchise/quarterly/qr1.py; the file-level checks that come first are in
franchise/quarterly/validation.py.
"""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from openpyxl.utils import get_column_letter

from franchise.quarterly import qr1

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")  # 14 digits, 2 decimals: the models' money fields
MAX_COUNT = 2_000_000_000
NON_CABLE = re.compile("|".join(re.escape(word) for word in qr1.NON_CABLE_WORDS))
TOTAL = re.compile(r"\b(" + "|".join(qr1.TOTAL_WORDS) + r")\b")
ADJUSTMENTS = qr1.ADJUSTMENTS.casefold()
OTHER = qr1.OTHER_PREFIX.casefold()
# ASCII digits only: Python's \d also matches full-width and other scripts' digits.
MONEY_TEXT = re.compile(r"^(-)?\$?(\d{1,3}(?:,\d{3})+|\d+)?(\.\d+)?$", re.ASCII)


@dataclass(frozen=True)
class Expected:
    """What the report must match; `other_licenses` maps the provider's other license references to their titles."""

    provider_names: tuple
    provider_display: str
    license_reference: str
    license_title: str
    today: date
    other_licenses: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class CellError:
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    @property
    def cell(self):
        return f"{self.column}{self.row}" if self.column and self.row else ""

    @property
    def location(self):
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.sheet and self.row:
            return f"{self.sheet}, row {self.row}"
        return self.sheet

    def __str__(self):
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass(frozen=True, slots=True)
class RevenueLine:
    row: int
    category: str
    amount: Decimal
    notes: str


@dataclass
class Report:
    """The values of a report that passed every check."""

    template_version: str
    provider: str
    license_reference: str
    year: int
    quarter: int
    subscribers: int
    fee_remitted: Decimal
    peg_remitted: Decimal
    lines: list
    customer_service: dict

    @property
    def period_start(self):
        return date(self.year, qr1.quarter_months(self.quarter)[0], 1)

    @property
    def period_end(self):
        last_month = qr1.quarter_months(self.quarter)[1]
        return (date(self.year + (last_month == 12), last_month % 12 + 1, 1)) - timedelta(days=1)

    @property
    def period_label(self):
        return f"Q{self.quarter} {self.year}"

    def revenue_by_category(self):
        return {line.category: line.amount for line in self.lines}


class Errors:
    """Collects errors; keeps the first `limit` and counts them all."""

    def __init__(self, limit):
        self.limit = limit
        self.items = []
        self.count = 0

    def add(self, message, sheet="", row=None, column=""):
        self.count += 1
        if len(self.items) < self.limit:
            self.items.append(CellError(message, sheet, row, column))

    def __bool__(self):
        return self.count > 0


def short(value, limit=80):
    text = str(value).strip().replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sheets_by_name(workbook):
    return {name.strip().casefold(): name for name in workbook.sheetnames}


def _rows(worksheet, sheet, limits, errors):
    """(row number, values) for each row, up to the row cap. The sheet's declared
    dimension is discarded first: openpyxl would otherwise pad to it."""
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows(min_row=1, max_col=limits.max_columns, values_only=True)
    for number, values in enumerate(rows, start=1):
        if number > limits.max_rows:
            errors.add(
                f"the sheet has more than {limits.max_rows:,} rows; the City reads at most {limits.max_rows:,}. "
                "Remove the rows below the report.",
                sheet,
            )
            return
        yield number, values


def _column(index):
    return get_column_letter(index)


def check_workbook(workbook, limits, expected, errors):
    present = _sheets_by_name(workbook)
    missing = [name for name in qr1.SHEETS if name.casefold() not in present]
    have = ", ".join(f"“{name}”" for name in workbook.sheetnames) or "none"
    for name in missing:
        errors.add(
            f"The sheet “{name}” is missing (the workbook has: {have}). Start from the City's template "
            f"({qr1.VERSION}) and keep its three sheets and their names."
        )
    for name in qr1.SHEETS:
        if name not in missing and not hasattr(workbook[present[name.casefold()]], "iter_rows"):
            errors.add(f"The sheet “{name}” is a chart, not a sheet of cells. Start from the City's template.")
            missing.append(name)
    if qr1.SUMMARY in missing:
        return None
    summary = _SheetReader(workbook[present[qr1.SUMMARY.casefold()]], qr1.SUMMARY, limits, errors)
    values = summary.read_summary(expected)
    if values is None:  # wrong or missing template version: the rest would only add noise
        return None
    lines, metrics = [], {}
    if qr1.GROSS_REVENUE not in missing:
        revenue = _SheetReader(workbook[present[qr1.GROSS_REVENUE.casefold()]], qr1.GROSS_REVENUE, limits, errors)
        lines = revenue.read_revenue()
    if qr1.CUSTOMER_SERVICE not in missing:
        service = _SheetReader(workbook[present[qr1.CUSTOMER_SERVICE.casefold()]], qr1.CUSTOMER_SERVICE, limits, errors)
        metrics = service.read_customer_service()
    if errors:
        return None
    return Report(lines=lines, customer_service=metrics, **values)


# 8. Cells -------------------------------------------------------------------------


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _shown(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time(0) else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return short(_text(value), 40)


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class NotValid(ValueError):
    pass


def parse_money(value):
    """Decimal dollars and cents from a cell value; NotValid with a plain message otherwise."""
    if isinstance(value, bool):
        raise NotValid(f"{'TRUE' if value else 'FALSE'} is not an amount")
    if isinstance(value, (datetime, date, time, timedelta)):
        raise NotValid(f"{_shown(value)} is a date or time, not an amount")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise NotValid(f"'{value}' is not a number")
        amount = Decimal(repr(value))
    elif isinstance(value, Decimal):
        amount = value
    else:
        text = _text(value)
        match = MONEY_TEXT.match(text.replace(" ", ""))
        if not text or not match or not (match.group(2) or match.group(3)):
            raise NotValid(f"'{short(text, 40)}' is not a number")
        try:
            amount = Decimal(f"{match.group(1) or ''}{(match.group(2) or '0').replace(',', '')}{match.group(3) or ''}")
        except InvalidOperation as error:
            raise NotValid(f"'{short(text, 40)}' is not a number") from error
    rounded = amount.quantize(CENT)
    # Excel stores 0.1 + 0.2 as 0.30000000000000004: noise that small is rounding, not data.
    if abs(amount - rounded) > Decimal("0.000001"):
        raise NotValid(f"{_shown(value)} has fractions of a cent; give dollars and cents")
    if abs(rounded) > MAX_AMOUNT:
        raise NotValid(f"{_shown(value)} is too large for an amount")
    return rounded


def parse_whole(value, what="a whole number"):
    if isinstance(value, bool):
        raise NotValid(f"{'TRUE' if value else 'FALSE'} is not {what}")
    if isinstance(value, (datetime, date, time, timedelta)):
        raise NotValid(f"{_shown(value)} is a date or time, not {what}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise NotValid(f"{_shown(value)} is not {what}")
        number = int(value)
    else:
        text = _text(value).replace(",", "")
        if not re.fullmatch(r"-?[0-9]{1,15}", text):
            raise NotValid(f"'{short(_text(value), 40)}' is not {what}")
        number = int(text)
    return number


def parse_count(value):
    number = parse_whole(value)
    if number < 0:
        raise NotValid(f"{number} is negative; a count cannot be")
    if number > MAX_COUNT:
        raise NotValid(f"{number:,} is too large for a count")
    return number


def parse_percent(value):
    if isinstance(value, str) and value.strip().endswith("%"):
        value = value.strip()[:-1]
    try:
        number = parse_money(value)
    except NotValid as error:
        raise NotValid(str(error).replace("an amount", "a percentage")) from error
    if not Decimal("0") <= number <= Decimal("100"):
        raise NotValid(f"{_shown(value)} is not a percentage between 0 and 100 (enter 1.5 for 1.5%)")
    return number


def parse_quarter(value):
    text = _text(value).upper()
    if text.startswith("Q") and text[1:].isascii() and text[1:].isdigit():
        value = text[1:]
    number = parse_whole(value, "a quarter")
    if number not in (1, 2, 3, 4):
        raise NotValid(f"{number} is not a quarter; enter 1, 2, 3 or 4")
    return number


def _normal(text):
    return " ".join(_text(text).split()).casefold()


class _SheetReader:
    def __init__(self, worksheet, sheet, limits, errors):
        self.worksheet = worksheet
        self.sheet = sheet
        self.limits = limits
        self.errors = errors

    def error(self, message, row=None, column=None):
        self.errors.add(message, self.sheet, row, _column(column) if column else "")

    def rows(self):
        return _rows(self.worksheet, self.sheet, self.limits, self.errors)

    def outside(self, number, values, width):
        """Anything beyond the template's columns is refused, so nothing typed there is silently ignored."""
        extra = values[width:]
        if extra.count(None) == len(extra):
            return  # the common case, checked at C speed
        for index in range(width, len(values)):
            if not _blank(values[index]):
                last = _column(width)
                self.error(
                    f"there is something here ({_shown(values[index])}), outside the template's columns "
                    f"(A to {last}); move it or delete it",
                    number,
                    index + 1,
                )

    def header(self, values, expected):
        for index, label in enumerate(expected):
            found = values[index] if index < len(values) else None
            if _normal(found) != label.casefold():
                shown = f"“{_shown(found)}”" if not _blank(found) else "nothing"
                self.error(f"the header should be “{label}”; found {shown}", 1, index + 1)

    def labelled_rows(self, definitions, width, header=None):
        """{key: (row number, value)} for rows identified by their label in column A;
        row 1 is checked against `header` when the sheet has one. One pass over the sheet."""
        by_label = {row.label.casefold(): row for row in definitions}
        found = {}
        rows_seen = False
        for number, values in self.rows():
            rows_seen = True
            self.outside(number, values, width)
            if header and number == 1:
                self.header(values, header)
                continue
            label, value = values[0], values[1]
            if _blank(label):
                if not _blank(value):
                    self.error("a value without a label in column A; put it on its labelled row", number, 2)
                continue
            definition = by_label.get(_normal(label))
            if definition is None:
                self.error(f"“{_shown(label)}” is not a row of the template; delete it or restore the label", number, 1)
                continue
            if definition.key in found:
                self.error(
                    f"“{definition.label}” appears twice (also in row {found[definition.key][0]}); keep one",
                    number,
                    1,
                )
                continue
            found[definition.key] = (number, value)
        return found, rows_seen

    # Summary ----------------------------------------------------------------------

    def read_summary(self, expected):
        found, _ = self.labelled_rows(qr1.SUMMARY_ROWS, 2)
        version = found.get("template_version")
        if version is None:
            self.error(
                f"no “Template version” row in column A: this is not the City's quarterly report template. "
                f"Download the template ({qr1.VERSION}) and copy your figures into it."
            )
            return None
        if _text(version[1]).upper() != qr1.VERSION:
            shown = f"“{_shown(version[1])}”" if not _blank(version[1]) else "blank"
            self.error(
                f"the template version is {shown}; the City accepts {qr1.VERSION}. "
                f"Download the current template and copy your figures into it.",
                version[0],
                2,
            )
            return None
        values = {"template_version": qr1.VERSION}
        for definition in qr1.SUMMARY_ROWS[1:]:
            if definition.key not in found:
                self.error(f"the row “{definition.label}” is missing; restore it in column A")
                continue
            number, value = found[definition.key]
            if _blank(value):
                self.error(f"{definition.label} is missing", number, 2)
                continue
            try:
                values[definition.key] = self.summary_value(definition, value, expected)
            except NotValid as problem:
                self.error(str(problem), number, 2)
        self.check_period(values, found, expected)
        return values

    def summary_value(self, definition, value, expected):
        if definition.key == "provider":
            text = _text(value)
            if _normal(text) not in {_normal(name) for name in expected.provider_names}:
                raise NotValid(
                    f"'{short(text, 60)}' is not your organisation; you are signed in for "
                    f"{expected.provider_display}, and a report can only be for it"
                )
            return text
        if definition.key == "license_reference":
            return self.license_reference(_text(value), expected)
        if definition.kind == qr1.YEAR:
            year = parse_whole(value, "a year")
            if not 2000 <= year <= expected.today.year:
                raise NotValid(f"{year} is not a year the City takes reports for (2000 to {expected.today.year})")
            return year
        if definition.kind == qr1.QUARTER:
            return parse_quarter(value)
        if definition.kind == qr1.COUNT:
            return parse_count(value)
        amount = parse_money(value)
        if amount < 0:
            raise NotValid(f"{_shown(value)} is negative; enter what was remitted (0 if nothing)")
        return amount

    def license_reference(self, text, expected):
        if _normal(text) == _normal(expected.license_reference):
            return expected.license_reference
        for reference, title in expected.other_licenses.items():
            if _normal(text) == _normal(reference):
                raise NotValid(
                    f"'{reference}' is your license “{title}”, but the form says “{expected.license_title}” "
                    f"({expected.license_reference}); choose the same license in both"
                )
        raise NotValid(
            f"'{short(text, 60)}' is not a license of {expected.provider_display}; download the template for "
            f"the license to get its reference ({expected.license_reference} for “{expected.license_title}”)"
        )

    def check_period(self, values, found, expected):
        if "year" not in values or "quarter" not in values:
            return
        year, quarter = values["year"], values["quarter"]
        last_month = qr1.quarter_months(quarter)[1]
        end = date(year + (last_month == 12), last_month % 12 + 1, 1) - timedelta(days=1)
        if end >= expected.today:
            self.error(
                f"Q{quarter} {year} has not ended yet (it ends {end:%Y-%m-%d}); upload its report after the quarter",
                found["quarter"][0],
                2,
            )
            values.pop("quarter")

    # Gross Revenue ----------------------------------------------------------------

    def read_revenue(self):
        standard = {name.casefold(): name for name in qr1.CATEGORIES}
        seen = {}
        lines = []
        width = len(qr1.GROSS_REVENUE_HEADER)
        rows_seen = False
        for number, values in self.rows():
            rows_seen = True
            self.outside(number, values, width)
            if number == 1:
                self.header(values, qr1.GROSS_REVENUE_HEADER)
                continue
            raw_category, raw_amount, raw_notes = values[:3]
            if _blank(raw_category) and _blank(raw_amount) and _blank(raw_notes):
                continue
            category = self.category(number, raw_category, standard)
            if category is None:
                continue
            key = category.casefold()
            if key in seen:
                self.error(f"“{category}” appears twice (also in row {seen[key]}); give each category once", number, 1)
                continue
            seen[key] = number
            line = self.revenue_line(number, category, raw_amount, _text(raw_notes))
            if line:
                lines.append(line)
        if not rows_seen:
            self.error("the sheet is empty; copy the categories from the template and give each its amount")
            return lines
        for key, name in standard.items():
            if key not in seen:
                self.error(f"the category “{name}” is missing; add its row (with 0 if there was none)")
        total = sum((line.amount for line in lines), Decimal("0"))
        if total < 0:
            self.error(f"the amounts add up to {total:,.2f}: gross revenue cannot be negative")
        return lines

    def revenue_line(self, number, category, raw_amount, notes):
        is_adjustment = category == qr1.ADJUSTMENTS
        if _blank(raw_amount):
            if not is_adjustment:
                self.error("the amount is missing; enter 0 if there was none", number, 2)
            return None
        try:
            amount = parse_money(raw_amount)
        except NotValid as problem:
            self.error(str(problem), number, 2)
            return None
        if amount < 0 and not is_adjustment:
            self.error(
                f"{_shown(raw_amount)} is negative; only the “{qr1.ADJUSTMENTS}” row may be negative, "
                "with a note saying why",
                number,
                2,
            )
            return None
        if is_adjustment and amount != 0 and not notes:
            self.error("an adjustment needs a note saying what it corrects", number, 3)
            return None
        return RevenueLine(number, category, amount, notes[:1000])

    def category(self, number, raw, standard):
        text = " ".join(_text(raw).split())
        folded = text.casefold()
        if folded in standard:
            return standard[folded]
        if not text:
            self.error("the category is missing for this row", number, 1)
            return None
        if NON_CABLE.search(folded):
            self.error(
                f"“{short(text, 60)}”: internet (cable-modem) revenue is not cable revenue and carries no "
                "franchise fee (47 U.S.C. 542(b)); leave it out",
                number,
                1,
            )
            return None
        if folded == ADJUSTMENTS:
            return qr1.ADJUSTMENTS
        if folded.startswith(OTHER):
            name = text[len(OTHER) :].strip()
            if not name:
                self.error("name the other revenue after “Other:”, e.g. “Other: Guide fees”", number, 1)
                return None
            return f"{qr1.OTHER_PREFIX} {name}"[:200]
        if folded in ("other", "others"):
            self.error("name the other revenue: write “Other: <what it is>”, e.g. “Other: Guide fees”", number, 1)
            return None
        if TOTAL.search(folded):
            self.error("leave totals out: the City adds up the categories itself", number, 1)
            return None
        self.error(
            f"“{short(text, 60)}” is not a category of the template; use the template's categories, or "
            "“Other: <name>” for other cable revenue",
            number,
            1,
        )
        return None

    # Customer Service -----------------------------------------------------------

    def read_customer_service(self):
        found, rows_seen = self.labelled_rows(qr1.CUSTOMER_SERVICE_ROWS, 2, qr1.CUSTOMER_SERVICE_HEADER)
        if not rows_seen:
            self.error("the sheet is empty; copy the metrics from the template")
            return {}
        metrics, unreadable = {}, set()
        for definition in qr1.CUSTOMER_SERVICE_ROWS:
            number, value = found.get(definition.key, (None, None))
            if _blank(value):
                metrics[definition.key] = None
                if definition.required and number is None:
                    self.error(f"the metric “{definition.label}” is missing; restore its row")
                elif definition.required:
                    self.error(f"{definition.label}: the value is missing; enter 0 if there were none", number, 2)
                continue
            try:
                parse = parse_percent if definition.kind == qr1.PERCENT else parse_count
                metrics[definition.key] = parse(value)
            except NotValid as problem:
                unreadable.add(definition.key)
                self.error(str(problem), number, 2)
        rows = {row.key: row for row in qr1.CUSTOMER_SERVICE_ROWS}
        for part, whole in qr1.CUSTOMER_SERVICE_PAIRS:
            if {part, whole} & unreadable:
                continue
            part_value, whole_value = metrics.get(part), metrics.get(whole)
            if part_value is None or whole_value is None:
                # Required rows were reported above; an optional pair needs both figures or neither.
                absent = rows[part] if part_value is None else rows[whole]
                present = whole_value if part_value is None else part_value
                if present is not None and not absent.required:
                    self.error(
                        f"give “{absent.label}” too, or leave both blank",
                        found.get(absent.key, (None,))[0],
                        2 if absent.key in found else None,
                    )
            elif part_value > whole_value:
                self.error(
                    f"{rows[part].label} ({part_value:,}) cannot be more than "
                    f"{rows[whole].label.lower()} ({whole_value:,})",
                    found[part][0],
                    2,
                )
        return metrics
