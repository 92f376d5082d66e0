"""Page templates and the footer: "Page N of M" on every page, painted once the count is known."""

from __future__ import annotations

import io
from functools import partial
from typing import Any

from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, PageBreak, Paragraph

from brochure.layout.pages import FooterCanvas, FooterText, footer_painter, page_templates
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
