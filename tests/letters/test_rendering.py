"""Every kind of letter, issued through the whole pipeline and read back from its PDF."""

import pytest

from letters import kinds
from tests.letters import factories
from tests.letters.factories import pdf_words as words
from tests.letters.factories import read_pdf

PAGE_HEIGHT_IN = 11


@pytest.fixture
def issued(staff, legal, comcast, comcast_contacts, rcn, crown_castle):
    drafts = factories.letters_of_every_kind(
        staff=staff, legal=legal, comcast=comcast, rcn=rcn, crown_castle=crown_castle
    )
    return {kind: factories.issue(letter, legal) for kind, letter in drafts.items()}


# What each PDF must say: the recipient, the dates, the amounts and the citations (hand-worked in factories.py).
EXPECTED = {
    "cure_notice": [
        "Comcast Cable Communications",
        "Quarterly franchise fee and gross-revenue report for Q3 2026 was due on November 16, 2026",
        "As of November 20, 2026 the City has not received it",
        "47 U.S.C. 546(d)",
        "within 30 days of the date of this letter, that is on or before December 21, 2026",
    ],
    "fee_interest": [
        "Comcast Cable Communications",
        "The fee for Q2 2026 was due on August 17, 2026",
        "$1,000,000.00",
        "$50,000.00",
        "$45,000.00",
        "$5,000.00",
        "$600.00",
        "Please pay $5,600.00 on or before December 21, 2026",
        "simple interest at 12% a year",
        "47 U.S.C. 542",
    ],
    "cs_enforcement": [
        "Comcast Cable Communications",
        "Calls answered within 30 seconds: 85% (standard: at least 90% of the time; 47 CFR 76.309(c)(1)(ii))",
        "Busy signal: 3.4% (standard: less than 3% of the time; 47 CFR 76.309(c)(1)(ii))",
        "47 CFR 76.309(a)",
        "on and after February 18, 2027",  # Nov 20 + 90 days
    ],
    "renewal_ascertainment": [
        "RCN BecoCom (Astound)",
        "expires on March 31, 2027",
        "from March 31, 2024 to September 30, 2024",
        "renewal notice dated May 15, 2024",
        "commences, as of November 20, 2026",
        "is November 15, 2024",
        "47 U.S.C. 546(a)",
    ],
    "smallcell_incomplete": [
        "Crown Castle Fiber",
        "SC-2026-0101",
        "submitted on November 16, 2026",
        "Structural analysis of the pole, stamped by a Massachusetts engineer",
        "Boston PIC rule 7(b)",
        "RF emissions compliance report",
        "47 CFR 1.1307(b)",
        "within 10 days of submission, so the shot clock for this small wireless facility application is reset",
        "a new 60-day period",
        "47 CFR 1.6003(d)(1)",
    ],
    "tolling_agreement": [
        "Crown Castle Fiber",
        "SC-2026-0102",
        "extended by 30 days",
        "now December 4, 2026, becomes January 4, 2027",
        "47 CFR 1.6003(d)",
        "Agreed and accepted for Crown Castle Fiber",
        "structural analysis the City asked for",
    ],
    "approval_conditions": [
        "Crown Castle Fiber",
        "SC-2026-0103",
        "made on November 18, 2026",
        "Paint the equipment cabinet to match the pole.",
        "No generator on site.",
        "SCP-2026-0042",
    ],
    "denial_reasons": [
        "Crown Castle Fiber",
        "SC-2026-0104",
        "made on November 20, 2026",
        "47 U.S.C. 332(c)(7)(B)(iii)",
        "T-Mobile South, LLC v. City of Roswell, 574 U.S. 293 (2015)",
        "sidewalk clear path",
        "28 cubic feet of 47 CFR 1.6002(l)",
        "within 30 days after it",
        "47 U.S.C. 332(c)(7)(B)(v)",
    ],
    "deemed_granted": [
        "Crown Castle Fiber",
        "SC-2026-0105",
        "submitted on August 3, 2026",
        "ended on October 2, 2026",
        "On October 15, 2026 you notified the City",
        "47 U.S.C. 1455(a)",
        "47 CFR 1.6100(c)(4)",
    ],
}


def test_the_expectations_cover_every_kind():
    assert set(EXPECTED) == set(kinds.KINDS)


@pytest.mark.parametrize("kind", sorted(kinds.KINDS))
def test_every_kind_renders_a_pdf_with_its_recipient_dates_amounts_and_citations(issued, kind):
    letter = issued[kind]
    assert letter.status == "issued", letter.render_error
    text = words(letter)
    for expected in EXPECTED[kind]:
        assert expected in text, f"{kind}: {expected!r} not in the PDF"
    assert letter.number in text
    assert "November 20, 2026" in text  # the issue date
    assert "Sincerely," in text


def test_each_issued_letter_gets_the_next_number_of_the_year(issued):
    numbers = sorted(letter.number for letter in issued.values())
    assert numbers == [f"CBO-2026-{n:04d}" for n in range(1, 10)]


def test_the_pdf_has_page_numbers_and_the_letter_number_on_every_page(issued):
    letter = issued["denial_reasons"]
    reader = read_pdf(letter)
    count = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {count}" in text
        assert letter.number in text


def test_the_pdf_embeds_only_public_sans_so_it_does_not_depend_on_the_machine(issued):
    for letter in issued.values():
        fonts = set()
        for page in read_pdf(letter).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                fonts.add(str(font["/BaseFont"]))
                if "/DescendantFonts" in font:
                    font = font["/DescendantFonts"][0].get_object()
                descriptor = font["/FontDescriptor"].get_object()
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), "every font is embedded"
        assert fonts and all("Public-Sans" in name for name in fonts), fonts


def test_the_recipient_sits_in_the_window_of_a_number_10_envelope(issued):
    """#10 window: 7/8 in from the left edge, 2 1/8 in to 3 in from the top of the sheet folded in three."""
    letter = issued["fee_interest"]
    page = read_pdf(letter).pages[0]
    positions = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            positions.setdefault(text.strip(), (x / 72, PAGE_HEIGHT_IN - y / 72))

    page.extract_text(visitor_text=visit)
    for line in (
        "Comcast Cable Communications",
        "Attn: Dana Whitfield, Director, Government Affairs",
        "Boston, MA 02201",
    ):
        left, from_top = positions[line]
        assert 0.85 <= left <= 0.9, (line, left)
        assert 2.125 < from_top < 3.0, (line, from_top)


def test_the_pdf_metadata_names_the_letter_and_its_issue_date(issued):
    metadata = read_pdf(issued["cure_notice"]).metadata
    assert metadata["/Title"].startswith("CBO-2026-")
    assert metadata["/Author"] == "City of Boston Law Department"
    assert metadata["/CreationDate"].startswith("D:20261120")


def test_rendering_the_same_snapshot_twice_gives_the_same_bytes(issued):
    from letters import rendering
    from letters.pdf import letter_pdf

    letter = issued["fee_interest"]
    again = letter_pdf(letter.rendered_data, number=letter.number)
    assert rendering.sha256(again) == letter.sha256
