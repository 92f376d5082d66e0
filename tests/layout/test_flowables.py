"""The designed blocks: shared card heights, unsplittable cards and callout, the band's bleed;
each block paints where its last wrap() placed it, and moves with the theme's knobs."""

from __future__ import annotations

import re
from dataclasses import replace
from io import BytesIO

import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Indenter, Paragraph

from brochure.content.model import Leaflet
from brochure.layout.bidi import Direction
from brochure.layout.flowables import (
    Callout,
    Card,
    CardRow,
    ContactLine,
    ContactPanel,
    CoverBand,
    FactBox,
    IconBadge,
    SectionBlock,
    measure_indent,
)
from brochure.layout.qr import qr_matrix
from brochure.layout.story import StoryBuilder
from brochure.layout.theme import Theme
from brochure.messages import Messages
from tests.helpers import canvas_code


class Probe(Flowable):
    """A stand-in for a block's part: ``fixed`` points tall plus ``area`` / the width it is
    given (so a narrower wrap makes it taller); notes where on the page it is drawn."""

    def __init__(self, fixed: float, area: float = 0.0) -> None:
        super().__init__()
        self.fixed, self.area = fixed, area
        self.drawn: list[tuple[float, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, self.fixed + self.area / avail_width
        return self.width, self.height

    def draw(self) -> None:
        self.drawn.append(self.canv.absolutePosition(0, 0))


def drawn(part: Flowable) -> list[tuple[float, float]]:
    """Where the probe ``part`` was drawn."""
    assert isinstance(part, Probe)
    return part.drawn


def paint(flowable: Flowable) -> None:
    """Draw ``flowable`` (already wrapped) with its lower left corner at the page's origin."""
    flowable.drawOn(Canvas(BytesIO()), 0, 0)


def probe_card(theme: Theme, number: float, title: float, body: float) -> Card:
    badge = IconBadge(theme, "smooth", theme.palette.primary, theme.palette.on_primary_text)
    return Card(Probe(number), Probe(title), [Probe(body)], badge)


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
    before = len(canvas_code(canvas))
    band.drawOn(canvas, theme.grid.margin, top)
    rects = [op.split() for op in canvas_code(canvas)[before:] if " re " in f"{op} "]
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
    assert [p.right for p in parts if isinstance(p, Indenter)] == [indent, -indent]


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


# --- placements: measured once in wrap(), painted from in draw() ----------------------------


def test_a_card_row_is_as_tall_as_its_tallest_card_placement(theme: Theme) -> None:
    metrics = theme.card
    # A head taller than the badge (12 + 2 + 30 > 34), then one shorter (8 + 2 + 14 < 34).
    row = CardRow(theme, [probe_card(theme, 12, 30, 80), probe_card(theme, 8, 14, 120)])
    _, height = row.wrap(theme.grid.width, 10_000)
    assert row.placement is not None
    first, second = row.placement.cards
    assert (first.head_height, second.head_height) == (44, metrics.badge)
    assert (first.body_height, second.body_height) == (80, 120)
    for card in (first, second):
        parts = 2 * metrics.padding + card.head_height + metrics.body_space + card.body_height
        assert card.height == pytest.approx(parts)
    assert height == row.placement.height == second.height > first.height
    assert second.x == pytest.approx(theme.grid.span(6) + theme.grid.gutter)


def test_cards_are_painted_where_their_placements_say(theme: Theme) -> None:
    metrics = theme.card
    cards = [probe_card(theme, 12, 30, 80), probe_card(theme, 8, 14, 120)]
    row = CardRow(theme, cards)
    _, height = row.wrap(theme.grid.width, 10_000)
    paint(row)
    assert row.placement is not None
    top = height - metrics.padding
    for card, place in zip(cards, row.placement.cards, strict=True):
        assert drawn(card.number) == [pytest.approx((place.text_x, place.number_y))]
        assert drawn(card.title) == [pytest.approx((place.text_x, place.title_y))]
        assert drawn(card.body[0]) == [
            pytest.approx((place.inner_x, place.body_top - card.body[0].height))
        ]
        assert place.text_x == pytest.approx(place.inner_x + metrics.badge + metrics.badge_gap)
        assert place.title_y + card.title.height == pytest.approx(
            place.number_y - metrics.number_space
        )
        assert place.body_top == pytest.approx(top - place.head_height - metrics.body_space)
    # Number and title start at the top beside a smaller badge, and are centred on a larger one.
    first, second = row.placement.cards
    assert first.number_y + 12 == pytest.approx(top)
    assert second.number_y + 8 == pytest.approx(top - (metrics.badge - 24) / 2)


def test_draw_paints_from_the_last_wrap(theme: Theme) -> None:
    heading, body = Probe(20, area=20_000), Probe(0, area=60_000)
    callout = Callout(theme, heading, [body])
    _, wide = callout.wrap(500, 10_000)
    _, narrow = callout.wrap(300, 10_000)
    assert narrow > wide  # the text got taller in the narrower box
    paint(callout)
    assert callout.placement is not None and callout.placement.height == narrow
    x, top = callout.placement.text_x, callout.placement.text_top
    assert top == pytest.approx(narrow - theme.callout.padding)
    assert heading.drawn == [pytest.approx((x, top - heading.height))]
    assert body.drawn == [pytest.approx((x, top - heading.height - body.height))]
    inner = 300 - theme.callout.edge - 2 * theme.callout.padding - theme.callout.icon
    assert body.width == pytest.approx(inner - theme.callout.icon_gap)


def test_the_cover_band_stacks_its_parts_with_the_themes_spaces(theme: Theme) -> None:
    band, line = theme.band, theme.scale.line
    clinic, title, subtitle = Probe(20), Probe(60), Probe(30)
    cover = CoverBand(theme, clinic, title, subtitle, logo=None)
    _, height = cover.wrap(theme.grid.width, 10_000)
    paint(cover)
    place = cover.placement
    assert place is not None and place.height == height
    row_top = height - theme.grid.margin * band.top_share
    assert place.name_y + 20 / 2 == pytest.approx(row_top - band.logo_height / 2)
    assert title.drawn == [pytest.approx((0, place.title_y))]
    assert subtitle.drawn == [pytest.approx((0, place.subtitle_y))]
    assert clinic.drawn == [pytest.approx((0, place.name_y))]
    assert place.title_y + 60 == pytest.approx(row_top - band.logo_height - line * band.title_space)
    assert place.subtitle_y + 30 == pytest.approx(place.title_y - line * band.subtitle_space)
    assert place.rule_y + band.rule_thickness == pytest.approx(
        place.subtitle_y - line * band.rule_space
    )
    assert place.rule_y == pytest.approx(line * band.foot_space)  # the rest is the band's foot
    # Without a subtitle, everything under the title moves up by the subtitle and its space.
    plain = CoverBand(theme, Probe(20), Probe(60), None, logo=None)
    _, shorter = plain.wrap(theme.grid.width, 10_000)
    assert shorter == pytest.approx(height - 30 - line * band.subtitle_space)


def test_the_fact_box_paints_its_rule_then_its_figure(theme: Theme) -> None:
    fact = theme.fact
    value, label = Probe(40), Probe(20)
    box = FactBox(theme, value, label)
    _, height = box.wrap(theme.grid.span(4), 10_000)
    paint(box)
    place = box.placement
    assert place is not None
    assert place.rule_y + fact.rule_thickness == pytest.approx(height - fact.padding)
    assert value.drawn == [pytest.approx((fact.padding, place.text_top - 40))]
    assert label.drawn == [pytest.approx((fact.padding, place.text_top - 60))]
    assert place.text_top - 60 == pytest.approx(fact.padding)  # the padding under the label


def test_the_contact_panel_keeps_its_text_clear_of_the_qr_code(
    sample: Leaflet, theme: Theme
) -> None:
    panel = theme.panel
    lines = [ContactLine("phone", Probe(15)), ContactLine("mail", Probe(30))]
    heading, caption = Probe(25), Probe(10)
    contact = ContactPanel(
        theme, heading, lines, qr_matrix("https://a.example"), caption, "https://a.example"
    )
    _, height = contact.wrap(theme.grid.width, 10_000)
    paint(contact)
    place = contact.placement
    assert place is not None and place.height == height
    # The heading's column ends the gap before the QR code's white box.
    assert panel.padding + heading.width + panel.qr_gap == pytest.approx(place.qr_box_x)
    assert place.qr_box_x + panel.qr_box == pytest.approx(theme.grid.width - panel.padding)
    assert (place.qr_x - place.qr_box_x, place.qr_y - place.qr_box_y) == (panel.qr_quiet,) * 2
    assert caption.drawn == [pytest.approx((place.qr_box_x, place.caption_y))]
    first, second = place.lines
    assert first.text_y + 15 == pytest.approx(place.heading_y - panel.heading_space)
    assert second.text_y + 30 == pytest.approx(first.text_y - panel.line_space)
    assert first.icon_y == pytest.approx(first.text_y + 15 - panel.icon_drop)
    assert [drawn(line.text) for line in lines] == [
        [pytest.approx((place.text_x, first.text_y))],
        [pytest.approx((place.text_x, second.text_y))],
    ]


# --- the theme's knobs move the layout -------------------------------------------------------


def test_half_the_card_padding_makes_a_row_shorter_by_that_much(theme: Theme) -> None:
    padding = theme.card.padding
    tight = replace(theme, card=replace(theme.card, padding=padding / 2))
    _, height = CardRow(theme, [probe_card(theme, 12, 30, 80)]).wrap(theme.grid.width, 10_000)
    _, tighter = CardRow(tight, [probe_card(tight, 12, 30, 80)]).wrap(theme.grid.width, 10_000)
    assert tighter == pytest.approx(height - padding)


def test_the_band_and_callout_follow_their_spacing_knobs(sample: Leaflet, theme: Theme) -> None:
    band = theme.band
    tight = replace(theme, band=replace(band, title_space=band.title_space / 2))
    heights = []
    for each in (theme, tight):
        cover = StoryBuilder(each, Messages()).cover(sample, logo=None)[0]
        heights.append(cover.wrap(each.grid.width, 10_000)[1])
    assert heights[1] == pytest.approx(heights[0] - theme.scale.line * band.title_space / 2)
    narrow = replace(theme, callout=replace(theme.callout, padding=theme.callout.padding + 5))
    _, height = Callout(theme, Probe(20), [Probe(50)]).wrap(400, 10_000)
    _, taller = Callout(narrow, Probe(20), [Probe(50)]).wrap(400, 10_000)
    assert taller == pytest.approx(height + 10)


def test_the_badge_is_as_big_as_the_theme_says(theme: Theme) -> None:
    big = replace(theme, card=replace(theme.card, badge=50))
    row = CardRow(big, [probe_card(big, 8, 14, 0)])
    _, height = row.wrap(big.grid.width, 10_000)
    assert row.cards[0].badge.width == 50
    assert height == pytest.approx(2 * big.card.padding + 50 + big.card.body_space)


# --- right to left: every block mirrored --------------------------------------------------------


@pytest.fixture
def rtl(theme: Theme) -> Theme:
    return replace(theme, direction=Direction.RTL)


def test_a_right_to_left_card_row_starts_at_the_right_with_the_badge_right_of_the_title(
    rtl: Theme,
) -> None:
    cards = [probe_card(rtl, 12, 30, 80), probe_card(rtl, 8, 14, 120)]
    row = CardRow(rtl, cards)
    row.wrap(rtl.grid.width, 10_000)
    paint(row)
    assert row.placement is not None
    width, metrics = rtl.grid.width, rtl.card
    for card, place in zip(cards, row.placement.cards, strict=True):
        ((title_x, _),) = drawn(card.title)
        # The title's column ends where the LTR one starts, mirrored: beside the badge's left.
        assert title_x + card.title.width == pytest.approx(width - place.text_x)
        badge_left = width - place.inner_x - metrics.badge
        assert badge_left >= title_x + card.title.width + metrics.badge_gap - 1e-6
        ((body_x, _),) = drawn(card.body[0])
        assert body_x + card.body[0].width == pytest.approx(width - place.inner_x)
    first, second = (drawn(card.title)[0][0] for card in cards)
    assert first > second  # the first card is the right one


def test_a_right_to_left_section_sets_its_text_at_the_right_and_its_fact_at_the_left(
    rtl: Theme,
) -> None:
    heading, text, fact = Probe(20), Probe(200), Probe(80)
    block = SectionBlock(rtl, heading, [text], fact)
    block.wrap(rtl.grid.width, 10_000)
    paint(block)
    ((text_x, _),) = drawn(text)
    assert text_x + rtl.grid.measure == pytest.approx(rtl.grid.width)
    assert drawn(heading)[0][0] == pytest.approx(text_x)
    ((fact_x, _),) = drawn(fact)
    assert fact_x == pytest.approx(0)


def test_a_right_to_left_split_section_flows_on_in_the_right_column(
    sample: Leaflet, rtl: Theme
) -> None:
    builder = StoryBuilder(rtl, Messages())
    section = sample.sections[0].model_copy(update={"body": "Words here. " * 200, "fact": None})
    (block,) = builder.section(section)
    block.wrap(rtl.grid.width, 10_000)
    parts = block.split(rtl.grid.width, 150)
    indent = rtl.grid.width - rtl.grid.measure
    assert [(p.left, p.right) for p in parts if isinstance(p, Indenter)] == [
        (indent, 0),
        (-indent, 0),
    ]


def test_the_right_to_left_contact_panel_has_its_qr_code_at_the_left(rtl: Theme) -> None:
    lines = [ContactLine("phone", Probe(15))]
    heading, caption = Probe(25), Probe(10)
    contact = ContactPanel(
        rtl, heading, lines, qr_matrix("https://a.example"), caption, "https://a.example"
    )
    contact.wrap(rtl.grid.width, 10_000)
    paint(contact)
    ((caption_x, _),) = caption.drawn
    assert caption_x == pytest.approx(rtl.panel.padding)  # the QR box's left edge
    ((text_x, _),) = drawn(lines[0].text)
    assert text_x > caption_x + rtl.panel.qr_box  # the contact lines right of the code
    assert text_x + lines[0].text.width == pytest.approx(
        rtl.grid.width - rtl.panel.padding - rtl.panel.text_indent
    )


def test_measure_indent_is_on_the_side_lines_end(theme: Theme, rtl: Theme) -> None:
    ltr_start, ltr_end = measure_indent(theme, 30)
    rtl_start, rtl_end = measure_indent(rtl, 30)
    assert (ltr_start.left, ltr_start.right, ltr_end.right) == (0, 30, -30)
    assert (rtl_start.left, rtl_start.right, rtl_end.left) == (30, 0, -30)


def test_the_callout_s_edge_and_icon_are_at_the_right(rtl: Theme) -> None:
    heading, body = Probe(20), Probe(60)
    callout = Callout(rtl, heading, [body])
    callout.wrap(rtl.grid.width, 10_000)
    canvas = Canvas(BytesIO())
    callout.drawOn(canvas, 0, 0)
    rects = [
        tuple(float(v) for v in match.groups())
        for match in re.finditer(r"(\S+) (\S+) (\S+) (\S+) re", " ".join(canvas_code(canvas)))
    ]
    edge = rtl.callout.edge
    assert any(
        w == pytest.approx(edge) and x == pytest.approx(rtl.grid.width - edge)
        for x, _, w, _ in rects
    ), rects
    assert callout.placement is not None
    ((text_x, _),) = drawn(heading)
    assert text_x + heading.width == pytest.approx(rtl.grid.width - callout.placement.text_x)
