"""The preflight, on PDFs built here: a clean print file (CMYK, boxes, bleed, crop marks, output
intent, XMP) made with ReportLab's canvas and pikepdf, then the same file with one fault at a time,
files "from elsewhere" (plain RGB ReportLab output), and hand-written content streams for the
interpreter's geometry (forms, matrices, clips, patterns, shadings)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner, Result
from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from pikepdf import Array, Dictionary, Name
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from brochure.cli import main
from brochure.errors import BrochureError
from brochure.pdf.content_stream import scan_page
from brochure.pdf.preflight import (
    CHECKS,
    PreflightReport,
    preflight_bytes,
    preflight_file,
)

MM = 72 / 25.4
TRIM_W, TRIM_H = 210 * MM, 297 * MM
BLEED = 3 * MM
SLUG = 10 * MM
OFFSET = BLEED + SLUG
FONT = "PreflightSans"
FONT_FILE = ROOT / "brochure" / "data" / "fonts" / "OpenSans-Regular.ttf"


# --- building test PDFs ----------------------------------------------------------------------


@dataclass(frozen=True)
class Faults:
    """What to get wrong in :func:`print_pdf` (the defaults make a clean print file)."""

    image_ppi: float = 350
    text_from_left_mm: float = 20
    background: str = "bleed"  # bleed | trim | short (1 mm past the trim) | clipped | white
    font: str = FONT
    output_intent: bool = True
    metadata: bool = True
    trapped: str | None = "/False"
    marks_offset: float = BLEED + 1 * MM
    rgb_text: bool = False
    slug_text: bool = False
    pages: int = 1


def cmyk_profile() -> bytes:
    """The 128-byte header of a CMYK output ICC profile and an empty tag table: all the
    preflight reads of an output intent's profile."""
    header = bytearray(132)
    header[0:4] = (132).to_bytes(4, "big")
    header[8:12] = bytes([4, 0x20, 0, 0])
    header[12:16] = b"prtr"
    header[16:20] = b"CMYK"
    header[20:24] = b"Lab "
    header[36:40] = b"acsp"
    return bytes(header)


def register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))


def cmyk_image(ppi: float, width_mm: float, height_mm: float) -> ImageReader:
    """A CMYK image with enough pixels for ``ppi`` at the given placed size."""
    pixels = (round(ppi * width_mm / 25.4), round(ppi * height_mm / 25.4))
    return ImageReader(Image.new("CMYK", pixels, (200, 30, 0, 10)))


def print_pdf(faults: Faults = Faults()) -> bytes:
    """An A4 print file: 3 mm bleed, crop marks, CMYK, OutputIntent, XMP, /Trapped /False."""
    register_font()
    buffer = io.BytesIO()
    sheet = (TRIM_W + 2 * OFFSET, TRIM_H + 2 * OFFSET)
    canvas = Canvas(buffer, pagesize=sheet, initialFontName=FONT, invariant=True)
    for _ in range(faults.pages):
        draw_page(canvas, faults)
        canvas.showPage()
    canvas.save()
    return finish(buffer.getvalue(), faults)


def draw_page(canvas: Canvas, faults: Faults) -> None:
    trim = (OFFSET, OFFSET, OFFSET + TRIM_W, OFFSET + TRIM_H)
    canvas.setTrimBox(trim)
    canvas.setBleedBox((OFFSET - BLEED, OFFSET - BLEED, trim[2] + BLEED, trim[3] + BLEED))
    canvas.saveState()
    canvas.translate(OFFSET, OFFSET)
    draw_background(canvas, faults.background)
    if faults.rgb_text:
        canvas.setFillColorRGB(0.2, 0.3, 0.8)
    else:
        canvas.setFillColorCMYK(0, 0, 0, 1)
    canvas.setFont(faults.font, 11)
    canvas.drawString(faults.text_from_left_mm * MM, TRIM_H / 2, "Call us on 0123 456 789")
    canvas.drawRightString(TRIM_W - 20 * MM, TRIM_H / 3, "Right-aligned line")
    canvas.drawImage(cmyk_image(faults.image_ppi, 40, 30), 20 * MM, 40 * MM, 40 * MM, 30 * MM)
    canvas.restoreState()
    if faults.slug_text:
        canvas.setFont(faults.font, 6)
        canvas.drawString(OFFSET, 2 * MM, "leaflet v1 - slug line outside the bleed")
    draw_marks(canvas, trim, faults.marks_offset)


