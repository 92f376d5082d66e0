"""The pikepdf post-pass on a tiny ReportLab PDF: the PDF/X-4 output intent with its embedded
CMYK profile, XMP that agrees with the information dictionary, the declared version, same bytes
for the same input."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pikepdf import Name
from pikepdf.models.metadata import decode_pdf_date

from brochure.colour import PRINT_PROFILE, icc_profile
from brochure.pdf.finish import FOGRA39, finish_pdf
from brochure.pdf.profiles import PROFILES

PRINT = PROFILES["print"]
SCREEN = PROFILES["screen"]


def tiny_pdf(title: str = "Tiny leaflet", text: str = "Hello") -> bytes:
    """A one-page PDF as ReportLab writes one (invariant: the 2000-01-01 dates)."""
    from reportlab.lib.colors import CMYKColor
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 100), invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor("Lumen Skin Clinic")
    canvas.setSubject("A subject")
    canvas.setKeywords("patient information, leaflet")
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.drawString(20, 50, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def opened(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


@pytest.fixture(scope="module")
def source() -> bytes:
    return tiny_pdf()


@pytest.fixture(scope="module")
def finished(source: bytes) -> bytes:
    return finish_pdf(source, PRINT, "en")


def test_print_declares_the_fogra39_output_intent(finished: bytes) -> None:
    with opened(finished) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.Type == Name.OutputIntent
        assert intent.S == Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == FOGRA39.identifier == "FOGRA39"
        assert str(intent.Info) == FOGRA39.info
        assert str(intent.RegistryName) == "http://www.color.org"
        profile = intent.DestOutputProfile
        assert profile.is_indirect
        assert int(profile.N) == 4
        embedded = profile.read_bytes()
        assert embedded == icc_profile(PRINT_PROFILE)
        assert embedded[16:20] == b"CMYK" and embedded[36:40] == b"acsp"
        assert embedded[12:16] == b"prtr", "an output intent needs an output-device profile"


def test_print_writes_the_pdfx4_xmp_keys(finished: bytes) -> None:
    with opened(finished) as pdf:
        meta = pdf.open_metadata()
        info = pdf.docinfo
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["dc:title"] == str(info.Title) == "Tiny leaflet"
        assert meta["xmp:CreateDate"] == decode_pdf_date(str(info.CreationDate)).isoformat()
        assert meta["xmp:ModifyDate"] == decode_pdf_date(str(info.ModDate)).isoformat()
        assert meta["xmp:CreateDate"] == "2000-01-01T00:00:00+00:00"
        assert meta["xmpMM:DocumentID"].startswith("uuid:")
        assert meta["xmpMM:InstanceID"].startswith("uuid:")
        assert meta["xmpMM:VersionID"] == "1"
        assert meta["xmpMM:RenditionClass"] == "default"
        assert meta["pdf:Trapped"] == "False"
        assert meta["pdf:Producer"] == str(info.Producer)
        assert meta["xmp:CreatorTool"] == str(info.Creator)
        assert list(meta["dc:creator"]) == ["Lumen Skin Clinic"]
        assert meta["dc:description"] == "A subject"
        assert list(meta["dc:language"]) == ["en"]
        assert info.Trapped == Name("/False")
        assert str(info.GTS_PDFXVersion) == "PDF/X-4"


def test_the_xmp_packet_is_in_the_catalog_as_metadata(finished: bytes) -> None:
    with opened(finished) as pdf:
        metadata = pdf.Root.Metadata
        assert metadata.Type == Name.Metadata and metadata.Subtype == Name.XML
        packet = metadata.read_bytes()
        assert b"<pdfxid:GTS_PDFXVersion" in packet and b"PDF/X-4" in packet


def test_print_declares_pdf_16(finished: bytes) -> None:
    assert finished.startswith(b"%PDF-1.6\n")
    with opened(finished) as pdf:
        assert pdf.pdf_version == "1.6"
        assert not pdf.is_encrypted
        assert len(pdf.trailer.ID) == 2


def test_the_page_is_left_as_it_was(source: bytes, finished: bytes) -> None:
    with opened(source) as before, opened(finished) as after:
        assert len(after.pages) == len(before.pages) == 1
        old, new = before.pages[0], after.pages[0]
        assert list(new.MediaBox) == list(old.MediaBox)
        assert new.Contents.read_bytes() == old.Contents.read_bytes()


def test_the_same_input_gives_the_same_bytes(source: bytes, finished: bytes) -> None:
    assert finish_pdf(source, PRINT, "en") == finished


def test_another_input_gets_other_ids(finished: bytes) -> None:
    other = finish_pdf(tiny_pdf(text="Goodbye"), PRINT, "en")
    with opened(finished) as first, opened(other) as second:
        a, b = first.open_metadata(), second.open_metadata()
        assert a["xmpMM:DocumentID"] != b["xmpMM:DocumentID"]
        assert a["xmpMM:InstanceID"] != b["xmpMM:InstanceID"]
        assert first.trailer.ID[1] != second.trailer.ID[1]  # the instance part


def test_screen_gets_metadata_but_no_output_intent(source: bytes) -> None:
    screen = finish_pdf(source, SCREEN, "es")
    assert screen.startswith(b"%PDF-1.7\n")
    with opened(screen) as pdf:
        assert "/OutputIntents" not in pdf.Root
        assert "/GTS_PDFXVersion" not in pdf.docinfo
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Tiny leaflet"
        assert list(meta["dc:language"]) == ["es"]
        assert "pdfxid:GTS_PDFXVersion" not in meta
        assert "xmpMM:RenditionClass" not in meta


def test_dates_keep_their_time_zone_in_xmp() -> None:
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(100, 100))
        pdf.docinfo.Title = "Zoned"
        pdf.docinfo.CreationDate = "D:20240102030405+01'00'"
        buffer = io.BytesIO()
        pdf.save(buffer)
    with opened(finish_pdf(buffer.getvalue(), PRINT, "en")) as pdf:
        meta = pdf.open_metadata()
        assert meta["xmp:CreateDate"] == "2024-01-02T03:04:05+01:00"
        # No ModDate: the modification date is the creation date.
        assert meta["xmp:ModifyDate"] == "2024-01-02T03:04:05+01:00"


def test_a_pdf_without_dates_or_title_is_still_finished() -> None:
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(100, 100))
        buffer = io.BytesIO()
        pdf.save(buffer)
    with opened(finish_pdf(buffer.getvalue(), PRINT, "en")) as pdf:
        meta = pdf.open_metadata()
        assert meta["xmp:CreateDate"] == "2000-01-01T00:00:00+00:00"
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert pdf.Root.OutputIntents[0].S == Name.GTS_PDFX


def pdf_with_picture(kind: str) -> bytes:
    """A page with one picture: a semi-transparent PNG or an opaque JPEG, as ReportLab embeds
    them (RGB, the PNG's alpha as a soft mask)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    picture = io.BytesIO()
    if kind == "png":
        Image.new("RGBA", (40, 20), (200, 40, 40, 128)).save(picture, "PNG")
    elif kind == "grey":
        Image.new("L", (40, 20), 90).save(picture, "PNG")
    elif kind == "cmyk":
        Image.new("CMYK", (40, 20), (10, 200, 200, 10)).save(picture, "JPEG")
    else:
        Image.new("RGB", (40, 20), (200, 40, 40)).save(picture, "JPEG")
    picture.seek(0)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 100), invariant=1)
    canvas.drawImage(ImageReader(picture), 10, 10, 80, 40, mask="auto")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


