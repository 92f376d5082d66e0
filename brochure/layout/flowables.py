"""The leaflet's designed blocks as ReportLab flowables: cover band, fact aside, benefit cards,
safety callout and contact panel. Each one draws itself from a theme; none touches files.

A block measures itself once, in ``wrap()``, into a small frozen placement record (where each of
its parts goes); ``draw()`` only paints from the record of the last ``wrap()``. Its sizes and
spacing are the theme's (:mod:`brochure.layout.theme`), never numbers of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Indenter

from brochure.content.assets import Bitmap
from brochure.layout.icons import draw_icon
from brochure.layout.pictures import prepare_bitmap
from brochure.layout.qr import QrMatrix, draw_qr
from brochure.layout.sketch import paints
from brochure.layout.textlayer import TextParagraph
from brochure.layout.theme import Theme

Logo = Drawing | Bitmap
"""A logo: vector (a graphics Drawing, from SVG) or raster."""

Placed = TypeVar("Placed")


@dataclass(frozen=True)
class OutlineEntry:
    """A bookmark this flowable adds to the PDF outline when drawn."""

    title: str
    key: str
    level: int


def add_outline(canvas: Any, entry: OutlineEntry, top: float) -> None:
    """Bookmark the current position (``top`` in local coordinates) and list it in the outline."""
    canvas.bookmarkHorizontal(entry.key, 0, top)
    canvas.addOutlineEntry(entry.title, entry.key, level=entry.level, closed=False)


Mark = Callable[[Any], AbstractContextManager[None]]
"""Called with the canvas around a drawing that is a piece of content (a logo, a QR code), so
an accessible PDF can mark it; :func:`unmarked` for outputs that mark nothing."""


def unmarked(canvas: Any) -> AbstractContextManager[None]:
    """A :data:`Mark` that marks nothing."""
    return nullcontext()


def furniture(canvas: Any) -> AbstractContextManager[None]:
    """Around drawing that only decorates (backgrounds, rules, icons): a canvas that writes a
    tagged PDF marks it as an artifact; any other canvas draws it as it is."""
    artifact = getattr(canvas, "artifact", None)
    return artifact() if artifact is not None else nullcontext()


class Heading(TextParagraph):
    """A heading paragraph that puts itself in the PDF outline."""

    def __init__(self, text: str, style: Any, outline: OutlineEntry) -> None:
        super().__init__(text, style)
        self.outline = outline

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # a heading moves to the next page whole

    @paints
    def draw(self) -> None:
        add_outline(self.canv, self.outline, self.height)
        super().draw()


def measure_indent(theme: Theme, indent: float) -> tuple[Indenter, Indenter]:
    """The pair of indenters around text set in a narrower measure than its frame: the space
    ``indent`` wide is on the side where lines end (right, or left for right to left)."""
    side = "left" if theme.rtl else "right"
    return Indenter(**{side: indent}), Indenter(**{side: -indent})


def _stack_height(flowables: Sequence[Flowable], width: float) -> float:
    """Height of flowables laid one under another, with their spaceBefore/After between."""
    total = 0.0
    for index, flowable in enumerate(flowables):
        _, height = flowable.wrap(width, 1e6)
        total += height
        if index:
            total += flowable.getSpaceBefore()
        if index < len(flowables) - 1:
            total += flowable.getSpaceAfter()
    return total


def logo_size(logo: Logo, max_width: float, max_height: float) -> tuple[float, float]:
    """The logo's size fitted into a box, keeping its proportions."""
    width, height = float(logo.width), float(logo.height)  # both > 0: checked by validation
    scale = min(max_width / width, max_height / height)
    return width * scale, height * scale


def draw_logo(
    canvas: Any, logo: Logo, x: float, y: float, width: float, height: float, theme: Theme
) -> None:
    """Draw a logo at (x, y), ``width`` x ``height`` points (see :func:`logo_size`), in the
    theme's colour space and, for a raster logo, at most its output's resolution."""
    if isinstance(logo, Bitmap):
        # drawImage makes an image XObject: binary-safe, and stored once however often it is used.
        reader = prepare_bitmap(logo, theme.inks, theme.image_ppi, width, height)
        canvas.drawImage(reader, x, y, width, height, mask="auto")
        return
    # renderPDF starts every drawing in Helvetica and black unless told otherwise, which would
    # leave an unembedded font reference (and an RGB black in a CMYK file); a wrapper starts it
    # in an embedded face and the theme's black without touching the logo's own drawing.
    wrapper = Drawing(logo.width, logo.height)
    wrapper.add(theme.inks.recolor(logo))
    # renderPDF reads these "initial" attributes, but Drawing only declares the font one.
    vars(wrapper).update(
        initialFontName=theme.fonts.regular,
        initialFillColor=theme.color("#000000"),
        initialStrokeColor=theme.color("#000000"),
    )
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width / logo.width, height / logo.height)
    renderPDF.draw(wrapper, canvas, 0, 0)
    canvas.restoreState()


