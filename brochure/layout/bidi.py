"""Right-to-left text: base direction, Arabic shaping and the visual order of a line.

Pure functions on strings, for Hebrew and Arabic leaflets; nothing here draws. The order of work
for one paragraph is fixed by the Unicode Bidirectional Algorithm (UAX #9):

1. :func:`analyse` takes the paragraph's *logical* text (the order it is typed and read in),
   shapes Arabic letters into their joined presentation forms (``arabic-reshaper``) and resolves
   the embedding level of every character over the *whole* paragraph (``python-bidi``). Levels
   must come from the whole paragraph: whether "3-4" or a neutral between two words is read
   left-to-right depends on its neighbours, which may end up on another line.
2. The layout breaks :attr:`BidiParagraph.text` (shaped, still logical) into lines, measuring
   the shaped text, since a joined letter is narrower or wider than its isolated form. A line is
   a span ``[start, end)`` of that text; :func:`line_spans` finds the spans of lines that
   ReportLab broke into words.
3. Only then is each line reordered on its own (:func:`visual_line`): UAX #9 reorders *per line*
   (rules L1-L4), so reordering the whole paragraph first and breaking it afterwards would put
   the paragraph's last words on its first line.
4. A reordered line is drawn left to right as it stands. Its :attr:`VisualLine.logical` is the
   source text of that line in reading order, for the PDF's ``/ActualText``: without it, copying
   or reading aloud gives the letters backwards (and presentation forms instead of letters).

Costs of shaping with presentation forms, rather than a shaping engine: vowel marks (harakat)
are dropped unless asked for, only the four lam-alef ligatures are formed, and the font must
have the presentation-form glyphs (U+FB50-FDFF, U+FE70-FEFF).
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from arabic_reshaper import ArabicReshaper  # type: ignore[import-untyped]


class Direction(Enum):
    """A paragraph's base direction."""

    LTR = "ltr"
    RTL = "rtl"

    @property
    def level(self) -> int:
        """The paragraph embedding level of UAX #9: 0 left to right, 1 right to left."""
        return 1 if self is Direction.RTL else 0


RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
)
"""Languages written right to left in their usual script (ISO 639 codes)."""

