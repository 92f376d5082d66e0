"""Typographic punctuation, applied when a text is set, per language; the source stays as typed.

What changes: straight quotes become the language's quotation marks (English curly double and
single quotes, Spanish and Greek guillemets with curly double quotes inside) and apostrophes
become curly; a hyphen between two small numbers becomes an en dash (3-4 months); a number and
its unit are tied by a no-break space (10 ml); three dots become an ellipsis character.

What does not: addresses (web, e-mail), phone numbers and link text are left as typed; a quote
right after a digit is a measurement (5' 10") and stays straight; so does a quote touching ``=``
or another quote (code-like text). A character the font lacks is never used: the plain one
stays (checked against the font's coverage, not guessed).

Hyphenation: :func:`hyphenator` gives pyphen's word splits for a language. pyphen parses its
pattern file at every start of the program (most of a tenth of a second); the parsed patterns are
kept in the user's cache folder (:mod:`brochure.cache`), keyed by pyphen's version and the
pattern file's own checksum, and read back from there next time.
"""

from __future__ import annotations

import hashlib
import marshal
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from typing import Any

import pyphen

from brochure.cache import remembered
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

QUOTES: dict[str, Quotes] = {"en": ENGLISH, "es": GUILLEMETS, "el": GUILLEMETS, "ar": GUILLEMETS}
"""Quotation marks by language; a language not listed uses the English ones."""

AS_TYPED = frozenset({"he", "yi"})
"""Languages whose quotes and number ranges stay as typed. Hebrew writes its abbreviations
with a straight double quote (gershayim: ד"ר), which curling would turn into a quotation mark;
and a range typed "3-4" is one left-to-right number only with the hyphen (UAX #9, W4): with an
en dash, a right-to-left line shows it as "4\u20133"."""

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


@lru_cache(maxsize=1024)
def typeset(text: str, language: str, has_glyph: Callable[[str], bool]) -> str:
    """``text`` with typographic punctuation for ``language`` ("en", "es"...), using only
    characters for which ``has_glyph`` is true; addresses and phone numbers untouched.
    Remembered for the last thousand texts: a batch sets the same texts in every brand."""
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
    if language in AS_TYPED:
        return _UNIT.sub(rf"\1{NBSP}\2", text) if has_glyph(NBSP) else text
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


HYPHEN_LEFT = HYPHEN_RIGHT = 3
"""Letters kept either side of a break: "treat-ment", never "th-ese"."""

Splitter = Callable[[str], list[tuple[str, str]]]
"""A word's possible breaks, as (head, tail) pairs, the longest head first."""


def hyphenator(locale: str) -> Splitter | None:
    """pyphen's word splits for ``locale`` ("en", "es-MX"...), or None when pyphen has no
    dictionary for it. No split at a hyphen the word already has: ReportLab adds a hyphen of
    its own at a break ("anti-" + "-wrinkle" would print two). The patterns are parsed once
    per dictionary and kept in the user's cache folder."""
    language = pyphen.language_fallback(locale.replace("-", "_")) if locale else None
    if not language:
        return None
    return _splitter(_patterns(pyphen.LANGUAGES[language]))


@lru_cache(maxsize=16)
def _splitter(patterns: Any) -> Splitter:
    """The splits over one dictionary's ``patterns``: one function for each, so that two
    themes made for the same language are equal (a batch worker's caches know them again) and
    the splits pyphen found for a word are kept from one leaflet to the next."""
    dictionary = _Hyphenation(patterns)

    def splits(word: str) -> list[tuple[str, str]]:
        return [
            (head, tail)
            for head, tail in dictionary.iterate(word)
            if not head.endswith("-") and not tail.startswith("-")
        ]

    return splits


class _Hyphenation(pyphen.Pyphen):  # type: ignore[misc]  # pyphen has no type hints
    """pyphen's hyphenation of one language over patterns it did not parse itself."""

    def __init__(self, patterns: Any) -> None:
        # Pyphen.__init__ would parse the pattern file again (or use its module-wide cache);
        # its methods need only these three attributes.
        self.left, self.right, self.hd = HYPHEN_LEFT, HYPHEN_RIGHT, patterns


class _CachedPatterns(pyphen.HyphDict):  # type: ignore[misc]  # pyphen has no type hints
    """A pyphen pattern dictionary made from patterns read back from the cache."""

    def __init__(self, patterns: _PackedPatterns) -> None:
        # HyphDict.__init__ parses the file; positions() needs only these three attributes.
        self.patterns, self.maxlen = patterns, patterns.maxlen
        self.cache: dict[str, list[int]] = {}