def fill_rect(
    canvas: Any, color: Any, x: float, y: float, width: float, height: float, radius: float = 0
) -> None:
    """A filled rectangle (rounded when ``radius``) in ``color`` (a ReportLab colour from
    :meth:`Theme.color`), canvas state left as it was."""
    with furniture(canvas):
        canvas.saveState()
        canvas.setFillColor(color)
        if radius:
            canvas.roundRect(x, y, width, height, radius, stroke=0, fill=1)
        else:
            canvas.rect(x, y, width, height, stroke=0, fill=1)
        canvas.restoreState()


class Block(Flowable):
    """A designed block that never splits across pages: it moves to the next page whole."""

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []


def _measured(placement: Placed | None) -> Placed:
    """The placement a flowable's last :meth:`wrap` measured, for its :meth:`draw` to paint
    from (ReportLab always wraps a flowable before it draws it)."""
    if placement is None:
        raise RuntimeError("a flowable was drawn before it was wrapped")
    return placement


def _draw_stack(canvas: Any, flowables: Sequence[Flowable], x: float, top: float) -> None:
    y = top
    for index, flowable in enumerate(flowables):
        if index:
            y -= flowable.getSpaceBefore()
        y -= flowable.height
        flowable.drawOn(canvas, x, y)
        y -= flowable.getSpaceAfter()


@dataclass(frozen=True)
class BandPlacement:
    """Where :class:`CoverBand` paints its parts, in points from the band's lower left corner."""

    height: float
    """The band's height, from its lower edge to the paper's top edge."""
    logo_x: float
    """The logo's left edge: the frame's left edge (its right edge right to left)."""
    logo_y: float
    """The logo's lower edge."""
    logo_width: float
    """The logo's width, 0 without a logo."""
    logo_height: float
    """The logo's height, 0 without a logo."""
    name_x: float
    """The clinic's name's left edge: after the logo, or at the frame's left edge (right to
    left: its column ends before the logo, or at the frame's right edge)."""
    name_y: float
    """The clinic's name's lower edge: its middle is the logo row's."""
    title_x: float
    """The title's left edge: the frame's (right to left: its column ends at the frame's
    right edge)."""
    title_y: float
    """The title's lower edge."""
    subtitle_x: float
    """The subtitle's left edge, like the title's."""
    subtitle_y: float
    """The subtitle's lower edge (the title's, when there is no subtitle)."""
    rule_x: float
    """The accent rule's left edge: at the frame's left edge (right to left: its right)."""
    rule_y: float
    """The accent rule's lower edge."""


