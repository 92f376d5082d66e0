"""Page templates (cover page, following pages) and the footer with "page N of M".

The footer needs the page count, which is known only at the end; :class:`FooterCanvas` places a
form on each page and draws every footer into its form when the document is saved (one pass).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate

from brochure.layout.paper import MM
from brochure.layout.tagging import Tags, Untagged
from brochure.layout.theme import Theme
from brochure.messages import Messages

if TYPE_CHECKING:
    from brochure.content.model import Leaflet

FooterPainter = Callable[[Canvas, int, int], None]


@dataclass(frozen=True)
class FooterText:
    """What every page's footer says."""

    clinic: str
    phone: str
    website: str
    reminder: str
    page_of: str
    """A format string with ``{page}`` and ``{pages}``."""
    digits: str = "0123456789"
    """The digits page numbers are written in (the catalogue's)."""

    def page_label(self, page: int, pages: int) -> str:
        """ "Page 2 of 3", in the catalogue's words and digits."""
        digits = str.maketrans("0123456789", self.digits)
        return self.page_of.format(
            page=str(page).translate(digits), pages=str(pages).translate(digits)
        )


MARK_GAP = 1 * MM
"""Crop marks start this far outside the bleed, so a trimmed sheet never shows them."""
MARK_LENGTH = 5 * MM
"""A crop mark's length."""
MARK_WIDTH = 0.25
"""A crop mark's line width."""
MARK_SLUG = 2 * MM
"""Paper kept beyond the crop marks' outer ends."""
FOLD_DASH = (2 * MM, 1 * MM)
"""A fold mark's dash pattern (on, off): dashed, so a finisher never takes it for a cut."""


@dataclass(frozen=True)
class Sheet:
    """Where the trimmed page sits on the sheet the PDF describes: with bleed around it and,
    for crop marks, a slug beyond the bleed. All lengths in points."""

    trim_width: float
    trim_height: float
    bleed: float = 0.0
    marks: bool = False
    folds: tuple[tuple[float, ...], ...] = ()
    """The fold lines' x of each page, in trim coordinates (a tri-fold's two sides); pages
    beyond take the last entry's. Fold marks are drawn with the crop marks."""

    @property
    def offset(self) -> float:
        """Distance from the sheet's edge to the trim edge."""
        slug = MARK_GAP + MARK_LENGTH + MARK_SLUG if self.marks else 0.0
        return self.bleed + slug

    @property
    def size(self) -> tuple[float, float]:
        """The MediaBox's width and height."""
        return self.trim_width + 2 * self.offset, self.trim_height + 2 * self.offset

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        """The finished page, in sheet coordinates."""
        o = self.offset
        return (o, o, o + self.trim_width, o + self.trim_height)

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        """The trim plus the bleed."""
        x0, y0, x1, y1 = self.trim_box
        b = self.bleed
        return (x0 - b, y0 - b, x1 + b, y1 + b)

    def mark_lines(self) -> list[tuple[float, float, float, float]]:
        """The eight crop-mark lines, two at each trim corner, outside the bleed."""
        x0, y0, x1, y1 = self.trim_box
        near = self.bleed + MARK_GAP
        far = near + MARK_LENGTH
        lines = []
        for x, sx in ((x0, -1), (x1, 1)):
            for y, sy in ((y0, -1), (y1, 1)):
                lines.append((x + sx * near, y, x + sx * far, y))  # along the trim's top/bottom
                lines.append((x, y + sy * near, x, y + sy * far))  # along its sides
        return lines

    def page_folds(self, page: int) -> tuple[float, ...]:
        """The folds' x on page ``page`` (from 1), in trim coordinates."""
        if not self.folds:
            return ()
        return self.folds[min(page, len(self.folds)) - 1]

    def fold_lines(self, page: int) -> list[tuple[float, float, float, float]]:
        """Fold marks of page ``page``: at each fold, a line above and below the trim, outside
        the bleed, in sheet coordinates (like the crop marks)."""
        x0, y0, _, y1 = self.trim_box
        near = self.bleed + MARK_GAP
        far = near + MARK_LENGTH
        lines = []
        for fold in self.page_folds(page):
            x = x0 + fold
            lines.append((x, y1 + near, x, y1 + far))
            lines.append((x, y0 - near, x, y0 - far))
        return lines


