"""Real workbooks for the upload tests, built here with openpyxl (not with the
portal's own template builder, so the tests check the published layout), plus
the hostile files: macros, zip bombs, billion laughs, lying dimensions.

The correct report (Q2 2026, Comcast, 5% license), worked by hand:

    Basic service                               4,250,000.00
    Expanded and digital tiers                  6,100,000.00
    Premium services                            1,275,500.50
    Pay-per-view and on-demand                    310,250.25
    Equipment rental                              980,000.00
    Installation and service charges              145,300.00
    Late fees                                      62,400.00
    Advertising (allocated)                       512,000.00
    Home-shopping commissions                      18,750.00
    Franchise fees collected from subscribers     700,000.00
    Other: Guide fees                              40,000.00
    Adjustments (credit for a June outage)        -25,000.00
    ---------------------------------------------------------
    Gross revenue                              14,369,200.75

    Fee due at 5%: 14,369,200.75 x 0.05 = 718,460.0375 -> 718,460.04 (half up)
    Remitted 718,000.00: variance 718,000.00 - 718,460.04 = -460.04,
    an underpayment beyond the $1 tolerance: "underpaid", flagged.
    (Remitted 718,459.50 instead: variance -0.54, within tolerance: "paid".)

Customer service: calls 37,900 of 41,200 = 91.99% (pass, >= 90); transfers
4,800 of 5,200 = 92.3% (pass); busy 3.4% (fail: must be under 3%); installs
2,241 of 2,300 = 97.4% (pass, >= 95); outages 401 of 410 = 97.8% (pass);
service calls 1,830 of 1,900 = 96.3% (pass); appointments left blank (no
data). Overall: fail, one failed standard (the busy signal).
"""

import io
import re
import struct
import zipfile
from decimal import Decimal

from openpyxl import Workbook

GROSS_REVENUE_TOTAL = Decimal("14369200.75")
FEE_DUE = Decimal("718460.04")
REMITTED = Decimal("718000.00")
VARIANCE = Decimal("-460.04")

REVENUE = [
    ("Basic service", 4250000, None),
    ("Expanded and digital tiers", 6100000, None),
    ("Premium services", 1275500.50, None),
    ("Pay-per-view and on-demand", 310250.25, None),
    ("Equipment rental", 980000, None),
    ("Installation and service charges", 145300, None),
    ("Late fees", 62400, None),
    ("Advertising (allocated)", 512000, None),
    ("Home-shopping commissions", 18750, None),
    ("Franchise fees collected from subscribers", 700000, None),
    ("Other: Guide fees", 40000, "Printed channel guide"),
    ("Adjustments", -25000, "Credit for a June outage"),
]
CUSTOMER_SERVICE = [
    ("Telephone calls received", 41200),
    ("Calls answered within 30 seconds", 37900),
    ("Calls transferred", 5200),
    ("Transfers made within 30 seconds", 4800),
    ("Busy signal (% of the time)", 3.4),
    ("Standard installations", 2300),
    ("Standard installations within 7 business days", 2241),
    ("Service interruptions", 410),
    ("Interruptions with work begun within 24 hours", 401),
    ("Other service calls", 1900),
    ("Other service calls begun by the next business day", 1830),
    ("Appointments", None),
    ("Appointments kept within a 4-hour window", None),
]


def summary_rows(reference, *, provider="Comcast Cable Communications", year=2026, quarter=2, remitted=718000):
    return [
        ("Template version", "QR-1"),
        ("Provider", provider),
        ("License reference", reference),
        ("Year", year),
        ("Quarter", quarter),
        ("Subscribers at quarter end", 152340),
        ("Franchise fee remitted", remitted),
        ("PEG support remitted", 60000),
    ]


def build(reference, *, summary=None, revenue=None, customer_service=None, sheets=None, edit=None, **summary_kw):
    """The correct report as .xlsx bytes; each part can be replaced, and `edit(workbook)` changes anything."""
    workbook = Workbook()
    contents = {
        "Summary": summary if summary is not None else summary_rows(reference, **summary_kw),
        "Gross Revenue": [("Category", "Amount", "Notes"), *(revenue if revenue is not None else REVENUE)],
        "Customer Service": [
            ("Metric", "Value"),
            *(customer_service if customer_service is not None else CUSTOMER_SERVICE),
        ],
    }
    workbook.remove(workbook.active)
    for name in sheets if sheets is not None else contents:
        sheet = workbook.create_sheet(name)
        for row in contents.get(name, []):
            sheet.append(list(row))
    if edit:
        edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data, *, replace=None, add=None, drop=()):
    """The same package with parts replaced, added or dropped."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in drop:
                continue
            content = replace.get(item.filename, source.read(item.filename))
            if callable(content):
                content = content(source.read(item.filename))
            target.writestr(item.filename, content)
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def part_name(data, sheet_title):
    """The ZIP part holding a sheet, from the workbook's relationships."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    workbook_xml = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rel_id = re.search(rf'<sheet[^>]*name="{re.escape(sheet_title)}"[^>]*r:id="(rId\d+)"', workbook_xml)[1]
    target = re.search(rf'<Relationship[^>]*Id="{rel_id}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rel_id}"', rels
    )
    path = target[1].lstrip("/")
    return path if path.startswith("xl/") else f"xl/{path}"


def with_macro(data):
    """A macro-enabled package: a VBA project and the macro-enabled workbook type."""

    def content_types(xml):
        xml = xml.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
        return xml.replace(
            b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
        )

    return rezip(
        data,
        replace={"[Content_Types].xml": content_types},
        add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name = AutoOpen" * 20},
    )


