"""brochure.preflight.reader: what a page paints (images, text runs, fills, strokes, colours),
the operator walk (CTM, graphics-state depth, marked content, forms), and what it does when a
page cannot be read in full: a gap, with the rest of the page still read."""

from __future__ import annotations

import gc
import io
import math
from typing import Any

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pikepdf import Dictionary, Name

from brochure.preflight.colour import DEVICE_CMYK, DEVICE_RGB
from brochure.preflight.limits import Budget, Limits
from brochure.preflight.reader import Colour, ContentReader, PageContent, scan_page, walk_page
from tests.preflight.preflight_pdfs import form, image_stream, raw_pdf, saved


def read_back(pdf: pikepdf.Pdf, *, limits: Limits | None = None, walk: bool = False) -> PageContent:
    """The first page of ``pdf`` saved, opened again (as preflight reads files) and scanned."""
    with pikepdf.open(io.BytesIO(saved(pdf))) as again:
        return (walk_page if walk else scan_page)(again.pages[0], limits=limits or Limits())


def scanned(content: bytes, limits: Limits | None = None, **resources: Any) -> PageContent:
    pdf, page = raw_pdf(content)
    page.Resources = Dictionary(**resources)
    return read_back(pdf, limits=limits)


def messages(content: PageContent) -> list[str]:
    return [gap.message for gap in content.gaps]


# --- what a page paints ------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    st.floats(min_value=10, max_value=200),
    st.floats(min_value=10, max_value=200),
    st.sampled_from([0, 90, 30]),
)
def test_effective_ppi_is_the_lower_axis(width_pt: float, height_pt: float, angle: int) -> None:
    radians = math.radians(angle)
    cos, sin = math.cos(radians), math.sin(radians)
    a, b = width_pt * cos, width_pt * sin
    c, d = -height_pt * sin, height_pt * cos
    content = f"q {a:.4f} {b:.4f} {c:.4f} {d:.4f} 150 150 cm /Im1 Do Q".encode()
    pdf, page = raw_pdf(content)
    page.Resources = Dictionary(XObject=Dictionary(Im1=image_stream(pdf, 40, 30, Name.DeviceGray)))
    [image] = read_back(pdf).images
    assert image.ppi == pytest.approx(min(40 * 72 / width_pt, 30 * 72 / height_pt), rel=1e-3)
    assert image.pixels == (40, 30)


def test_fills_and_strokes_with_their_colours() -> None:
    content = scanned(
        b"0.1 0.2 0.3 0.4 k 10 10 20 30 re f 1 0 0 RG 2 0 0 2 0 0 cm 3 w 0 0 m 50 0 l S"
    )
    [area] = content.areas
    assert area.box == (10, 10, 30, 40) and area.what == "filled area"
    assert area.colour is not None and area.colour.space == DEVICE_CMYK
    assert area.colour.values == (0.1, 0.2, 0.3, 0.4) and not area.white
    [stroke] = content.strokes
    assert stroke.box == (0, 0, 100, 0) and stroke.width == 6
    assert stroke.colour is not None and stroke.colour.space == DEVICE_RGB
    assert {(use.kind, use.what) for use in content.colours} == {
        ("cmyk", "fill colour"),
        ("rgb", "stroke colour"),
    }


def test_text_runs_have_their_origin_size_and_font() -> None:
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    content = scanned(
        b"q 2 0 0 2 0 0 cm BT /F1 12 Tf 1 0 0 1 50 60 Tm (Hi) Tj ET Q", Font=Dictionary(F1=font)
    )
    [run] = content.texts
    assert run.text == "Hi" and run.font == "/F1"
    assert run.origin == (100, 120) and run.size == 24
    # no /Widths: half an em per character, 12 pt at twice the scale
    assert run.box == pytest.approx((100, 120 - 0.2 * 24, 124, 120 + 0.8 * 24))
    [(key, info)] = content.fonts.items()
    assert key in content.shown_fonts and (info.name, info.embedded) == ("Helvetica", False)


def test_white_fill_is_white() -> None:
    content = scanned(b"0 0 0 0 k 0 0 10 10 re f 1 g 0 0 10 10 re f 0.5 g 0 0 10 10 re f")
    assert [area.white for area in content.areas] == [True, True, False]


# --- the walk ------------------------------------------------------------------------------


