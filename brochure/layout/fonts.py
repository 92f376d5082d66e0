"""TrueType registration and glyph coverage.

Fonts are registered with ReportLab under names derived from their bytes' hash, so registering
the same file twice costs nothing and two brands never collide. Nothing happens at import time.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.content.assets import AssetError, read_bytes
from brochure.layout.faces import load_font

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

    from brochure.content.model import Fonts, ScriptFonts

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
class ScriptFont:
    """A family brochure ships for a script that a brand's font may not have. It has only that
    script's letters (and what goes with them): everything else stays in the brand's font."""

    script: str
    """The script's name ("Hebrew")."""
    ranges: tuple[tuple[int, int], ...]
    """The script's code points (first, last), presentation forms included."""
    regular: str
    """The regular face's file in brochure/data/fonts."""
    bold: str
    """The bold face's file; the script has no italic, so italic text takes these two faces."""

    def used_in(self, text: str) -> bool:
        """Whether ``text`` has a character of this script."""
        return any(first <= ord(char) <= last for char in text for first, last in self.ranges)


SCRIPT_FONTS = (
    ScriptFont(
        "Hebrew",
        ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
        "NotoSansHebrew-Regular.ttf",
        "NotoSansHebrew-Bold.ttf",
    ),
    ScriptFont(
        "Arabic",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
        "NotoNaskhArabic-Regular.ttf",
        "NotoNaskhArabic-Bold.ttf",
    ),
)
"""The scripts brochure draws when the brand's font cannot (SIL Open Font License 1.1): Noto
Sans Hebrew, and Noto Naskh Arabic, which has the presentation forms that shaped Arabic needs."""


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
    fallbacks: tuple[FontFamily, ...] = ()
    """Families for scripts this one lacks (:data:`SCRIPT_FONTS`), tried in order for each
    character it cannot draw."""

    def coverage(self) -> frozenset[int]:
        """Code points that every face of the family, or of a fallback, can draw."""
        own = _coverage(self.regular, self.bold, self.italic, self.bold_italic)
        if not self.fallbacks:
            return own
        return own.union(*(fallback.coverage() for fallback in self.fallbacks))

    def has_glyph(self, char: str) -> bool:
        """Whether every face of the family (or of a fallback) can draw ``char``."""
        return ord(char) in self.coverage()

    @property
    def faces(self) -> tuple[str, str, str, str]:
        """The registered names of the regular, bold, italic and bold italic faces."""
        return (self.regular, self.bold, self.italic, self.bold_italic)

    def face_for(self, font: str, char: str) -> str:
        """The face that draws ``char`` in text set in ``font``: ``font`` itself when it has the
        glyph, else the same face (bold, italic...) of the first fallback that has it."""
        if not self.fallbacks or ord(char) in _characters(font):
            return font
        role = self.faces.index(font) if font in self.faces else 0
        for fallback in self.fallbacks:
            face = fallback.faces[role]
            if ord(char) in _characters(face):
                return face
        return font


@lru_cache(maxsize=16)
def _coverage(*faces: str) -> frozenset[int]:
    # Faces are registered under names derived from their bytes, so a name is one font.
    from reportlab.pdfbase import pdfmetrics

    maps = [set(_ttf(pdfmetrics.getFont(face)).face.charToGlyph) for face in faces]
    return frozenset(set.intersection(*maps))


@lru_cache(maxsize=64)
def _characters(face: str) -> frozenset[int]:
    """The code points the registered font ``face`` has glyphs for."""
    from reportlab.pdfbase import pdfmetrics

    return frozenset(_ttf(pdfmetrics.getFont(face)).face.charToGlyph)


@lru_cache(maxsize=64)
def _face_file(path: Path, size: int, mtime_ns: int) -> tuple[str, bytes, str]:
    """The registration name of a font file (from a hash of its bytes), the bytes it names and
    their SHA-256, read once per file version; the registered face holds the same bytes."""
    data = read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()  # hashed once: the face cache's key too
    return "F" + digest[:16], data, digest


