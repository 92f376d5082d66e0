"""Finishing a file: ReportLab writes the XMP (agreeing with the information dictionary), the
declared version and the structure tree as it saves (FinishingCanvas); the pikepdf post-pass
on a tiny file adds the PDF/X-4 output intent with its embedded CMYK profile and Arabic letters
(not their joined shapes) in the fonts' /ToUnicode, keeping the rest; same bytes for the same
input."""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pikepdf import Name
from pikepdf.models.metadata import decode_pdf_date
from pypdf import PdfReader

from brochure.colour import PRINT_PROFILE, icc_profile
from brochure.pdf.finish import (
    FOGRA39,
    FinishingCanvas,
    _xmp_date,
    cmap_with_letters,
    finish_pdf,
    letters_for_forms,
    post_pass_needs,
    xmp_packet,
)
from brochure.pdf.profiles import PROFILES, Profile
from tests.helpers import ROOT

PRINT = PROFILES["print"]
SCREEN = PROFILES["screen"]


def finishing_canvas(buffer: io.BytesIO, size: tuple[float, float]) -> FinishingCanvas:
    """The canvas brochure writes a print file with, before any post-pass (no footer)."""
    return FinishingCanvas(
        buffer, pagesize=size, invariant=1, footer=None, profile=PRINT, language="en"
    )


def tiny_pdf(
    title: str | None = "Tiny leaflet", text: str = "Hello", profile: Profile = PRINT
) -> bytes:
    """A one-page PDF as brochure's canvas writes one for ``profile``, before any post-pass
    (invariant: the 2000-01-01 dates)."""
    from reportlab.lib.colors import CMYKColor

    buffer = io.BytesIO()
    canvas = FinishingCanvas(
        buffer, pagesize=(200, 100), invariant=1, footer=None, profile=profile, language="en"
    )
    if title is not None:
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
    return finish_pdf(source, PRINT)


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
    assert finish_pdf(source, PRINT) == finished


def test_another_input_gets_other_ids(finished: bytes) -> None:
    other = finish_pdf(tiny_pdf(text="Goodbye"), PRINT)
    with opened(finished) as first, opened(other) as second:
        a, b = first.open_metadata(), second.open_metadata()
        assert a["xmpMM:DocumentID"] != b["xmpMM:DocumentID"]
        assert a["xmpMM:InstanceID"] != b["xmpMM:InstanceID"]
        assert first.trailer.ID[1] != second.trailer.ID[1]  # the instance part


def test_screen_gets_metadata_but_no_output_intent() -> None:
    screen = finish_pdf(tiny_pdf(profile=SCREEN), SCREEN)
    assert screen.startswith(b"%PDF-1.7\n")
    with opened(screen) as pdf:
        assert "/OutputIntents" not in pdf.Root
        assert "/GTS_PDFXVersion" not in pdf.docinfo
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Tiny leaflet"
        assert list(meta["dc:language"]) == ["en"]
        assert "pdfxid:GTS_PDFXVersion" not in meta
        assert "xmpMM:RenditionClass" not in meta
        # Info and XMP agree (as PDF/A asks) on what ReportLab writes in every file.
        assert pdf.docinfo.Trapped == Name("/False") and meta["pdf:Trapped"] == "False"


def test_xmp_without_dates_or_title_falls_back_to_the_invariant_date() -> None:
    packet = xmp_packet({}, "uuid:x", PRINT, "en")
    assert "<xmp:CreateDate>2000-01-01T00:00:00+00:00</xmp:CreateDate>" in packet
    assert '<rdf:li xml:lang="x-default"></rdf:li>' in packet


def test_the_post_pass_keeps_the_xmp_and_the_first_id_as_written(source: bytes) -> None:
    with opened(source) as before, opened(finish_pdf(source, PRINT)) as after:
        assert after.Root.Metadata.read_bytes() == before.Root.Metadata.read_bytes()
        assert after.trailer.ID[0] == before.trailer.ID[0]


def test_the_post_pass_refuses_a_file_without_xmp() -> None:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 100), invariant=1)
    canvas.showPage()
    canvas.save()
    with pytest.raises(ValueError, match="FinishingCanvas"):
        finish_pdf(buffer.getvalue(), PRINT)