class CoverBand(Flowable):
    """The first page's primary-colour band, from the top edge to the paper's sides, with the
    logo, clinic name, title and subtitle. Placed first in a frame that starts at the page top."""

    def __init__(
        self,
        theme: Theme,
        clinic: Flowable,
        title: Flowable,
        subtitle: Flowable | None,
        logo: Logo | None,
        logo_mark: Mark = unmarked,
    ) -> None:
        super().__init__()
        self.theme = theme
        self.clinic, self.title, self.subtitle, self.logo = clinic, title, subtitle, logo
        self.logo_mark = logo_mark
        self.placement: BandPlacement | None = None
        """Set by :meth:`wrap`: where :meth:`draw` paints each part."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.placement = self._measure(avail_width, avail_height)
        self.width, self.height = avail_width, self.placement.height
        return self.width, self.height

    def _measure(self, avail_width: float, avail_height: float) -> BandPlacement:
        grid, band, line = self.theme.grid, self.theme.band, self.theme.scale.line
        mirror = self.theme.mirror
        inner = grid.lede_width
        title_h = self.title.wrap(inner, avail_height)[1]
        sub_h = self.subtitle.wrap(inner, avail_height)[1] if self.subtitle else 0.0
        logo_w, logo_h = (
            logo_size(self.logo, grid.span(4), band.logo_height) if self.logo else (0.0, 0.0)
        )
        name_x = logo_w + band.logo_gap if self.logo else 0.0
        self.clinic.wrap(grid.width - name_x, avail_height)
        row_h = max(band.logo_height, self.clinic.height)
        inset = grid.margin * band.top_share
        height = (
            inset
            + row_h
            + line * band.title_space
            + title_h
            + (line * band.subtitle_space + sub_h if self.subtitle else 0.0)
            + line * band.rule_space
            + band.rule_thickness
            + line * band.foot_space
        )
        top = height - inset
        middle = top - row_h / 2
        title_y = top - (row_h + line * band.title_space + title_h)
        subtitle_y = title_y - (line * band.subtitle_space + sub_h) if self.subtitle else title_y
        subtitle_w = self.subtitle.width if self.subtitle else 0.0
        return BandPlacement(
            height=height,
            logo_x=mirror(0.0, logo_w, avail_width),
            logo_y=middle - logo_h / 2,
            logo_width=logo_w,
            logo_height=logo_h,
            name_x=mirror(name_x, self.clinic.width, avail_width),
            name_y=middle - self.clinic.height / 2,
            title_x=mirror(0.0, self.title.width, avail_width),
            title_y=title_y,
            subtitle_x=mirror(0.0, subtitle_w, avail_width),
            subtitle_y=subtitle_y,
            rule_x=mirror(0.0, band.rule_length, avail_width),
            rule_y=subtitle_y - line * band.rule_space - band.rule_thickness,
        )

    @paints
    def draw(self) -> None:
        place = _measured(self.placement)
        # The band reaches past the frame to the paper's left, right and top edges, and on
        # into the bleed.
        self._paint_background(0.0, place.height + self.theme.grid.bleed)
        self._paint_parts(place)

    def _paint_background(self, bottom: float, height: float) -> None:
        """The primary colour from ``bottom`` up, ``height`` tall, across the paper and its
        bleed."""
        grid = self.theme.grid
        primary = self.theme.color(self.theme.palette.primary)
        left, width = -grid.margin - grid.bleed, grid.page_width + 2 * grid.bleed
        fill_rect(self.canv, primary, left, bottom, width, height)

    def _paint_parts(self, place: BandPlacement) -> None:
        """Logo, clinic name, title, subtitle and the accent rule, where ``place`` says."""
        canvas, palette = self.canv, self.theme.palette
        if self.logo is not None:
            with self.logo_mark(canvas):
                draw_logo(
                    canvas,
                    self.logo,
                    place.logo_x,
                    place.logo_y,
                    place.logo_width,
                    place.logo_height,
                    self.theme,
                )
        self.clinic.drawOn(canvas, place.name_x, place.name_y)
        self.title.drawOn(canvas, place.title_x, place.title_y)
        if self.subtitle is not None:
            self.subtitle.drawOn(canvas, place.subtitle_x, place.subtitle_y)
        accent = self.theme.color(palette.accent)
        rule = self.theme.band
        fill_rect(canvas, accent, place.rule_x, place.rule_y, rule.rule_length, rule.rule_thickness)


class CoverPanel(CoverBand):
    """A folded leaflet's front cover: the whole panel (or page) in the primary colour, into
    the bleed, the logo row at its top and the title lower down (see
    :attr:`BandMetrics.cover_title_share`); nothing else, so it reads as a cover from across a
    desk. Fills the frame it is placed in."""

    def _measure(self, avail_width: float, avail_height: float) -> BandPlacement:
        band = super()._measure(avail_width, avail_height)
        lift = avail_height - band.height  # the logo row goes to the frame's top
        title_top = band.height - band.title_y - self.title.height  # below the frame's top
        drop = max(0.0, avail_height * self.theme.band.cover_title_share - title_top)
        drop = min(drop, band.rule_y + lift)  # the rule stays inside the frame
        return replace(
            band,
            height=avail_height,
            logo_y=band.logo_y + lift,
            name_y=band.name_y + lift,
            title_y=band.title_y + lift - drop,
            subtitle_y=band.subtitle_y + lift - drop,
            rule_y=band.rule_y + lift - drop,
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        super().wrap(avail_width, avail_height)
        # A cover shorter than its frame would leave the frame's foot unpainted.
        self.height = max(self.height, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    @paints
    def draw(self) -> None:
        grid, place = self.theme.grid, _measured(self.placement)
        self._paint_background(-grid.frame_bottom - grid.bleed, grid.page_height + 2 * grid.bleed)
        self._paint_parts(place)


class NotesPage(Block):
    """A booklet's Notes page: its heading, then ruled lines to the foot of the page, for a
    patient's questions. Fills the frame it is placed in."""

    def __init__(self, theme: Theme, heading: Flowable) -> None:
        super().__init__()
        self.theme, self.heading = theme, heading

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.heading.wrap(avail_width, avail_height)
        self.width, self.height = avail_width, avail_height
        return self.width, self.height

    @paints
    def draw(self) -> None:
        canvas, theme = self.canv, self.theme
        top = self.height - self.heading.height
        self.heading.drawOn(canvas, 0, top)
        step = theme.scale.line * theme.furniture.notes_line_share
        with furniture(canvas):
            canvas.saveState()
            canvas.setStrokeColor(theme.color(theme.palette.muted_text))
            canvas.setLineWidth(theme.furniture.notes_rule_width)
            y = top - step
            while y >= 0:
                canvas.line(0, y, self.width, y)
                y -= step
            canvas.restoreState()


class Stack(Block):
    """Flowables one under another, kept together (a back cover's clinic name and reminder)."""

    def __init__(self, flowables: Sequence[Flowable]) -> None:
        super().__init__()
        self.flowables = list(flowables)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, _stack_height(self.flowables, avail_width)
        return self.width, self.height

    def draw(self) -> None:
        _draw_stack(self.canv, self.flowables, 0, self.height)