class FooterCanvas(Canvas):
    """A canvas whose pages show a footer that is painted at save time, once the page count
    is known: each page places a form XObject that is only defined at the end.

    On a sheet with bleed or marks, the page templates shift the origin to the trim corner at
    each page's start (:func:`begin_page`); the canvas undoes that at the page's end, sets the
    page boxes and draws the crop marks in registration colour."""

    def __init__(
        self,
        *args: Any,
        footer: FooterPainter | None,
        sheet: Sheet | None = None,
        registration: Any = None,
        tags: Tags | None = None,
        reminder: Callable[[Canvas], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._tags = tags or Untagged()
        self._reminder = reminder
        self._footer = footer
        self._footers = 0
        self._sheet = sheet
        self._registration = registration
        if sheet is not None:  # a print sheet: its boxes, even with no bleed and no marks
            self.setTrimBox(sheet.trim_box)
            self.setBleedBox(sheet.bleed_box)

    def artifact(self) -> AbstractContextManager[None]:
        """Mark what is drawn inside as page furniture (in a tagged PDF)."""
        return self._tags.artifact(self)

    def showPage(self) -> None:
        self._footers += 1
        if self._footer is not None:
            with self.artifact():
                self.doForm(f"footer{self._footers}")
        if self._reminder is not None:
            # The reminder is safety information: read once (on the first page, as part of the
            # safety section), furniture on the pages that repeat it.
            element = self._tags.reminder if self._footers == 1 else None
            with self._tags.content(self, element) if element else self.artifact():
                self._reminder(self)
        if self._sheet is not None and self._sheet.offset:
            self.restoreState()  # the shift begun by begin_page
            if self._sheet.marks:
                with self.artifact():
                    self.saveState()
                    self.setStrokeColor(self._registration)
                    self.setLineWidth(MARK_WIDTH)
                    self.lines(self._sheet.mark_lines())
                    folds = self._sheet.fold_lines(self._footers)
                    if folds:
                        self.setDash(list(FOLD_DASH), 0)
                        self.lines(folds)
                    self.restoreState()
        super().showPage()

    def linkURL(self, url: str, rect: Any, *args: Any, **kwargs: Any) -> None:
        super().linkURL(url, rect, *args, **kwargs)
        self._tags.annotation_added(self, url)

    def save(self) -> None:
        footer = self._footer
        if footer is not None:
            for number in range(1, self._footers + 1):
                self.beginForm(f"footer{number}")
                footer(self, number, self._footers)
                self.endForm()
        self.before_writing()
        super().save()

    def before_writing(self) -> None:
        """Called by :meth:`save` once every page and footer is drawn, just before the file is
        written: where a subclass adds objects of its own to the document (nothing here)."""


def begin_page(canvas: Canvas, sheet: Sheet | None) -> None:
    """At a page's start: draw from here on in trim coordinates (undone by FooterCanvas at the
    page's end)."""
    if sheet is not None and sheet.offset:
        canvas.saveState()
        canvas.translate(sheet.offset, sheet.offset)


SEPARATOR = "  \u00b7  "


def _width(theme: Theme, text: str, bold: bool = False) -> float:
    from brochure.layout.rtl import string_width

    font = theme.fonts.bold if bold else theme.fonts.regular
    return string_width(text, font, theme.scale.small, theme.fonts)


def _draw(canvas: Canvas, theme: Theme, x: float, y: float, text: str, bold: bool = False) -> None:
    """One footer text from ``x`` (its left end), in the faces that have its letters."""
    from brochure.layout.rtl import draw_string

    font = theme.fonts.bold if bold else theme.fonts.regular
    draw_string(canvas, x, y, text, font, theme.scale.small, theme.fonts)


def footer_text(leaflet: Leaflet, messages: Messages) -> FooterText:
    """What the footer of ``leaflet`` says."""
    from brochure.layout.story import display_url

    brand = leaflet.brand
    return FooterText(
        clinic=brand.name,
        phone=brand.phone,
        website=display_url(brand.website),
        reminder=leaflet.safety_note.reminder or messages.reminder,
        page_of=messages.page_of,
        digits=messages.digits,
    )


def _contact_rest(text: FooterText) -> str:
    return SEPARATOR + text.phone + SEPARATOR + text.website


def contact_fits(theme: Theme, text: FooterText) -> bool:
    """Whether clinic name, phone and website fit on one line beside the widest page label."""
    label = _width(theme, text.page_label(888, 888))
    contact = _width(theme, text.clinic, bold=True) + _width(theme, _contact_rest(text))
    return contact + theme.furniture.footer_label_gap + label <= theme.grid.width


def reminder_fits(theme: Theme, text: FooterText) -> bool:
    """Whether the safety reminder fits on its one footer line."""
    return _width(theme, text.reminder) <= theme.grid.width


@dataclass(frozen=True)
class FooterPlacement:
    """Where the footer's parts sit on the page (the same on every page)."""

    left: float
    """The footer's left edge: the left margin."""
    right: float
    """The footer's right edge: the right margin."""
    rule_y: float
    """Height of the rule across the footer's top."""
    contact_y: float
    """Baseline of the contact line and "Page N of M"."""
    reminder_y: float
    """Baseline of the safety reminder, under the contact line."""


def footer_placement(theme: Theme) -> FooterPlacement:
    """Where ``theme`` puts the footer's rule and lines."""
    grid, furniture = theme.grid, theme.furniture
    rule_y = grid.frame_bottom - furniture.footer_rule_drop
    # The reminder is measured from the frame in one step, not from the contact line: in
    # floating point (a - 14) - 14 may differ from a - 28 in the last bit, and so would the PDF.
    drop = furniture.footer_rule_drop + furniture.footer_line_drop
    return FooterPlacement(
        left=grid.margin,
        right=grid.page_width - grid.margin,
        rule_y=rule_y,
        contact_y=rule_y - furniture.footer_line_drop,
        reminder_y=grid.frame_bottom - drop - theme.scale.small * furniture.footer_leading,
    )


def reminder_painter(theme: Theme, text: FooterText) -> Callable[[Canvas], None]:
    """A function that draws the footer's reminder line (the same on every page)."""
    place = footer_placement(theme)
    reminder_x = place.left
    if theme.rtl:  # the line starts at the right margin
        reminder_x = place.right - _width(theme, text.reminder)

    def paint(canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setFillColor(theme.color(theme.palette.muted_text))
        # Regular, not italic: an extra face would add ~15 KB to every e-mailed PDF.
        _draw(canvas, theme, reminder_x, place.reminder_y, text.reminder)
        canvas.restoreState()

    return paint


def footer_painter(theme: Theme, text: FooterText, *, with_reminder: bool = True) -> FooterPainter:
    """A function that draws the footer of page ``page`` of ``pages``; without its reminder
    line when a tagged PDF draws that on the page itself (see FooterCanvas)."""
    palette = theme.palette
    place = footer_placement(theme)
    name, rest = text.clinic, _contact_rest(text)
    name_x, rest_x = place.left, place.left + _width(theme, name, bold=True)
    if theme.rtl:  # mirrored: the clinic's name at the right, phone and website to its left
        rest = SEPARATOR.join((text.website, text.phone)) + SEPARATOR
        name_x = place.right - _width(theme, name, bold=True)
        rest_x = name_x - _width(theme, rest)
    reminder = reminder_painter(theme, text)

    def paint(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(theme.color(palette.accent))
        canvas.setLineWidth(theme.furniture.footer_rule_width)
        canvas.line(place.left, place.rule_y, place.right, place.rule_y)
        canvas.setFillColor(theme.color(palette.muted_text))
        _draw(canvas, theme, name_x, place.contact_y, name, bold=True)
        _draw(canvas, theme, rest_x, place.contact_y, rest)
        page_of = text.page_label(page, pages)
        label_x = place.left if theme.rtl else place.right - _width(theme, page_of)
        _draw(canvas, theme, label_x, place.contact_y, page_of)
        canvas.restoreState()
        if with_reminder:
            reminder(canvas)

    return paint


def page_templates(
    theme: Theme, sheet: Sheet | None = None, tags: Tags | None = None
) -> list[PageTemplate]:
    """The cover template (its frame starts at the paper's top edge, for the band) and the
    template of every following page (with a thin brand strip along the top edge), placed on
    ``sheet`` when the output has bleed or crop marks."""
    grid = theme.grid
    bottom = grid.frame_bottom
    cover = Frame(
        grid.margin,
        bottom,
        grid.width,
        grid.page_height - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="cover",
    )
    body_top = grid.page_height - grid.margin
    body = Frame(
        grid.margin,
        bottom,
        grid.width,
        body_top - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )

    tags = tags or Untagged()

    def cover_page(canvas: Canvas, _doc: Any) -> None:
        begin_page(canvas, sheet)

    def strip(canvas: Canvas, _doc: Any) -> None:
        begin_page(canvas, sheet)
        with tags.artifact(canvas):
            paint_strip(canvas)

    strip_height = theme.furniture.strip_height

    def paint_strip(canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setFillColor(theme.color(theme.palette.primary))
        # From edge to edge of the paper, and on into the bleed.
        canvas.rect(
            -grid.bleed,
            grid.page_height - strip_height,
            grid.page_width + 2 * grid.bleed,
            strip_height + grid.bleed,
            stroke=0,
            fill=1,
        )
        canvas.restoreState()

    return [
        PageTemplate("cover", [cover], onPage=cover_page, autoNextPageTemplate="page"),
        PageTemplate("page", [body], onPage=strip),
    ]
