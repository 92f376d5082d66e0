"""Right-to-left lines: a paragraph's broken lines drawn in visual order.

ReportLab breaks a right-to-left paragraph into lines as it breaks any other, in the order the
text is read (its *logical* order), with each run of text in the face that has its letters
(:meth:`~brochure.layout.fonts.FontFamily.face_for`). Only drawing differs, line by line:

- :func:`place_line` reorders a line by the Unicode Bidirectional Algorithm
  (:mod:`brochure.layout.bidi`) and gives each run of it its place, measured from the line's
  left end.
- The runs are *written* in logical order, each at its place: a right-to-left run's letters in
  the order they are seen, a left-to-right run's (Botox, 3-4) as typed. A reader that takes the
  page's text in content order, reversing right-to-left runs as PDF text extraction does,
  then reads the sentence as it was written.
- A lam-alef ligature is written on its own: it stands for two letters, which a reader
  reversing the run's glyphs would otherwise put in the wrong order.
- A bracket in a right-to-left run is drawn as its own glyph flipped (UAX #9 L4 lets either
  the mirrored character or the mirrored glyph stand): the text layer keeps "(" where the
  text has "(", while the reader sees it open to the right.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT

from brochure.layout.bidi import (
    Direction,
    contains_rtl,
    resolve_levels,
    shape,
    visual_order,
)
from brochure.layout.fonts import FontFamily


@dataclass(frozen=True)
class Piece:
    """A stretch of one line in one style, in logical order (a ReportLab fragment's text)."""

    text: str
    font: str
    size: float
    color: Any
    href: str | None = None
    """Where the text links to, if it is a link."""
    underline: bool = False


@dataclass(frozen=True)
class PlacedRun:
    """A run of a line in one style and one direction, where it is drawn."""

    text: str
    """Its characters in drawing order (left to right)."""
    piece: int
    """The index of its :class:`Piece`."""
    x: float
    """Its left edge, from the line's left end."""
    width: float
    flipped: bool = False
    """A bracket drawn as its glyph mirrored."""


@dataclass(frozen=True)
class PlacedLine:
    """A line ready to draw: its runs in logical order, each at its place."""

    runs: tuple[PlacedRun, ...]
    width: float
    """The drawn width, trailing spaces left out."""


Measure = Callable[[str, str, float], float]
"""The width of a text in a font at a size (``pdfmetrics.stringWidth``)."""


def place_line(
    pieces: Sequence[Piece],
    base: Direction,
    measure: Measure,
    levels: Sequence[int] | None = None,
) -> PlacedLine:
    """Place the runs of a line of ``pieces`` (logical order) for a paragraph whose base
    direction is ``base``. ``levels`` are the embedding levels of the line's characters as
    resolved over its whole paragraph (UAX #9 resolves a paragraph, then reorders each line);
    without them, the line is resolved on its own. Spaces at either end are left out."""
    owner = [index for index, piece in enumerate(pieces) for _ in piece.text]
    text = "".join(piece.text for piece in pieces)
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return PlacedLine((), 0.0)
    text, owner = text[start:end], owner[start:end]
    levels = resolve_levels(text, base) if levels is None else tuple(levels[start:end])
    classes = tuple(unicodedata.bidirectional(char) for char in text)
    order = visual_order(levels, classes, base)
    widths = [
        measure(char, pieces[owner[i]].font, pieces[owner[i]].size) for i, char in enumerate(text)
    ]
    xs = [0.0] * len(text)
    x = 0.0
    for index in order:
        xs[index] = x
        x += widths[index]
    runs: list[PlacedRun] = []
    i = 0
    while i < len(text):
        rtl = levels[i] % 2 == 1
        flipped = rtl and unicodedata.mirrored(text[i]) == 1
        j = i + 1
        while (
            not (flipped or _ligature(text[i]))
            and j < len(text)
            and owner[j] == owner[i]
            and levels[j] == levels[i]
            and not (rtl and unicodedata.mirrored(text[j]) == 1)
            and not _ligature(text[j])
        ):
            j += 1
        run = text[i:j]
        left = min(xs[i:j])
        width = sum(widths[i:j])
        runs.append(PlacedRun(run[::-1] if rtl else run, owner[i], left, width, flipped))
        i = j
    return PlacedLine(tuple(runs), x)


def _ligature(char: str) -> bool:
    """Whether ``char`` is one glyph for several letters (lam-alef): it is written on its own,
    so that a reader taking a run's letters in reverse keeps its letters in their order."""
    return "\ufb50" <= char <= "\ufeff" and len(unicodedata.normalize("NFKC", char)) > 1


def line_pieces(blPara: Any) -> list[list[Piece]]:
    """The pieces of each line ReportLab broke a paragraph into."""
    if blPara.kind == 0:  # one style: (unused width, words) per line
        href = _href(getattr(blPara, "link", None))
        underline = bool(getattr(blPara, "us_lines", None))
        return [
            [
                Piece(
                    " ".join(words),
                    blPara.fontName,
                    blPara.fontSize,
                    blPara.textColor,
                    href,
                    underline,
                )
            ]
            for _, words in blPara.lines
        ]
    return [
        [
            Piece(
                frag.text,
                frag.fontName,
                frag.fontSize,
                frag.textColor,
                _href(getattr(frag, "link", None)),
                bool(getattr(frag, "us_lines", None)),
            )
            for frag in line.words
            if getattr(frag, "text", "")
        ]
        for line in blPara.lines
    ]


def _href(link: Any) -> str | None:
    """The target of a fragment's link (ReportLab keeps ``[(kind, target), ...]``)."""
    if not link:
        return None
    if isinstance(link, str):
        return link
    return str(link[0][1])


UNDERLINE_OFFSET = -0.125
"""A link's underline below the baseline, as a share of the type size (ReportLab's)."""
UNDERLINE_WIDTH = 0.05
"""A link's underline's thickness, as a share of the type size."""


def draw_right_to_left(paragraph: Any) -> None:
    """Draw a wrapped ReportLab paragraph's lines in visual order, aligned as its style says
    (right, centred or left), with its links and underlines.

    In a right-to-left leaflet (its style's ``direction``), a paragraph with a right-to-left
    letter runs right to left, whatever it starts with (the leaflet's language decides, UAX #9
    HL1: a Hebrew sentence that opens with "Botox"); one without, such as a phone number or a
    web address, runs left to right in its place. In a left-to-right leaflet every paragraph
    runs left to right, a Hebrew or Arabic name in it reordered within its line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    canvas, style, blPara = paragraph.canv, paragraph.style, paragraph.blPara
    lines = line_pieces(blPara)
    if not lines:
        return
    texts = ["".join(piece.text for piece in pieces) for pieces in lines]
    # Levels are resolved over the whole paragraph, its lines joined by the spaces they broke
    # at: a number or a neutral at the start of a line takes its direction from the text
    # before it, even on the line above.
    joined = " ".join(texts)
    right_to_left = getattr(style, "direction", "ltr") == "rtl" and contains_rtl(joined)
    base = Direction.RTL if right_to_left else Direction.LTR
    levels = resolve_levels(joined, base)
    starts = list(itertools.accumulate((len(text) + 1 for text in texts), initial=0))
    first = blPara if blPara.kind == 0 else blPara.lines[0]
    y = paragraph.height - getattr(first, "ascent", first.fontSize)
    room = paragraph.width - style.leftIndent - style.rightIndent
    canvas.saveState()
    text = canvas.beginText()
    marks: list[Mark] = []
    for number, pieces in enumerate(lines):
        line_levels = levels[starts[number] : starts[number] + len(texts[number])]
        line = place_line(pieces, base, stringWidth, line_levels)
        if style.alignment == TA_LEFT:
            left = style.leftIndent
        elif style.alignment == TA_CENTER:
            left = style.leftIndent + (room - line.width) / 2
        else:  # right, and justified: a right-to-left line starts at the right
            left = style.leftIndent + room - line.width
        for run in line.runs:
            piece = pieces[run.piece]
            text.setFont(piece.font, piece.size)
            text.setFillColor(piece.color)
            _write(text, run, left, y)
            if piece.href or piece.underline:
                marks.append((piece, left + run.x, y, run.width))
        y -= style.leading
    canvas.drawText(text)
    for piece, x, baseline, width in _joined(marks):
        if piece.underline:
            canvas.setStrokeColor(piece.color)
            canvas.setLineWidth(piece.size * UNDERLINE_WIDTH)
            under = baseline + piece.size * UNDERLINE_OFFSET
            canvas.line(x, under, x + width, under)
        if piece.href:
            rect = (x, baseline + piece.size * UNDERLINE_OFFSET, x + width, baseline + piece.size)
            canvas.linkURL(piece.href, rect, relative=1)
    canvas.restoreState()


Mark = tuple[Piece, float, float, float]
"""A run to underline or link: its piece, left edge, baseline and width."""


def _joined(marks: list[Mark]) -> list[Mark]:
    """``marks`` with runs of one link that touch on a line joined: a link split into runs
    by its faces (a Hebrew word and the space after it) is one link, underlined once."""
    joined: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (-m[2], m[1])):
        piece, x, baseline, width = mark
        if joined:
            last, last_x, last_baseline, last_width = joined[-1]
            same = (last.href, last.underline, last_baseline) == (
                piece.href,
                piece.underline,
                baseline,
            )
            if same and abs(last_x + last_width - x) < 0.01:
                joined[-1] = (last, last_x, baseline, last_width + width)
                continue
        joined.append(mark)
    return joined


def string_pieces(text: str, font: str, size: float, color: Any, family: FontFamily) -> list[Piece]:
    """One line of plain text as pieces, Arabic letters shaped and each stretch in the face
    that has its letters."""
    shaped = shape(text)
    pieces: list[Piece] = []
    for char in shaped:
        face = family.face_for(font, char)
        if pieces and pieces[-1].font == face:
            pieces[-1] = Piece(pieces[-1].text + char, face, size, color)
        else:
            pieces.append(Piece(char, face, size, color))
    return pieces


def string_width(text: str, font: str, size: float, family: FontFamily) -> float:
    """The width of one line of plain text, measured in the faces it is drawn in."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(
        stringWidth(piece.text, piece.font, size)
        for piece in string_pieces(text, font, size, None, family)
    )