@dataclass(frozen=True)
class FactPlacement:
    """Where :class:`FactBox` paints its parts, in points from the box's lower left corner."""

    height: float
    """The box's height."""
    rule_x: float
    """The accent rule's left edge: inside the padding at the start side (left, or right for
    right to left)."""
    rule_y: float
    """The accent rule's lower edge."""
    text_x: float
    """The left edge of the figure and of its label, inside the padding."""
    text_top: float
    """The top of the figure, and of its label under it."""


class FactBox(Flowable):
    """A tinted box with a big figure and its meaning, shown beside a section's text."""

    def __init__(self, theme: Theme, value: Flowable, label: Flowable) -> None:
        super().__init__()
        self.theme, self.value, self.label = theme, value, label
        self.placement: FactPlacement | None = None
        """Set by :meth:`wrap`: where :meth:`draw` paints each part."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        fact, mirror = self.theme.fact, self.theme.mirror
        inner = avail_width - 2 * fact.padding
        text_h = _stack_height([self.value, self.label], inner)
        height = text_h + 2 * fact.padding + fact.rule_thickness + fact.rule_space
        rule_y = height - fact.padding - fact.rule_thickness
        self.placement = FactPlacement(
            height,
            rule_x=mirror(fact.padding, fact.rule_length, avail_width),
            rule_y=rule_y,
            text_x=mirror(fact.padding, inner, avail_width),
            text_top=rule_y - fact.rule_space,
        )
        self.width, self.height = avail_width, height
        return self.width, self.height

    @paints
    def draw(self) -> None:
        canvas, fact, place = self.canv, self.theme.fact, _measured(self.placement)
        palette = self.theme.palette
        tint, accent = self.theme.color(palette.tint), self.theme.color(palette.accent)
        fill_rect(canvas, tint, 0, 0, self.width, place.height, radius=fact.radius)
        fill_rect(canvas, accent, place.rule_x, place.rule_y, fact.rule_length, fact.rule_thickness)
        _draw_stack(canvas, [self.value, self.label], place.text_x, place.text_top)


@dataclass(frozen=True)
class SectionPlacement:
    """Where :class:`SectionBlock` paints its parts, across the block from its left edge."""

    text_x: float
    """The left edge of the heading and the running text: the block's (right to left: their
    measure ends at the block's right edge)."""
    aside_x: float
    """The aside's left edge: beside the text at the right (right to left: at the left), or
    under it at the start side on a narrow grid."""


class SectionBlock(Flowable):
    """A section: its heading and running text in the left 8 columns, and an optional aside
    (a fact box) in the right 4, level with the text; on a narrow grid the aside goes under the
    text. Right to left, mirrored: the text in the right 8 columns, the aside in the left 4.

    Splits like the text it holds, never after the heading alone: the heading (and the aside)
    stay with the first lines, the rest flows on in the same 8-column measure.
    """

    def __init__(
        self, theme: Theme, heading: Flowable, main: list[Flowable], aside: Flowable | None
    ) -> None:
        super().__init__()
        self.theme, self.heading, self.main, self.aside = theme, heading, main, aside
        self.placement: SectionPlacement | None = None
        """Set by :meth:`wrap`: where :meth:`draw` paints each part across the block."""

    def getSpaceBefore(self) -> float:
        return float(self.heading.getSpaceBefore())

    def _head_height(self) -> float:
        height = self.heading.wrap(self.theme.grid.measure, 1e6)[1]
        return float(height + self.heading.getSpaceAfter())

    def _aside_height(self, avail_height: float) -> float:
        if self.aside is None:
            return 0.0
        return float(self.aside.wrap(self.theme.grid.aside_width, avail_height)[1])

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._head_h = self._head_height()
        self._main_h = _stack_height(self.main, self.theme.grid.measure)
        aside_h = self._aside_height(avail_height)
        if self.theme.grid.narrow:
            under = self.theme.grid.gutter + aside_h if self.aside else 0.0
            self.height = self._head_h + self._main_h + under
        else:
            self.height = self._head_h + max(self._main_h, aside_h)
        self.placement = self._place(avail_width)
        return self.width, self.height

    def _place(self, avail_width: float) -> SectionPlacement:
        grid, mirror = self.theme.grid, self.theme.mirror
        aside_w = self.aside.width if self.aside is not None else grid.aside_width
        aside_x = 0.0 if grid.narrow else grid.span(8) + grid.gutter
        return SectionPlacement(
            text_x=mirror(0.0, grid.measure, avail_width),
            aside_x=mirror(aside_x, aside_w, avail_width),
        )

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        measure = self.theme.grid.measure
        room = avail_height - self._head_height()
        if self._aside_height(room) > room:
            return []
        if self.theme.grid.narrow and self.aside is not None:
            # Under the text, the aside stays with the whole section: split, the fact would
            # stand apart from what it sums up.
            return []
        first: list[Flowable] = []
        used = 0.0
        for index, flowable in enumerate(self.main):
            height = flowable.wrap(measure, room)[1]
            before = flowable.getSpaceBefore() if first else 0.0
            if used + before + height <= room:
                first.append(flowable)
                used += before + height + flowable.getSpaceAfter()
                continue
            parts = flowable.split(measure, room - used - before)
            if parts:
                first.append(parts[0])
                rest = list(parts[1:]) + self.main[index + 1 :]
            else:
                rest = self.main[index:]
            if not first:
                return []  # not even the first lines fit: the heading must not stand alone
            start, end = measure_indent(self.theme, self.width - measure)
            return [SectionBlock(self.theme, self.heading, first, self.aside), start, *rest, end]
        return []  # everything fits after all: nothing to split

    @paints
    def draw(self) -> None:
        place, top = _measured(self.placement), self.height
        self.heading.drawOn(self.canv, place.text_x, top - self.heading.height)
        top -= self._head_h
        _draw_stack(self.canv, self.main, place.text_x, top)
        if self.aside is None:
            return
        if self.theme.grid.narrow:
            below = top - self._main_h - self.theme.grid.gutter
            self.aside.drawOn(self.canv, place.aside_x, below - self.aside.height)
        else:
            self.aside.drawOn(self.canv, place.aside_x, top - self.aside.height)


