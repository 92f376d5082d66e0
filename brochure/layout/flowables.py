"""The leaflet's designed blocks as ReportLab flowables: cover band, fact aside, benefit cards,
safety callout and contact panel. Each one draws itself from a theme; none touches files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Indenter, Paragraph

from brochure.content.assets import Bitmap
from brochure.layout.icons import draw_icon
from brochure.layout.pictures import prepare_bitmap
from brochure.layout.qr import QrMatrix, draw_qr
from brochure.layout.theme import Theme

Logo = Drawing | Bitmap
"""A logo: vector (a graphics Drawing, from SVG) or raster."""


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


class Heading(Paragraph):
    """A heading paragraph that puts itself in the PDF outline."""

    def __init__(self, text: str, style: Any, outline: OutlineEntry) -> None:
        super().__init__(text, style)
        self.outline = outline

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # a heading moves to the next page whole

    def draw(self) -> None:
        add_outline(self.canv, self.outline, self.height)
        super().draw()


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


def _draw_stack(canvas: Any, flowables: Sequence[Flowable], x: float, top: float) -> None:
    y = top
    for index, flowable in enumerate(flowables):
        if index:
            y -= flowable.getSpaceBefore()
        y -= flowable.height
        flowable.drawOn(canvas, x, y)
        y -= flowable.getSpaceAfter()


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

    logo_height = 44.0
    """The logo row's height: the logo fits in it, the clinic's name is centred on it."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        grid, line = self.theme.grid, self.theme.scale.line
        inner = grid.span(10)
        self._title_h = self.title.wrap(inner, avail_height)[1]
        self._sub_h = self.subtitle.wrap(inner, avail_height)[1] if self.subtitle else 0.0
        self._logo_w, self._logo_h = (
            logo_size(self.logo, grid.span(4), self.logo_height) if self.logo else (0.0, 0.0)
        )
        name_x = self._logo_w + 12 if self.logo else 0.0
        self.clinic.wrap(grid.width - name_x, avail_height)
        self._row_h = max(self.logo_height, self.clinic.height)
        self.height = (
            grid.margin * 0.9
            + self._row_h
            + line * 2
            + self._title_h
            + (line * 0.75 + self._sub_h if self.subtitle else 0.0)
            + line * 1.25
            + 4
            + line * 2
        )
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        canvas, grid, palette = self.canv, self.theme.grid, self.theme.palette
        line = self.theme.scale.line
        # The band reaches past the frame to the paper's left, right and top edges, and on
        # into the bleed.
        fill_rect(
            canvas,
            self.theme.color(palette.primary),
            -grid.margin - grid.bleed,
            0,
            grid.page_width + 2 * grid.bleed,
            self.height + grid.bleed,
        )
        y = self.height - grid.margin * 0.9
        middle = y - self._row_h / 2
        if self.logo is not None:
            with self.logo_mark(canvas):
                draw_logo(
                    canvas,
                    self.logo,
                    0,
                    middle - self._logo_h / 2,
                    self._logo_w,
                    self._logo_h,
                    self.theme,
                )
        name_x = self._logo_w + 12 if self.logo else 0.0
        self.clinic.drawOn(canvas, name_x, middle - self.clinic.height / 2)
        y -= self._row_h + line * 2 + self._title_h
        self.title.drawOn(canvas, 0, y)
        if self.subtitle is not None:
            y -= line * 0.75 + self._sub_h
            self.subtitle.drawOn(canvas, 0, y)
        y -= line * 1.25
        fill_rect(canvas, self.theme.color(palette.accent), 0, y - 4, 56, 4)


class FactBox(Flowable):
    """A tinted box with a big figure and its meaning, shown beside a section's text."""

    padding = 14.0
    rule = 4.0

    def __init__(self, theme: Theme, value: Flowable, label: Flowable) -> None:
        super().__init__()
        self.theme, self.value, self.label = theme, value, label

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = avail_width - 2 * self.padding
        self.width = avail_width
        text_h = _stack_height([self.value, self.label], inner)
        self.height = text_h + 2 * self.padding + self.rule + 8
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        fill_rect(
            canvas,
            self.theme.color(self.theme.palette.tint),
            0,
            0,
            self.width,
            self.height,
            radius=8,
        )
        top = self.height - self.padding
        fill_rect(
            canvas,
            self.theme.color(self.theme.palette.accent),
            self.padding,
            top - self.rule,
            32,
            self.rule,
        )
        _draw_stack(canvas, [self.value, self.label], self.padding, top - self.rule - 8)