def zip_bomb(data):
    """4 MB of zeros packed into about 4 KB, as an extra part."""
    return rezip(data, add={"xl/media/image1.bin": b"\x00" * (4 * 1024 * 1024)})


def declared_size_bomb(data, declared=3 * 1024**3):
    """The central directory claims one part expands to 3 GB (nothing is ever decompressed)."""
    blob = bytearray(data)
    offset = blob.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack("<I", blob[offset + 16 : offset + 20])[0]
    # The first central-directory entry: uncompressed size at +24 (4 bytes).
    struct.pack_into("<I", blob, cd_offset + 24, min(declared, 0xFFFFFFFE))
    return bytes(blob)


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


def billion_laughs(data):
    return rezip(data, replace={part_name(data, "Summary"): BILLION_LAUGHS})


def with_dimension(data, sheet_title, ref):
    """Rewrite a sheet's declared dimension (what openpyxl's read-only mode would trust)."""

    def change(xml):
        text = xml.decode()
        if "<dimension" in text:
            text = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', text)
        else:
            text = text.replace("<sheetViews>", f'<dimension ref="{ref}"/><sheetViews>', 1)
        return text.encode()

    return rezip(data, replace={part_name(data, sheet_title): change})


def with_far_row(data, sheet_title, row=1048576):
    """A stray value in the last row Excel allows, with the dimension to match."""

    def change(xml):
        text = xml.decode().replace(
            "</sheetData>", f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        )
        return re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:C{row}"/>', text).encode()

    return rezip(data, replace={part_name(data, sheet_title): change})


def truncated(data):
    return data[: len(data) // 2]


def damaged_inside(data):
    """The ZIP directory is intact but a sheet's compressed bytes are not."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(part_name(data, "Gross Revenue"))
    blob = bytearray(data)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for index in range(start + 5, start + min(info.compress_size, 60)):
        blob[index] ^= 0x5A
    return bytes(blob)


CSV_TEXT = b"Template version,QR-1\nProvider,Comcast Cable Communications\nYear,2026\nQuarter,2\n"


# Formulas and links, written into the package parts as Excel saves them -----------------

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _xml_text(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def with_formula(data, sheet_title, ref, formula, value=None):
    """The cell `ref` holds `formula` (without "=") and the value Excel saved with it:
    a number (t="n") or text (t="str"); None keeps the cell's current value."""

    def change(xml):
        text = xml.decode()
        match = re.search(rf'<c r="{ref}"( [^>]*)?>(.*?)</c>', text)
        assert match, f"no cell {ref} in {sheet_title}"
        if value is None:
            saved = re.search(r"<v>(.*?)</v>|<t>(.*?)</t>", match[2])
            kind, cached = ("n", saved[1]) if saved[1] is not None else ("str", saved[2])
        elif isinstance(value, str):
            kind, cached = "str", _xml_text(value)
        else:
            kind, cached = "n", str(value)
        cell = f'<c r="{ref}" t="{kind}"><f>{_xml_text(formula)}</f><v>{cached}</v></c>'
        return (text[: match.start()] + cell + text[match.end() :]).encode()

    return rezip(data, replace={part_name(data, sheet_title): change})


def with_external_link(data, target="file:///C:/Finance/ledger.xlsx"):
    """An external-link part, as Excel writes one for ='[ledger.xlsx]Sheet1'!A1, with its relationships."""
    link = (
        '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{R_NS}"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>'
        "</externalBook></externalLink>"
    )
    link_rels = (
        f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Target="{target}" TargetMode="External" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath"/>'
        "</Relationships>"
    )

    def workbook_rels(xml):
        return xml.replace(
            b"</Relationships>",
            b'<Relationship Id="rId99" Target="externalLinks/externalLink1.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/externalLink"/></Relationships>',
        )

    return rezip(
        data,
        replace={"xl/_rels/workbook.xml.rels": workbook_rels},
        add={"xl/externalLinks/externalLink1.xml": link, "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels},
    )


def with_hyperlink(data, sheet_title, ref, target):
    """A cell hyperlink (Insert > Link) to an address outside the workbook."""
    part = part_name(data, sheet_title)
    folder, base = part.rsplit("/", 1)

    def change(xml):
        link = f'<hyperlinks><hyperlink xmlns:r="{R_NS}" ref="{ref}" r:id="rIdLink1"/></hyperlinks>'
        return xml.replace(b"<pageMargins", link.encode() + b"<pageMargins", 1)

    rels = (
        f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rIdLink1" Target="{_xml_text(target)}" '
        'TargetMode="External" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"/>'
        "</Relationships>"
    )
    return rezip(data, replace={part: change}, add={f"{folder}/_rels/{base}.rels": rels})


def with_defined_name(data, name, formula):
    """A workbook-level defined name (Formulas > Name Manager)."""

    def change(xml):
        entry = f'<definedNames><definedName name="{name}">{_xml_text(formula)}</definedName></definedNames>'
        if b"<definedNames />" in xml:
            return xml.replace(b"<definedNames />", entry.encode())
        return xml.replace(b"</sheets>", b"</sheets>" + entry.encode())

    return rezip(data, replace={"xl/workbook.xml": change})


def with_part(data, name, content):
    """An extra part (a connection, an embedded object, a drawing, a chart)."""
    return rezip(data, add={name: content})
