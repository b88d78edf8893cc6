"""Uploaded workbooks made inert: what is refused, and the values-only copy.

The published contract (docs/quarterly-report-template.md) accepts ordinary
formulas whose value Excel saved: the City reads the saved values. What it
refuses is anything in the file that reaches outside the workbook or can be
turned against the person who opens it:

- parts that link or connect elsewhere: external links (xl/externalLinks/,
  also how Excel stores DDE links), data connections and web queries
  (xl/connections.xml, xl/queryTables/), embedded objects (xl/embeddings/,
  which can carry a program that runs when double-clicked) and Office web
  add-ins (xl/webextensions/);
- any relationship whose target is outside the package (TargetMode="External",
  a web address or a file path), or of the externalLink type; in a sheet this
  is usually a cell hyperlink to a web address or a file share;
- in any formula (cells, defined names, data validation, conditional
  formatting, charts, form controls): a DDE call (`cmd|' /c calc'!A0`; the
  `|` is not an Excel operator), a reference to another workbook
  (`[Book.xlsx]Sheet!A1`, `'C:\\path\\[x.xlsx]Sheet'!A1`, `[1]Sheet!A1`), or
  one of the functions in BLOCKED_FUNCTIONS;
- a shape or control that runs a macro (the `macro` and `fmlaMacro` settings).

`findings(archive)` reads the package parts themselves (through defusedxml),
not openpyxl's model of them, so nothing openpyxl ignores is missed. It takes
the zipfile.ZipFile that franchise.quarterly.validation already opened and
checked (sizes, declarations), and returns CellErrors with the sheet and cell.

`values_only_copy(data)` is what staff download: a new workbook written by the
app with each sheet's saved values and plain number formats, nothing else.
"""

import io
import posixpath
import re
from datetime import datetime, time

from franchise.quarterly.cells import CellError, short

# Function name -> what it does, in the words of the refusal.
BLOCKED_FUNCTIONS = {
    "WEBSERVICE": "fetches a web address when the workbook is recalculated",
    "FILTERXML": "reads the answer of a web request (it is used with WEBSERVICE)",
    "HYPERLINK": "opens a web address or a file when the cell is clicked",
    "IMAGE": "downloads a picture from a web address when the workbook is opened",
    "STOCKHISTORY": "fetches data from an online service",
    "RTD": "starts a real-time data program on the reader's computer",
    "CALL": "calls a function in a program library (DLL) on the reader's computer",
    "REGISTER": "loads a function from a program library (DLL)",
    "REGISTER.ID": "loads a function from a program library (DLL)",
    "UNREGISTER": "works on program libraries (DLL)",
    "EXEC": "starts a program",
    "EXECUTE": "sends commands to another program (DDE)",
    "INITIATE": "opens a channel to another program (DDE)",
    "REQUEST": "reads from another program (DDE)",
    "POKE": "writes to another program (DDE)",
    "TERMINATE": "closes a channel to another program (DDE)",
    "DDE": "talks to another program (DDE)",
    "DDEAUTO": "talks to another program (DDE)",
    "SQL.REQUEST": "queries an outside database",
    "PY": "runs Python code",
}
# Parts refused by their name alone (lower case), with what they are.
BLOCKED_PARTS = (
    ("xl/externallinks/", "a link to another workbook or program (external link)"),
    ("xl/connections.xml", "a data connection to an outside source"),
    ("xl/querytables/", "a query that fetches outside data"),
    ("xl/embeddings/", "an embedded object, which can carry a program that runs when it is opened"),
    ("xl/webextensions/", "an Office add-in that loads a web page"),
)
EXTERNAL_LINK_TYPE = re.compile(r"/(externalLink|externalLinkPath|oleObject|attachedTemplate|frame)$", re.IGNORECASE)
OUTSIDE_TARGET = re.compile(r"^([a-z][a-z0-9+.-]*:|\\\\|//)", re.IGNORECASE)
# Elements whose text is a formula; attributes whose value is one.
FORMULA_ELEMENTS = {"f", "formula", "formula1", "formula2", "definedname"}
FORMULA_ATTRIBUTES = {"fmlalink", "fmlarange", "fmlatxbx", "fmlagroup", "fmlapict", "textlink"}
MACRO_ATTRIBUTES = {"macro", "fmlamacro"}
# A cheap test on a part's raw bytes before it is parsed: only parts with a formula, a
# hyperlink, a macro setting or a form control are parsed (a 50,000-row sheet of values never is).
MARKERS = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?(?:f|formula[12]?|definedName|hyperlink)[\s>/]|\b(?:macro|fmla\w+|textlink)\s*=|<x:Fmla",
    re.IGNORECASE,
)
VML_FORMULA = re.compile(r"<x:(Fmla\w+)>(.*?)</x:\1>", re.IGNORECASE | re.DOTALL)
FUNCTION = re.compile(r"(?<![\w.\\])((?:_xl\w*\.)*)([A-Za-z_\\][\w.]*)\s*\(")
OTHER_WORKBOOK = re.compile(r"(?<![\w.\]\[])\[[^\[\]]*\][\w.]*!|(?<![\w.\]\[])\[\d+\]")
CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)")
FIX = "Replace it with its value (Copy, then Paste Special > Values) and upload the workbook again."
READ_LIMIT = 200 * 1024 * 1024