class SectionBlock(Flowable):
    """A section: its heading and running text in the left 8 columns, and an optional aside
    (a fact box) in the right 4, level with the text.

    Splits like the text it holds, never after the heading alone: the heading (and the aside)
    stay with the first lines, the rest flows on in the same 8-column measure.
    """

    def __init__(
        self, theme: Theme, heading: Flowable, main: list[Flowable], aside: Flowable | None
    ) -> None:
        super().__init__()
        self.theme, self.heading, self.main, self.aside = theme, heading, main, aside

    def getSpaceBefore(self) -> float:
        return float(self.heading.getSpaceBefore())

    def _head_height(self) -> float:
        height = self.heading.wrap(self.theme.grid.measure, 1e6)[1]
        return float(height + self.heading.getSpaceAfter())

    def _aside_height(self, avail_height: float) -> float:
        return float(self.aside.wrap(self.theme.grid.span(4), avail_height)[1]) if self.aside else 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._head_h = self._head_height()
        main_h = _stack_height(self.main, self.theme.grid.measure)
        self.height = self._head_h + max(main_h, self._aside_height(avail_height))
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        measure = self.theme.grid.measure
        room = avail_height - self._head_height()
        if self._aside_height(room) > room:
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
            indent = self.width - measure
            return [
                SectionBlock(self.theme, self.heading, first, self.aside),
                Indenter(right=indent),
                *rest,
                Indenter(right=-indent),
            ]
        return []  # everything fits after all: nothing to split

    def draw(self) -> None:
        top = self.height
        self.heading.drawOn(self.canv, 0, top - self.heading.height)
        top -= self._head_h
        _draw_stack(self.canv, self.main, 0, top)
        if self.aside is not None:
            x = self.theme.grid.span(8) + self.theme.grid.gutter
            self.aside.drawOn(self.canv, x, top - self.aside.height)


class IconBadge(Flowable):
    """An icon in a filled circle."""

    def __init__(self, theme: Theme, icon: str, diameter: float, fill: str, ink: str) -> None:
        super().__init__()
        self.theme, self.icon, self.fill, self.ink = theme, icon, fill, ink
        self.width = self.height = diameter

    def draw(self) -> None:
        canvas, radius = self.canv, self.width / 2
        size = self.width * 0.56
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


class CardRow(Block):
    """Up to two benefit cards side by side; cards in a row share a height; never split."""

    padding = 14.0

    def __init__(self, theme: Theme, cards: Sequence[Card]) -> None:
        super().__init__()
        self.theme, self.cards = theme, list(cards)

    def _card_width(self) -> float:
        return self.theme.grid.span(6)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Frames and keep-with-next ask several times; the answer depends on the width only.
        if getattr(self, "_wrapped_for", None) == avail_width:
            return self.width, self.height
        self._wrapped_for = avail_width
        inner = self._card_width() - 2 * self.padding
        badge = self.cards[0].badge.height
        heights = []
        for card in self.cards:
            head_w = inner - badge - 10
            head_h = card.number.wrap(head_w, 1e6)[1] + 2 + card.title.wrap(head_w, 1e6)[1]
            card._head_h = max(badge, head_h)  # type: ignore[attr-defined]
            body_h = _stack_height(card.body, inner)
            heights.append(2 * self.padding + card._head_h + 10 + body_h)  # type: ignore[attr-defined]
        self.width, self.height = avail_width, max(heights)
        return self.width, self.height

    def draw(self) -> None:
        canvas, palette = self.canv, self.theme.palette
        width = self._card_width()
        badge = self.cards[0].badge.width
        for index, card in enumerate(self.cards):
            x = index * (width + self.theme.grid.gutter)
            fill_rect(canvas, self.theme.color(palette.tint), x, 0, width, self.height, radius=9)
            top = self.height - self.padding
            card.badge.drawOn(canvas, x + self.padding, top - badge)
            text_x = x + self.padding + badge + 10
            head_h: float = card._head_h  # type: ignore[attr-defined]
            text_h = card.number.height + 2 + card.title.height
            y = top - max(0.0, (head_h - text_h) / 2)
            card.number.drawOn(canvas, text_x, y - card.number.height)
            y -= card.number.height + 2
            card.title.drawOn(canvas, text_x, y - card.title.height)
            _draw_stack(canvas, card.body, x + self.padding, top - head_h - 10)