def _faces(fonts: Fonts | None) -> Iterator[tuple[str, Path]]:
    if fonts is None:
        folder = resources.files("brochure") / "data" / "fonts"
        for face in FACES:
            yield face, Path(str(folder / DEFAULT_FONT_FILES[face]))
    else:
        for face in FACES:
            yield face, getattr(fonts, face)


def register_family(
    fonts: Fonts | None, text: str = "", scripts: Sequence[ScriptFonts] = ()
) -> FontFamily:
    """Register the brand's four faces (or the built-in family) with ReportLab, and fallbacks
    for the letters of ``text`` that they cannot draw: the brand's ``scripts`` families that
    have some of them, in order, then a shipped family (:data:`SCRIPT_FONTS`) for each script
    still missing.

    Raises :class:`AssetError` naming the face when ReportLab cannot use a file.
    """
    names: dict[str, str] = {}
    for face, path in _faces(fonts):
        try:
            names[face] = _register(path)
        except AssetError as exc:
            raise AssetError(f"{face}: {exc}") from None
    family = _family(names)
    missing = {char for char in set(text) if not family.has_glyph(char)} - _IGNORED
    fallbacks: list[FontFamily] = []
    for index, own in enumerate(scripts):
        try:
            faces = (_register(own.regular), _register(own.bold))
        except AssetError as exc:
            raise AssetError(f"script_fonts.{index}: {exc}") from None
        fallback = _upright_family(*faces)
        if any(fallback.has_glyph(char) for char in missing):
            fallbacks.append(fallback)
            missing = {char for char in missing if not fallback.has_glyph(char)}
    fallbacks += [
        _script_family(script)
        for script in SCRIPT_FONTS
        if any(script.used_in(char) for char in missing)
    ]
    return _interned(replace(family, fallbacks=tuple(fallbacks)) if fallbacks else family)


@lru_cache(maxsize=64)
def _interned(family: FontFamily) -> FontFamily:
    """The first family equal to ``family`` this process registered: the same object for the
    same faces, so that what is remembered by a family's methods (typeset text, by its
    ``has_glyph``) is found again by the next leaflet in them."""
    return family


@lru_cache(maxsize=8)
def _script_family(script: ScriptFont) -> FontFamily:
    """A shipped script's family, its italic faces the upright ones."""
    folder = resources.files("brochure") / "data" / "fonts"
    regular = _register(Path(str(folder / script.regular)))
    bold = _register(Path(str(folder / script.bold)))
    return _upright_family(regular, bold)


def _upright_family(regular: str, bold: str) -> FontFamily:
    """A family of two registered upright faces, standing for their italics too."""
    return _family({"regular": regular, "bold": bold, "italic": regular, "bold_italic": bold})


def _register(path: Path) -> str:
    """Register one font file (once per content), and give its registered name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    stat = path.stat()
    name, data, digest = _face_file(path, stat.st_size, stat.st_mtime_ns)
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    try:
        font = load_font(name, data, digest)
    except (TTFError, ValueError, KeyError, IndexError, OSError) as exc:
        raise AssetError(f"ReportLab cannot use this font ({exc})") from None
    # ReportLab hands back the first font registered under a PostScript name, so every
    # file gets a name of its own, from its bytes: another version of the same font
    # never stands in for it, whatever was rendered before in this process.
    font.face.name = font.face.name + b"-" + name[1:9].encode("ascii")
    pdfmetrics.registerFont(font)
    return name


def _family(names: dict[str, str]) -> FontFamily:
    """The family of four registered faces, mapped for ``<b>`` and ``<i>``."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    raw = _ttf(pdfmetrics.getFont(names["regular"])).face.familyName
    display = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    family = "B" + hashlib.blake2b("".join(names.values()).encode(), digest_size=8).hexdigest()
    # Upright faces last: where a face stands for its italic too, a font name maps back to
    # the upright style (ReportLab reads the last mapping of a name).
    addMapping(family, 1, 1, names["bold_italic"])
    addMapping(family, 0, 1, names["italic"])
    addMapping(family, 1, 0, names["bold"])
    addMapping(family, 0, 0, names["regular"])
    return FontFamily(
        family,
        display or "the brand font",
        regular=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        bold_italic=names["bold_italic"],
    )


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