def draw_background(canvas: Canvas, kind: str) -> None:
    """A 60 mm band across the top of the trimmed page, in trim coordinates."""
    band = 60 * MM
    canvas.setFillColorCMYK(0.9, 0.4, 0, 0.1)
    if kind == "bleed":
        canvas.rect(-BLEED, TRIM_H - band, TRIM_W + 2 * BLEED, band + BLEED, stroke=0, fill=1)
    elif kind == "trim":
        canvas.rect(0, TRIM_H - band, TRIM_W, band, stroke=0, fill=1)
    elif kind == "short":
        canvas.rect(-1 * MM, TRIM_H - band, TRIM_W + 2 * MM, band + 1 * MM, stroke=0, fill=1)
    elif kind == "clipped":
        canvas.saveState()
        path = canvas.beginPath()
        path.rect(0, 0, TRIM_W, TRIM_H)
        canvas.clipPath(path, stroke=0, fill=0)
        canvas.rect(-BLEED, TRIM_H - band, TRIM_W + 2 * BLEED, band + BLEED, stroke=0, fill=1)
        canvas.restoreState()
    elif kind == "white":
        canvas.setFillColorCMYK(0, 0, 0, 0)
        canvas.rect(0, 0, TRIM_W, TRIM_H, stroke=0, fill=1)


def draw_marks(canvas: Canvas, trim: tuple[float, float, float, float], offset: float) -> None:
    """Crop marks at the four trim corners, ``offset`` from the trim, in registration colour,
    as one stroked path of eight lines."""
    canvas.setStrokeColorCMYK(1, 1, 1, 1)
    canvas.setLineWidth(0.25)
    x0, y0, x1, y1 = trim
    length = 5 * MM
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append((x + sx * offset, y, x + sx * (offset + length), y))
            lines.append((x, y + sy * offset, x, y + sy * (offset + length)))
    canvas.lines(lines)


def finish(data: bytes, faults: Faults) -> bytes:
    """The PDF/X-4 post-pass: output intent, XMP, /Trapped, PDF 1.6."""
    pdf = pikepdf.open(io.BytesIO(data))
    if faults.output_intent:
        profile = pdf.make_stream(cmyk_profile(), N=4)
        intent = Dictionary(
            Type=Name.OutputIntent,
            S=Name.GTS_PDFX,
            OutputConditionIdentifier=pikepdf.String("FOGRA39"),
            DestOutputProfile=profile,
        )
        pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])
    if faults.metadata:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
            meta["dc:title"] = "Leaflet"
            meta["xmp:CreateDate"] = "2024-05-01T10:00:00+00:00"
            meta["xmp:ModifyDate"] = "2024-05-01T10:00:00+00:00"
    if faults.trapped is None:
        del pdf.docinfo["/Trapped"]  # ReportLab writes /Trapped /False itself
    else:
        pdf.docinfo["/Trapped"] = Name(faults.trapped)
    out = io.BytesIO()
    pdf.save(out, force_version="1.6")
    return out.getvalue()


def rgb_pdf_from_elsewhere() -> bytes:
    """What an office program might send: A4, RGB colours, Helvetica, no TrimBox."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(TRIM_W, TRIM_H), invariant=True)
    canvas.setFillColorRGB(0.1, 0.5, 0.3)
    canvas.rect(0, TRIM_H - 50 * MM, TRIM_W, 50 * MM, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(30 * MM, TRIM_H / 2, "Our clinic")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def raw_pdf(
    content: bytes,
    resources: dict[str, object] | None = None,
    *,
    media: tuple[float, float, float, float] = (0, 0, 300, 300),
    trim: tuple[float, float, float, float] | None = (20, 20, 280, 280),
    bleed: tuple[float, float, float, float] | None = (10, 10, 290, 290),
) -> tuple[pikepdf.Pdf, pikepdf.Dictionary]:
    """A one-page PDF with a hand-written content stream; returns (pdf, page) to add to."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(media[2], media[3]))
    page = pdf.pages[0].obj
    page.MediaBox = Array(list(media))
    if trim is not None:
        page.TrimBox = Array(list(trim))
    if bleed is not None:
        page.BleedBox = Array(list(bleed))
    page.Contents = pdf.make_stream(content)
    page.Resources = Dictionary(resources or {})
    return pdf, page