class IconBadge(Flowable):
    """A benefit card's icon in a filled circle, as big as the theme's card badge."""

    def __init__(self, theme: Theme, icon: str, fill: str, ink: str) -> None:
        super().__init__()
        self.theme, self.icon, self.fill, self.ink = theme, icon, fill, ink
        self.width = self.height = theme.card.badge

    @paints
    def draw(self) -> None:
        canvas, radius = self.canv, self.width / 2
        size = self.width * self.theme.card.badge_icon_share
        offset = (self.width - size) / 2
        with furniture(canvas):  # the card's title says what the icon shows
            canvas.saveState()
            canvas.setFillColor(self.theme.color(self.fill))
            canvas.circle(radius, radius, radius, stroke=0, fill=1)
            canvas.restoreState()
            draw_icon(canvas, self.icon, offset, offset, size, self.theme.color(self.ink))


@dataclass
class Card:
    """One benefit card's parts."""

    number: Flowable
    title: Flowable
    body: list[Flowable]
    badge: IconBadge


@dataclass(frozen=True)
class CardPlacement:
    """Where one card of a :class:`CardRow` paints its parts, in points from the row's lower
    left corner. Right to left, each card is the mirror image: the first card at the right,
    the badge at the card's right inner edge, the number and title to its left."""

    x: float
    """The card's left edge."""
    width: float
    """The card's width."""
    head_height: float
    """The card's head: the badge, or the number and title beside it when they are taller."""
    body_height: float
    """The body text's height."""
    height: float
    """The card's own height: padding, head, the space under it, body, padding. The row is as
    tall as its tallest card."""
    badge_x: float
    """The badge's left edge, inside the padding at the card's start side."""
    badge_y: float
    """The badge's lower edge."""
    text_x: float
    """The left edge of the number and of the title, beside the badge (right to left: their
    column ends beside the badge's left)."""
    number_y: float
    """The number's lower edge."""
    title_y: float
    """The title's lower edge."""
    body_x: float
    """The body text's left edge, inside the padding."""
    body_top: float
    """The top of the body text."""


@dataclass(frozen=True)
class RowPlacement:
    """Where :class:`CardRow` paints its cards."""

    width: float
    """The width the row was measured for."""
    height: float
    """The row's height: its tallest card's, which every card in the row takes."""
    cards: tuple[CardPlacement, ...]
    """Each card's placement, in the row's order."""