class _PackedPatterns:
    """pyphen's patterns as :func:`_encode` packs them, unpacked one pattern at a time as
    ``positions()`` asks for it (``get``): a leaflet looks up a few hundred of the thousands a
    language has, so reading them back costs a few milliseconds and a third of the memory."""

    def __init__(
        self,
        tags: tuple[str, ...],
        starts: bytes,
        values: bytes,
        ends: list[int],
        special: dict[str, tuple[int, tuple[Any, ...]]],
    ) -> None:
        self._index = dict(zip(tags, range(len(tags)), strict=True))
        self._starts, self._values, self._ends, self._special = starts, values, ends, special
        self._made: dict[str, tuple[int, tuple[int, ...]]] = {}
        self.maxlen = max(map(len, [*tags, *special]))

    def get(self, tag: str) -> tuple[int, tuple[Any, ...]] | None:
        """The pattern ``tag``: where its values start, and the values; None when there is none."""
        found = self._made.get(tag) or self._special.get(tag)
        if found is None:
            index = self._index.get(tag)
            if index is None:
                return None
            begin = self._ends[index - 1] if index else 0
            found = self._made[tag] = (
                self._starts[index],
                tuple(self._values[begin : self._ends[index]]),
            )
        return found


PATTERNS_FORMAT = 2
"""Version of the cached patterns' layout; part of the cache key."""


@lru_cache(maxsize=8)
def _patterns(path: Any) -> Any:
    """pyphen's parsed patterns of the dictionary file ``path``: from the cache when it holds
    them for this file and this pyphen, else parsed and written there for next time."""
    key = (
        f"patterns {PATTERNS_FORMAT} pyphen {pyphen.__version__} "
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}"
    )
    name = "hyphenation-" + path.name.removeprefix("hyph_").removesuffix(".dic")

    def parse() -> tuple[Any, bytes]:
        parsed = pyphen.HyphDict(path)
        return parsed, _encode(parsed.patterns)

    return remembered(name, key, _decode, parse)


def _encode(patterns: dict[str, tuple[int, tuple[Any, ...]]]) -> bytes:
    """Patterns packed as plain values: the tags; their starts and their values (each a digit)
    as bytes, with where each one's values end; and apart, the patterns with a nonstandard
    break (pyphen's DataInt, "ff=f"), each written as its value, change, index and cut."""
    plain = {tag: entry for tag, entry in patterns.items() if _plain(entry)}
    special = {
        tag: (
            start,
            tuple(
                (int(value), *value.data) if getattr(value, "data", None) else int(value)
                for value in values
            ),
        )
        for tag, (start, values) in patterns.items()
        if tag not in plain
    }
    tags = tuple(plain)
    values = b"".join(bytes(plain[tag][1]) for tag in tags)
    ends = list(accumulate(len(plain[tag][1]) for tag in tags))
    starts = bytes(plain[tag][0] for tag in tags)
    return marshal.dumps((tags, starts, values, ends, special))


def _plain(entry: tuple[int, tuple[Any, ...]]) -> bool:
    """Whether a pattern packs into bytes: a small start, values 0-9 with no nonstandard break."""
    start, values = entry
    return 0 <= start < 256 and all(
        not getattr(value, "data", None) and 0 <= value <= 9 for value in values
    )


def _decode(payload: bytes) -> _CachedPatterns | None:
    """The patterns of :func:`_encode`; None for anything that is not what it writes (the
    checksum matched, but the entry is still not trusted)."""
    try:
        plain = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not (type(plain) is tuple and len(plain) == 5):
        return None
    tags, starts, values, ends, raw_special = plain
    if not (
        type(tags) is tuple
        and type(starts) is bytes
        and type(values) is bytes
        and type(ends) is list
        and type(raw_special) is dict
        and len(tags) == len(starts) == len(ends)
        and (tags or raw_special)
        # Type checks over thousands of values, gathered with map() and set() in C.
        and set(map(type, tags)) <= {str}
        and "" not in tags
        and set(map(type, ends)) <= {int}
        and ends == sorted(ends)
        and (not ends or (ends[0] >= 0 and ends[-1] == len(values)))
        and max(values, default=0) <= 9
    ):
        return None
    special: dict[str, tuple[int, tuple[Any, ...]]] = {}
    for tag, entry in raw_special.items():
        if not (
            isinstance(tag, str)
            and tag
            and type(entry) is tuple
            and len(entry) == 2
            and type(entry[0]) is int
            and type(entry[1]) is tuple
        ):
            return None
        decoded = []
        for value in entry[1]:
            if type(value) is int:
                decoded.append(value)
            elif _nonstandard(value):
                decoded.append(pyphen.DataInt(value[0], value[1:]))
            else:
                return None
        special[tag] = (entry[0], tuple(decoded))
    return _CachedPatterns(_PackedPatterns(tags, starts, values, ends, special))


def _nonstandard(value: object) -> bool:
    """Whether ``value`` is a nonstandard break as :func:`_encode` writes it."""
    return (
        type(value) is tuple
        and len(value) == 4
        and all(type(part) is int for part in (value[0], value[2], value[3]))
        and type(value[1]) is str
        and "=" in value[1]
    )