def saved(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def image_stream(pdf: pikepdf.Pdf, width: int, height: int, space: object) -> pikepdf.Stream:
    components = 4 if space == Name.DeviceCMYK else 3 if space == Name.DeviceRGB else 1
    return pdf.make_stream(
        bytes(width * height * components),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=width,
        Height=height,
        ColorSpace=space,
        BitsPerComponent=8,
    )


def findings(report: PreflightReport, check: str) -> list[str]:
    return [f"{f.severity}: {f.message}" for f in report.findings if f.check == check]


def errors_of(report: PreflightReport, check: str) -> list[str]:
    return [f.message for f in report.findings if f.check == check and f.severity == "error"]


def verdicts(report: PreflightReport) -> dict[str, str]:
    return {c.id: report.verdict(c) for c in report.checks}


@pytest.fixture(scope="module")
def clean_pdf() -> bytes:
    return print_pdf()


@pytest.fixture(scope="module")
def clean_report(clean_pdf: bytes) -> PreflightReport:
    return preflight_bytes(clean_pdf, "clean.pdf")


# --- a clean print file ----------------------------------------------------------------------


def test_clean_print_file_passes_every_check(clean_report: PreflightReport) -> None:
    problems = [f for f in clean_report.findings if f.severity != "info"]
    assert problems == []
    assert not clean_report.failed(strict=True)
    assert set(verdicts(clean_report).values()) == {"ok"}
    assert [c.id for c in clean_report.checks] == [check for check, _ in CHECKS]


def test_clean_print_file_summaries(clean_report: PreflightReport) -> None:
    summary = {c.id: c.summary for c in clean_report.checks}
    assert summary["boxes"] == "trimmed page 210.0 x 297.0 mm (A4)"
    assert summary["bleed"] == "3.0 mm on every side"
    assert summary["marks"] == "outside the bleed"
    assert "FOGRA39" in summary["output-intent"]
    assert summary["pdfx"] == "PDF/X-4"
    assert summary["images"] == "1 image, lowest 350 ppi"
    assert clean_report.pdf_version == "1.6"


def test_crop_marks_in_registration_colour_are_not_rgb(clean_report: PreflightReport) -> None:
    assert findings(clean_report, "colour") == []
    assert {c.id: c.summary for c in clean_report.checks}["colour"] == "colours in CMYK"


def test_table_has_a_row_per_check_and_a_verdict_line(clean_report: PreflightReport) -> None:
    table = clean_report.format_table()
    assert table.endswith("\n")
    lines = table.splitlines()
    assert lines[0] == "Preflight of clean.pdf: 1 page, PDF 1.6"
    for _, title in CHECKS:
        assert any(line.strip().startswith(title) and " ok " in line for line in lines), title
    assert lines[-1].startswith("PASS")
    assert "Not checked: overprint and knockout;" in table


# --- one fault at a time -----------------------------------------------------------------------


def test_72_ppi_image_is_an_error() -> None:
    report = preflight_bytes(print_pdf(Faults(image_ppi=72)), "low.pdf")
    [message] = errors_of(report, "images")
    assert "72 ppi" in message and "placed 40.0 x 30.0 mm" in message
    assert report.failed(strict=False)


def test_200_ppi_image_is_a_warning_that_strict_makes_fail() -> None:
    report = preflight_bytes(print_pdf(Faults(image_ppi=200)), "mid.pdf")
    [message] = findings(report, "images")
    assert message.startswith("warning: ") and "200 ppi (300 wanted)" in message
    assert not report.failed(strict=False)
    assert report.failed(strict=True)


def test_text_2mm_from_the_trim_is_an_error() -> None:
    report = preflight_bytes(print_pdf(Faults(text_from_left_mm=2)), "margin.pdf")
    [message] = errors_of(report, "safe-margin")
    assert message.startswith("text 2.0 mm from the trim (left edge; 5 mm wanted)")
    assert '"Call us on 0123 456 789"' in message


@settings(max_examples=20, deadline=None)
@given(st.floats(min_value=0.5, max_value=12.0))
def test_text_is_flagged_exactly_when_inside_the_safe_margin(distance_mm: float) -> None:
    report = preflight_bytes(print_pdf(Faults(text_from_left_mm=distance_mm)), "m.pdf")
    flagged = bool(errors_of(report, "safe-margin"))
    assert flagged == (distance_mm < 5 - 0.01)


def test_right_aligned_text_is_measured_with_the_font_widths(clean_report: PreflightReport) -> None:
    # drawRightString ends the line 20 mm from the right trim edge: if widths were wrong, the
    # line would be placed elsewhere; a 22 mm safe margin must catch it at about 20 mm.
    report = preflight_bytes(print_pdf(), "wide.pdf", safe_margin_mm=22)
    right = [m for m in errors_of(report, "safe-margin") if "right edge" in m]
    assert len(right) == 1
    assert right[0].startswith("text 20.0 mm from the trim (right edge")
    assert '"Right-aligned line"' in right[0]


def test_slug_text_outside_the_bleed_is_not_checked() -> None:
    report = preflight_bytes(print_pdf(Faults(slug_text=True)), "slug.pdf")
    assert findings(report, "safe-margin") == []


def test_background_stopping_at_the_trim_is_an_error() -> None:
    report = preflight_bytes(print_pdf(Faults(background="trim")), "bg.pdf")
    assert errors_of(report, "backgrounds") == [
        "background stops at the trim (left, right and top edges): filled area"
    ]
    assert [f.page for f in report.findings if f.check == "backgrounds"] == [1]


def test_band_stopping_at_the_left_trim_edge_names_that_edge() -> None:
    # trim x from 20; the band runs into the bleed at the top and bottom, not on the left
    pdf, _ = raw_pdf(b"0.2 0 0 0.8 k 20 10 50 280 re f")
    report = preflight_bytes(saved(pdf), "band.pdf")
    [finding] = [f for f in report.findings if f.check == "backgrounds"]
    assert (finding.severity, finding.page) == ("error", 1)
    assert finding.message == "background stops at the trim (left edge): filled area"


def test_background_short_of_the_bleed_is_an_error() -> None:
    report = preflight_bytes(print_pdf(Faults(background="short")), "short.pdf")
    assert errors_of(report, "backgrounds") == [
        "background stops 1.0 mm past the trim, short of the bleed (left, right and top edges): "
        "filled area"
    ]


def test_background_clipped_at_the_trim_is_an_error() -> None:
    report = preflight_bytes(print_pdf(Faults(background="clipped")), "clip.pdf")
    assert errors_of(report, "backgrounds") == [
        "background stops at the trim (left, right and top edges): filled area"
    ]


def test_white_fill_at_the_trim_is_not_a_background() -> None:
    report = preflight_bytes(print_pdf(Faults(background="white")), "white.pdf")
    assert findings(report, "backgrounds") == []


def test_unembedded_helvetica_is_an_error() -> None:
    report = preflight_bytes(print_pdf(Faults(font="Helvetica")), "helv.pdf")
    assert errors_of(report, "fonts") == ["font Helvetica (Type1) is not embedded"]


def test_unembedded_font_showing_no_text_is_only_noted() -> None:
    data = rgb_pdf_from_elsewhere()
    pdf = pikepdf.open(io.BytesIO(data))
    courier = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Courier)
    pdf.pages[0].obj.Resources.Font.Unused = pdf.make_indirect(courier)
    report = preflight_bytes(saved(pdf), "unused.pdf")
    assert "info: font Courier (Type1) is not embedded, but shows no visible text" in findings(
        report, "fonts"
    )


