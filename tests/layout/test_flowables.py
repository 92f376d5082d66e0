"""The designed blocks: shared card heights, unsplittable cards and callout, the band's bleed;
each block paints where its last wrap() placed it, and moves with the theme's knobs."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO
from typing import Any

import pytest
from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Indenter, Paragraph

from brochure.content.model import Leaflet
from brochure.layout.bidi import Direction
from brochure.layout.flowables import (
    AtPageFoot,
    Callout,
    Card,
    CardRow,
    ContactLine,
    ContactPanel,
    CoverBand,
    CoverPanel,
    FactBox,
    IconBadge,
    ListItem,
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


class ProbeBadge(IconBadge):
    """A card's badge that notes where on the page it is drawn."""

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme, "smooth", theme.palette.primary, theme.palette.on_primary_text)
        self.drawn: list[tuple[float, float]] = []

    def draw(self) -> None:
        self.drawn.append(self.canv.absolutePosition(0, 0))
        super().draw()


def drawn(part: Flowable) -> list[tuple[float, float]]:
    """Where the probe ``part`` was drawn."""
    assert isinstance(part, Probe | ProbeBadge)
    return part.drawn


def paint(flowable: Flowable) -> None:
    """Draw ``flowable`` (already wrapped) with its lower left corner at the page's origin."""
    flowable.drawOn(Canvas(BytesIO()), 0, 0)


def probe_card(theme: Theme, number: float, title: float, body: float) -> Card:
    return Card(Probe(number), Probe(title), [Probe(body)], ProbeBadge(theme))


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
            pytest.approx((place.body_x, place.body_top - card.body[0].height))
        ]
        assert drawn(card.badge) == [pytest.approx((place.badge_x, place.badge_y))]
        assert place.badge_x == place.body_x == place.x + metrics.padding
        assert place.text_x == pytest.approx(place.badge_x + metrics.badge + metrics.badge_gap)
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


class RectCanvas(Canvas):
    """A canvas that notes every rectangle it fills, rounded or not (x, y, width, height)."""

    def __init__(self) -> None:
        super().__init__(BytesIO())
        self.rects: list[tuple[float, float, float, float]] = []

    def rect(self, x: float, y: float, width: float, height: float, *a: Any, **kw: Any) -> None:
        self.rects.append((x, y, width, height))
        super().rect(x, y, width, height, *a, **kw)

    def roundRect(
        self, x: float, y: float, width: float, height: float, radius: float, *a: Any, **kw: Any
    ) -> None:
        self.rects.append((x, y, width, height))
        super().roundRect(x, y, width, height, radius, *a, **kw)


def rects(flowable: Flowable) -> list[tuple[float, float, float, float]]:
    """The rectangles ``flowable`` (already wrapped) fills when drawn at the origin."""
    canvas = RectCanvas()
    flowable.drawOn(canvas, 0, 0)
    return canvas.rects


def has_rect(found: list[tuple[float, float, float, float]], x: float, width: float) -> bool:
    return any(r[0] == pytest.approx(x) and r[2] == pytest.approx(width) for r in found)


def test_a_right_to_left_card_row_is_the_mirror_image_of_the_left_to_right_one(
    theme: Theme, rtl: Theme
) -> None:
    width, metrics, card_w = theme.grid.width, theme.card, theme.grid.card_width
    inner = card_w - 2 * metrics.padding
    head = inner - metrics.badge - metrics.badge_gap
    rows = {}
    for each in (theme, rtl):
        row = CardRow(each, [probe_card(each, 12, 30, 80), probe_card(each, 8, 14, 120)])
        row.wrap(width, 10_000)
        assert row.placement is not None
        rows[each.direction] = row.placement.cards
    ltr_cards, rtl_cards = rows[Direction.LTR], rows[Direction.RTL]
    # Left to right as it always was: the first card at the left, the badge inside its padding.
    assert (ltr_cards[0].x, ltr_cards[0].badge_x) == (0, metrics.padding)
    assert ltr_cards[0].text_x == metrics.padding + metrics.badge + metrics.badge_gap
    for plain, mirrored in zip(ltr_cards, rtl_cards, strict=True):
        assert mirrored.x == pytest.approx(width - plain.x - card_w)
        assert mirrored.badge_x == pytest.approx(width - plain.badge_x - metrics.badge)
        assert mirrored.text_x + head == pytest.approx(width - plain.text_x)
        assert mirrored.body_x + inner == pytest.approx(width - plain.body_x)
        ys = ("badge_y", "number_y", "title_y", "body_top", "height")
        assert [getattr(mirrored, y) for y in ys] == [getattr(plain, y) for y in ys]
        # The badge at the card's right inner edge, the title's column ending before it.
        assert mirrored.badge_x + metrics.badge == pytest.approx(
            mirrored.x + card_w - metrics.padding
        )
        assert mirrored.text_x + head + metrics.badge_gap == pytest.approx(mirrored.badge_x)
    first, second = rtl_cards
    assert first.x + card_w == pytest.approx(width) and second.x == pytest.approx(0)