RTL_SCRIPTS = frozenset({"adlm", "arab", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa"})
"""ISO 15924 script subtags written right to left (a locale such as ``pa-Arab``)."""

_STRONG_RTL = frozenset({"R", "AL"})
_REORDERING = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI"})
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_WORD = re.compile(r"\S+")
_LAM_ALEF = (
    "ARABIC LIGATURE LAM WITH ALEF",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
    "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
)


def locale_direction(locale: str) -> Direction | None:
    """The direction a locale is written in: ``he`` and ``ar-EG`` right to left, ``az-Arab``
    too (its script subtag decides), ``en`` and ``sr-Latn`` left to right; None for text that
    is no language code."""
    parts = [part.lower() for part in re.split(r"[-_]", locale.strip())]
    if not parts or not re.fullmatch(r"[a-z]{2,3}", parts[0]):
        return None
    scripts = [part for part in parts[1:] if re.fullmatch(r"[a-z]{4}", part)]
    if scripts:
        return Direction.RTL if scripts[0] in RTL_SCRIPTS else Direction.LTR
    return Direction.RTL if parts[0] in RTL_LANGUAGES else Direction.LTR


def text_direction(text: str) -> Direction | None:
    """The direction of the first strong character (UAX #9, P2-P3), or None when there is none
    (only digits, spaces and punctuation)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _STRONG_RTL:
            return Direction.RTL
        if kind == "L":
            return Direction.LTR
    return None


def base_direction(text: str, locale: str) -> Direction:
    """A paragraph's base direction in a leaflet written in ``locale``.

    The leaflet's language decides (UAX #9's higher-level protocol HL1): a Hebrew paragraph that
    starts with "Botox" is still right to left, and a Hebrew name in an English leaflet does not
    turn its paragraph around. Only for an unknown locale does the first strong character decide.
    """
    direction = locale_direction(locale)
    if direction is not None:
        return direction
    return text_direction(text) or Direction.LTR


def contains_rtl(text: str) -> bool:
    """Whether ``text`` has a right-to-left letter (Hebrew, Arabic, ...)."""
    return any(unicodedata.bidirectional(char) in _STRONG_RTL for char in text)


def needs_reordering(text: str, base: Direction) -> bool:
    """Whether any line of ``text`` can be drawn in another order than it is stored in: a
    right-to-left base, a right-to-left letter, an Arabic digit or an explicit direction mark."""
    if base is Direction.RTL:
        return True
    return any(unicodedata.bidirectional(char) in _REORDERING for char in text)


def needs_shaping(text: str) -> bool:
    """Whether ``text`` has Arabic-script letters, which join and change shape."""
    return _ARABIC.search(text) is not None


@dataclass(frozen=True)
class Shaped:
    """Text whose Arabic letters are presentation forms, and where each came from."""

    source: str
    """The text as written."""
    text: str
    """The shaped text, still in logical order."""
    starts: tuple[int, ...]
    """For each character of :attr:`text`, the index in :attr:`source` where what it stands for
    begins, then ``len(source)``: character ``i`` stands for
    ``source[starts[i]:starts[i + 1]]`` (two letters for a lam-alef ligature, a letter and its
    dropped vowel marks)."""

    def source_of(self, start: int, end: int) -> str:
        """The source text that ``text[start:end]`` stands for."""
        return self.source[self.starts[start] : self.starts[end]]


@lru_cache(maxsize=2)
def _reshaper(keep_harakat: bool) -> ArabicReshaper:
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.reshaper_config import (  # type: ignore[import-untyped]
        default_config,
    )

    # Every option is given, and an empty file is named so that the reshaper reads no
    # configuration file from its environment variable: the same text shapes the same way
    # everywhere. Only the lam-alef ligatures are obligatory in Arabic; the others are optional
    # and fonts vary in which they have.
    settings: dict[str, bool | str] = {key: False for key in default_config}
    settings.update(language="Arabic", delete_harakat=not keep_harakat, support_zwj=True)
    settings.update(support_ligatures=True, **dict.fromkeys(_LAM_ALEF, True))
    return ArabicReshaper(configuration=settings, configuration_file=os.devnull)


def shape(text: str, *, keep_harakat: bool = False) -> Shaped:
    """Arabic letters of ``text`` replaced by their joined presentation forms (initial, medial,
    final, isolated; lam-alef ligatures), in logical order; other text unchanged.

    Vowel marks (harakat) are dropped unless ``keep_harakat``: drawn without a shaping engine
    they would not sit over their letter. Shape before measuring and breaking lines.
    """
    if not needs_shaping(text):
        return Shaped(text, text, tuple(range(len(text) + 1)))
    shaped = _reshaper(keep_harakat).reshape(text)
    if not shaped:  # nothing but marks: keep them rather than lose the text
        return Shaped(text, text, tuple(range(len(text) + 1)))
    return Shaped(text, shaped, _alignment(text, shaped))


def _alignment(source: str, shaped: str) -> tuple[int, ...]:
    """Where each shaped character begins in ``source``: the reshaper keeps the order, turns a
    letter into one presentation form (two letters into one ligature) and drops marks."""
    starts: list[int] = []
    i = 0
    for char in shaped:
        while True:
            if i < len(source) and source[i] == char:
                width = 1
                break
            letters = unicodedata.normalize("NFKC", char)
            if letters and source.startswith(letters, i):
                width = len(letters)
                break
            if i >= len(source):
                raise ValueError(f"the shaped text does not follow its source at {i}")
            i += 1  # a dropped mark: it belongs to the character before
        starts.append(i if starts else 0)  # marks before any letter go with the first
        i += width
    starts.append(len(source))
    return tuple(starts)


@dataclass(frozen=True)
class BidiParagraph:
    """A paragraph ready for line breaking: shaped, with its levels resolved."""

    shaped: Shaped
    """The source and its shaped text (logical order)."""
    base: Direction
    """The paragraph's base direction."""
    levels: tuple[int, ...]
    """The resolved embedding level of each character of the shaped text (UAX #9 up to I2, over
    the whole paragraph): even left to right, odd right to left."""
    classes: tuple[str, ...]
    """Each character's bidi class (``unicodedata.bidirectional``), for rule L1."""

    @property
    def text(self) -> str:
        """The shaped text, in logical order: what the layout measures and breaks."""
        return self.shaped.text


def analyse(text: str, locale: str, *, keep_harakat: bool = False) -> BidiParagraph:
    """Shape ``text`` (one paragraph, logical order) and resolve its bidi levels, for a leaflet
    in ``locale``. Break lines in :attr:`BidiParagraph.text` afterwards, then reorder each line
    with :func:`visual_line`."""
    shaped = shape(text, keep_harakat=keep_harakat)
    base = base_direction(text, locale)
    return BidiParagraph(shaped, base, resolve_levels(shaped.text, base), _classes(shaped.text))


def _classes(text: str) -> tuple[str, ...]:
    return tuple(unicodedata.bidirectional(char) for char in text)


def resolve_levels(text: str, base: Direction) -> tuple[int, ...]:
    """The embedding level of each character of ``text`` (one paragraph), UAX #9 rules X1-I2, by
    python-bidi. Explicit formatting characters, which the algorithm removes (X9), take the level
    of the character before them, as UAX #9 suggests; they draw nothing."""
    from bidi import algorithm  # type: ignore[import-untyped]

    if not text:
        return ()
    # python-bidi's pure-Python algorithm gives the resolved levels (its Rust one only the
    # reordered string); each character is tagged with its index, as X9 removes some.
    storage = algorithm.get_empty_storage()
    storage["base_level"] = base.level
    storage["base_dir"] = "R" if base is Direction.RTL else "L"
    algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    found = {char["index"]: int(char["level"]) for char in storage["chars"]}
    levels: list[int] = []
    for index in range(len(text)):
        levels.append(found.get(index, levels[-1] if levels else base.level))
    return tuple(levels)


def visual_order(paragraph: BidiParagraph, start: int, end: int) -> tuple[int, ...]:
    """The indexes ``start..end-1`` of the paragraph's shaped text in the order they are drawn,
    left to right, for the line ``[start, end)`` (UAX #9 rules L1 and L2, on this line only)."""
    base = paragraph.base.level
    levels = list(paragraph.levels[start:end])
    classes = paragraph.classes[start:end]
    trailing = True
    for i in range(len(levels) - 1, -1, -1):  # L1: separators and the line's trailing spaces
        kind = classes[i]
        if kind in ("S", "B"):
            levels[i] = base
            trailing = True
        elif trailing and kind in ("WS", "BN", "FSI", "LRI", "RLI", "PDI"):
            levels[i] = base
        else:
            trailing = False
    order = list(range(start, end))
    if not levels:
        return ()
    lowest_odd = min((level for level in levels if level % 2), default=None)
    if lowest_odd is None:
        return tuple(order)
    for level in range(max(levels), lowest_odd - 1, -1):  # L2
        i = 0
        while i < len(levels):
            if levels[i] >= level:
                j = i
                while j < len(levels) and levels[j] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                levels[i:j] = levels[i:j][::-1]
                i = j
            else:
                i += 1
    return tuple(order)


@lru_cache(maxsize=1)
def _mirrors() -> dict[str, str]:
    from bidi.mirror import MIRRORED  # type: ignore[import-untyped]

    return dict(MIRRORED)


@dataclass(frozen=True)
class VisualLine:
    """One line, ready to draw left to right."""

    text: str
    """The line's characters in drawing order, brackets mirrored where they run right to left."""
    order: tuple[int, ...]
    """For each character of :attr:`text`, its index in the paragraph's shaped text."""
    levels: tuple[int, ...]
    """Each drawn character's embedding level (odd: part of a right-to-left run)."""
    logical: str
    """The source text of this line in reading order, for ``/ActualText``."""


def visual_line(paragraph: BidiParagraph, start: int, end: int) -> VisualLine:
    """The line ``[start, end)`` of the paragraph's shaped text, reordered for drawing.

    Call it after line breaking, once per line: the visual order of a line depends on where the
    line ends (rule L1 and the reversal of L2 are per line).
    """
    order = visual_order(paragraph, start, end)
    mirrors = _mirrors()
    chars = []
    for index in order:
        char = paragraph.text[index]
        if paragraph.levels[index] % 2 and unicodedata.mirrored(char):  # L4
            char = mirrors.get(char, char)
        chars.append(char)
    levels = tuple(paragraph.levels[index] for index in order)
    return VisualLine("".join(chars), order, levels, logical_text(paragraph, start, end))


def logical_text(paragraph: BidiParagraph, start: int, end: int) -> str:
    """The source text (unshaped, reading order) of the line ``[start, end)`` of the shaped
    text: what a line's ``/ActualText`` says, so that copying, searching and reading aloud get
    the words as written."""
    return paragraph.shaped.source_of(start, end)


def visual_lines(paragraph: BidiParagraph, breaks: Sequence[int]) -> list[VisualLine]:
    """Every line of the paragraph, reordered: ``breaks`` are the indexes of the shaped text
    where a new line starts (ascending, without 0); trailing spaces stay with their line."""
    edges = [0, *breaks, len(paragraph.text)]
    return [visual_line(paragraph, a, b) for a, b in itertools.pairwise(edges)]


def line_spans(text: str, lines: Sequence[Sequence[str]]) -> list[tuple[int, int]]:
    """The span ``[start, end)`` of ``text`` that each line covers, for lines given as their
    words (as ReportLab's paragraph breaks them, in logical order). A line's span ends after its
    last word; the spaces after it belong to no line. Raises ValueError when the words are not
    those of ``text`` in order."""
    words = iter(_WORD.finditer(text))
    spans: list[tuple[int, int]] = []
    for line in lines:
        start = end = None
        for word in line:
            match = next(words, None)
            if match is None or match[0] != word:
                found = "nothing" if match is None else repr(match[0])
                raise ValueError(f"line {len(spans) + 1}: expected {word!r}, found {found}")
            start = match.start() if start is None else start
            end = match.end()
        if start is None or end is None:
            raise ValueError(f"line {len(spans) + 1} has no words")
        spans.append((start, end))
    return spans