def test_rgb_text_in_a_print_file_is_an_error() -> None:
    report = preflight_bytes(print_pdf(Faults(rgb_text=True)), "rgbtext.pdf")
    assert errors_of(report, "colour") == ["RGB colour (DeviceRGB): text x2"]


def test_crop_marks_inside_the_bleed_are_a_warning() -> None:
    report = preflight_bytes(print_pdf(Faults(marks_offset=1 * MM)), "marks.pdf")
    assert findings(report, "marks") == [
        "warning: a crop mark reaches into the bleed: it may show after trimming"
    ]


def test_repeated_findings_are_reported_once_for_all_pages() -> None:
    report = preflight_bytes(print_pdf(Faults(image_ppi=72, pages=3)), "three.pdf")
    assert report.pages == 3
    [finding] = [f for f in report.findings if f.check == "images"]
    assert finding.page is None
    assert finding.message.endswith("(all 3 pages)")
    bad_font = preflight_bytes(print_pdf(Faults(font="Helvetica", pages=3)), "f.pdf")
    assert errors_of(bad_font, "fonts") == ["font Helvetica (Type1) is not embedded (all 3 pages)"]


def test_a_fault_on_one_page_names_that_page(clean_pdf: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(clean_pdf))
    faulty = pikepdf.open(io.BytesIO(print_pdf(Faults(image_ppi=72))))
    pdf.pages.append(faulty.pages[0])
    pdf.pages.append(pdf.pages[0])
    report = preflight_bytes(saved(pdf), "mixed.pdf")
    assert [(f.page, f.severity) for f in report.findings if f.check == "images"] == [(2, "error")]