def test_dates_keep_their_time_zone_in_xmp() -> None:
    packet = xmp_packet({"CreationDate": "D:20240102030405+01'00'"}, "uuid:x", PRINT, "en")
    assert "<xmp:CreateDate>2024-01-02T03:04:05+01:00</xmp:CreateDate>" in packet
    # No ModDate: the modification date is the creation date.
    assert "<xmp:ModifyDate>2024-01-02T03:04:05+01:00</xmp:ModifyDate>" in packet


def test_a_pdf_without_a_title_is_still_finished() -> None:
    with opened(finish_pdf(tiny_pdf(title=None), PRINT)) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == str(pdf.docinfo.Title) == "untitled"
        assert meta["xmp:CreateDate"] == "2000-01-01T00:00:00+00:00"
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert pdf.Root.OutputIntents[0].S == Name.GTS_PDFX


def pdf_with_picture(kind: str) -> bytes:
    """A page with one picture: a semi-transparent PNG or an opaque JPEG, as ReportLab embeds
    them (RGB, the PNG's alpha as a soft mask)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

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
    canvas = finishing_canvas(buffer, (200, 100))
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
    image = only_image(finish_pdf(source, PRINT))
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
    assert only_image(finish_pdf(source, PRINT)).ColorSpace == before


def test_print_keeps_a_pictures_transparency() -> None:
    image = only_image(finish_pdf(pdf_with_picture("png"), PRINT))
    assert "/SMask" in image
    assert image.SMask.ColorSpace == Name.DeviceGray


def test_screen_leaves_pictures_in_rgb() -> None:
    image = only_image(finish_pdf(pdf_with_picture("png"), SCREEN))
    assert image.ColorSpace == Name.DeviceRGB


# --- Arabic letters, not their joined shapes, in the fonts' /ToUnicode ----------------------

ARABIC_FONT = ROOT / "brochure" / "data" / "fonts" / "NotoNaskhArabic-Regular.ttf"
LATIN_FONT = ROOT / "brochure" / "data" / "fonts" / "OpenSans-Regular.ttf"
FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def registered(name: str, path: Path) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def text_pdf(text: str, font: str, *, in_form: bool = False) -> bytes:
    """A page showing ``text`` in ``font`` (drawn as it stands), or inside a form XObject."""
    buffer = io.BytesIO()
    canvas = finishing_canvas(buffer, (300, 100))
    if in_form:
        canvas.beginForm("words")
    canvas.setFont(font, 14)
    canvas.drawString(20, 50, text)
    if in_form:
        canvas.endForm()
        canvas.doForm("words")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def arabic_pdf(*, in_form: bool = False) -> bytes:
    """ "Hello world, no" in Arabic as brochure draws it: joined by arabic-reshaper into
    presentation forms (a lam-alef ligature among them), in visual order (right to left)."""
    from brochure.layout.bidi import shape

    shaped = shape("مرحبا بالعالم لا")
    assert FORMS.search(shaped) and "\ufefb" in shaped  # lam-alef, one glyph
    return text_pdf(shaped[::-1], registered("NaskhTest", ARABIC_FONT), in_form=in_form)


def to_unicode_maps(data: bytes) -> list[bytes]:
    """The decoded /ToUnicode map of every font in the PDF ``data``."""
    with opened(data) as pdf:
        return [
            obj.ToUnicode.read_bytes()
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj
        ]


def destinations(cmap: bytes) -> list[str]:
    """Every destination of a CMap's bfchar entries, as text."""
    blocks = re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL)
    entries = [e for block in blocks for e in re.findall(rb"<[0-9A-F]+>\s*<([0-9A-F]+)>", block)]
    return [bytes.fromhex(entry.decode()).decode("utf-16-be") for entry in entries]