class CardRow(Block):
    """Benefit cards side by side (two, or one on a narrow grid); cards in a row share a
    height; never split."""

    def __init__(self, theme: Theme, cards: Sequence[Card]) -> None:
        super().__init__()
        self.theme, self.cards = theme, list(cards)
        self.placement: RowPlacement | None = None
        """Set by :meth:`wrap`: where :meth:`draw` paints each card."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Frames and keep-with-next ask several times; the answer depends on the width only.
        if self.placement is None or self.placement.width != avail_width:
            self.placement = self._measure(avail_width)
        self.width, self.height = avail_width, self.placement.height
        return self.width, self.height

    def _measure(self, avail_width: float) -> RowPlacement:
        metrics = self.theme.card
        inner = self.theme.grid.card_width - 2 * metrics.padding
        head_width = inner - metrics.badge - metrics.badge_gap
        texts = [
            card.number.wrap(head_width, 1e6)[1]
            + metrics.number_space
            + card.title.wrap(head_width, 1e6)[1]
            for card in self.cards
        ]
        bodies = [_stack_height(card.body, inner) for card in self.cards]
        sizes = list(zip(texts, bodies, strict=True))
        row_height = max(self._card_height(text_h, body_h) for text_h, body_h in sizes)
        cards = (
            self._place(index, self.cards[index], text_h, body_h, row_height, avail_width)
            for index, (text_h, body_h) in enumerate(sizes)
        )
        return RowPlacement(avail_width, row_height, tuple(cards))

    def _card_height(self, text_h: float, body_h: float) -> float:
        """A card's own height, its number and title ``text_h`` and its body ``body_h`` tall."""
        metrics = self.theme.card
        return 2 * metrics.padding + max(metrics.badge, text_h) + metrics.body_space + body_h

    def _place(
        self,
        index: int,
        card: Card,
        text_h: float,
        body_h: float,
        row_height: float,
        row_width: float,
    ) -> CardPlacement:
        """Card ``index`` in a row ``row_height`` tall and ``row_width`` wide: its number and
        title (``text_h`` tall together) are centred on the badge when the badge is the
        taller."""
        metrics, grid, mirror = self.theme.card, self.theme.grid, self.theme.mirror
        width = grid.card_width
        inner = width - 2 * metrics.padding
        # Placed left to right, then each part mirrored across the whole row: the mirror image
        # of a row of mirrored cards.
        x = index * (width + grid.gutter)
        inner_x = x + metrics.padding
        text_x = x + metrics.padding + metrics.badge + metrics.badge_gap
        head_h = max(metrics.badge, text_h)
        top = row_height - metrics.padding
        text_top = top - max(0.0, (head_h - text_h) / 2)
        return CardPlacement(
            x=mirror(x, width, row_width),
            width=width,
            head_height=head_h,
            body_height=body_h,
            height=self._card_height(text_h, body_h),
            badge_x=mirror(inner_x, metrics.badge, row_width),
            badge_y=top - metrics.badge,
            text_x=mirror(text_x, inner - metrics.badge - metrics.badge_gap, row_width),
            number_y=text_top - card.number.height,
            title_y=text_top - (card.number.height + metrics.number_space) - card.title.height,
            body_x=mirror(inner_x, inner, row_width),
            body_top=top - head_h - metrics.body_space,
        )

    @paints
    def draw(self) -> None:
        canvas, row = self.canv, _measured(self.placement)
        tint, radius = self.theme.color(self.theme.palette.tint), self.theme.card.radius
        for card, place in zip(self.cards, row.cards, strict=True):
            fill_rect(canvas, tint, place.x, 0, place.width, row.height, radius=radius)
            card.badge.drawOn(canvas, place.badge_x, place.badge_y)
            card.number.drawOn(canvas, place.text_x, place.number_y)
            card.title.drawOn(canvas, place.text_x, place.title_y)
            _draw_stack(canvas, card.body, place.body_x, place.body_top)


@dataclass(frozen=True)
class CalloutPlacement:
    """Where :class:`Callout` paints its parts, in points from the box's lower left corner.
    Right to left, mirrored: the accent edge at the right, the icon inside it, the text to the
    icon's left."""

    height: float
    """The box's height."""
    edge_x: float
    """The accent edge's left edge: the box's (right to left: the edge ends at its right)."""
    icon_x: float
    """The warning icon's left edge."""
    icon_y: float
    """The warning icon's lower edge."""
    text_x: float
    """The left edge of the heading and text, beside the icon (right to left: their column
    ends beside the icon's left)."""
    text_top: float
    """The top of the heading, the text under it."""


class Callout(Block):
    """The safety note: tinted, with an accent edge, a warning icon and its own heading.
    Full width and never split, so it cannot be missed or half-read."""

    def __init__(self, theme: Theme, heading: Flowable, body: list[Flowable]) -> None:
        super().__init__()
        self.theme, self.heading, self.body = theme, heading, body
        self.placement: CalloutPlacement | None = None
        """Set by :meth:`wrap`: where :meth:`draw` paints each part."""

    @property
    def _stack(self) -> list[Flowable]:
        return [self.heading, *self.body]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        callout, mirror = self.theme.callout, self.theme.mirror
        icon_x = callout.edge + callout.padding
        text_x = icon_x + callout.icon + callout.icon_gap
        inner = avail_width - callout.edge - 2 * callout.padding - callout.icon - callout.icon_gap
        height = _stack_height(self._stack, inner) + 2 * callout.padding
        top = height - callout.padding
        self.placement = CalloutPlacement(
            height,
            edge_x=mirror(0.0, callout.edge, avail_width),
            icon_x=mirror(icon_x, callout.icon, avail_width),
            icon_y=top - callout.icon,
            text_x=mirror(text_x, inner, avail_width),
            text_top=top,
        )
        self.width, self.height = avail_width, height
        return self.width, self.height

    @paints
    def draw(self) -> None:
        canvas, palette, place = self.canv, self.theme.palette, _measured(self.placement)
        edge, icon = self.theme.callout.edge, self.theme.callout.icon
        fill_rect(canvas, self.theme.color(palette.accent_tint), 0, 0, self.width, place.height)
        fill_rect(canvas, self.theme.color(palette.accent), place.edge_x, 0, edge, place.height)
        with furniture(canvas):  # the heading says it: this is safety information
            draw_icon(
                canvas,
                "warning",
                place.icon_x,
                place.icon_y,
                icon,
                self.theme.color(palette.number_text),
            )
        _draw_stack(canvas, self._stack, place.text_x, place.text_top)