TWO_MM = 2 * MM


@pytest.mark.parametrize(
    ("trim", "bleed", "expected"),
    [
        (
            (20, 20, 280, 280),
            (20, 20, 280, 280),
            [("bleed", "error", "no bleed: nothing is declared beyond the TrimBox")],
        ),
        (
            (20, 20, 280, 280),
            (20 - TWO_MM, 20 - TWO_MM, 280 + TWO_MM, 280 + TWO_MM),
            [("bleed", "warning", "bleed is only 2.0 mm on every side; print shops ask for 3 mm")],
        ),
        (
            (5, 5, 295, 295),
            (10, 10, 290, 290),
            [
                ("boxes", "error", "the TrimBox is not inside the BleedBox"),
                ("bleed", "error", "no bleed: nothing is declared beyond the TrimBox"),
            ],
        ),
        (
            (20, 20, 280, 280),
            (-5, 10, 290, 290),
            [("boxes", "error", "the BleedBox extends past the MediaBox")],
        ),
    ],
    ids=["no-bleed", "2mm-bleed", "trim-outside-bleed", "bleed-outside-media"],
)
def test_page_boxes_and_bleed(
    trim: tuple[float, float, float, float],
    bleed: tuple[float, float, float, float],
    expected: list[tuple[str, str, str]],
) -> None:
    pdf, _ = raw_pdf(b"0 0 0 1 k 100 100 50 50 re f", trim=trim, bleed=bleed)
    report = preflight_bytes(saved(pdf), "boxes.pdf")
    found = [
        (f.check, f.severity, f.message)
        for f in report.findings
        if f.check in ("boxes", "bleed") and f.severity != "info"
    ]
    assert found == expected


# --- PDF/X and output intent -------------------------------------------------------------------


def test_not_a_pdfx_file_is_a_warning() -> None:
    report = preflight_bytes(print_pdf(Faults(output_intent=False, metadata=False)), "x.pdf")
    assert findings(report, "output-intent") == [
        "warning: not a PDF/X file: no output intent names the CMYK printing condition"
    ]
    assert findings(report, "pdfx") == []


def test_claiming_pdfx_without_output_intent_is_an_error() -> None:
    report = preflight_bytes(print_pdf(Faults(output_intent=False)), "x.pdf")
    assert errors_of(report, "output-intent") == [
        "the file claims PDF/X-4 but has no GTS_PDFX output intent"
    ]


def test_pdfx_needs_trapped_true_or_false() -> None:
    report = preflight_bytes(print_pdf(Faults(trapped=None)), "x.pdf")
    assert errors_of(report, "pdfx") == ["Info /Trapped must be /True or /False (it is missing)"]


def test_rgb_output_profile_is_an_error(clean_pdf: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(clean_pdf))
    srgb = (ROOT / "brochure" / "data" / "icc" / "sRGB.icc").read_bytes()
    intent = pdf.Root.OutputIntents[0]
    intent.DestOutputProfile = pdf.make_stream(srgb, N=3)
    report = preflight_bytes(saved(pdf), "x.pdf")
    assert errors_of(report, "output-intent") == [
        "the output profile (FOGRA39) is not CMYK but RGB"
    ]


def test_pdfx_metadata_needs_title_and_dates(clean_pdf: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(clean_pdf))
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        del meta["dc:title"]
        del meta["xmp:ModifyDate"]
    report = preflight_bytes(saved(pdf), "x.pdf")
    assert errors_of(report, "pdfx") == [
        "the XMP metadata has no title (dc:title)",
        "the XMP metadata has no modification date (xmp:ModifyDate)",
    ]


