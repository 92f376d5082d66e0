"""Page templates and the footer: "Page N of M" on every page, painted once the count is known."""

from __future__ import annotations

import io
import math
from functools import partial
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, PageBreak, Paragraph

from brochure.layout.pages import (
    MARK_LENGTH,
    FooterCanvas,
    FooterText,
    Sheet,
    footer_painter,
    page_templates,
)
from brochure.layout.theme import Theme


def build(theme: Theme, pages: int) -> bytes:
    text = FooterText(
        "Clinic", "+1 555 0100", "clinic.example", "Ask first.", "Page {page} of {pages}"
    )
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=(theme.grid.page_width, theme.grid.page_height),
        invariant=1,
        initialFontName=theme.fonts.regular,
    )
    document.addPageTemplates(page_templates(theme))
    story: list[object] = []
    for number in range(pages):
        if number:
            story.append(PageBreak())
        story.append(Paragraph(f"Body of page {number + 1}"))
    canvasmaker = partial(FooterCanvas, footer=footer_painter(theme, text))
    document.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


def test_every_page_says_its_number_and_the_total(theme: Theme) -> None:
    reader = PdfReader(io.BytesIO(build(theme, 4)))
    assert len(reader.pages) == 4
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of 4" in text
        assert f"Body of page {number}" in text
        assert "Clinic" in text and "Ask first." in text