class Callout(Block):
    """The safety note: tinted, with an accent edge, a warning icon and its own heading.
    Full width and never split, so it cannot be missed or half-read."""

    padding = 18.0
    edge = 6.0
    icon_size = 30.0

    def __init__(self, theme: Theme, heading: Flowable, body: list[Flowable]) -> None:
        super().__init__()
        self.theme, self.heading, self.body = theme, heading, body

    def _inner_width(self, width: float) -> float:
        return width - self.edge - 2 * self.padding - self.icon_size - 14

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = self._inner_width(avail_width)
        self._stack = [self.heading, *self.body]
        self.width = avail_width
        self.height = _stack_height(self._stack, inner) + 2 * self.padding
        return self.width, self.height

    def draw(self) -> None:
        canvas, palette = self.canv, self.theme.palette
        fill_rect(canvas, self.theme.color(palette.accent_tint), 0, 0, self.width, self.height)
        fill_rect(canvas, self.theme.color(palette.accent), 0, 0, self.edge, self.height)
        top = self.height - self.padding
        with furniture(canvas):  # the heading says it: this is safety information
            draw_icon(
                canvas,
                "warning",
                self.edge + self.padding,
                top - self.icon_size,
                self.icon_size,
                self.theme.color(palette.number_text),
            )
        x = self.edge + self.padding + self.icon_size + 14
        _draw_stack(canvas, self._stack, x, top)


@dataclass
class ContactLine:
    """One line of the contact panel: an icon and a (linked) paragraph."""

    icon: str
    text: Flowable


class ContactPanel(Block):
    """ "Book a consultation": primary-colour panel with contact lines and a QR code."""

    padding = 22.0

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
        self.qr_size = 96.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        inner = avail_width - 2 * self.padding - self.qr_size - 30 - 22
        self._heading_h = self.heading.wrap(inner + 22, 1e6)[1]
        lines_h = sum(line.text.wrap(inner, 1e6)[1] + 6 for line in self.lines)
        self.caption.wrap(self.qr_size + 16, 1e6)
        qr_block = self.qr_size + 16 + 6 + self.caption.height
        self.height = 2 * self.padding + max(self._heading_h + 12 + lines_h, qr_block)
        return self.width, self.height

    def draw(self) -> None:
        canvas, palette = self.canv, self.theme.palette
        fill_rect(
            canvas, self.theme.color(palette.primary), 0, 0, self.width, self.height, radius=10
        )
        top = self.height - self.padding
        self.heading.drawOn(canvas, self.padding, top - self._heading_h)
        y = top - self._heading_h - 12
        ink = self.theme.color(palette.on_primary_text)
        for line in self.lines:
            y -= line.text.height
            with furniture(canvas):  # each line says what it is ("Phone: ...")
                draw_icon(canvas, line.icon, self.padding, y + line.text.height - 14, 13, ink)
            line.text.drawOn(canvas, self.padding + 22, y)
            y -= 6
        # The QR code sits on white with its quiet zone, so every phone camera reads it.
        box = self.qr_size + 16
        box_x = self.width - self.padding - box
        box_y = top - box
        fill_rect(canvas, self.theme.color("#FFFFFF"), box_x, box_y, box, box, radius=6)
        with self.qr_mark(canvas):
            draw_qr(
                canvas, self.qr, box_x + 8, box_y + 8, self.qr_size, self.theme.color("#000000")
            )
            if self.theme.links:
                box_rect = (box_x, box_y, box_x + box, box_y + box)
                canvas.linkURL(self.booking_url, box_rect, relative=1)
        self.caption.drawOn(canvas, box_x, box_y - 6 - self.caption.height)


class AtPageFoot(Block):
    """Sets a closing block at the foot of the page it lands on, ``gap`` above the footer, as a
    leaflet's back page carries its contact panel: the space above it stays free."""

    def __init__(self, block: Flowable, gap: float) -> None:
        super().__init__()
        self.block, self.gap = block, gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, height = self.block.wrap(avail_width, avail_height)
        self.width, self.height = avail_width, max(height + self.gap, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        self.block.drawOn(self.canv, 0, self.gap)


class Picture(Flowable):
    """A picture in the text (SVG, PNG or JPEG), as wide as the column allows and at most
    ``max_height`` tall, keeping its proportions."""

    def __init__(self, theme: Theme, image: Logo, max_height: float) -> None:
        super().__init__()
        self.theme, self.image, self.max_height = theme, image, max_height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = logo_size(self.image, avail_width, self.max_height)
        return self.width, self.height

    def draw(self) -> None:
        draw_logo(self.canv, self.image, 0, 0, self.width, self.height, self.theme)


class ListItem(Flowable):
    """A bullet-list item: the label (the bullet) at the left of the body's first line. It
    splits where its body splits; the label stays with the first part."""

    def __init__(self, label: Flowable | None, body: Flowable, label_indent: float) -> None:
        super().__init__()
        self.label, self.body, self.label_indent = label, body, label_indent

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.body.wrap(avail_width, avail_height)
        if self.label is not None:
            self.label.wrap(avail_width, avail_height)
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
            self.label.drawOn(self.canv, self.label_indent, self.height - self.label.height)
