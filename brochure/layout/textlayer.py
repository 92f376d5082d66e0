"""The text layer of a paragraph: what a PDF reader extracts from the page, word for word.

ReportLab draws each line of a paragraph as it measured it: a line broken between two words
ends without the space that separated them, and a word it hyphenated ends with a hyphen it
added (``neuromodulat-`` / ``ors``). A reader that runs the text of a structure element
together (Poppler's structure text, assistive technology, indexing) then reads
"SkincareRegime" and "neuromodulat-ors". Tagged PDF says what the page must carry instead
(ISO 32000-1, 14.8.2, "Identifying word breaks" and "Incidental artifacts"): the space that
separates two words even where the break falls at a line end, and a layout's hyphen as the
soft hyphen U+00AD, so that a reader can tell it from a hyphen the text has (anti-wrinkle).

:class:`TextParagraph` is a ReportLab paragraph that draws its lines that way; it measures and
breaks them exactly as :class:`~reportlab.platypus.Paragraph` does, and draws the same glyphs
in the same places: the space is added after a line's last glyph, and the soft hyphen is only
used in a font that draws it with the hyphen's glyph and width.

How a line ends is read from the text: :func:`line_ends` lines up the broken lines with the
words the paragraph shows, unbroken (:attr:`TextParagraph.shown`).
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator, Sequence
from enum import Enum
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph

from brochure.cache import keep_bounded
from brochure.layout.bidi import contains_rtl
from brochure.layout.fonts import FontFamily
from brochure.layout.sketch import paints

SOFT_HYPHEN = "\u00ad"


class LineEnd(Enum):
    """How the text layer ends a line of a paragraph."""

    KEEP = "keep"
    """As drawn: the paragraph's last line, or a word that goes on on the next line where it
    breaks at a hyphen of its own or is too long for the line."""
    SPACE = "space"
    """The line breaks between two words: a space after its last glyph."""
    SOFT_HYPHEN = "soft hyphen"
    """The layout hyphenated the word: its hyphen is a soft hyphen."""


def line_ends(lines: Sequence[str], shown: str, breaks: Sequence[bool] = ()) -> list[LineEnd]:
    """How each of ``lines`` (the text of a paragraph's broken lines, in order) ends, read
    against ``shown``, the words the lines show unbroken. ``breaks`` marks lines that end at an
    explicit line break (``<br/>``): a word boundary, even where ``shown`` has no space.

    A line that cannot be lined up with ``shown``, and every line after it, is kept as drawn.
    """
    return _line_up(lines, shown, breaks)[0]


def _line_up(
    lines: Sequence[str], shown: str, breaks: Sequence[bool] = ()
) -> tuple[list[LineEnd], str | None]:
    """:func:`line_ends`, and what ``shown`` has after the lines (None if they do not line up
    with it): the words of the rest of a paragraph split after ``lines``."""
    words = shown.split()
    ends: list[LineEnd] = []
    index = offset = 0  # the word being read, and how many of its characters lines showed
    for number, line in enumerate(lines):
        tokens = line.split()
        hyphenated = False
        for position, token in enumerate(tokens):
            rest = words[index][offset:] if index < len(words) else ""
            last = position == len(tokens) - 1
            if token == rest:
                index, offset = index + 1, 0
            elif last and rest.startswith(token):
                offset += len(token)  # a word broken at its own hyphen, or split for length
            elif last and len(token) > 1 and token[-1] == "-" and rest.startswith(token[:-1]):
                offset, hyphenated = offset + len(token) - 1, True
            else:
                return ends + [LineEnd.KEEP] * (len(lines) - number), None
        if not tokens or line[-1].isspace():
            ends.append(LineEnd.KEEP)  # nothing to end, or a space there already
        elif hyphenated:
            ends.append(LineEnd.SOFT_HYPHEN)
        elif (number < len(breaks) and breaks[number]) or (offset == 0 and index < len(words)):
            ends.append(LineEnd.SPACE)
        else:
            ends.append(LineEnd.KEEP)  # the paragraph's end, or a word that goes on
    remaining = words[index:]
    if remaining:
        remaining[0] = remaining[0][offset:]
    return ends, " ".join(remaining)


def draws_soft_hyphen(font_name: str) -> bool:
    """Whether the registered font ``font_name`` draws U+00AD as its hyphen: the same glyph,
    or one as wide with an outline (a font may leave its soft hyphen blank)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        font = pdfmetrics.getFont(font_name)
    except KeyError:  # not a registered font
        return False
    if not isinstance(font, TTFont):
        return False
    face = font.face
    soft, hard = face.charToGlyph.get(0xAD), face.charToGlyph.get(0x2D)
    if soft is None or hard is None:
        return False
    if soft == hard:
        return True
    outlined = bool(face.glyphPos[soft + 1] > face.glyphPos[soft])
    return outlined and face.charWidths.get(0xAD) == face.charWidths.get(0x2D)


class TextParagraph(Paragraph):
    """A paragraph whose text layer keeps its words: a space at each line end between two
    words, a soft hyphen for each hyphen the layout added. It breaks and draws its lines as
    :class:`~reportlab.platypus.Paragraph` does, glyph for glyph.

    ``trailing_space`` ends the last line with a space too: for a paragraph whose element goes
    on in another paragraph (the fact box's value and label are one statement).
    """

    blPara: Any
    """ReportLab's broken lines, from the last :meth:`wrap`."""

    def __init__(
        self,
        text: str | None,
        style: Any = None,
        bulletText: str | None = None,
        frags: list[Any] | None = None,
        caseSensitive: int = 1,
        encoding: str = "utf8",
        *,
        trailing_space: bool = False,
    ) -> None:
        defaults = (
            frags is None and bulletText is None and caseSensitive == 1 and encoding == "utf8"
        )
        key = _parse_key(text, style) if defaults else None
        parsed = _PARSED.get(key) if key is not None else None
        if parsed is not None:
            # The same words in the same style: ReportLab's parse, as it came out last time.
            cleaned, kept, shown = parsed
            super().__init__(cleaned, style, None, [f.clone() for f in kept])
        else:
            super().__init__(text, style, bulletText, frags, caseSensitive, encoding)  # type: ignore[arg-type]
            family = getattr(self.style, "family", None)
            if family is not None and family.fallbacks:
                self.frags = _in_faces(self.frags, family)
            shown = _shown(self)
            if key is not None and self.style is style:  # not restyled by a <para> tag
                _PARSED.keep(key, (self.text, tuple(f.clone() for f in self.frags), shown))
        self.shown = shown
        """The words this paragraph shows, unbroken; :meth:`split` gives its first part the
        whole paragraph's, so that its last line ends as the text goes on."""
        self.trailing_space = trailing_space
        self._spaces: tuple[bool, ...] = ()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts  # the whole paragraph, or nothing
        first, rest = parts
        if isinstance(first, TextParagraph) and isinstance(rest, TextParagraph):
            # The first part's lines are this paragraph's first lines (ReportLab hands them
            # over): the rest shows what they do not, its words whole (its own fragments may
            # hold a word as this layout hyphenated it).
            texts, breaks, _ = _lines(self.blPara)
            count = len(first.blPara.lines)
            shown = _line_up(texts[:count], self.shown, breaks[:count])[1]
            first.shown = self.shown
            rest.shown = rest.shown if shown is None else shown
            rest.trailing_space = self.trailing_space
        return parts

    @property
    def right_to_left(self) -> bool:
        """Whether the paragraph is drawn right to left (its style's ``direction``)."""
        return getattr(self.style, "direction", "ltr") == "rtl"

    @paints
    def draw(self) -> None:
        if self.right_to_left or contains_rtl(self.shown):
            from brochure.layout.rtl import draw_right_to_left

            # Each line is written in reading order and ends where the next goes on: the
            # text layer keeps its words without the line-end spaces of the left-to-right path.
            # A Hebrew or Arabic word in a left-to-right leaflet is drawn this way too.
            draw_right_to_left(self)
            return
        blPara = self.blPara
        texts, breaks, fonts = _lines(blPara)
        ends = line_ends(texts, self.shown, breaks)
        if self.trailing_space and ends and texts[-1].strip() and not texts[-1][-1].isspace():
            ends[-1] = LineEnd.SPACE
        self._spaces = tuple(end is LineEnd.SPACE for end in ends)
        self.blPara = _with_soft_hyphens(blPara, ends, fonts)
        try:
            super().draw()
        finally:
            self.blPara, self._spaces = blPara, ()

    def beginText(self, x: float, y: float) -> PDFTextObject:
        if not any(self._spaces) or self.style.endDots:
            return super().beginText(x, y)
        return _LineEndText(self.canv, x, y, iter(self._spaces))


class _LineEndText(PDFTextObject):
    """The text object of one paragraph: ends the lines ``spaces`` marks with a space.

    A paragraph writes each line's text through ``_textOut``, the last piece with ``TStar``
    set (which moves to the next line): the space goes after that piece, where it moves
    nothing that is drawn."""

    def __init__(self, canvas: Any, x: float, y: float, spaces: Iterator[bool]) -> None:
        super().__init__(canvas, x, y)
        self._spaces = spaces

    def _textOut(self, text: str, TStar: int = 0) -> None:
        if TStar and next(self._spaces, False):
            if type(text) is str:
                text += " "
            else:  # shaped text carries its glyph positions: the space goes on its own
                super()._textOut(text)  # type: ignore[misc]
                text = " "
        super()._textOut(text, TStar)  # type: ignore[misc]


_UNPARSED = frozenset({"name", "parent", "hyphenationLang"})
"""Style attributes the parse never reads: a style's name, the style it was derived from (its
values are copied into it), and the hyphenation (a function made anew for every theme)."""


class _ParseMemo:
    """ReportLab's parse of a paragraph's markup, by the markup and every style attribute the
    parse may read, for the ``capacity`` paragraphs parsed last. A batch worker paints the same
    content in many brands, and most text (body, cards, the safety note) is set in the same
    ink and font in each: parsing it once is a fifth of a paragraph's cost. A parse depends on
    nothing else, so a remembered one gives the paragraph a fresh parse would: each use gets
    its own copies of the fragments, which laying out annotates."""

    capacity = 256

    def __init__(self) -> None:
        self.hits = 0
        """Parses answered from the memo."""
        self._parsed: dict[tuple[str, int], tuple[str, tuple[Any, ...], str]] = {}
        self._numbers: dict[tuple[Any, ...], int] = {}
        self._style_numbers: WeakKeyDictionary[Any, int | None] = WeakKeyDictionary()
        # A number is never given twice, even after the memo forgets: a paragraph made with a
        # number from before cannot store its parse under another style's. The preview checks
        # an edit in one thread while it renders in another, hence the lock.
        self._next = itertools.count()
        self._lock = threading.Lock()

    def style_number(self, style: Any) -> int | None:
        """A number for ``style``'s attributes as the parse reads them, with each value's type
        (a CMYK colour is not its RGB twin): equal styles, from any theme, have the same one.
        None for a style with a value that cannot be compared. Styles are not changed once a
        theme has made them."""
        with self._lock:
            if style in self._style_numbers:
                return self._style_numbers[style]
            if len(self._numbers) >= self.capacity:  # forget all: numbers name kept parses
                self._numbers.clear()
                self._style_numbers.clear()
                self._parsed.clear()
            items = style.__dict__.items()
            attributes = tuple(sorted((n, type(v), v) for n, v in items if n not in _UNPARSED))
            try:
                number: int | None = self._numbers.get(attributes)
                if number is None:
                    number = self._numbers[attributes] = next(self._next)
            except TypeError:  # an unhashable value
                number = None
            self._style_numbers[style] = number
            return number

    def get(self, key: tuple[str, int]) -> tuple[str, tuple[Any, ...], str] | None:
        """The parse remembered under ``key``: the cleaned text, the fragments (not to be handed
        out as they are) and the words shown."""
        with self._lock:
            found = self._parsed.get(key)
            self.hits += found is not None
            return found

    def keep(self, key: tuple[str, int], parsed: tuple[str, tuple[Any, ...], str]) -> None:
        """Remember ``parsed`` under ``key``, forgetting the oldest past ``capacity``. A key
        whose style the memo has forgotten since is kept too: its number is given to no other
        style, so it can only ever answer that style's paragraphs."""
        with self._lock:
            keep_bounded(self._parsed, key, parsed, self.capacity)


_IMPURE = re.compile(r"<\s*(bullet|seq\w*|img|ondraw|index)\b", re.IGNORECASE)
"""ReportLab tags whose parse depends on more than the markup (a counter, a file, a callback)
or gives more than fragments (a bullet): brochure writes none of them, and user text is
escaped, but such markup is parsed afresh each time."""

_PARSED = _ParseMemo()
"""The process's parse memo: a cache of a pure function (the parse), never a setting."""


def _parse_key(text: Any, style: Any) -> tuple[str, int] | None:
    """What a paragraph's parse depends on, or None when it is not remembered: text that is not
    a string, a style that is not a ParagraphStyle (or one with a ``bulletText``), a value that
    cannot be compared, markup with a tag of :data:`_IMPURE`."""
    if type(text) is not str or style is None or getattr(style, "bulletText", None) is not None:
        return None
    if _IMPURE.search(text):
        return None
    number = _PARSED.style_number(style)
    return None if number is None else (text, number)


def _in_faces(frags: list[Any], family: FontFamily) -> list[Any]:
    """The paragraph's fragments with each stretch of text in the face that has its letters
    (a Hebrew word in a Latin brand font goes into the shipped Hebrew face of the same weight),
    before lines are broken, so that they are measured in the faces they are drawn in."""
    if not frags or not hasattr(frags[0], "text"):
        return frags  # the words of a split paragraph: already in their faces
    result: list[Any] = []
    for frag in frags:
        text = getattr(frag, "text", "")
        if not text:
            result.append(frag)
            continue
        start = 0
        face = family.face_for(frag.fontName, text[0])
        for index in range(1, len(text) + 1):
            char_face = family.face_for(frag.fontName, text[index]) if index < len(text) else ""
            if char_face != face:
                piece = text[start:index]
                result.append(
                    frag
                    if piece == text and face == frag.fontName
                    else frag.clone(text=piece, fontName=face)
                )
                start, face = index, char_face
    return result


def _shown(paragraph: Paragraph) -> str:
    """The text of ``paragraph``'s fragments, an explicit line break read as a space."""
    frags: list[Any] = paragraph.frags
    if not frags:
        return ""
    first = frags[0]
    if isinstance(first, list):  # words of a split paragraph: [width, (frag, text), ...]
        return paragraph.getPlainText()
    if hasattr(first, "words"):  # the words of a split paragraph in one style
        return " ".join(first.words)
    return "".join(" " if getattr(f, "lineBreak", False) else getattr(f, "text", "") for f in frags)


def _lines(blPara: Any) -> tuple[list[str], list[bool], list[str]]:
    """Each broken line's text, whether it ends at an explicit break, and the font its last
    text is set in."""
    texts: list[str] = []
    breaks: list[bool] = []
    fonts: list[str] = []
    for line in blPara.lines:
        if blPara.kind == 0:  # (unused width, words), all in the paragraph's font
            texts.append(" ".join(line[1]))
            breaks.append(False)
            fonts.append(blPara.fontName)
        else:  # a FragLine: fragments of text in their own styles
            pieces = [f for f in line.words if getattr(f, "text", "")]
            texts.append("".join(f.text for f in pieces))
            breaks.append(bool(getattr(line, "lineBreak", False)))
            fonts.append(pieces[-1].fontName if pieces else "")
    return texts, breaks, fonts


def _with_soft_hyphens(blPara: Any, ends: Sequence[LineEnd], fonts: Sequence[str]) -> Any:
    """``blPara`` with the layout's hyphens drawn as soft hyphens, where the font draws one as
    its hyphen (the same glyph, as wide): the broken lines themselves are left as they are."""
    changed = False
    lines = list(blPara.lines)
    for number, end in enumerate(ends):
        if end is not LineEnd.SOFT_HYPHEN or not draws_soft_hyphen(fonts[number]):
            continue
        line = lines[number]
        if blPara.kind == 0:
            words = list(line[1])
            if not words[-1].endswith("-"):
                continue
            words[-1] = words[-1][:-1] + SOFT_HYPHEN
            lines[number] = (line[0], words)
        else:
            words = list(line.words)
            last = max(i for i, f in enumerate(words) if getattr(f, "text", ""))
            if not words[last].text.endswith("-"):
                continue
            words[last] = words[last].clone(text=words[last].text[:-1] + SOFT_HYPHEN)
            lines[number] = line.clone(words=words)
        changed = True
    if not changed:
        return blPara
    return blPara.clone(lines=type(blPara.lines)(lines))
