"""Checks that a PDF is what Conduit promises: tagged PDF/A-3a with a language and a title.

Read with pypdf only (poppler's pdfinfo is not on every machine). These check the
markers a validator looks for first; they do not replace a full PDF/A validator.
"""

import io
import xml.etree.ElementTree as ET

import pypdf

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
DC = "{http://purl.org/dc/elements/1.1/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
TRUE = pypdf.generic.BooleanObject(True)


def reader(data):
    return pypdf.PdfReader(io.BytesIO(data))


def xmp(pdf):
    """The XMP metadata packet of the catalog, parsed."""
    return ET.fromstring(pdf.trailer["/Root"]["/Metadata"].get_object().get_data())


def pdfa_identification(pdf):
    """(part, conformance) from the XMP, whether written as attributes or as elements."""
    found = {}
    for element in xmp(pdf).iter():
        for name in ("part", "conformance"):
            if PDFAID + name in element.attrib:
                found[name] = element.attrib[PDFAID + name]
            if element.tag == PDFAID + name:
                found[name] = element.text
    return found.get("part"), found.get("conformance")


def xmp_title(pdf):
    titles = list(xmp(pdf).iter(DC + "title"))
    return titles[0].find(f"{RDF}Alt/{RDF}li").text if titles else None


def assert_tagged_pdfa(data, *, title):
    """Tagged (marked, with a structure tree), PDF/A-3 level A, in English, with `title` in both metadata places."""
    pdf = reader(data)
    catalog = pdf.trailer["/Root"]
    assert data.startswith(b"%PDF-1.7")
    assert catalog["/MarkInfo"]["/Marked"] == TRUE
    assert catalog["/StructTreeRoot"].get_object()["/Type"] == "/StructTreeRoot"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == TRUE
    assert pdfa_identification(pdf) == ("3", "A")
    assert catalog["/Lang"] == "en"
    assert pdf.metadata["/Title"] == title
    assert xmp_title(pdf) == title
    assert catalog["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    return pdf
