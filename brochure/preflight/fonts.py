"""What the preflight reads of a font: its glyph widths (to place text), its ToUnicode map (to
quote text in messages), and whether its program is embedded.

A font's ranges can name billions of codes in a few bytes (``/W [0 4294967295 500]``, a
``bfrange`` over ``<00000000> <FFFFFFFF>``). Only the codes a one- or two-byte font can use
(0 to 65,535) are expanded, and at most :attr:`~brochure.preflight.limits.Limits.font_entries`
of them per font; past that, text is measured with the font's default width.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf

from brochure.preflight.limits import LimitReached
from brochure.preflight.streams import StreamReader, UnreadableStream
from brochure.preflight.values import NAME_LENGTH, clipped, get, integer, name_text, real

MAX_CODE = 0xFFFF
"""The largest character code of the fonts read here (one or two bytes per code)."""
MAX_TARGET_UNITS = 16
"""The most UTF-16 code units one ToUnicode entry is read as (ligatures need two or three)."""


@dataclass(frozen=True)
class FontInfo:
    """A font as the fonts check judges it."""

    name: str
    """Its ``/BaseFont``, else its resource name."""
    kind: str
    """Its ``/Subtype`` without the slash (``Type1``, ``TrueType``, ``Type0``...), or "font"."""
    embedded: bool
    """Whether its program is in the file (Type 3 glyphs always are)."""


@dataclass(frozen=True)
class Font:
    """What the content reader needs of a font: widths to measure text, a map to decode it."""

    widths: dict[int, float]
    """Glyph widths by character code, in text space units (ems)."""
    default_width: float
    """The width of a code not in ``widths``."""
    code_bytes: int
    """Bytes per character code: 1, or 2 for a Type 0 font."""
    unicode: dict[int, str]
    """Text by character code, from the ToUnicode map."""
    single_byte_space: bool
    """Whether code 32 is a space that word spacing (``Tw``) widens."""

    def codes(self, data: bytes) -> list[int]:
        """The character codes of a string shown in this font."""
        if self.code_bytes == 2:
            return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def decode(self, codes: list[int]) -> str:
        """The text of ``codes``, as far as the font says (Latin-1 when it does not)."""
        if self.unicode:
            return "".join(self.unicode.get(code, "\ufffd") for code in codes)
        if self.code_bytes == 1:
            return bytes(codes).decode("latin-1")
        return ""


HALF_EM_FONT = Font({}, 0.5, 1, {}, True)
"""Stand-in for a font that cannot be read: half an em per character."""


@dataclass
class FontRead:
    """A font as read, and what could not be read of it."""

    font: Font
    """What was read."""
    problems: list[str] = field(default_factory=list)
    """What was left out, for the report ("its widths name more than ... codes")."""
    work: int = 0
    """How many entries were expanded (the reader counts them as work done)."""


@dataclass
class _Entries:
    """How many more codes may be expanded for one font's widths or ToUnicode map."""

    left: int
    stopped: bool = False
    """Whether a range named more codes than were left."""
    used: int = 0
    """Entries granted so far."""

    def allow(self, count: int) -> int:
        """Spend up to ``count`` entries; how many were granted (fewer: ``stopped``)."""
        granted = max(0, min(count, self.left))
        if granted < count:
            self.stopped = True
        self.left -= granted
        self.used += granted
        return granted


def read_font(font: pikepdf.Object, streams: StreamReader) -> FontRead:
    """Widths and ToUnicode map of a font dictionary, within the limits of ``streams``."""
    limit = streams.budget.limits.font_entries
    read = FontRead(HALF_EM_FONT)
    mapped = _Entries(limit)
    unicode = _read_to_unicode(get(font, "/ToUnicode"), streams, mapped, read.problems)
    if mapped.stopped:
        read.problems.append(f"its ToUnicode map names more than {limit:,} codes (the limit)")
    entries = _Entries(limit)
    if get(font, "/Subtype") == pikepdf.Name.Type0:
        descendants = get(font, "/DescendantFonts")
        cid = descendants[0] if isinstance(descendants, pikepdf.Array) and descendants else None
        default = real(get(cid, "/DW"), 1000.0) / 1000 if cid is not None else 1.0
        widths = _cid_widths(get(cid, "/W"), entries)
        read.font = Font(widths, default, 2, unicode, False)
    else:
        read.font = _simple_font(font, unicode, entries)
    if entries.stopped:
        read.problems.append(f"its widths name more than {limit:,} codes (the limit)")
    read.work = mapped.used + entries.used
    return read


def _simple_font(font: pikepdf.Object, unicode: dict[int, str], entries: _Entries) -> Font:
    """A one-byte font: ``/Widths`` from ``/FirstChar``, scaled by a Type 3 font's matrix."""
    scale = 0.001
    matrix = get(font, "/FontMatrix")
    if get(font, "/Subtype") == pikepdf.Name.Type3 and isinstance(matrix, pikepdf.Array) and matrix:
        scale = real(matrix[0], 0.001)
    first = integer(get(font, "/FirstChar"), 0)
    listed = get(font, "/Widths")
    widths: dict[int, float] = {}
    if isinstance(listed, pikepdf.Array):
        allowed = entries.allow(len(listed))
        for offset, width in zip(range(allowed), listed, strict=False):
            widths[first + offset] = real(width, 0.0) * scale
    missing = get(get(font, "/FontDescriptor"), "/MissingWidth")
    default = real(missing, 0.0) * scale if missing is not None and widths else 0.5
    return Font(widths, default, 1, unicode, True)


