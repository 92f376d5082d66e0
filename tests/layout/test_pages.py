"""Page templates and the footer: "Page N of M" on every page, painted once the count is known."""

from __future__ import annotations

import io
from functools import partial

from pypdf import PdfReader
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


def test_the_footer_sits_below_the_frames(theme: Theme) -> None:
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