def draw_string(
    canvas: Any, x: float, y: float, text: str, font: str, size: float, family: FontFamily
) -> None:
    """Draw one line of plain text from ``x`` (its left end) on the baseline ``y``: in the
    faces that have its letters, in visual order when it has a right-to-left letter, in the
    canvas's fill colour."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = string_pieces(text, font, size, None, family)
    if len(pieces) <= 1 and not contains_rtl(text):
        canvas.setFont(font, size)
        canvas.drawString(x, y, text)
        return
    base = Direction.RTL if contains_rtl(text) else Direction.LTR
    line = place_line(pieces, base, stringWidth)
    lead = len(text) - len(text.lstrip())  # place_line leaves out the line's outer spaces
    x += stringWidth(text[:lead], font, size) if lead else 0.0
    out = canvas.beginText()
    for run in line.runs:
        out.setFont(pieces[run.piece].font, size)
        _write(out, run, x, y)
    canvas.drawText(out)


def _write(text: Any, run: PlacedRun, left: float, y: float) -> None:
    """Write ``run`` into the text object ``text``, its line's left end at ``left``."""
    if run.flipped:  # drawn from its right edge, the glyph's width running back
        text.setTextOrigin(left + run.x + run.width, y)
        text.setHorizScale(-100)
        text.textOut(run.text)
        text.setHorizScale(100)
    else:
        text.setTextOrigin(left + run.x, y)
        text.textOut(run.text)