def _local(tag):
    return tag.rsplit("}", 1)[-1].lower()


def _split(formula):
    """The formula with its "string literals" emptied, and its 'quoted sheet names'."""
    code, names, index = [], [], 0
    while index < len(formula):
        char = formula[index]
        if char in "\"'":
            end = index + 1
            while end < len(formula):
                if formula[end] == char:
                    if formula[end + 1 : end + 2] == char:
                        end += 2
                        continue
                    break
                end += 1
            if char == "'":
                names.append(formula[index + 1 : end].replace("''", "'"))
                code.append("'_'")
            else:
                code.append('""')
            index = end + 1
        else:
            code.append(char)
            index += 1
    return "".join(code), names


def formula_problems(formula):
    """What in one formula reaches outside the workbook, in plain words (empty: nothing)."""
    formula = (formula or "").strip()
    if not formula:
        return []
    code, names = _split(formula)
    problems = []
    if "|" in code:
        problems.append(
            "it calls another program through DDE (a “|” reference, as in cmd|...), which can run commands "
            "on the reader's computer"
        )
    if OTHER_WORKBOOK.search(code) or any(re.search(r"[\[\]\\/:]", name) for name in names):
        problems.append("it refers to another workbook or file, which Excel would open or update")
    seen = set()
    for prefix, name in FUNCTION.findall(code):
        upper = name.upper()
        if "_XLL." in prefix.upper() and "add-in" not in seen:
            seen.add("add-in")
            problems.append(f"it uses {upper}, a function from an add-in program, not from Excel")
        elif upper in BLOCKED_FUNCTIONS and upper not in seen:
            seen.add(upper)
            problems.append(f"it uses {upper}, which {BLOCKED_FUNCTIONS[upper]}")
    return problems


def _cell(ref):
    """'B7' (or the first cell of 'B7:C9 D1') as ('B', 7); ('', None) when there is none."""
    match = CELL_REF.match((ref or "").strip().split(" ")[0].upper())
    return (match[1], int(match[2])) if match else ("", None)


class _Package:
    def __init__(self, archive):
        self.archive = archive
        self.names = [item.filename for item in archive.infolist() if not item.is_dir()]
        self.sheets = self._sheet_names()

    def read(self, name):
        with self.archive.open(name) as stream:
            return stream.read(READ_LIMIT)

    def parse(self, name):
        from defusedxml.ElementTree import fromstring

        return fromstring(self.read(name))

    def _sheet_names(self):
        """Part name -> the sheet's name, from xl/workbook.xml and its relationships."""
        try:
            workbook = self.parse("xl/workbook.xml")
            rels = self.parse("xl/_rels/workbook.xml.rels")
        except Exception:  # missing or damaged: openpyxl refuses the file later, naming the problem
            return {}
        targets = {}
        for rel in rels.iter():
            if _local(rel.tag) == "relationship":
                targets[rel.get("Id")] = _resolve("xl/workbook.xml", rel.get("Target", ""))
        sheets = {}
        for element in workbook.iter():
            if _local(element.tag) == "sheet":
                rid = next((value for key, value in element.attrib.items() if _local(key) == "id"), None)
                if rid in targets:
                    sheets[targets[rid]] = element.get("name", "")
        return sheets


