"""TrueType faces read once: what ReportLab's parser finds in a font file, kept in the user's
cache folder (:mod:`brochure.cache`) so a cold build of a known font does not parse it again.

ReportLab reads a face's tables in pure Python, about 5 ms a face and four faces a family, on
every cold build. The parsed face is plain data (metrics, the character map, glyph widths and
positions, the table directory) but for its names and one scaling function; it is stored as
plain values, and checked value by value when read back, so a damaged or strange entry is parsed
again, never used. The font file's own bytes are not stored: the caller has them.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from fnmatch import fnmatch
from io import BytesIO
from itertools import chain
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from brochure.cache import remembered

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

FACE_FORMAT = 1
"""Version of the stored faces' layout; part of the cache key."""

_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
"""A face's name strings (ReportLab's TTFNameBytes: UTF-8 bytes with the text beside them)."""
_DERIVED = ("_ttf_data", "_pdfScale")
"""Made again when a face is read back: the file's bytes, and its scale to 1000 units."""


Check = Callable[[Any], bool]
_INT = frozenset({int})
_NUMBER = frozenset({int, float})
_SEQUENCE = frozenset({list, tuple})


# The checks run over thousands of values a face: types are gathered with map() and set(), in C.
def _types(values: Any) -> set[type]:
    return set(map(type, values))


def _is_int(value: Any) -> bool:
    return type(value) is int


def _is_number(value: Any) -> bool:
    return type(value) in _NUMBER


def _map_of(keys: frozenset[type], values: frozenset[type] | None, items: frozenset[type]) -> Check:
    """A dict of ``keys`` to ``values`` (or to sequences of ``items`` when ``values`` is None)."""

    def check(value: Any) -> bool:
        if type(value) is not dict or not _types(value) <= keys:
            return False
        if values is not None:
            return _types(value.values()) <= values
        return _types(value.values()) <= _SEQUENCE and _types(chain(*value.values())) <= items

    return check


def _list_of(items: frozenset[type], nested: frozenset[type] | None = None) -> Check:
    """A list of ``items`` (or of sequences of ``nested`` when that is given)."""

    def check(value: Any) -> bool:
        if type(value) is not list:
            return False
        if nested is None:
            return _types(value) <= items
        return _types(value) <= _SEQUENCE and _types(chain(*value)) <= nested

    return check


def _bbox(value: Any) -> bool:
    return type(value) is list and len(value) == 4 and _types(value) <= _NUMBER


def _units(value: Any) -> bool:
    return type(value) is int and 16 <= value <= 16384


_SHAPES: dict[str, Check] = {
    "unitsPerEm": _units,
    "numGlyphs": _is_int,
    "ascent": _is_number,
    "descent": _is_number,
    "capHeight": _is_number,
    "italicAngle": _is_number,
    "stemV": _is_number,
    "flags": _is_int,
    "defaultWidth": _is_number,
    "bbox": _bbox,
    "charWidths": _map_of(_INT, _NUMBER, _NUMBER),
    "charToGlyph": _map_of(_INT, _INT, _INT),
    "glyphToChar": _map_of(_INT, None, _INT),
    "hmetrics": _list_of(_SEQUENCE, _NUMBER),
    "glyphPos": _list_of(_INT),
    "table": _map_of(frozenset({str}), frozenset({dict}), _INT),
    "tables": _list_of(frozenset({dict})),
}
"""What the values ReportLab's layout and subsetting read must be; a face missing one, or with
one of another shape, is parsed again."""


def load_font(name: str, data: bytes, digest: str) -> TTFont:
    """The TrueType font in ``data``, registered as ``name`` by the caller: its face read back
    from the cache when it holds it for these bytes (``digest``: their SHA-256 in hex, which
    the caller took) and this ReportLab, else parsed and kept. Raises what ReportLab's parser
    raises for a file it cannot read."""
    from reportlab import Version
    from reportlab.pdfbase.ttfonts import TTFont

    def read_back(payload: bytes) -> TTFont | None:
        face = decode_face(payload, data)
        return None if face is None else font_of(name, face)

    def parse() -> tuple[TTFont, bytes]:
        font = TTFont(name, BytesIO(data))
        return font, encode_face(font.face)

    entry, key = f"face-{digest[:32]}", f"face {FACE_FORMAT} reportlab {Version} {digest}"
    return remembered(entry, key, read_back, parse)


def font_of(name: str, face: TTFontFace) -> TTFont:
    """A ReportLab font of an already parsed ``face``: what ``TTFont(name, file)`` makes
    around the face it parses (its encoding, per-document state and settings)."""
    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

    font: Any = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    unshaped = rl_config.unShapedFontGlob or ()
    font.shapable = not any(fnmatch(name, pattern) for pattern in unshaped)
    return font  # type: ignore[no-any-return]


def encode_face(face: TTFontFace) -> bytes:
    """The parsed ``face`` as plain values (its names as bytes and text), without the file's
    bytes and the scale function."""
    state: dict[str, Any] = {}
    for key, value in face.__dict__.items():
        if key in _DERIVED:
            continue
        if key in _NAMES:
            value = (bytes(value), str(getattr(value, "ustr", value.decode("utf-8", "replace"))))
        state[key] = value
    return marshal.dumps(state)


def decode_face(payload: bytes, data: bytes) -> TTFontFace | None:
    """The face of :func:`encode_face`, over the font file's ``data``; None for anything that
    is not what it writes (the checksum matched, but the entry is still not trusted)."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

    try:
        state = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if type(state) is not dict or not all(type(key) is str for key in state):
        return None
    if not all(key in state and check(state[key]) for key, check in _SHAPES.items()):
        return None
    for key in _NAMES:
        value = state.get(key)
        if not (
            type(value) is tuple
            and len(value) == 2
            and type(value[0]) is bytes
            and type(value[1]) is str
        ):
            return None
        name = TTFNameBytes(value[1].encode("utf-8"), "utf-8")
        if bytes(name) != value[0]:
            return None
        state[key] = name
    face: Any = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    face._ttf_data = data
    face._pdfScale = _scale(state["unitsPerEm"])
    return face  # type: ignore[no-any-return]


def _scale(units_per_em: int) -> Callable[[float], float]:
    """Font units to PDF's 1000 per em, computed as ReportLab's parser computes it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor
