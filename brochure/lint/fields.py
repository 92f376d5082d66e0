"""The texts of a content file a patient reads, each with its field, and where in the file a
word of it was written.

The texts are taken from the parsed YAML (:class:`~brochure.content.source.Source`), not from
the validated leaflet, so a file that fails validation is still read for spelling and reading
level. A place inside a text is found by walking the value's characters through the file's own
lines: the value of a ``|`` or ``>`` block, or of a quoted or plain scalar, is the file's text
minus indentation, line breaks and quoting.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from brochure.content.markup import MarkupError, parse_blocks
from brochure.content.source import FieldPath, Location, Source, format_path

NOT_READ = frozenset({"brand", "lint", "locale", "icon", "path", "translation_of"})
"""Keys whose values a patient does not read as text: the brand (names, addresses), lint
settings, codes and file paths."""

RUNNING_TEXT = ("intro", "body", "closing")
"""Keys of running text (paragraphs with the inline markup), measured for reading level."""

WORD_MARKS = (
    "\u0300-\u036f"  # accents typed as marks of their own (decomposed Latin text)
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"  # Hebrew points and cantillation
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
)  # Arabic vowel marks (harakat), shadda, small letters
"""Combining marks a word carries, as the inside of a regular-expression class: part of the
word they sit on, though Python's ``\\w`` does not count them as letters."""
WORD_JOINERS = "'\u2019\u05f3\u05f4"
"""Characters inside a word between letters: apostrophes, the Hebrew geresh and gershayim
("צה״ל", an abbreviation, is one word)."""
RTL_SCRIPT = re.compile(
    "[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]"
)
"""A character of the Hebrew or Arabic script (its presentation forms included)."""
_MARK = re.compile(f"[{WORD_MARKS}\u0640]")


def without_marks(word: str) -> str:
    """``word`` without its combining marks and Arabic tatweel (the stretching stroke): the
    form dictionaries list ("مَرحبا" is looked up as "مرحبا"). Latin accents typed as
    marks are first composed with their letter, so "café" stays "café"."""
    return _MARK.sub("", unicodedata.normalize("NFC", word))


_HREF = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))+\)")
_ADDRESS = re.compile(
    r"(?:https?://|www\.)\S*[^\s.,;:!?)\]'\"\u201d\u2019]"  # not the sentence's full stop
    r"|[^\s@<>()\[\]]+@[^\s@<>()\[\]]+\.[A-Za-z]{2,}"
)
_SKIPPABLE = 8
"""Characters of the file a value's character may be preceded by (quoting, an escape sequence)
before the walk gives up on it and leaves it at the previous place."""


@dataclass(frozen=True)
class TextField:
    """One text of the content file, as written and as a reader sees it."""

    path: FieldPath
    """Where it is in the content (``("benefits", 1, "body")``)."""
    raw: str
    """The value as parsed from YAML, markup included."""
    running: bool
    """Running text with the inline markup (intro, bodies, closing), else a single line."""

    @property
    def field(self) -> str:
        """The field as messages name it: ``benefits[1].body``."""
        return format_path(self.path)

    def blocks(self) -> tuple[str, ...]:
        """Paragraphs and bullet items as a reader sees them (markup removed)."""
        if not self.running:
            return (self.raw.strip(),) if self.raw.strip() else ()
        try:
            return tuple(block.plain for block in parse_blocks(self.raw))
        except MarkupError:  # a bad link: validation reports it; read the text as typed
            return tuple(part.strip() for part in re.split(r"\n\s*\n", self.raw) if part.strip())

    def plain(self) -> str:
        """The whole text as a reader sees it, blocks separated by blank lines."""
        return "\n\n".join(self.blocks())


def text_fields(data: Any, path: FieldPath = ()) -> Iterator[TextField]:
    """Every text a patient reads in the parsed content ``data``, in file order."""
    if path and path[-1] in NOT_READ:
        return
    if isinstance(data, str):
        running = bool(path) and (
            path[-1] in RUNNING_TEXT or path == ("safety_note",)  # a plain-text safety note
        )
        yield TextField(path, data, running)
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from text_fields(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from text_fields(value, (*path, index))


def mask_addresses(text: str) -> str:
    """``text`` with web addresses, e-mail addresses and link targets blanked out (same length),
    so no word inside them is read or counted."""

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group())

    return _ADDRESS.sub(blank, _HREF.sub(blank, text))


def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")


def occurrence(text: str, word: str, index: int) -> int | None:
    """Offset of the ``index``-th (0-based) whole-word occurrence of ``word`` in ``text``."""
    for count, match in enumerate(_whole_word(word).finditer(text)):
        if count == index:
            return match.start()
    return None


def occurrences_before(text: str, word: str, offset: int) -> int:
    """How many whole-word occurrences of ``word`` start before ``offset`` in ``text``."""
    return sum(1 for match in _whole_word(word).finditer(text) if match.start() < offset)


class Placer:
    """Finds where, in the file of ``source``, a character of one of its values was written."""

    def __init__(self, source: Source) -> None:
        self.source = source
        try:
            text = source.path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError):  # pragma: no cover - it was just parsed
            text = ""
        self._text = text
        self._starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self._walks: dict[FieldPath, list[int]] = {}

    def field(self, path: FieldPath) -> Location | None:
        """Where the value of ``path`` starts (or its nearest written ancestor)."""
        return self.source.locate(path)

    def word(self, text: TextField, word: str, index: int) -> Location | None:
        """Where the ``index``-th occurrence of ``word`` in the reader's text of ``text`` was
        written; the value's start when it cannot be found."""
        offset = occurrence(mask_addresses(text.raw), word, index)
        if offset is None:
            return self.field(text.path)
        return self.at(text, offset)

    def at(self, text: TextField, offset: int) -> Location | None:
        """Where character ``offset`` of ``text.raw`` was written in the file."""
        start = self.source.values.get(text.path)
        if start is None or not self._text:
            return self.field(text.path)
        walk = self._walks.get(text.path)
        if walk is None:
            walk = self._walks[text.path] = self._walk(start, text.raw)
        return self._location(walk[min(offset, len(walk) - 1)] if walk else self._offset(start))

    def _offset(self, where: Location) -> int:
        line = min(where.line, len(self._starts)) - 1
        return self._starts[line] + where.column - 1

    def _location(self, offset: int) -> Location:
        line = bisect.bisect_right(self._starts, offset)
        return Location(line, offset - self._starts[line - 1] + 1)

    def _walk(self, start: Location, value: str) -> list[int]:
        """The file offset of each character of ``value``, whose scalar starts at ``start``."""
        text = self._text
        position = self._offset(start)
        if text[position : position + 1] in ("|", ">"):  # block scalar: text starts a line below
            newline = text.find("\n", position)
            position = len(text) if newline < 0 else newline + 1
        elif text[position : position + 1] in ("'", '"'):
            position += 1
        places: list[int] = []
        for char in value:
            if char.isspace():
                places.append(position)
                continue
            found = self._find(char, position)
            if found is None:
                places.append(position)
            else:
                places.append(found)
                position = found + 1
        return places

    def _find(self, char: str, position: int) -> int | None:
        """The next ``char`` from ``position``, past whitespace and a few other characters."""
        text = self._text
        skipped = 0
        while position < len(text):
            here = text[position]
            if here == char:
                return position
            if not here.isspace():
                skipped += 1
                if skipped > _SKIPPABLE:
                    return None
            position += 1
        return None