def test_a_right_to_left_card_row_paints_where_its_placements_say(rtl: Theme) -> None:
    cards = [probe_card(rtl, 12, 30, 80), probe_card(rtl, 8, 14, 120)]
    row = CardRow(rtl, cards)
    row.wrap(rtl.grid.width, 10_000)
    found = rects(row)
    assert row.placement is not None
    for card, place in zip(cards, row.placement.cards, strict=True):
        assert has_rect(found, place.x, place.width)  # the card's tint
        assert drawn(card.badge) == [pytest.approx((place.badge_x, place.badge_y))]
        assert drawn(card.title) == [pytest.approx((place.text_x, place.title_y))]
        assert drawn(card.number) == [pytest.approx((place.text_x, place.number_y))]
        ((body_x, _),) = drawn(card.body[0])
        assert body_x == pytest.approx(place.body_x)
        assert drawn(card.badge)[0][0] > drawn(card.title)[0][0] + card.title.width - 1e-6
    (first_x, _), (second_x, _) = (drawn(card.title)[0] for card in cards)
    assert first_x > second_x  # the first card is the right one


def test_a_right_to_left_card_row_in_a_pdf_has_each_title_left_of_its_badge(
    rtl: Theme,
) -> None:
    """Drawn to a PDF and read back with pdfium: each title's words end left of its badge,
    the first card's title at the right."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from reportlab.lib.enums import TA_RIGHT

    style = ParagraphStyle("t", fontName=rtl.fonts.regular, fontSize=12, alignment=TA_RIGHT)
    titles = ("Alpha", "Bravo")

    def card(title: str) -> Card:
        badge = IconBadge(rtl, "smooth", rtl.palette.primary, rtl.palette.on_primary_text)
        return Card(Paragraph("01", style), Paragraph(title, style), [Paragraph("x", style)], badge)

    row = CardRow(rtl, [card(title) for title in titles])
    _, height = row.wrap(rtl.grid.width, 10_000)
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(rtl.grid.width, height))
    row.drawOn(canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    page = pdfium.PdfDocument(buffer.getvalue())[0]
    text = page.get_textpage()
    badge = rtl.card.badge
    circles = sorted(
        left
        for left, bottom, right, top in (
            obj.get_bounds() for obj in page.get_objects() if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH
        )
        if abs(right - left - badge) < 1 and abs(top - bottom - badge) < 1
    )
    assert len(circles) == 2
    ends = []
    for title in titles:
        searcher = text.search(title)
        start, count = searcher.get_next()
        boxes = [text.get_charbox(index) for index in range(start, start + count)]
        ends.append((min(b[0] for b in boxes), max(b[2] for b in boxes)))
    (alpha_left, alpha_right), (_, bravo_right) = ends
    second_badge, first_badge = circles
    assert alpha_left > bravo_right  # the first card at the right
    assert alpha_right < first_badge and bravo_right < second_badge
    assert first_badge - alpha_right < rtl.card.badge_gap + 2  # flush against the badge's gap


def test_a_right_to_left_cover_band_has_its_logo_at_the_right_and_its_title_flush_right(
    theme: Theme, rtl: Theme
) -> None:
    band, width = rtl.band, rtl.grid.width
    places = {}
    for each in (theme, rtl):
        clinic, title, subtitle = Probe(20), Probe(60), Probe(30)
        cover = CoverBand(each, clinic, title, subtitle, logo=Drawing(120, 60))
        cover.wrap(width, 10_000)
        paint(cover)
        place = cover.placement
        assert place is not None
        assert clinic.drawn == [pytest.approx((place.name_x, place.name_y))]
        assert title.drawn == [pytest.approx((place.title_x, place.title_y))]
        assert subtitle.drawn == [pytest.approx((place.subtitle_x, place.subtitle_y))]
        places[each.direction] = (place, clinic.width)
    (ltr, _), (mirrored, clinic_w) = places[Direction.LTR], places[Direction.RTL]
    assert (ltr.logo_x, ltr.title_x, ltr.subtitle_x, ltr.rule_x) == (0, 0, 0, 0)
    assert ltr.name_x == ltr.logo_width + band.logo_gap
    assert mirrored.logo_x + mirrored.logo_width == pytest.approx(width)
    assert mirrored.name_x + clinic_w == pytest.approx(mirrored.logo_x - band.logo_gap)
    assert mirrored.title_x == pytest.approx(width - rtl.grid.lede_width)
    assert mirrored.subtitle_x == pytest.approx(width - rtl.grid.lede_width)
    assert mirrored.rule_x + band.rule_length == pytest.approx(width)
    assert mirrored.rule_y == ltr.rule_y and mirrored.title_y == ltr.title_y


def test_a_right_to_left_cover_panel_and_band_without_a_logo_start_at_the_right(
    rtl: Theme,
) -> None:
    width = rtl.grid.width
    clinic = Probe(20)
    band = CoverBand(rtl, clinic, Probe(60), None, logo=None)
    band.wrap(width, 10_000)
    assert band.placement is not None
    assert band.placement.name_x + clinic.width == pytest.approx(width)
    panel = CoverPanel(rtl, Probe(20), Probe(60), None, logo=Drawing(120, 60))
    panel.wrap(width, 600)
    place = panel.placement
    assert place is not None and place.height == 600
    assert place.logo_x + place.logo_width == pytest.approx(width)
    assert place.title_x == pytest.approx(width - rtl.grid.lede_width)
    assert place.rule_x + rtl.band.rule_length == pytest.approx(width)


def test_a_right_to_left_fact_box_has_its_rule_at_the_right(theme: Theme, rtl: Theme) -> None:
    fact, width = rtl.fact, rtl.grid.span(4)
    for each, rule_x in ((theme, fact.padding), (rtl, width - fact.padding - fact.rule_length)):
        value, label = Probe(40), Probe(20)
        box = FactBox(each, value, label)
        box.wrap(width, 10_000)
        found = rects(box)
        place = box.placement
        assert place is not None
        assert place.rule_x == pytest.approx(rule_x)
        assert has_rect(found, rule_x, fact.rule_length)
        # The text's column is inside the padding on both sides.
        assert place.text_x == pytest.approx(fact.padding)
        assert value.drawn == [pytest.approx((place.text_x, place.text_top - 40))]
        assert value.width == pytest.approx(width - 2 * fact.padding)


def test_a_right_to_left_section_sets_its_text_at_the_right_and_its_fact_at_the_left(
    theme: Theme, rtl: Theme
) -> None:
    ltr_block = SectionBlock(theme, Probe(20), [Probe(200)], Probe(80))
    ltr_block.wrap(theme.grid.width, 10_000)
    assert ltr_block.placement is not None
    assert ltr_block.placement.text_x == 0
    assert ltr_block.placement.aside_x == theme.grid.span(8) + theme.grid.gutter
    heading, text, fact = Probe(20), Probe(200), Probe(80)
    block = SectionBlock(rtl, heading, [text], fact)
    block.wrap(rtl.grid.width, 10_000)
    paint(block)
    assert block.placement is not None
    ((text_x, _),) = drawn(text)
    assert text_x == pytest.approx(block.placement.text_x)
    assert text_x + rtl.grid.measure == pytest.approx(rtl.grid.width)
    assert drawn(heading)[0][0] == pytest.approx(text_x)
    ((fact_x, _),) = drawn(fact)
    assert fact_x == pytest.approx(0) == block.placement.aside_x
    assert fact_x + fact.width + rtl.grid.gutter == pytest.approx(text_x)


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


def contact_panel(theme: Theme) -> tuple[ContactPanel, list[ContactLine], Probe, Probe]:
    lines = [ContactLine("phone", Probe(15)), ContactLine("mail", Probe(30))]
    heading, caption = Probe(25), Probe(10)
    contact = ContactPanel(
        theme, heading, lines, qr_matrix("https://a.example"), caption, "https://a.example"
    )
    contact.wrap(theme.grid.width, 10_000)
    return contact, lines, heading, caption


def test_the_right_to_left_contact_panel_has_its_qr_code_at_the_left(rtl: Theme) -> None:
    panel, width = rtl.panel, rtl.grid.width
    contact, lines, heading, caption = contact_panel(rtl)
    found = rects(contact)
    place = contact.placement
    assert place is not None
    assert place.qr_box_x == pytest.approx(panel.padding)  # the QR box at the left
    assert (place.qr_x - place.qr_box_x, place.qr_y - place.qr_box_y) == (panel.qr_quiet,) * 2
    assert has_rect(found, place.qr_box_x, panel.qr_box)  # its white box, painted
    assert caption.drawn == [pytest.approx((place.qr_box_x, place.caption_y))]
    # The icons at the right inside the padding, the text to their left, clear of the code.
    assert place.icon_x + panel.icon == pytest.approx(width - panel.padding)
    for line, spot in zip(lines, place.lines, strict=True):
        assert drawn(line.text) == [pytest.approx((place.text_x, spot.text_y))]
        assert place.text_x + line.text.width == pytest.approx(
            width - panel.padding - panel.text_indent
        )
    assert place.text_x == pytest.approx(place.qr_box_x + panel.qr_box + panel.qr_gap)
    assert drawn(heading) == [pytest.approx((place.heading_x, place.heading_y))]
    assert place.heading_x + heading.width == pytest.approx(width - panel.padding)


def test_the_contact_panel_s_qr_code_under_its_text_is_at_the_start_side(
    theme: Theme, rtl: Theme
) -> None:
    panel, width = theme.panel, theme.grid.width
    for each, box_x in ((theme, panel.padding), (rtl, width - panel.padding - panel.qr_box)):
        narrow = replace(each, grid=replace(each.grid, narrow=True))
        contact, *_ = contact_panel(narrow)
        assert contact.placement is not None
        assert contact.placement.qr_box_x == pytest.approx(box_x)
    # Left to right, as before: the icons and heading at the left padding.
    contact, *_ = contact_panel(theme)
    assert contact.placement is not None
    assert contact.placement.icon_x == contact.placement.heading_x == panel.padding
    assert contact.placement.text_x == panel.padding + panel.text_indent


def test_measure_indent_is_on_the_side_lines_end(theme: Theme, rtl: Theme) -> None:
    ltr_start, ltr_end = measure_indent(theme, 30)
    rtl_start, rtl_end = measure_indent(rtl, 30)
    assert (ltr_start.left, ltr_start.right, ltr_end.left, ltr_end.right) == (0, 30, 0, -30)
    assert (rtl_start.left, rtl_start.right, rtl_end.left, rtl_end.right) == (30, 0, -30, 0)


def test_the_lede_and_closing_of_a_right_to_left_leaflet_indent_on_the_left(
    sample: Leaflet, theme: Theme, rtl: Theme
) -> None:
    for each, side in ((theme, "right"), (rtl, "left")):
        builder = StoryBuilder(each, Messages())
        indenters = [
            f
            for f in [*builder.lede(sample.intro), *builder.closing(sample.closing or "Words.")]
            if isinstance(f, Indenter)
        ]
        lede = each.grid.width - each.grid.lede_width
        closing = each.grid.width - each.grid.measure
        assert [getattr(f, side) for f in indenters] == [lede, -lede, closing, -closing]
        other = "left" if side == "right" else "right"
        assert all(getattr(f, other) == 0 for f in indenters)


def test_the_callout_s_edge_and_icon_are_at_the_right(theme: Theme, rtl: Theme) -> None:
    callout_m, width = rtl.callout, rtl.grid.width
    ltr = Callout(theme, Probe(20), [Probe(60)])
    ltr.wrap(width, 10_000)
    assert ltr.placement is not None
    assert (ltr.placement.edge_x, ltr.placement.icon_x) == (0, callout_m.edge + callout_m.padding)
    heading, body = Probe(20), Probe(60)
    callout = Callout(rtl, heading, [body])
    callout.wrap(width, 10_000)
    found = rects(callout)
    place = callout.placement
    assert place is not None
    assert place.edge_x == pytest.approx(width - callout_m.edge)
    assert has_rect(found, width - callout_m.edge, callout_m.edge)
    assert place.icon_x + callout_m.icon == pytest.approx(
        width - callout_m.edge - callout_m.padding
    )
    # The text's column ends the icon's gap before it, and starts at the left padding.
    assert place.text_x + heading.width + callout_m.icon_gap == pytest.approx(place.icon_x)
    assert place.text_x == pytest.approx(callout_m.padding)
    assert heading.drawn == [pytest.approx((place.text_x, place.text_top - heading.height))]
    assert body.drawn[0][0] == pytest.approx(place.text_x)


class Bullet(Probe):
    """A bullet label narrower than its item, in a style that runs ``direction``."""

    def __init__(self, direction: str) -> None:
        super().__init__(10)
        self.style = ParagraphStyle("label")
        self.style.direction = direction

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = 8.0, self.fixed
        return self.width, self.height


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_a_list_item_s_bullet_is_at_the_start_of_its_first_line(direction: str) -> None:
    label, body = Bullet(direction), Probe(30)
    item = ListItem(label, body, 2.0)
    _, height = item.wrap(300, 1_000)
    paint(item)
    expected = 2.0 if direction == "ltr" else 300 - 2.0 - 8.0
    assert item.label_x == expected
    assert label.drawn == [pytest.approx((expected, height - 10))]
    assert body.drawn == [(0, 0)]


def test_a_block_over_the_page_foot_sits_in_the_middle_of_the_room_left_above_it() -> None:
    foot, panel = Probe(40), Probe(200)
    block = AtPageFoot(foot, gap=10, over=panel)
    assert block.wrap(300, 600) == (300, 600)
    assert block.free == 600 - 40 - 10 - 200
    paint(block)
    assert drawn(foot) == [(0, 10)]
    (x, y) = drawn(panel)[0]
    room_below, room_above = y - (10 + 40), 600 - (y + 200)
    assert x == 0 and room_below == room_above == 175