# --- a PDF from elsewhere ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def elsewhere() -> PreflightReport:
    return preflight_bytes(rgb_pdf_from_elsewhere(), "office.pdf")


def test_rgb_pdf_from_elsewhere_fails_on_colour(elsewhere: PreflightReport) -> None:
    assert errors_of(elsewhere, "colour") == ["RGB colour (DeviceRGB): fill colour x1, text x1"]
    assert errors_of(elsewhere, "fonts") == ["font Helvetica (Type1) is not embedded"]
    assert errors_of(elsewhere, "boxes") == ["no TrimBox: the finished page size is not declared"]
    assert elsewhere.failed(strict=False)


def test_rgb_pdf_from_elsewhere_says_what_it_cannot_check(elsewhere: PreflightReport) -> None:
    coverage = {c.id: (c.coverage, c.note) for c in elsewhere.checks}
    assert coverage["safe-margin"] == (
        "limited",
        "the MediaBox is taken as the trimmed page on page 1",
    )
    assert coverage["backgrounds"] == ("none", "no page has bleed for backgrounds to reach")
    assert coverage["marks"][0] == "none"
    table = elsewhere.format_table()
    assert "  * safe margin: the MediaBox is taken as the trimmed page on page 1" in table
    assert "not checked" in table
    assert "overprint and knockout" in elsewhere.not_checked


def test_screen_leaflet_is_judged_as_not_print_ready(sample_pdf: bytes) -> None:
    report = preflight_bytes(sample_pdf, "content.pdf")
    assert report.failed(strict=False)
    assert any("RGB colour" in m for m in errors_of(report, "colour"))
    assert errors_of(report, "fonts") == []


# --- the interpreter's geometry ----------------------------------------------------------------


def test_image_in_a_scaled_form_uses_the_combined_matrix() -> None:
    pdf, page = raw_pdf(b"q 2 0 0 2 30 30 cm /Fm1 Do Q")
    image = image_stream(pdf, 100, 100, Name.DeviceCMYK)
    form = pdf.make_stream(
        b"q 36 0 0 36 0 0 cm /Im1 Do Q",
        Type=Name.XObject,
        Subtype=Name.Form,
        BBox=[0, 0, 100, 100],
        Matrix=[1, 0, 0, 1, 10, 10],
        Resources=Dictionary(XObject=Dictionary(Im1=image)),
    )
    page.Resources = Dictionary(XObject=Dictionary(Fm1=form))
    report = preflight_bytes(saved(pdf), "form.pdf")
    # 100 px over 72 pt (1 inch): 100 ppi -> error
    [message] = errors_of(report, "images")
    assert message == (
        "image /Im1 (100 x 100 px) placed 25.4 x 25.4 mm: 100 ppi (150 wanted, 300 for sharp print)"
    )


@settings(max_examples=40, deadline=None)
@given(
    st.floats(min_value=10, max_value=200),
    st.floats(min_value=10, max_value=200),
    st.sampled_from([0, 90, 30]),
)
def test_effective_ppi_is_the_lower_axis(width_pt: float, height_pt: float, angle: int) -> None:
    import math

    radians = math.radians(angle)
    cos, sin = math.cos(radians), math.sin(radians)
    a, b = width_pt * cos, width_pt * sin
    c, d = -height_pt * sin, height_pt * cos
    content = f"q {a:.4f} {b:.4f} {c:.4f} {d:.4f} 150 150 cm /Im1 Do Q".encode()
    pdf, page = raw_pdf(content)
    page.Resources = Dictionary(XObject=Dictionary(Im1=image_stream(pdf, 40, 30, Name.DeviceGray)))
    reopened = pikepdf.open(io.BytesIO(saved(pdf)))
    [image] = scan_page(reopened.pages[0].obj).images
    assert image.ppi == pytest.approx(min(40 * 72 / width_pt, 30 * 72 / height_pt), rel=1e-3)
    assert image.pixels == (40, 30)


