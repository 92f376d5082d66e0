"""brochure.preflight.document: opening a file and reading what the checks judge; the page tree
walked within limits (a loop is an error, a page listed twice is two pages), boxes that are not
numbers, damage qpdf repaired, metadata and output intents read within limits."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pikepdf import Dictionary, Name

from brochure.errors import BrochureError
from brochure.preflight.document import LETTER, qpdf_limits, read_document, xmp_properties
from brochure.preflight.limits import Limits
from tests.preflight.preflight_pdfs import (
    one_page_file,
    raw_file,
    saved,
    stream_object,
    zeros_deflated,
)

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>"


def read(data: bytes, **limits: int) -> object:
    return read_document(data, "f.pdf", Limits(**limits))


def test_the_clean_print_file(clean_pdf: bytes) -> None:
    document = read_document(clean_pdf, "clean.pdf", Limits())
    assert (document.pdf_version, document.encrypted, document.gaps) == ("1.6", False, [])
    [page] = document.pages
    assert page.trim is not None and page.bleed is not None and page.bad_boxes == ()
    assert set(document.xmp) == {
        "pdfxid:GTS_PDFXVersion",
        "dc:title",
        "xmp:CreateDate",
        "xmp:ModifyDate",
    }
    assert document.info["/Trapped"] == "/False"
    [intent] = document.output_intents
    assert (intent.condition, intent.profile, intent.components) == ("FOGRA39", "embedded", 4)
    assert intent.header[36:40] == b"acsp"


def test_a_page_listed_twice_is_two_pages_and_stray_kids_are_noted() -> None:
    data = raw_file(
        {1: CATALOG, 2: b"<< /Type /Pages /Kids [3 0 R 3 0 R 7 null] /Count 2 >>", 3: PAGE}
    )
    document = read_document(data, "f.pdf", Limits())
    assert [page.number for page in document.pages] == [1, 2]
    assert [(gap.message, gap.severity) for gap in document.gaps] == [
        ("the page tree lists something that is not a page", "warning")
    ]


def test_pages_past_the_limit_are_not_read() -> None:
    kids = b" ".join([b"3 0 R"] * 5)
    data = raw_file({1: CATALOG, 2: b"<< /Type /Pages /Kids [" + kids + b"] /Count 5 >>", 3: PAGE})
    document = read_document(data, "f.pdf", Limits(pages=2))
    assert len(document.pages) == 2
    [gap] = document.gaps
    assert (gap.page, gap.severity, gap.affects) == (None, "error", "pages")
    assert gap.message == "only the first 2 pages were read (the limit); the file has more"


@pytest.mark.parametrize(
    "kids",
    [b"[3 0 R 2 0 R]", b"[4 0 R 4 0 R]"],
    ids=["a-kid-is-its-parent", "a-node-listed-twice"],
)
def test_a_page_tree_that_loops_is_an_error(kids: bytes) -> None:
    data = raw_file(
        {
            1: CATALOG,
            2: b"<< /Type /Pages /Kids " + kids + b" /Count 2 >>",
            3: PAGE,
            4: b"<< /Type /Pages /Parent 2 0 R /Kids [3 0 R] /Count 1 >>",
        }
    )
    with pytest.raises(BrochureError, match=r"f\.pdf is not a readable PDF: .*loop"):
        read_document(data, "f.pdf", Limits())


def test_a_deep_page_tree_is_walked_without_recursion() -> None:
    depth = 3000
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    for number in range(2, depth + 2):
        objects[number] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (number + 1)
    objects[depth + 2] = b"<< /Type /Page /MediaBox [0 0 10 10] >>"
    document = read_document(raw_file(objects), "deep.pdf", Limits())
    assert [page.media for page in document.pages] == [(0, 0, 10, 10)]


def test_a_file_without_pages() -> None:
    with pytest.raises(BrochureError, match=r"f\.pdf has no pages"):
        read_document(raw_file({1: CATALOG, 2: b"<< /Type /Pages /Kids [] >>"}), "f.pdf", Limits())


def test_boxes_that_are_not_numbers_are_named_and_ignored() -> None:
    entries = b"/TrimBox [0 0 (a) 5] /BleedBox [0 0 1 2 3] /CropBox [0 0 50 50] /UserUnit 2"
    document = read_document(one_page_file(b"", entries), "f.pdf", Limits())
    [page] = document.pages
    assert (page.media, page.trim, page.bleed, page.crop) == (LETTER, None, None, (0, 0, 50, 50))
    assert page.bad_boxes == ("MediaBox", "BleedBox", "TrimBox")
    assert page.user_unit == 2


def test_the_media_box_is_inherited() -> None:
    data = raw_file(
        {
            1: CATALOG,
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 100] >>",
            3: b"<< /Type /Page /Parent 2 0 R >>",
        }
    )
    [page] = read_document(data, "f.pdf", Limits()).pages
    assert (page.media, page.bad_boxes) == ((0, 0, 200, 100), ())


def test_a_repaired_file_says_so(clean_pdf: bytes) -> None:
    damaged = clean_pdf.replace(b"startxref", b"startxerf")
    document = read_document(damaged, "f.pdf", Limits())
    assert len(document.pages) == 1
    [gap] = document.gaps
    assert (gap.severity, gap.affects) == ("warning", "none")
    assert gap.message.startswith("the file is damaged; it was repaired while reading: ")
    assert "stream <" not in gap.message


def test_metadata_past_the_limit_is_not_read(clean_pdf: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(clean_pdf))
    pdf.Root.Metadata.write(zeros_deflated(4 << 20), filter=Name.FlateDecode)
    out = io.BytesIO()
    pdf.save(out, fix_metadata_version=False)  # pikepdf would rewrite the XMP otherwise
    document = read_document(out.getvalue(), "f.pdf", Limits(stream_bytes=1 << 20))
    assert document.xmp == {}
    [gap] = document.gaps
    assert (gap.affects, gap.severity) == ("metadata", "error")
    assert gap.message.startswith("the XMP metadata could not be read: a stream decodes to more")


def test_output_intents_referenced_or_without_a_profile(clean_pdf: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(clean_pdf))
    intent = pdf.Root.OutputIntents[0]
    del intent["/DestOutputProfile"]
    without = read_document(saved(pdf), "f.pdf", Limits()).output_intents
    intent.DestOutputProfileRef = Dictionary(URLs=[])
    referenced = read_document(saved(pdf), "f.pdf", Limits()).output_intents
    assert [i.profile for i in without + referenced] == ["missing", "referenced"]


def test_qpdf_limits_are_set_while_reading_and_put_back() -> None:
    before = pikepdf.settings.get_qpdf_limits()
    with qpdf_limits(Limits(stream_bytes=12345)):
        assert pikepdf.settings.get_qpdf_limits()["flate_max_memory"] == 12345
    assert pikepdf.settings.get_qpdf_limits() == before


def test_not_a_pdf_and_not_readable() -> None:
    with pytest.raises(BrochureError, match=r"f\.pdf is not a PDF \(it does not start with"):
        read_document(b"hello", "f.pdf", Limits())
    with pytest.raises(BrochureError, match=r"f\.pdf is not a readable PDF"):
        read_document(b"%PDF-1.4\n" + stream_object(b"junk"), "f.pdf", Limits())


XMP = b"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"
  pdfxid:GTS_PDFXVersion="PDF/X-4"/>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:title><rdf:Alt><rdf:li xml:lang="de">Faltblatt</rdf:li>
<rdf:li xml:lang="x-default">Leaflet</rdf:li></rdf:Alt></dc:title>
<xmp:CreateDate>2024-05-01T10:00:00Z</xmp:CreateDate><xmp:ModifyDate> </xmp:ModifyDate>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def test_xmp_properties_in_attributes_elements_and_alternatives() -> None:
    assert xmp_properties(XMP) == {
        "pdfxid:GTS_PDFXVersion": "PDF/X-4",
        "dc:title": "Leaflet",
        "xmp:CreateDate": "2024-05-01T10:00:00Z",
    }


def test_xmp_that_is_not_well_formed_counts_as_missing() -> None:
    assert xmp_properties(XMP[:-40]) == {}
    assert xmp_properties(b"") == {}


def test_xmp_entities_are_never_expanded() -> None:
    laughs = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "PDF/X-4PDF/X-4PDF/X-4">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description
xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"><pdfxid:GTS_PDFXVersion>&e;</pdfxid:GTS_PDFXVersion>
</rdf:Description></rdf:RDF>"""
    found = xmp_properties(laughs)
    assert len(found.get("pdfxid:GTS_PDFXVersion", "")) < 1000


def test_what_pikepdf_logs_stays_out_of_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    data = raw_file(
        {1: CATALOG, 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", 3: b"42"}
    ).replace(b"startxref", b"startxerf")
    with pytest.raises(BrochureError, match="unable to find any pages while recovering"):
        read_document(data, "f.pdf", Limits())
    assert capfd.readouterr().err == ""