def _resolve(source, target):
    """A relationship's target as a part name, relative to the part that holds it."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _rels_source(name):
    """'xl/worksheets/_rels/sheet1.xml.rels' -> 'xl/worksheets/sheet1.xml'."""
    folder, base = posixpath.split(name)
    parent = posixpath.dirname(folder)
    return posixpath.join(parent, base[: -len(".rels")]) if base.endswith(".rels") else name


def findings(archive):
    """Every active or outward-reaching thing in the package, as CellErrors (empty: inert)."""
    package = _Package(archive)
    found = []
    for name in package.names:
        lowered = name.lower()
        for prefix, what in BLOCKED_PARTS:
            if lowered.startswith(prefix):
                found.append(
                    CellError(
                        f"The workbook contains {what} ({short(name)}); it is refused. Save the report without it "
                        "(in Excel: Data > Edit Links > Break Link, and remove connections and objects)."
                    )
                )
                break
    hyperlinks = {}
    for name in package.names:
        lowered = name.lower()
        if lowered.endswith(".rels"):
            continue
        # Every part that is XML, whatever its name: [Content_Types].xml can give a sheet any extension.
        data = package.read(name)
        text = _as_utf8(data)
        if text is None:
            continue
        if lowered.endswith(".vml"):
            found.extend(_vml(text, name))
        else:
            found.extend(_formulas(package, name, data, text, hyperlinks))
    for name in package.names:
        if name.lower().endswith(".rels"):
            found.extend(_relationships(package, name, hyperlinks))
    return found


def _where(package, name):
    sheet = package.sheets.get(name, "")
    return sheet, "" if sheet else f" (in {short(name)})"


def _as_utf8(data):
    """A part's bytes as UTF-8 for the marker test (UTF-16 parts included), or None when it is not XML."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:64]:
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return None
    return data if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else None


