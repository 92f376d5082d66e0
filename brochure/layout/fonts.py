"""TrueType registration and glyph coverage.

Fonts are registered with ReportLab under names derived from their bytes' hash, so registering
the same file twice costs nothing and two brands never collide. Nothing happens at import time.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.content.assets import AssetError, read_bytes

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

    from brochure.content.model import Fonts

FACES = ("regular", "bold", "italic", "bold_italic")
DEFAULT_FONT_FILES = {
    "regular": "OpenSans-Regular.ttf",
    "bold": "OpenSans-Bold.ttf",
    "italic": "OpenSans-Italic.ttf",
    "bold_italic": "OpenSans-BoldItalic.ttf",
}
"""brochure's built-in family (Apache-2.0), used when a brand names no fonts."""

_IGNORED = frozenset("\n\r\t")


@dataclass(frozen=True)
class FontFamily:
    """A registered family: ReportLab font names per face, and what all faces can draw."""

    name: str
    """Registered family name (for ``<b>``/``<i>`` in paragraphs)."""
    display_name: str
    """The family's own name, for messages ("Lato")."""
    regular: str
    bold: str
    italic: str
    bold_italic: str

    def coverage(self) -> frozenset[int]:
        """Code points that every face of the family can draw."""
        return _coverage(self.regular, self.bold, self.italic, self.bold_italic)

    def has_glyph(self, char: str) -> bool:
        """Whether every face of the family can draw ``char``."""
        return ord(char) in self.coverage()


@lru_cache(maxsize=16)
def _coverage(*faces: str) -> frozenset[int]:
    # Faces are registered under names derived from their bytes, so a name is one font.
    from reportlab.pdfbase import pdfmetrics

    maps = [set(_ttf(pdfmetrics.getFont(face)).face.charToGlyph) for face in faces]
    return frozenset(set.intersection(*maps))


@lru_cache(maxsize=64)
def _face_name(path: Path, size: int, mtime_ns: int) -> str:
    """The registration name of a font file: a hash of its bytes (memoised per file version)."""
    return _name_for(read_bytes(path))


def _name_for(data: bytes) -> str:
    return "F" + hashlib.blake2b(data, digest_size=8).hexdigest()


def _faces(fonts: Fonts | None) -> Iterator[tuple[str, Path]]:
    if fonts is None:
        folder = resources.files("brochure") / "data" / "fonts"
        for face in FACES:
            yield face, Path(str(folder / DEFAULT_FONT_FILES[face]))
    else:
        for face in FACES:
            yield face, getattr(fonts, face)


def register_family(fonts: Fonts | None) -> FontFamily:
    """Register the brand's four faces (or the built-in family) with ReportLab.

    Raises :class:`AssetError` naming the face when ReportLab cannot use a file.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    names: dict[str, str] = {}
    display = ""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for face, path in _faces(fonts):
        stat = path.stat()
        name = _face_name(path, stat.st_size, stat.st_mtime_ns)
        if name not in registered:
            data = read_bytes(path)
            name = _name_for(data)  # the file may have changed since it was hashed
            try:
                font = TTFont(name, BytesIO(data))
            except (TTFError, ValueError, KeyError, IndexError, OSError) as exc:
                raise AssetError(f"{face}: ReportLab cannot use this font ({exc})") from None
            # ReportLab hands back the first font registered under a PostScript name, so every
            # file gets a name of its own, from its bytes: another version of the same font
            # never stands in for it, whatever was rendered before in this process.
            font.face.name = font.face.name + b"-" + name[1:9].encode("ascii")
            pdfmetrics.registerFont(font)
            registered.add(name)
        names[face] = name
        if face == "regular":
            raw = _ttf(pdfmetrics.getFont(name)).face.familyName
            display = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    family = "B" + hashlib.blake2b("".join(names.values()).encode(), digest_size=8).hexdigest()
    addMapping(family, 0, 0, names["regular"])
    addMapping(family, 1, 0, names["bold"])
    addMapping(family, 0, 1, names["italic"])
    addMapping(family, 1, 1, names["bold_italic"])
    return FontFamily(family, display or "the brand font", **names)


def _ttf(font: object) -> TTFont:
    from reportlab.pdfbase.ttfonts import TTFont

    if not isinstance(font, TTFont):  # pragma: no cover - brochure registers only TrueType
        raise TypeError(f"{font!r} is not a TrueType font")
    return font


def missing_glyphs(text: str, coverage: frozenset[int]) -> list[str]:
    """Characters of ``text`` the family cannot draw, in order of first use, each once."""
    missing: dict[str, None] = {}
    for char in text:
        if ord(char) not in coverage and char not in _IGNORED:
            missing.setdefault(char, None)
    return list(missing)


def describe_char(char: str) -> str:
    """``U+0394 GREEK CAPITAL LETTER DELTA ('Δ')``."""
    name = unicodedata.name(char, "unnamed character")
    return f"U+{ord(char):04X} {name} ({char!r})"