@dataclass
class ContactLine:
    """One line of the contact panel: an icon and a (linked) paragraph."""

    icon: str
    text: Flowable


@dataclass(frozen=True)
class LinePlacement:
    """Where one contact line of a :class:`ContactPanel` paints its icon and text."""

    icon_y: float
    """The icon's lower edge."""
    text_y: float
    """The text's lower edge."""


@dataclass(frozen=True)
class PanelPlacement:
    """Where :class:`ContactPanel` paints its parts, in points from the panel's lower left
    corner. Right to left, mirrored: the icons at the right, the text to their left, and the
    QR code at the left (or, under the text, at the right)."""

    height: float
    """The panel's height."""
    heading_x: float
    """The heading's left edge, inside the padding (right to left: its column ends there)."""
    heading_y: float
    """The heading's lower edge."""
    icon_x: float
    """The contact lines' icons' left edge, inside the padding at the start side."""
    text_x: float
    """The contact lines' text's left edge, after their icons (right to left: their column
    ends before the icons)."""
    lines: tuple[LinePlacement, ...]
    """Each contact line's placement, top to bottom."""
    qr_box_x: float
    """The left edge of the QR code's white box, and of the caption under it: beside the text
    at the end side, or under it at the start side on a narrow grid."""
    qr_box_y: float
    """The lower edge of the QR code's white box."""
    qr_x: float
    """The QR code's left edge, inside its quiet zone."""
    qr_y: float
    """The QR code's lower edge, inside its quiet zone."""
    caption_y: float
    """The caption's lower edge."""


class ContactPanel(Block):
    """ "Book a consultation": primary-colour panel with contact lines and a QR code."""

    def __init__(
        self,
        theme: Theme,
        heading: Flowable,
        lines: list[ContactLine],
        qr: QrMatrix,
        caption: Flowable,
        booking_url: str,
        qr_mark: Mark = unmarked,
    ) -> None:
        super().__init__()
        self.qr_mark = qr_mark
        self.theme, self.heading, self.lines = theme, heading, lines
        self.qr, self.caption, self.booking_url = qr, caption, booking_url
        self.placement: PanelPlacement | None = None
        """Set by :meth:`wrap`: where :meth:`draw` paints each part."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.placement = self._measure(avail_width)
        self.width, self.height = avail_width, self.placement.height
        return self.width, self.height

    def _measure(self, avail_width: float) -> PanelPlacement:
        panel, mirror = self.theme.panel, self.theme.mirror
        # On a narrow grid the QR code goes under the contact lines, not beside them.
        beside = not self.theme.grid.narrow
        qr_width = panel.qr_size + panel.qr_clearance if beside else 0.0
        inner = avail_width - 2 * panel.padding - qr_width - panel.text_indent
        heading_h = self.heading.wrap(inner + panel.text_indent, 1e6)[1]
        lines_h = sum(line.text.wrap(inner, 1e6)[1] + panel.line_space for line in self.lines)
        self.caption.wrap(panel.qr_box, 1e6)
        qr_block = panel.qr_box + panel.caption_space + self.caption.height
        text_h = heading_h + panel.heading_space + lines_h
        if beside:
            height = 2 * panel.padding + max(text_h, qr_block)
            qr_box_x = avail_width - panel.padding - panel.qr_box
            qr_box_y = height - panel.padding - panel.qr_box
        else:
            height = 2 * panel.padding + text_h + panel.qr_gap + qr_block
            qr_box_x = panel.padding
            qr_box_y = panel.padding + panel.caption_space + self.caption.height
        top = height - panel.padding
        heading_y = top - heading_h
        qr_box_x = mirror(qr_box_x, panel.qr_box, avail_width)
        return PanelPlacement(
            height=height,
            heading_x=mirror(panel.padding, inner + panel.text_indent, avail_width),
            heading_y=heading_y,
            icon_x=mirror(panel.padding, panel.icon, avail_width),
            text_x=mirror(panel.padding + panel.text_indent, inner, avail_width),
            lines=self._place_lines(heading_y - panel.heading_space),
            qr_box_x=qr_box_x,
            qr_box_y=qr_box_y,
            qr_x=qr_box_x + panel.qr_quiet,
            qr_y=qr_box_y + panel.qr_quiet,
            caption_y=qr_box_y - panel.caption_space - self.caption.height,
        )

    def _place_lines(self, top: float) -> tuple[LinePlacement, ...]:
        """The contact lines, one under another from ``top`` down, each icon at its line's top."""
        panel, y = self.theme.panel, top
        placed: list[LinePlacement] = []
        for line in self.lines:
            y -= line.text.height
            placed.append(LinePlacement(y + line.text.height - panel.icon_drop, y))
            y -= panel.line_space
        return tuple(placed)

    @paints
    def draw(self) -> None:
        canvas, palette, panel = self.canv, self.theme.palette, self.theme.panel
        place = _measured(self.placement)
        primary = self.theme.color(palette.primary)
        fill_rect(canvas, primary, 0, 0, self.width, place.height, radius=panel.radius)
        self.heading.drawOn(canvas, place.heading_x, place.heading_y)
        ink = self.theme.color(palette.on_primary_text)
        for line, spot in zip(self.lines, place.lines, strict=True):
            with furniture(canvas):  # each line says what it is ("Phone: ...")
                draw_icon(canvas, line.icon, place.icon_x, spot.icon_y, panel.icon, ink)
            line.text.drawOn(canvas, place.text_x, spot.text_y)
        # The QR code sits on white with its quiet zone, so every phone camera reads it.
        box_x, box_y, box = place.qr_box_x, place.qr_box_y, panel.qr_box
        white = self.theme.color("#FFFFFF")
        fill_rect(canvas, white, box_x, box_y, box, box, radius=panel.qr_radius)
        with self.qr_mark(canvas):
            black = self.theme.color("#000000")
            draw_qr(canvas, self.qr, place.qr_x, place.qr_y, panel.qr_size, black)
            if self.theme.links:
                canvas.linkURL(
                    self.booking_url, (box_x, box_y, box_x + box, box_y + box), relative=1
                )
        self.caption.drawOn(canvas, box_x, place.caption_y)