def extracted(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_reportlab_maps_arabic_glyphs_to_their_shapes() -> None:
    """What the step is for: unfinished, copying gives presentation forms."""
    assert FORMS.search(extracted(arabic_pdf()))
    assert any(FORMS.search("".join(destinations(cmap))) for cmap in to_unicode_maps(arabic_pdf()))


@pytest.mark.parametrize("profile", [SCREEN, PRINT], ids=["screen", "print"])
def test_extraction_gives_arabic_letters(profile: Profile) -> None:
    finished = finish_pdf(arabic_pdf(), profile)
    text = extracted(finished)
    assert "مرحبا" in text and "بالعالم" in text and "لا" in text
    assert not FORMS.search(text)
    (cmap,) = [cmap for cmap in to_unicode_maps(finished) if b"begincmap" in cmap]
    mapped = destinations(cmap)
    assert "\u0644\u0627" in mapped  # the lam-alef glyph: two letters, lam and alef
    assert {"\u0645", "\u0631", "\u062d", "\u0628", "\u0627"} <= set(mapped)
    assert not FORMS.search("".join(mapped))


def test_arabic_in_a_form_xobject_is_mapped_too() -> None:
    finished = finish_pdf(arabic_pdf(in_form=True), SCREEN)
    assert "مرحبا" in extracted(finished)
    assert not any(FORMS.search("".join(destinations(c))) for c in to_unicode_maps(finished))


def test_an_arabic_pdf_is_finished_to_the_same_bytes() -> None:
    assert finish_pdf(arabic_pdf(), PRINT) == finish_pdf(arabic_pdf(), PRINT)


def saved(pdf: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def test_a_latin_pdf_is_left_byte_for_byte() -> None:
    source = text_pdf("Botox, café and 3-4 months", registered("OpenSansTest", LATIN_FONT))
    with opened(source) as pdf:
        before = saved(pdf)
        assert letters_for_forms(pdf) == 0
        assert saved(pdf) == before
    assert to_unicode_maps(finish_pdf(source, PRINT)) == to_unicode_maps(source)


def test_only_the_map_with_forms_is_rewritten() -> None:
    with opened(arabic_pdf()) as pdf:
        latin = pdf.make_stream(b"1 beginbfchar <01> <0041> endbfchar")
        pdf.pages[0].Resources.Font.Extra = pdf.make_indirect(
            pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type1, ToUnicode=latin)
        )
        raw = latin.read_raw_bytes()
        assert letters_for_forms(pdf) == 1
        assert latin.read_raw_bytes() == raw
        assert letters_for_forms(pdf) == 0  # once mapped, nothing more to do


CMAP_HEAD = (
    b"/CIDInit /ProcSet findresource begin\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
)
CMAP_TAIL = b"\nendcmap\n"


def test_bfchar_destinations_are_rewritten_in_place() -> None:
    cmap = (
        CMAP_HEAD
        + b"3 beginbfchar\n<01> <fee3>\n<02><0041>\n<03> <FEDF FE8E>\nendbfchar"
        + CMAP_TAIL
    )
    assert (
        cmap_with_letters(cmap)
        == CMAP_HEAD
        + (b"3 beginbfchar\n<01> <0645>\n<02><0041>\n<03> <06440627>\nendbfchar")
        + CMAP_TAIL
    )


def test_a_range_of_forms_is_split_into_chars_and_the_rest_kept() -> None:
    cmap = (
        b"2 beginbfrange\n<0000> <0003> <FE8B>\n<0010> <0011> <0041>\nendbfrange\n"
        b"1 beginbfrange <20> <22> [<FEFB> <0042> <FEE3 FE92>] endbfrange"
    )
    # FE8B..FE8E: yeh with hamza (initial, medial), alef (isolated, final).
    assert cmap_with_letters(cmap) == (
        b"1 beginbfrange\n<0010> <0011> <0041>\nendbfrange\n"
        b"4 beginbfchar\n<0000> <0626>\n<0001> <0626>\n<0002> <0627>\n<0003> <0627>\nendbfchar\n"
        b"1 beginbfrange\n<20> <22> [<06440627> <0042> <06450628>]\nendbfrange"
    )


def test_a_range_across_the_forms_keeps_its_ends_as_ranges() -> None:
    cmap = b"1 beginbfrange <00> <FF> <FE00> endbfrange"
    rewritten = cmap_with_letters(cmap)
    # U+FE00-FE6F (variation selectors, small forms) are no Arabic shapes, nor are U+FE73 and
    # U+FE75 (unassigned) and U+FEFD-FEFF: they stay ranges.
    assert rewritten.startswith(
        b"4 beginbfrange\n<00> <6F> <FE00>\n<73> <73> <FE73>\n<75> <75> <FE75>\n"
        b"<FD> <FF> <FEFD>\nendbfrange\n100 beginbfchar\n<70> <0020064B>\n"
    )
    assert b"<80> <0621>" in rewritten  # FE80, hamza
    assert rewritten.count(b"beginbfchar") == 2  # 139 codes, in blocks of at most 100


def test_a_map_without_forms_is_returned_as_it_was() -> None:
    cmap = (
        CMAP_HEAD
        + b"1 beginbfchar <01> <05D0> endbfchar\n1 beginbfrange <02> <03> <0627> endbfrange"
    )
    assert cmap_with_letters(cmap) == cmap


FORM_LETTERS = [chr(c) for c in range(0xFE80, 0xFEFD)] + [chr(c) for c in range(0xFB50, 0xFBB2)]
TEXT_CHARS = st.sampled_from([*FORM_LETTERS, "a", "Z", " ", "\u0627", "\u05d0", "\u2019"])


@st.composite
def cmaps(draw: st.DrawFn) -> tuple[bytes, dict[int, str]]:
    """A CMap of bfchar, counting bfrange and array bfrange entries, and the text each code
    stands for."""
    mapping: dict[int, str] = {}
    chars: list[bytes] = []
    ranges: list[bytes] = []
    code = 0
    for kind in draw(st.lists(st.sampled_from(["char", "range", "array"]), max_size=12)):
        size = 1 if kind == "char" else draw(st.integers(1, 6))
        texts = [draw(st.text(TEXT_CHARS, min_size=1, max_size=2)) for _ in range(size)]
        if kind == "range":
            start = ord(draw(st.sampled_from([*FORM_LETTERS[:100], "A", "\u0627"])))
            texts = [chr(start + offset) for offset in range(size)]
            ranges.append(b"<%02X> <%02X> %s" % (code, code + size - 1, utf16(texts[0])))
        elif kind == "array":
            items = b" ".join(utf16(text) for text in texts)
            ranges.append(b"<%02X> <%02X> [%s]" % (code, code + size - 1, items))
        else:
            chars.append(b"<%02X> %s" % (code, utf16(texts[0])))
        mapping.update(zip(range(code, code + size), texts, strict=True))
        code += size + draw(st.integers(0, 3))
    body = b"%d beginbfchar\n%s\nendbfchar\n" % (len(chars), b"\n".join(chars))
    body += b"%d beginbfrange\n%s\nendbfrange" % (len(ranges), b"\n".join(ranges))
    return CMAP_HEAD + body + CMAP_TAIL, mapping


def utf16(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().encode() + b">"


def read_map(cmap: bytes) -> dict[int, str]:
    """Code -> text as the preflight's own ToUnicode reader reads ``cmap``."""
    from brochure.preflight.fonts import read_font
    from brochure.preflight.limits import Budget, Limits
    from brochure.preflight.streams import StreamReader

    with pikepdf.new() as pdf:
        font = pikepdf.Dictionary(Subtype=Name.Type1, ToUnicode=pdf.make_stream(cmap))
        return read_font(font, StreamReader(Budget(Limits()))).font.unicode


@given(cmaps())
def test_every_code_maps_to_the_letters_of_its_shape(drawn: tuple[bytes, dict[int, str]]) -> None:
    cmap, mapping = drawn
    assert read_map(cmap) == mapping
    rewritten = cmap_with_letters(cmap)
    letters = {
        code: "".join(unicodedata.normalize("NFKC", c) if FORMS.match(c) else c for c in text)
        for code, text in mapping.items()
    }
    assert read_map(rewritten) == letters
    if letters == mapping:
        assert rewritten == cmap
    assert cmap_with_letters(rewritten) == rewritten


# --- finished at save time: the decision, the canvas, the packed document -------------------


@pytest.mark.parametrize(
    ("profile", "text", "needs"),
    [
        (SCREEN, "Botox and Dysport", []),
        (SCREEN, "Hebrew reads right to left: שלום", []),
        (SCREEN, "A word of Arabic: مرحبا", ["Arabic letters for joined shapes in /ToUnicode"]),
        (SCREEN, "A typed joined form: \ufefb", ["Arabic letters for joined shapes in /ToUnicode"]),
        (PRINT, "Botox and Dysport", ["pictures in CMYK", "the PDF/X-4 output intent"]),
    ],
)
def test_the_post_pass_is_needed_only_for_what_reportlab_cannot_write(
    profile: Profile, text: str, needs: list[str]
) -> None:
    assert post_pass_needs(profile, text) == needs


def finished_at_save(text: str = "Hello", profile: Profile = SCREEN) -> bytes:
    """A one-page PDF finished by FinishingCanvas as it saves (no structure recorded)."""
    buffer = io.BytesIO()
    canvas = FinishingCanvas(
        buffer, pagesize=(200, 100), invariant=1, footer=None, profile=profile, language="en"
    )
    canvas.setTitle("Tiny leaflet")
    canvas.setAuthor("Lumen Skin Clinic")
    canvas.setSubject("A subject")
    canvas.setKeywords("patient information, leaflet")
    canvas.drawString(20, 50, text)
    canvas.linkURL("https://example.org", (0, 0, 20, 20))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_file_finished_at_save_has_its_metadata_and_keeps_it_through_a_post_pass() -> None:
    at_save = finished_at_save()
    post_pass = finish_pdf(at_save, SCREEN)
    assert at_save.startswith(b"%PDF-1.7\n") and post_pass.startswith(b"%PDF-1.7\n")
    with opened(at_save) as new, opened(post_pass) as old:
        meta, old_meta = new.open_metadata(), old.open_metadata()
        assert dict(meta) == dict(old_meta) and meta["dc:title"] == "Tiny leaflet"
        assert meta["pdf:Producer"] == str(new.docinfo.Producer)
        assert list(meta["dc:creator"]) == ["Lumen Skin Clinic"]
        assert list(meta["dc:language"]) == ["en"]
        assert meta["pdfuaid:part"] == "1"
        assert meta["xmpMM:DocumentID"] == meta["xmpMM:InstanceID"]
        assert meta["xmpMM:DocumentID"].startswith("uuid:")
        assert "pdfxid:GTS_PDFXVersion" not in meta
        assert new.Root.Metadata.Type == Name.Metadata and new.Root.Metadata.Subtype == Name.XML
        assert "/Filter" not in new.Root.Metadata.stream_dict, "XMP stays readable as text"
        assert "/OutputIntents" not in new.Root
        assert len(new.trailer.ID) == 2 and new.trailer.ID[0] == new.trailer.ID[1]
        assert new.pdf_version == "1.7"


def test_the_same_content_gets_the_same_bytes_other_content_other_ids() -> None:
    first = finished_at_save()
    assert finished_at_save() == first
    other = finished_at_save("Goodbye")
    with opened(first) as a, opened(other) as b:
        assert a.open_metadata()["xmpMM:DocumentID"] != b.open_metadata()["xmpMM:DocumentID"]
        assert bytes(a.trailer.ID[1]) != bytes(b.trailer.ID[1])


def test_the_packed_file_keeps_its_small_objects_in_a_compressed_object_stream() -> None:
    data = finished_at_save()
    # Only streams are written one by one: no dictionary of ReportLab's is in plain view.
    assert b"/Type /Catalog" not in data and b"/Type /Annot" not in data
    assert data.count(b"/Type /ObjStm") == 1 and data.count(b"/Type /XRef") == 1
    assert data.endswith(b"%%EOF\n")
    with opened(data) as pdf:
        assert str(pdf.docinfo.Title) == "Tiny leaflet"
        (annotation,) = pdf.pages[0].obj.Annots
        assert str(annotation.A.URI) == "https://example.org"
        objects = [obj for obj in pdf.objects if obj is not None]
        assert len(objects) > 10
    reader = PdfReader(io.BytesIO(data))
    assert reader.pages[0].extract_text().strip() == "Hello"
    assert reader.metadata is not None and reader.metadata.title == "Tiny leaflet"


def test_a_profile_older_than_pdf_15_is_written_with_an_xref_table() -> None:
    old = dataclasses.replace(SCREEN, pdf_version="1.4")
    data = finished_at_save(profile=old)
    assert data.startswith(b"%PDF-1.4\n")
    assert b"/Type /ObjStm" not in data and b"\nxref\n" in data
    with opened(data) as pdf:
        assert str(pdf.open_metadata()["dc:title"]) == "Tiny leaflet"


@pytest.mark.parametrize(
    "date",
    [
        "D:20000101000000+00'00'",
        "D:20240102030405+01'00'",
        "D:20231114221320-05'30'",
        "D:20000101000000Z",
        "D:20231114221320",
        "D:2023",
    ],
)
def test_xmp_dates_read_pdf_dates_as_pikepdf_does(date: str) -> None:
    assert _xmp_date(date) == decode_pdf_date(date).isoformat()


def test_a_date_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="not a PDF date"):
        _xmp_date("yesterday")


def test_the_post_pass_writes_the_steps_the_decision_table_finds_for_the_text() -> None:
    assert not FORMS.search(extracted(finish_pdf(arabic_pdf(), PRINT, text="مرحبا")))
    # Told the file shows no Arabic, the post-pass leaves the fonts' maps as ReportLab wrote them.
    assert FORMS.search(extracted(finish_pdf(arabic_pdf(), PRINT, text="Botox")))