def _formulas(package, name, head, text, hyperlinks):
    from defusedxml.ElementTree import iterparse

    if not MARKERS.search(text):
        return []
    sheet, part = _where(package, name)
    found = []
    cell, area, defined = "", "", ""
    try:
        for event, element in iterparse(io.BytesIO(head), events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "c":
                    cell = element.get("r", "")
                elif tag in ("conditionalformatting", "datavalidation", "sqref"):
                    area = element.get("sqref", "") or area
                elif tag == "definedname":
                    defined = element.get("name", "")
                elif tag == "hyperlink":
                    rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
                    if rid:
                        hyperlinks[(name, rid)] = element.get("ref", "")
                for key, value in element.attrib.items():
                    attribute = _local(key)
                    if attribute in MACRO_ATTRIBUTES and value.strip():
                        found.append(
                            _error(
                                f"a button, control or shape{part} runs the macro “{short(value)}”; "
                                "buttons that run macros are refused. Delete it and upload the workbook again.",
                                sheet,
                            )
                        )
                    elif attribute in FORMULA_ATTRIBUTES:
                        found.extend(_check(value, sheet, "", f"a form control{part}"))
                continue
            if tag in FORMULA_ELEMENTS:
                if tag == "definedname":
                    found.extend(_check(element.text, sheet, "", f"the defined name “{short(defined)}”"))
                    defined = ""
                else:
                    where = "" if (cell or area or sheet) else f" {part.strip()}"
                    found.extend(_check(element.text, sheet, cell or area, f"the formula{where}"))
            elif tag == "c":
                cell = ""
                element.clear()
            elif tag in ("conditionalformatting", "datavalidation"):
                area = ""
    except Exception:  # defusedxml refusals and parse errors: the file is not an ordinary workbook
        found.append(CellError(f"A part of the workbook ({short(name)}) could not be read. Save it again from Excel."))
    return found


def _error(message, sheet="", row=None, column=""):
    """A CellError; a message with no sheet to name starts with a capital."""
    if not sheet:
        message = message[:1].upper() + message[1:]
    return CellError(message, sheet, row, column)


def _check(formula, sheet, ref, what):
    column, row = _cell(ref)
    text = short(formula or "", 60)
    return [_error(f"{what} ={text}: {problem}. {FIX}", sheet, row, column) for problem in formula_problems(formula)]


def _vml(data, name):
    """Legacy drawings (comments, form controls) are VML, not always well-formed XML: read by pattern."""
    text = data.decode("utf-8", "replace")
    found = []
    for kind, value in VML_FORMULA.findall(text):
        if kind.lower() == "fmlamacro" and value.strip():
            found.append(
                _error(
                    f"a button or control ({short(name)}) runs the macro “{short(value)}”; buttons that run macros "
                    "are refused. Delete it and upload the workbook again."
                )
            )
        else:
            found.extend(_check(value, "", "", f"a form control ({short(name)})"))
    return found


def _relationships(package, name, hyperlinks):
    try:
        root = package.parse(name)
    except Exception:  # defusedxml refusals and parse errors
        return [CellError(f"A part of the workbook ({short(name)}) could not be read. Save it again from Excel.")]
    source = _rels_source(name)
    sheet, part = _where(package, source)
    found = []
    for rel in root.iter():
        if _local(rel.tag) != "relationship":
            continue
        target = rel.get("Target", "")
        kind = rel.get("Type", "")
        outside = rel.get("TargetMode", "").lower() == "external" or bool(OUTSIDE_TARGET.match(target))
        if not outside and not EXTERNAL_LINK_TYPE.search(kind):
            continue
        ref = hyperlinks.get((source, rel.get("Id")))
        if ref is not None:
            column, row = _cell(ref)
            found.append(
                CellError(
                    f"the cell links to “{short(target, 60)}”, outside the workbook; links to web addresses and "
                    "files are refused. Remove the link (right-click > Remove Hyperlink) and upload the "
                    "workbook again.",
                    sheet,
                    row,
                    column,
                )
            )
        elif outside:
            found.append(
                _error(
                    f"the workbook{part} refers to “{short(target, 60)}”, outside the workbook; links to other "
                    "files and web addresses are refused. Remove the link and upload the workbook again.",
                    sheet,
                )
            )
        elif not any(_resolve(source, target).lower().startswith(prefix) for prefix, _ in BLOCKED_PARTS):
            found.append(
                _error(
                    f"the workbook{part} links to another workbook or object ({short(target, 60)}); it is "
                    "refused. In Excel use Data > Edit Links > Break Link and upload the workbook again.",
                    sheet,
                )
            )
    return found


# The values-only copy -------------------------------------------------------------

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TIME_FORMAT = "hh:mm:ss"
# Number formats made only of these (after [Red]-style colours and [$-409]-style locales) are kept.
PLAIN_FORMAT = re.compile(r"^[0#?.,%Ee+\- $€£¥()/:dmyhsAPM\\]*$")
FORMAT_TAG = re.compile(r"\[(?:Black|Blue|Cyan|Green|Magenta|Red|White|Yellow|Color\d+|\$[^\]]*|h+|m+|s+)\]", re.I)


def plain_format(number_format):
    """True for a format that only shows the number (no literal text, no hidden sections)."""
    if not number_format or number_format == "General":
        return True
    sections = number_format.split(";")
    if len(sections) > 4 or not all(section.strip() for section in sections):
        return False  # ";;;" hides the value; an empty section hides zeros or negatives
    return all(PLAIN_FORMAT.match(FORMAT_TAG.sub("", section)) for section in sections)


def values_only_copy(data, *, note="", max_rows=1_048_576, max_columns=16_384):
    """A new .xlsx written by the app from `data` (a workbook's bytes): every worksheet
    with the values Excel saved and plain number formats, and nothing else: no
    formulas, links, defined names, styles, hidden sheets, comments, objects,
    external parts, calculation chain or recalculate-on-open flag. Text that starts
    with "=" stays text. Raises on a file openpyxl cannot read."""
    from openpyxl import Workbook, load_workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.workbook.properties import CalcProperties

    source = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    copy = Workbook(write_only=True)
    copy.calculation = CalcProperties(fullCalcOnLoad=False)
    copy.properties.creator = "Conduit"
    copy.properties.title = "Values-only copy"
    copy.properties.description = note[:1000]
    try:
        for worksheet in source.worksheets:
            target = copy.create_sheet(worksheet.title)
            worksheet.reset_dimensions()
            for number, row in enumerate(worksheet.iter_rows(max_col=max_columns), start=1):
                if number > max_rows:
                    target.append([f"(Rows after {max_rows:,} are not copied.)"])
                    break
                target.append([_value_cell(target, cell, WriteOnlyCell) for cell in row])
    finally:
        source.close()
    buffer = io.BytesIO()
    copy.save(buffer)
    return buffer.getvalue()


def _value_cell(sheet, cell, make):
    value = getattr(cell, "value", None)
    if value is None:
        return None
    out = make(sheet, value=value)
    if isinstance(value, str):
        out.data_type = "s"  # never a formula, even when the saved text starts with "="
        return out
    number_format = getattr(cell, "number_format", "General") or "General"
    if isinstance(value, datetime):
        out.number_format = number_format if plain_format(number_format) else DATETIME_FORMAT
    elif isinstance(value, time):
        out.number_format = number_format if plain_format(number_format) else TIME_FORMAT
    elif hasattr(value, "year"):
        out.number_format = number_format if plain_format(number_format) else DATE_FORMAT
    elif isinstance(value, int | float) and not isinstance(value, bool):
        out.number_format = number_format if plain_format(number_format) else "General"
    return out
