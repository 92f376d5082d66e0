"""Typographic punctuation, applied when a text is set, per language; the source stays as typed.

What changes: straight quotes become the language's quotation marks (English curly double and
single quotes, Spanish and Greek guillemets with curly double quotes inside) and apostrophes
become curly; a hyphen between two small numbers becomes an en dash (3-4 months); a number and
its unit are tied by a no-break space (10 ml); three dots become an ellipsis character.

What does not: addresses (web, e-mail), phone numbers and link text are left as typed; a quote
right after a digit is a measurement (5' 10") and stays straight; so does a quote touching ``=``
or another quote (code-like text). A character the font lacks is never used: the plain one
stays (checked against the font's coverage, not guessed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from brochure.content.markup import Run

NBSP = "\u00a0"
ELLIPSIS = "\u2026"
EN_DASH = "\u2013"
APOSTROPHE = "\u2019"


@dataclass(frozen=True)
class Quotes:
    """A language's quotation marks: outer (double) and inner (single) pairs."""

    open: str
    close: str
    inner_open: str
    inner_close: str


ENGLISH = Quotes("\u201c", "\u201d", "\u2018", "\u2019")
GUILLEMETS = Quotes("\u00ab", "\u00bb", "\u201c", "\u201d")

QUOTES: dict[str, Quotes] = {"en": ENGLISH, "es": GUILLEMETS, "el": GUILLEMETS}
"""Quotation marks by language; a language not listed uses the English ones."""

UNITS = (
    "mm", "cm", "m", "km", "ml", "mL", "l", "L", "mg", "g", "kg", "µg", "mcg", "%", "°C",
    "°F", "h", "min", "s", "IU", "units", "unit", "unidades", "unidad", "U",
)  # fmt: skip
"""Units a number is tied to by a no-break space."""

_PROTECTED = re.compile(
    r"(?:https?://|www\.)\S+"  # web addresses
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\+?\d[\d ().-]{6,}\d"  # phone numbers
)
_RANGE = re.compile(r"(?<![\d.,-])(\d{1,3})-(\d{1,3})(?![\d.,-]|-\d)")
_UNIT = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?) (" + "|".join(map(re.escape, UNITS)) + r")(?![\w])"
)
_DOTS = re.compile(r"(?<!\.)\.\.\.(?!\.)")


def typeset(text: str, language: str, has_glyph: Callable[[str], bool]) -> str:
    """``text`` with typographic punctuation for ``language`` ("en", "es"...), using only
    characters for which ``has_glyph`` is true; addresses and phone numbers untouched."""
    return "".join(
        piece if protected else _typeset_plain(piece, language, has_glyph)
        for piece, protected in _pieces(text)
    )


def typeset_runs(
    runs: tuple[Run, ...], language: str, has_glyph: Callable[[str], bool]
) -> tuple[Run, ...]:
    """Each run of a paragraph typeset with its neighbours' letters as context (a quote that
    closes right after a bold word is a closing quote); link text stays as typed."""
    out: list[Run] = []
    for index, run in enumerate(runs):
        if run.href is not None or not run.text:
            out.append(run)
            continue
        before = runs[index - 1].text[-1:] if index else ""
        after = runs[index + 1].text[:1] if index + 1 < len(runs) else ""
        text = typeset(before + run.text + after, language, has_glyph)
        out.append(replace(run, text=text[len(before) : len(text) - len(after)]))
    return tuple(out)


def _pieces(text: str) -> Iterator[tuple[str, bool]]:
    """``text`` cut into (piece, is it an address or phone number)."""
    position = 0
    for match in _PROTECTED.finditer(text):
        if match.start() > position:
            yield text[position : match.start()], False
        yield match.group(), True
        position = match.end()
    if position < len(text):
        yield text[position:], False


def _typeset_plain(text: str, language: str, has_glyph: Callable[[str], bool]) -> str:
    if has_glyph(EN_DASH):
        text = _RANGE.sub(rf"\1{EN_DASH}\2", text)
    if has_glyph(NBSP):
        text = _UNIT.sub(rf"\1{NBSP}\2", text)
    if has_glyph(ELLIPSIS):
        text = _DOTS.sub(ELLIPSIS, text)
    quotes = QUOTES.get(language, ENGLISH)
    if not all(has_glyph(c) for c in (quotes.open, quotes.close, APOSTROPHE)):
        return text
    inner = all(has_glyph(c) for c in (quotes.inner_open, quotes.inner_close))
    return _curl(text, quotes, inner)


def _curl(text: str, quotes: Quotes, inner: bool) -> str:
    """Straight quotes to curly ones, by what stands either side of each."""
    out: list[str] = []
    for index, char in enumerate(text):
        if char not in "\"'":
            out.append(char)
            continue
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if before.isdigit() or "=" in (before, after) or _quote(before) or _quote(after):
            out.append(char)  # a measurement (5' 10"), or code-like text
        elif char == "'":
            if before.isalpha() and (after.isalpha() or not after.strip() or after in ".,;:!?)"):
                out.append(APOSTROPHE)  # don't, the patients' own
            elif _opens(before):
                out.append(quotes.inner_open if inner else char)
            else:
                out.append(quotes.inner_close if inner else APOSTROPHE)
        else:
            out.append(quotes.open if _opens(before) else quotes.close)
    return "".join(out)


def _quote(char: str) -> bool:
    return bool(char) and char in "\"'"


def _opens(before: str) -> bool:
    """Whether a quote after ``before`` opens (at the start, after a space or an opening
    bracket or dash)."""
    return not before or before.isspace() or before in "([{\u2014\u2013-/" + NBSP
