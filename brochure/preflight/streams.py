"""Reading streams within limits: decoding with a cap on the bytes made, parsing content with a
cap on the tokens held.

A stream's filters are undone one at a time. Flate (nearly every stream in a modern PDF) is
inflated here with :mod:`zlib`, asking for at most the bytes still allowed, so a bomb costs no
more than the limit. Any other filter is left to qpdf only when its worst case fits: one input
byte makes at most :data:`EXPANSION` output bytes. A stream whose size cannot be bounded that way
(a large LZW stream), or whose filter is not for content (DCT, JPX...), is not decoded.

Parsing is bounded before it starts: a content stream cannot hold more tokens than it has
separator bytes (white space and delimiters), counted in C in one pass.
"""

from __future__ import annotations

import re
import warnings
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf

from brochure.preflight.limits import Budget, LimitReached, size_text
from brochure.preflight.values import clipped, get, integer

FLATE = "/FlateDecode"
EXPANSION: dict[str, float] = {
    "/ASCIIHexDecode": 0.5,
    "/ASCII85Decode": 4.0,
    "/RunLengthDecode": 64.0,
    "/LZWDecode": 4096.0,
}
"""The most output bytes one input byte can make, for the filters qpdf decodes here."""
MAX_FILTERS = 8
"""The longest filter chain decoded (real files use one or two)."""
MESSAGE_LENGTH = 200
"""The longest qpdf message quoted (a hostile file can make them as long as it likes)."""
_SEPARATORS = b" \t\r\n\f\x00()<>[]{}/%"
"""Bytes that can end a token: at most one token more than there are of them."""
_QPDF_SOURCE = re.compile(r"^(?:stream <[^>]*>|content stream objects stream \d+ \d+)\s*(?:: )?")
_QPDF_WHERE = re.compile(r"^\(([^()]*)\): ")


class UnreadableStream(ValueError):
    """A stream that cannot be decoded or parsed; ``str()`` says why, for the report."""


@dataclass(frozen=True)
class Parsed:
    """A content stream, parsed."""

    instructions: Sequence[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage]
    """Its operators with their operands (inline images as one instruction each)."""
    damage: tuple[str, ...]
    """What qpdf had to skip or guess while parsing (empty for a sound stream)."""
    size: int = 0
    """Its decoded length in bytes."""