def _cid_widths(listed: pikepdf.Object | None, entries: _Entries) -> dict[int, float]:
    """A CIDFont's ``/W`` array: ``c [w1 w2 ...]`` and ``c_first c_last w`` entries."""
    widths: dict[int, float] = {}
    if not isinstance(listed, pikepdf.Array):
        return widths
    count = len(listed)
    i = 0
    # Items are read by index: each group costs an entry, so a long array stops at the limit.
    while i + 1 < count and not entries.stopped:
        start, second = integer(listed[i], 0), listed[i + 1]
        if isinstance(second, pikepdf.Array):
            for code, each in zip(_codes(start, len(second), entries), second, strict=False):
                widths[code] = real(each, 0.0) / 1000
            i += 2
        elif i + 2 < count:
            same = real(listed[i + 2], 0.0) / 1000
            for code in _codes(start, integer(second, start) - start + 1, entries):
                widths[code] = same
            i += 3
        else:
            break
    return widths


def _codes(first: int, count: int, entries: _Entries) -> range:
    """The codes of a range of ``count`` from ``first`` that may be expanded: those a one- or
    two-byte font can use, within the entries left (a range past them stops the font)."""
    granted = entries.allow(max(count, 1))  # an empty range is still an entry read
    if count <= 0:
        return range(0)
    return range(max(first, 0), min(first + granted - 1, MAX_CODE) + 1)


def font_info(font: pikepdf.Object, resource_name: str) -> FontInfo:
    """Name, kind and embedding of a font dictionary."""
    base = get(font, "/BaseFont")
    name = name_text(base) or clipped(str(base or resource_name), NAME_LENGTH).lstrip("/")
    kind = name_text(get(font, "/Subtype")) or "font"
    return FontInfo(name, kind, is_embedded(font))


def is_embedded(font: pikepdf.Object) -> bool:
    """Whether a font's program is in the file (Type 3 glyphs always are)."""
    subtype = get(font, "/Subtype")
    if subtype == pikepdf.Name.Type3:
        return True
    if subtype == pikepdf.Name.Type0:
        descendants = get(font, "/DescendantFonts")
        if not isinstance(descendants, pikepdf.Array) or not descendants:
            return False
        font = descendants[0]
    descriptor = get(font, "/FontDescriptor")
    if not isinstance(descriptor, pikepdf.Dictionary):
        return False
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


# -- ToUnicode ---------------------------------------------------------------------------------

_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])")


def _read_to_unicode(
    cmap: pikepdf.Object | None, streams: StreamReader, entries: _Entries, problems: list[str]
) -> dict[int, str]:
    """Code -> text from a ToUnicode CMap (``bfchar`` and ``bfrange`` entries)."""
    if not isinstance(cmap, pikepdf.Stream):
        return {}
    try:
        data = streams.read(cmap)
    except (UnreadableStream, LimitReached) as exc:
        problems.append(f"its ToUnicode map was not read: {exc}")
        return {}
    mapping: dict[int, str] = {}
    for block in _blocks(data, b"beginbfchar", b"endbfchar"):
        hexes = (match.group(1) for match in _HEX.finditer(block))
        for source, target in zip(hexes, hexes, strict=False):
            for code in _codes(_hex_number(source), 1, entries):
                mapping[code] = _utf16(target)
            if entries.stopped:
                return mapping
    for block in _blocks(data, b"beginbfrange", b"endbfrange"):
        for match in _RANGE.finditer(block):
            low, high, target = match.groups()
            start = int(low, 16)
            _add_range(mapping, _codes(start, int(high, 16) - start + 1, entries), target)
            if entries.stopped:
                return mapping
    return mapping


def _blocks(data: bytes, begin: bytes, end: bytes) -> Iterator[bytes]:
    """The text between each ``begin`` and the next ``end`` (found in one pass, so that many
    ``begin`` without an ``end`` cost no more than one)."""
    position = data.find(begin)
    while position >= 0:
        stop = data.find(end, position + len(begin))
        if stop < 0:
            return
        yield data[position + len(begin) : stop]
        position = data.find(begin, stop + len(end))


def _add_range(mapping: dict[int, str], codes: range, target: bytes) -> None:
    """One ``bfrange``: to an array of targets, or to consecutive characters from one."""
    targets = (match.group(1) for match in _HEX.finditer(target))
    if target.startswith(b"["):
        for code, each in zip(codes, targets, strict=False):
            mapping[code] = _utf16(each)
        return
    base = _utf16(next(targets, b""))
    if not base:
        return
    for offset, code in enumerate(codes):
        last = ord(base[-1]) + offset
        if last > 0x10FFFF:
            return
        mapping[code] = base[:-1] + chr(last)


def _hex_number(digits: bytes) -> int:
    """A hex string's value, or -1 when it has no digits."""
    cleaned = re.sub(rb"\s", b"", digits)
    return int(cleaned, 16) if cleaned else -1


def _utf16(hex_digits: bytes) -> str:
    digits = re.sub(rb"\s", b"", hex_digits)[: MAX_TARGET_UNITS * 4]
    try:
        return bytes.fromhex(digits.decode("ascii")).decode("utf-16-be", "replace")
    except ValueError:
        return ""