def test_colour_spaces_are_judged_by_what_they_print_as() -> None:
    pdf, page = raw_pdf(
        b"/RGBICC cs 0.5 0.5 0.5 scn 30 30 10 10 re f "
        b"/Pal cs 3 sc 50 50 10 10 re f "
        b"/Spot CS 1 SCN 60 60 m 70 70 l S "
        b"/Proc cs 0.5 0.5 sc 80 80 10 10 re f "
        b"/CMYKICC cs 0 0 0 1 scn 90 90 10 10 re f "
        b"0.5 g 100 100 10 10 re f"
    )
    icc_rgb = pdf.make_stream(b"", N=3)
    icc_cmyk = pdf.make_stream(b"", N=4)
    page.Resources = Dictionary(
        ColorSpace=Dictionary(
            RGBICC=Array([Name.ICCBased, icc_rgb]),
            Pal=Array([Name.Indexed, Name.DeviceRGB, 3, pikepdf.String(bytes(12))]),
            Spot=Array(
                [Name.Separation, Name("/PANTONE 300 C"), Name.DeviceCMYK, pdf.make_stream(b"{}")]
            ),
            Proc=Array(
                [
                    Name.DeviceN,
                    Array([Name.Cyan, Name.Black]),
                    Name.DeviceCMYK,
                    pdf.make_stream(b"{}"),
                ]
            ),
            CMYKICC=Array([Name.ICCBased, icc_cmyk]),
        )
    )
    report = preflight_bytes(saved(pdf), "spaces.pdf")
    assert findings(report, "colour") == [
        "error: RGB colour (ICCBased RGB): fill colour x1",
        "error: RGB colour (Indexed DeviceRGB): fill colour x1",
        "warning: spot colour (Separation PANTONE 300 C), an extra plate unless converted: "
        "stroke colour x1",
    ]


def test_rgb_shading_and_rgb_image_are_errors() -> None:
    pdf, page = raw_pdf(b"q 0 0 300 300 re W n /Sh1 sh Q q 50 0 0 50 100 100 cm /Im1 Do Q")
    shading = Dictionary(
        ShadingType=2,
        ColorSpace=Name.DeviceRGB,
        Coords=[0, 0, 300, 0],
        Function=Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1),
    )
    page.Resources = Dictionary(
        Shading=Dictionary(Sh1=shading),
        XObject=Dictionary(Im1=image_stream(pdf, 300, 300, Name.DeviceRGB)),
    )
    report = preflight_bytes(saved(pdf), "shade.pdf")
    assert errors_of(report, "colour") == ["RGB colour (DeviceRGB): image /Im1 x1, shading /Sh1 x1"]
    # the shading fills the clip (the whole sheet), running into the bleed: no background error
    assert findings(report, "backgrounds") == []


def test_rgb_inside_a_tiling_pattern_is_found() -> None:
    pdf, page = raw_pdf(b"/Pattern cs /P1 scn 30 30 100 100 re f")
    tile = pdf.make_stream(
        b"1 0 0 rg 0 0 5 5 re f",
        PatternType=1,
        PaintType=1,
        TilingType=1,
        BBox=[0, 0, 10, 10],
        XStep=10,
        YStep=10,
        Resources=Dictionary(),
    )
    page.Resources = Dictionary(Pattern=Dictionary(P1=tile))
    report = preflight_bytes(saved(pdf), "pattern.pdf")
    assert errors_of(report, "colour") == ["RGB colour (DeviceRGB): fill colour x1"]


def test_rgb_inline_image_and_its_resolution() -> None:
    # a 10 x 10 px RGB inline image drawn 1 inch wide: 10 ppi
    pixels = bytes(300)
    content = b"q 72 0 0 72 100 100 cm BI /W 10 /H 10 /CS /RGB /BPC 8 ID " + pixels + b" EI Q"
    pdf, _ = raw_pdf(content)
    report = preflight_bytes(saved(pdf), "inline.pdf")
    assert errors_of(report, "colour") == ["RGB colour (DeviceRGB): inline image x1"]
    [message] = errors_of(report, "images")
    assert message.startswith("inline image (10 x 10 px) placed 25.4 x 25.4 mm: 10 ppi")


def test_logo_inside_the_safe_margin_is_a_warning() -> None:
    # trim starts at x=20; the image starts 2 mm inside it
    x = 20 + 2 * MM
    pdf, page = raw_pdf(f"q 40 0 0 40 {x:.3f} 120 cm /Im1 Do Q".encode())
    page.Resources = Dictionary(
        XObject=Dictionary(Im1=image_stream(pdf, 400, 400, Name.DeviceCMYK))
    )
    report = preflight_bytes(saved(pdf), "logo.pdf")
    assert findings(report, "safe-margin") == [
        "warning: image /Im1 2.0 mm from the trim (left edge; 5 mm wanted)"
    ]