class StreamReader:
    """Decodes and parses the streams of one file, charging a :class:`Budget`.

    It keeps a scratch PDF of its own: parsing and qpdf's filters run on copies there, so the
    file being read is never changed."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.scratch = pikepdf.new()
        """The PDF parsed operands belong to: they are valid only while it lives."""
        self._stage = pikepdf.Stream(self.scratch, b"")
        self._content = pikepdf.Stream(self.scratch, b"")

    def read(self, stream: pikepdf.Object, *, head: int | None = None) -> bytes:
        """A stream's decoded bytes (only the first ``head`` when given).

        Raises :class:`~brochure.preflight.limits.LimitReached` when it decodes to more than the
        budget allows, :class:`UnreadableStream` when it cannot be decoded."""
        if not isinstance(stream, pikepdf.Stream):
            raise UnreadableStream("it is not a stream")
        filters = _filters(stream)
        try:
            data = stream.read_raw_bytes()
        except (pikepdf.PdfError, ValueError) as exc:
            raise UnreadableStream(f"its data cannot be read ({qpdf_message(str(exc))})") from None
        for index, (name, parms) in enumerate(filters):
            last = index == len(filters) - 1
            data = self._undo(name, parms, data, head if last else None)
        if not filters:
            if len(data) > self.budget.bytes_left:
                raise self.budget.byte_limit()
            self.budget.spend_bytes(len(data))
        return data if head is None else data[:head]

    def parse(self, data: bytes) -> Parsed:
        """Parse decoded content-stream bytes.

        Raises :class:`~brochure.preflight.limits.LimitReached` when they hold more tokens than
        the budget allows (nothing is parsed then)."""
        self.budget.spend_tokens(count_tokens(data))
        self._content.write(data)
        self.scratch.get_warnings()  # qpdf hands each warning over once: start afresh
        with warnings.catch_warnings():
            # pikepdf repeats some of qpdf's warnings as Python ones; they are read below.
            warnings.simplefilter("ignore")
            try:
                instructions = pikepdf.parse_content_stream(self._content)
            except pikepdf.PdfError as exc:
                raise UnreadableStream(f"it cannot be parsed ({qpdf_message(str(exc))})") from None
        damage = tuple(qpdf_message(text) for text in self.scratch.get_warnings())
        return Parsed(instructions, damage, len(data))

    def _undo(
        self, name: str, parms: pikepdf.Dictionary | None, data: bytes, head: int | None
    ) -> bytes:
        """Undo one filter, within the bytes still allowed."""
        allowed = self.budget.bytes_left
        if name == FLATE:
            predictor = integer(get(parms, "/Predictor"), 1)
            undone = _inflate(data, allowed, head if predictor <= 1 else None)
            if len(undone) > allowed:
                raise self.budget.byte_limit()
            if predictor > 1:
                # A predictor only ever shrinks the data: qpdf may apply it safely now.
                undone = self._qpdf(name, parms, data)
        elif name not in EXPANSION:
            raise UnreadableStream(f"its filter {name} is not one content streams use")
        elif len(data) * EXPANSION[name] > allowed:
            raise LimitReached(
                f"a stream with the filter {name} could decode to more than "
                f"{size_text(allowed)}, so it was not decoded"
            )
        else:
            undone = self._qpdf(name, parms, data)
        self.budget.spend_bytes(len(undone))
        return undone

    def _qpdf(self, name: str, parms: pikepdf.Dictionary | None, data: bytes) -> bytes:
        """Let qpdf undo one filter, on a copy in the scratch PDF."""
        numbers = {key: value for key, value in (parms or {}).items() if isinstance(value, int)}
        own = pikepdf.Dictionary(numbers) if numbers else None  # qpdf refuses an empty one
        try:
            self._stage.write(data, filter=pikepdf.Name(name), decode_parms=own)
            return self._stage.read_bytes()
        except (pikepdf.PdfError, ValueError) as exc:
            raise UnreadableStream(f"it cannot be decoded ({qpdf_message(str(exc))})") from None


def count_tokens(data: bytes) -> int:
    """The most tokens ``data`` can hold: one more than its separator bytes."""
    return len(data) - len(data.translate(None, _SEPARATORS)) + 1


def _filters(stream: pikepdf.Stream) -> list[tuple[str, pikepdf.Dictionary | None]]:
    """A stream's filters in the order to undo them, each with its parameters."""
    names = stream.get("/Filter")
    parms = stream.get("/DecodeParms")
    if names is None:
        return []
    listed = list(names) if isinstance(names, pikepdf.Array) else [names]
    if len(listed) > MAX_FILTERS:
        raise UnreadableStream(f"it has {len(listed)} filters (at most {MAX_FILTERS} are read)")
    if not all(isinstance(name, pikepdf.Name) for name in listed):
        raise UnreadableStream("its /Filter is not a name or an array of names")
    parameters = list(parms) if isinstance(parms, pikepdf.Array) else [parms]
    parameters += [None] * (len(listed) - len(parameters))
    return [
        (str(name), each if isinstance(each, pikepdf.Dictionary) else None)
        for name, each in zip(listed, parameters, strict=False)
    ]


def _inflate(data: bytes, allowed: int, head: int | None) -> bytes:
    """Inflate zlib data, stopping one byte past ``allowed`` (or at ``head`` bytes)."""
    inflater = zlib.decompressobj()
    wanted = allowed + 1 if head is None else min(head, allowed + 1)
    try:
        return inflater.decompress(data, wanted)
    except zlib.error as exc:
        raise UnreadableStream(f"its Flate data is damaged ({exc})") from None


def qpdf_message(text: str) -> str:
    """A qpdf warning without the name qpdf gives the file (the bytes it was handed, or the
    scratch copy), and at most :data:`MESSAGE_LENGTH` long: "what (offset N)"."""
    rest = _QPDF_SOURCE.sub("", text, count=1)
    where = _QPDF_WHERE.match(rest)
    if where is not None:
        place = where.group(1).replace("content, ", "").replace("stream data, ", "")
        rest = rest[where.end() :]
        if place not in ("content", "stream data"):
            rest = f"{rest} ({place})"
    return clipped(rest, MESSAGE_LENGTH)


def first_problem(problems: Sequence[str]) -> str:
    """The first of some problems, saying how many more there are."""
    more = len(problems) - 1
    return problems[0] + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