def walked_form_page() -> PageContent:
    pdf, page = raw_pdf(b"q 2 0 0 2 10 10 cm /P <</MCID 0>> BDC /Fm1 Do EMC Q")
    inner = form(pdf, b"q 0 0 1 0 k EMC 0 0 5 5 re f Q", Matrix=[1, 0, 0, 1, 5, 0])
    page.Resources = Dictionary(XObject=Dictionary(Fm1=inner))
    return read_back(pdf, walk=True)


def test_walk_reports_each_operator_with_its_state() -> None:
    operations = walked_form_page().operations
    assert operations is not None
    steps = [(op.operator, op.depth, op.marked, op.forms) for op in operations]
    assert steps == [
        ("q", 0, (), ()),
        ("cm", 1, (), ()),
        ("BDC", 1, (), ()),
        ("Do", 1, ("P",), ()),
        ("q", 2, ("P",), ("/Fm1",)),
        ("k", 3, ("P",), ("/Fm1",)),
        ("EMC", 3, ("P",), ("/Fm1",)),  # a form cannot close its caller's marked content
        ("re", 3, ("P",), ("/Fm1",)),
        ("f", 3, ("P",), ("/Fm1",)),
        ("Q", 3, ("P",), ("/Fm1",)),
        ("EMC", 1, ("P",), ()),
        ("Q", 1, (), ()),
    ]
    assert operations[1].ctm == (1, 0, 0, 1, 0, 0)
    assert operations[3].ctm == (2, 0, 0, 2, 10, 10)
    # inside the form: its /Matrix, then the page's CTM
    assert operations[5].ctm == (2, 0, 0, 2, 20, 10)
    assert operations[5].operands == (0, 0, 1, 0)


def test_walk_reports_the_colours_in_force() -> None:
    pdf, page = raw_pdf(b"/DeviceRGB cs 0.2 0.4 0.6 sc q 0 0 0 1 K 0 0 m S Q /Fm1 Do 0 0 m S")
    page.Resources = Dictionary(XObject=Dictionary(Fm1=form(pdf, b"0 0 5 5 re f")))
    operations = read_back(pdf, walk=True).operations
    assert operations is not None
    rgb, gray = Colour(DEVICE_RGB, (0.2, 0.4, 0.6)), Colour()  # gray: the initial colour
    # Each operation has the colours in force before it runs: sc sets one in the space cs chose.
    cs, sc = operations[:2]
    assert (cs.fill, cs.stroke) == (gray, gray)
    assert (sc.fill, sc.stroke) == (Colour(DEVICE_RGB, ()), gray)
    stroked, last = [op for op in operations if op.operator == "S"]
    assert (stroked.fill, stroked.stroke) == (rgb, Colour(DEVICE_CMYK, (0.0, 0.0, 0.0, 1.0)))
    assert (last.fill, last.stroke) == (rgb, gray)  # Q undid the K
    [filled] = [op for op in operations if op.operator == "f"]
    assert filled.forms == ("/Fm1",) and filled.fill == rgb  # a form paints in its caller's


def test_operands_outlive_the_walk() -> None:
    pdf, _ = raw_pdf(b"/P <</MCID 3>> BDC [(a) -5 (b)] TJ EMC BI /W 1 /H 1 /CS /G /BPC 8 ID x EI")
    operations = read_back(pdf, walk=True).operations
    gc.collect()  # the reader and its scratch PDF are gone; the operations keep what they need
    assert operations is not None
    bdc, tj, _, image = operations
    properties, shown, inline = bdc.operands[1], tj.operands[0], image.operands[0]
    assert isinstance(properties, pikepdf.Dictionary) and properties.MCID == 3
    assert isinstance(shown, pikepdf.Array)
    assert [bytes(item) for item in shown if isinstance(item, pikepdf.String)] == [b"a", b"b"]
    assert isinstance(inline, pikepdf.PdfInlineImage) and inline.width == 1


def test_scan_without_the_walk_records_no_operations() -> None:
    content = walked_form_page()
    assert content.gaps == []
    [area] = content.areas
    assert area.box == (20, 10, 30, 20)
    pdf, _ = raw_pdf(b"0 0 m")
    assert read_back(pdf).operations is None


def test_a_form_drawn_many_times_is_parsed_once() -> None:
    pdf, page = raw_pdf(b"/Fm1 Do " * 50)
    page.Resources = Dictionary(XObject=Dictionary(Fm1=form(pdf, b"0 0 1 1 re f " * 10)))
    reader = ContentReader(Budget(Limits()))
    with pikepdf.open(io.BytesIO(saved(pdf))) as again:
        content = reader.scan(again.pages[0])
    assert len(content.areas) == 500
    # the page's tokens and the form's, once: far fewer than 50 copies of the form
    assert reader.budget.page_tokens < 2 * (50 * 3 + 10 * 6)


