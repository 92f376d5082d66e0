"""The designed blocks: shared card heights, unsplittable cards and callout, the band's bleed."""

from __future__ import annotations

from io import BytesIO

import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from brochure.content.model import Leaflet
from brochure.layout.flowables import CardRow, CoverBand, SectionBlock
from brochure.layout.story import StoryBuilder
from brochure.layout.theme import Theme
from brochure.messages import Messages


def test_cards_in_a_row_share_the_taller_height(sample: Leaflet, theme: Theme) -> None:
    builder = StoryBuilder(theme, Messages())
    short = sample.benefits[0].model_copy(update={"body": "Short."})
    long = sample.benefits[1].model_copy(update={"body": "Much longer text. " * 30})
    row = CardRow(theme, [builder.card(1, short), builder.card(2, long)])
    alone = CardRow(theme, [builder.card(2, long)])
    _, height = row.wrap(theme.grid.width, 10_000)
    _, long_height = alone.wrap(theme.grid.width, 10_000)
    _, short_height = CardRow(theme, [builder.card(1, short)]).wrap(theme.grid.width, 10_000)
    assert height == long_height > short_height
    assert row.split(theme.grid.width, height / 2) == []


def test_cover_band_reaches_the_paper_edges(sample: Leaflet, theme: Theme) -> None:
    builder = StoryBuilder(theme, Messages())
    band = builder.cover(sample, logo=None)[0]
    assert isinstance(band, CoverBand)
    canvas = Canvas(BytesIO(), pagesize=(theme.grid.page_width, theme.grid.page_height))
    band.wrap(theme.grid.width, theme.grid.page_height)
    top = theme.grid.page_height - band.height
    before = len(canvas._code)
    band.drawOn(canvas, theme.grid.margin, top)
    rects = [op.split() for op in canvas._code[before:] if " re " in f"{op} "]
    # The first rectangle is the band: from the paper's left edge, the full paper width.
    start = rects[0].index("re") - 4
    x, y, width, height = (float(v) for v in rects[0][start : start + 4])
    assert x == pytest.approx(-theme.grid.margin, abs=0.01)
    assert width == pytest.approx(theme.grid.page_width, abs=0.01)
    assert y + height >= band.height  # to the top edge (the frame starts at the paper's top)


def test_aside_stays_with_the_first_part_of_split_text(sample: Leaflet, theme: Theme) -> None:
    builder = StoryBuilder(theme, Messages())
    section = sample.sections[0].model_copy(update={"body": "\n\n".join(["Words here. " * 40] * 5)})
    (aside,) = builder.section(section)
    assert isinstance(aside, SectionBlock)
    width = theme.grid.width
    _, full = aside.wrap(width, 10_000)
    parts = aside.split(width, full / 2)
    assert isinstance(parts[0], SectionBlock) and parts[0].aside is aside.aside
    assert parts[0].heading is aside.heading
    assert parts[0].wrap(width, full)[1] <= full / 2 + 1
    assert any(isinstance(p, Paragraph) for p in parts[1:])
    # Too little room for the fact box or for two lines under the heading: move it all on,
    # so the heading is never left alone at the foot of a page.
    assert aside.split(width, 20) == []
    head = aside.heading.wrap(theme.grid.measure, 1e6)[1] + aside.heading.getSpaceAfter()
    assert aside.split(width, head + theme.scale.line * 1.2) == []
    # The continued text keeps the 8-column measure.
    indent = width - theme.grid.measure
    assert [p.right for p in parts if type(p).__name__ == "Indenter"] == [indent, -indent]


def test_a_section_without_a_fact_splits_after_its_first_lines(
    sample: Leaflet, theme: Theme
) -> None:
    builder = StoryBuilder(theme, Messages())
    long = "Words here. " * 200  # one long first paragraph
    section = sample.sections[0].model_copy(update={"body": long, "fact": None})
    (block,) = builder.section(section)
    width = theme.grid.width
    assert block.wrap(width, 10_000)[1] > 150
    parts = block.split(width, 150)
    assert isinstance(parts[0], SectionBlock) and parts[0].aside is None
    assert parts[0].wrap(width, 150)[1] <= 150  # heading and the first lines, on this page
    assert any(isinstance(p, Paragraph) for p in parts[1:])