def test_type0_font_widths_and_text_matrix() -> None:
    # Td moves, TJ kerning and Tz scaling: the run ends where the widths say
    font = Dictionary(
        Type=Name.Font,
        Subtype=Name.Type0,
        BaseFont=Name.Test,
        Encoding=Name("/Identity-H"),
        DescendantFonts=[
            Dictionary(Type=Name.Font, Subtype=Name.CIDFontType2, DW=1000, W=[1, [500, 500]])
        ],
    )
    # two glyphs of 500/1000 em at 10 pt, 200 % horizontal scale: 20 pt wide; starts at 240
    content = b"BT /F1 10 Tf 200 Tz 1 0 0 1 200 150 Tm 40 0 Td [<00010002>] TJ ET"
    pdf, page = raw_pdf(content)
    page.Resources = Dictionary(Font=Dictionary(F1=pdf.make_indirect(font)))
    report = preflight_bytes(saved(pdf), "cid.pdf", safe_margin_mm=(280 - 262) / MM)
    # the run ends at 260: 20 pt from the trim (280), inside an 18-plus-a-bit margin? no: 20 > 18
    assert errors_of(report, "safe-margin") == []
    tighter = preflight_bytes(saved(pdf), "cid.pdf", safe_margin_mm=(280 - 258) / MM)
    [message] = errors_of(tighter, "safe-margin")
    assert message.startswith("text 7.1 mm from the trim (right edge")


# --- unreadable files --------------------------------------------------------------------------


def test_not_a_pdf_raises_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(BrochureError, match=r"notes\.txt is not a PDF"):
        preflight_file(path)


def test_missing_file_raises_naming_it(tmp_path: Path) -> None:
    with pytest.raises(BrochureError, match=r"cannot read .*gone\.pdf"):
        preflight_file(tmp_path / "gone.pdf")


def test_password_protected_pdf_raises(clean_pdf: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(clean_pdf))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    with pytest.raises(BrochureError, match=r"locked\.pdf is encrypted with a password"):
        preflight_bytes(out.getvalue(), "locked.pdf")


def test_encryption_without_password_is_an_error(clean_pdf: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(clean_pdf))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="", owner="owner"))
    report = preflight_bytes(out.getvalue(), "enc.pdf")
    assert errors_of(report, "encryption") == [
        "the file is encrypted: print shops cannot process it"
    ]


# --- JSON and the command line -----------------------------------------------------------------


def test_json_shape(clean_report: PreflightReport) -> None:
    data = json.loads(clean_report.to_json())
    assert set(data) == {
        "file", "pages", "pdf_version", "strict", "passed", "errors", "warnings",
        "checks", "findings", "not_checked",
    }  # fmt: skip
    assert data["passed"] is True and data["errors"] == 0
    assert [c["id"] for c in data["checks"]] == [check for check, _ in CHECKS]
    assert set(data["checks"][0]) == {"id", "title", "verdict", "coverage", "summary", "note"}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["preflight", *args], prog_name="brochure")


def test_cli_clean_file_exits_0(tmp_path: Path, clean_pdf: bytes) -> None:
    path = tmp_path / "clean.pdf"
    path.write_bytes(clean_pdf)
    result = invoke(str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("PASS")


def test_cli_json_and_exit_status_on_errors(tmp_path: Path) -> None:
    path = tmp_path / "office.pdf"
    path.write_bytes(rgb_pdf_from_elsewhere())
    result = invoke(str(path), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["passed"] is False
    assert any(
        f["check"] == "colour" and f["severity"] == "error" and f["page"] == 1
        for f in data["findings"]
    )


def test_cli_strict_makes_warnings_fail(tmp_path: Path) -> None:
    path = tmp_path / "mid.pdf"
    path.write_bytes(print_pdf(Faults(image_ppi=200)))
    assert invoke(str(path)).exit_code == 0
    assert invoke(str(path), "--strict").exit_code == 1
    assert invoke(str(path), "--strict", "--json").exit_code == 1


def test_cli_not_a_pdf_exits_1_with_message(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("hello")
    result = invoke(str(path))
    assert result.exit_code == 1
    assert "notes.pdf is not a PDF" in result.output