# --- what cannot be read ---------------------------------------------------------------------


def test_missing_resources_are_gaps_and_the_rest_is_read() -> None:
    content = scanned(b"/Im9 Do /Sh9 sh BT /F9 10 Tf (x) Tj ET 0 0 1 1 re f")
    assert messages(content) == [
        "it draws /Im9, which is not in its resources",
        "it paints the shading /Sh9, which is not in its resources",
        "it sets the font /F9, which is not in its resources",
    ]
    assert [gap.affects for gap in content.gaps] == ["content", "content", "text"]
    assert len(content.areas) == 1


def test_a_page_lists_twenty_gaps_and_counts_the_rest() -> None:
    content = scanned(b" ".join(b"/Im%d Do" % number for number in range(100)) + b" /Im0 Do")
    found = messages(content)
    assert len(found) == 21
    assert found[19] == "it draws /Im19, which is not in its resources"
    assert found[20] == "80 more problems not listed"


def test_unknown_operators_are_gaps_outside_compatibility_sections() -> None:
    assert messages(scanned(b"BX foo EX 0 0 m")) == []
    assert messages(scanned(b"foo 0 0 m")) == [
        "its content uses 'foo', which is not a PDF operator"
    ]


def test_operators_whose_operands_are_not_numbers_are_skipped() -> None:
    content = scanned(b"(a) 0 0 1 0 0 cm 1 2 re /N w 0 0 10 10 re f")
    assert messages(content) == [
        "an operator 'cm' without 6 finite numbers as operands was skipped",
        "an operator 're' without 4 finite numbers as operands was skipped",
        "an operator 'w' without a finite number as operands was skipped",
    ]
    [area] = content.areas
    assert area.box == (0, 0, 10, 10)


def test_a_cm_that_overflows_is_skipped() -> None:
    huge = b"1" + b"0" * 200 + b".5"  # a real: finite, but its square is not
    content = scanned(
        huge + b" 0 0 " + huge + b" 0 0 cm " + huge + b" 0 0 " + huge + b" 0 0 cm 0 0 1 1 re f"
    )
    assert messages(content) == ["a 'cm' operator made the page's coordinates overflow"]
    [area] = content.areas
    assert all(math.isfinite(value) for value in area.box)


def test_graphics_state_nesting_is_limited() -> None:
    content = scanned(b"q " * 9 + b"0 0 1 1 re f", Limits(nesting=8))
    assert messages(content) == [
        "graphics states are nested more than 8 deep; the rest of the page was not read"
    ]
    assert content.areas == []


def test_forms_nested_too_deep_are_not_read() -> None:
    pdf, page = raw_pdf(b"/F0 Do")
    inner = form(pdf, b"0 0 1 1 re f")
    for _ in range(4):
        inner = form(
            pdf, b"0 0 1 1 re f /Fx Do", Resources=Dictionary(XObject=Dictionary(Fx=inner))
        )
    page.Resources = Dictionary(XObject=Dictionary(F0=inner))
    content = read_back(pdf, limits=Limits(form_depth=3))
    assert messages(content) == [
        "forms and patterns are nested more than 3 deep; the deeper ones were not read"
    ]
    assert len(content.areas) == 3


def test_the_operator_limit_counts_what_forms_draw_each_time() -> None:
    pdf, page = raw_pdf(b"/Fm1 Do " * 10 + b"0 0 1 1 re f")
    page.Resources = Dictionary(XObject=Dictionary(Fm1=form(pdf, b"q Q " * 10)))
    content = read_back(pdf, limits=Limits(page_operators=100), walk=True)
    assert messages(content) == [
        "reading stopped after 100 operators (the limit per page, counting what forms and "
        "patterns draw, and each glyph shown); the rest of the page was not read"
    ]
    assert content.operations is not None and len(content.operations) == 100
    assert content.areas == []


def test_fonts_are_listed_even_when_the_content_is_unreadable() -> None:
    pdf, page = raw_pdf(b"")
    page.Contents = pdf.make_stream(b"garbage", Filter=Name.FlateDecode)
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page.Resources = Dictionary(Font=Dictionary(F1=font))
    content = read_back(pdf)
    assert [info.name for info in content.fonts.values()] == ["Helvetica"]
    [message] = messages(content)
    assert message.startswith("its content could not be read: its Flate data is damaged")