_OPEN: list[pikepdf.Pdf] = []  # an object read from a PDF lives only as long as its PDF


def only_image(data: bytes) -> pikepdf.Object:
    pdf = opened(data)
    _OPEN.append(pdf)
    images = list(pdf.pages[0].Resources.XObject.values())
    assert len(images) == 1
    return images[0]


@pytest.mark.parametrize("kind", ["png", "jpeg"])
def test_print_converts_pictures_to_cmyk_and_keeps_their_kind(kind: str) -> None:
    source = pdf_with_picture(kind)
    assert only_image(source).ColorSpace == Name.DeviceRGB
    image = only_image(finish_pdf(source, PRINT, "en"))
    assert image.ColorSpace == Name.DeviceCMYK
    filters = image.Filter if isinstance(image.Filter, pikepdf.Array) else [image.Filter]
    assert (Name.DCTDecode in filters) == (kind == "jpeg")
    assert isinstance(image, pikepdf.Stream)
    pixel = pikepdf.PdfImage(image).as_pil_image().convert("CMYK").getpixel((5, 5))
    assert isinstance(pixel, tuple)
    c, m, y, _k = pixel
    assert m > c and y > c  # still a red, in inks


@pytest.mark.parametrize("kind", ["grey", "cmyk"])
def test_print_leaves_grey_and_cmyk_pictures_as_they_are(kind: str) -> None:
    source = pdf_with_picture(kind)
    before = only_image(source).ColorSpace
    assert before != Name.DeviceRGB
    assert only_image(finish_pdf(source, PRINT, "en")).ColorSpace == before


def test_print_keeps_a_pictures_transparency() -> None:
    image = only_image(finish_pdf(pdf_with_picture("png"), PRINT, "en"))
    assert "/SMask" in image
    assert image.SMask.ColorSpace == Name.DeviceGray


def test_screen_leaves_pictures_in_rgb() -> None:
    image = only_image(finish_pdf(pdf_with_picture("png"), SCREEN, "en"))
    assert image.ColorSpace == Name.DeviceRGB