class Recorder(Canvas):
    """A canvas that notes the baseline of every string and the height of every line drawn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.heights: list[float] = []
        self.strings: list[tuple[float, float, str]] = []

    def drawString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        self.strings.append((x, y, text))
        super().drawString(x, y, text, *args, **kwargs)

    def drawRightString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        self.strings.append((x - self.stringWidth(text), y, text))
        super().drawRightString(x, y, text, *args, **kwargs)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.heights += [y1, y2]
        super().line(x1, y1, x2, y2)


def test_the_footer_is_drawn_below_the_frames_and_inside_the_margins(theme: Theme) -> None:
    grid = theme.grid
    text = FooterText(
        "Clinic", "+1 555 0100", "clinic.example", "Ask first.", "Page {page} of {pages}"
    )
    canvas = Recorder(io.BytesIO(), pagesize=(grid.page_width, grid.page_height))
    canvas.setFont(theme.fonts.regular, 9)
    footer_painter(theme, text)(canvas, 2, 3)
    baselines = [y for _, y, _ in canvas.strings]
    assert {t for _, _, t in canvas.strings} >= {"Clinic", "Page 2 of 3", "Ask first."}
    assert max(baselines + canvas.heights) < grid.frame_bottom  # below the flowing content
    assert min(baselines) >= 10 * 72 / 25.4  # nothing but backgrounds within 10 mm of the edge
    assert min(x for x, _, _ in canvas.strings) >= grid.margin
    right = max(x + canvas.stringWidth(t, theme.fonts.regular, 9) for x, _, t in canvas.strings)
    assert right <= grid.page_width - grid.margin + 0.01


def test_the_frames_leave_the_footer_its_room(theme: Theme) -> None:
    grid = theme.grid
    cover, following = page_templates(theme)
    for template in (cover, following):
        (frame,) = template.frames
        assert frame._y1 == grid.frame_bottom
        assert frame._x1 == grid.margin and frame._width == grid.width
    # The cover's frame starts at the paper's top edge, so its band can bleed off the page.
    assert cover.frames[0]._y1 + cover.frames[0]._height == grid.page_height
    assert following.frames[0]._y1 + following.frames[0]._height == grid.page_height - grid.margin
    assert cover.autoNextPageTemplate == "page"


# --- the sheet: trim, bleed and crop marks -------------------------------------------------

MM = 72 / 25.4
A4_TRIM = (210 * MM, 297 * MM)


def outside(line: tuple[float, float, float, float], box: tuple[float, ...]) -> bool:
    """Whether the segment ``line`` lies wholly outside ``box`` (touching its edge counts)."""
    left, right = sorted((line[0], line[2]))
    bottom, top = sorted((line[1], line[3]))
    return right <= box[0] or left >= box[2] or top <= box[1] or bottom >= box[3]


def test_a_sheet_with_bleed_and_marks() -> None:
    sheet = Sheet(*A4_TRIM, bleed=3 * MM, marks=True)
    x0, y0, x1, y1 = sheet.trim_box
    assert (x1 - x0, y1 - y0) == pytest.approx(A4_TRIM)
    assert sheet.bleed_box == pytest.approx((x0 - 3 * MM, y0 - 3 * MM, x1 + 3 * MM, y1 + 3 * MM))
    width, height = sheet.size
    assert (width - x1, height - y1) == pytest.approx((x0, y0))  # centred on the sheet
    assert sheet.bleed_box[0] > 0 and sheet.bleed_box[2] < width  # room for the marks


def test_a_sheet_without_marks_is_the_bleed_box() -> None:
    sheet = Sheet(*A4_TRIM, bleed=3 * MM)
    assert sheet.offset == pytest.approx(3 * MM)
    assert sheet.bleed_box == pytest.approx((0, 0, *sheet.size))


def test_a_plain_sheet_is_the_page() -> None:
    sheet = Sheet(*A4_TRIM)
    assert sheet.offset == 0
    assert sheet.size == A4_TRIM
    assert sheet.trim_box == sheet.bleed_box == (0, 0, *A4_TRIM)


@given(
    st.floats(72, 2000),
    st.floats(72, 2000),
    st.floats(0, 30 * MM),
)
def test_crop_marks_are_eight_lines_between_the_bleed_and_the_sheet_edge(
    width: float, height: float, bleed: float
) -> None:
    sheet = Sheet(width, height, bleed, marks=True)
    lines = sheet.mark_lines()
    assert len(lines) == 8
    assert len(set(lines)) == 8
    sheet_width, sheet_height = sheet.size
    trim = sheet.trim_box
    for line in lines:
        assert outside(line, sheet.bleed_box), f"{line} reaches into the bleed"
        assert min(line) >= 0
        assert max(line[0], line[2]) <= sheet_width and max(line[1], line[3]) <= sheet_height
        x0, y0, x1, y1 = line
        assert (x0 == x1 and x0 in (trim[0], trim[2])) or (y0 == y1 and y0 in (trim[1], trim[3]))
        assert math.hypot(x1 - x0, y1 - y0) == pytest.approx(MARK_LENGTH)


def test_the_footer_canvas_sets_the_boxes_and_draws_the_marks(theme: Theme) -> None:
    from reportlab.lib.colors import CMYKColor

    sheet = Sheet(theme.grid.page_width, theme.grid.page_height, 3 * MM, marks=True)
    text = FooterText(
        "Clinic", "+1 555 0100", "clinic.example", "Ask first.", "Page {page} of {pages}"
    )
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=sheet.size, invariant=1, initialFontName=theme.fonts.regular
    )
    document.addPageTemplates(page_templates(theme, sheet))
    canvasmaker = partial(
        FooterCanvas,
        footer=footer_painter(theme, text),
        sheet=sheet,
        registration=CMYKColor(1, 1, 1, 1),
    )
    document.build(
        [Paragraph("Body one"), PageBreak(), Paragraph("Body two")], canvasmaker=canvasmaker
    )
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert [float(v) for v in page.trimbox] == pytest.approx(sheet.trim_box)
        assert [float(v) for v in page.bleedbox] == pytest.approx(sheet.bleed_box)
        assert [float(v) for v in page.mediabox] == pytest.approx((0, 0, *sheet.size))
        stream = page.get_contents().get_data()
        assert b"1 1 1 1 K" in stream and b".25 w" in stream
        assert stream.count(b" l\n") + stream.count(b" l ") >= 8