class AtPageFoot(Block):
    """Sets a closing block at the foot of the page it lands on, ``gap`` above the footer, as a
    leaflet's back page carries its contact panel: the space above it stays free. ``over``, if
    given, is set in the middle of that space and read first (a folded leaflet's back cover:
    its booking panel over the clinic's name)."""

    def __init__(self, block: Flowable, gap: float, over: Flowable | None = None) -> None:
        super().__init__()
        self.block, self.gap, self.over = block, gap, over
        self.free = 0.0
        """Set by :meth:`wrap`: the height left free on the page."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, height = self.block.wrap(avail_width, avail_height)
        over = self.over.wrap(avail_width, avail_height)[1] if self.over is not None else 0.0
        self.width, self.height = avail_width, max(height + self.gap + over, avail_height)
        self.free = self.height - height - self.gap - over
        return self.width, self.height

    def draw(self) -> None:
        if self.over is not None:
            self.over.drawOn(self.canv, 0, self.gap + self.block.height + self.free / 2)
        self.block.drawOn(self.canv, 0, self.gap)


class Picture(Flowable):
    """A picture in the text (SVG, PNG or JPEG), as wide as the column allows and at most
    ``max_height`` tall, keeping its proportions."""

    def __init__(self, theme: Theme, image: Logo, max_height: float) -> None:
        super().__init__()
        self.theme, self.image, self.max_height = theme, image, max_height
        self.hAlign = "RIGHT" if theme.rtl else "LEFT"  # at the column's start

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = logo_size(self.image, avail_width, self.max_height)
        return self.width, self.height

    @paints
    def draw(self) -> None:
        draw_logo(self.canv, self.image, 0, 0, self.width, self.height, self.theme)


def _right_to_left(flowable: Flowable) -> bool:
    style = getattr(flowable, "style", None)
    return getattr(style, "direction", "ltr") == "rtl"


class ListItem(Flowable):
    """A bullet-list item: the label (the bullet) at the start of the body's first line: at
    its left, or at its right when the label's style runs right to left (the body's style then
    carries its indent on the right). It splits where its body splits; the label stays with the
    first part."""

    def __init__(self, label: Flowable | None, body: Flowable, label_indent: float) -> None:
        super().__init__()
        self.label, self.body, self.label_indent = label, body, label_indent
        self.label_x = label_indent
        """Set by :meth:`wrap`: the label's left edge, ``label_indent`` in from the item's
        start side."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.body.wrap(avail_width, avail_height)
        if self.label is not None:
            label_width, _ = self.label.wrap(avail_width, avail_height)
            # Right to left, the label's paragraph (set flush right) ends label_indent before
            # the item's right edge.
            if _right_to_left(self.label):
                self.label_x = self.width - self.label_indent - label_width
            else:
                self.label_x = self.label_indent
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = self.body.split(avail_width, avail_height)
        if not parts:
            return []
        first = ListItem(self.label, parts[0], self.label_indent)
        return [first, *(ListItem(None, part, self.label_indent) for part in parts[1:])]

    def getSpaceBefore(self) -> float:
        return float(self.body.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.body.getSpaceAfter())

    def draw(self) -> None:
        self.body.drawOn(self.canv, 0, 0)
        if self.label is not None:
            self.label.drawOn(self.canv, self.label_x, self.height - self.label.height)
