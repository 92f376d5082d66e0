"""The checks, one fault at a time: a clean print file passes them all; the same file with one
thing wrong fails exactly the check that judges it; a file from elsewhere (RGB, no TrimBox) fails
where a print shop would; hand-written content streams pin down what the checks see (forms,
matrices, clips, colour spaces, patterns, shadings, inline images, fonts)."""

from __future__ import annotations

import io

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pikepdf import Array, Dictionary, Name

from brochure.preflight import CHECKS, PreflightReport, preflight_bytes
from tests.helpers import ROOT
from tests.preflight.preflight_pdfs import (
    MM,
    Faults,
    errors_of,
    findings,
    image_stream,
    print_pdf,
    raw_pdf,
    rgb_pdf_from_elsewhere,
    saved,
    verdicts,
)

# --- a clean print file ----------------------------------------------------------------------


def test_clean_print_file_passes_every_check(clean_report: PreflightReport) -> None:
    problems = [f for f in clean_report.findings if f.severity != "info"]
    assert problems == []
    assert not clean_report.failed(strict=True)
    # A flat A4 leaflet has no folds to keep text away from: that check says so.
    assert {k: v for k, v in verdicts(clean_report).items() if k != "folds"} == dict.fromkeys(
        [check for check, _ in CHECKS if check != "folds"], "ok"
    )
    assert verdicts(clean_report)["folds"] == "not checked"
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


# --- encryption -------------------------------------------------------------------------------


def test_encryption_without_password_is_an_error(clean_pdf: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(clean_pdf))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="", owner="owner"))
    report = preflight_bytes(out.getvalue(), "enc.pdf")
    assert errors_of(report, "encryption") == [
        "the file is encrypted: print shops cannot process it"
    ]


def test_a_colour_finding_names_twenty_uses_and_counts_the_rest() -> None:
    pdf, page = raw_pdf(b" ".join(b"q 10 0 0 10 50 50 cm /Im%02d Do Q" % n for n in range(25)))
    image = image_stream(pdf, 2, 2, Name.DeviceRGB)
    page.Resources = Dictionary(XObject=Dictionary({f"/Im{n:02d}": image for n in range(25)}))
    [message] = errors_of(preflight_bytes(saved(pdf), "many.pdf"), "colour")
    assert message.startswith("RGB colour (DeviceRGB): image /Im00 x1, image /Im01 x1, ")
    assert message.endswith("image /Im19 x1 and 5 more")
