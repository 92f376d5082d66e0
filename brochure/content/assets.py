"""The one door to the files a leaflet names (logo, fonts): confined, capped and checked.

A content file may only use files inside its own folder (symbolic links are followed before the
check), so a shared leaflet cannot read ``/etc/passwd`` or a file of another clinic. Images must be
PNG, JPEG or SVG, below the size and pixel caps; fonts must be TrueType.

An SVG logo is checked with lxml and drawn with svglib, together some 40 ms of imports alone. The
drawing of an SVG that passed every check is kept in the user's cache folder
(:mod:`brochure.cache`, as :mod:`brochure.content.vectors` writes it), keyed by the SHA-256 of the
file's bytes and the versions of svglib, ReportLab and brochure: everything the checks and svglib
decide depends on those bytes alone (references to other files are refused), so a file found
there is neither checked nor converted again, and neither library is imported. A refused file is
never stored: it is checked again each time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from brochure.cache import read_entry, write_entry
from brochure.content.source import named_path
from brochure.content.vectors import VECTORS_FORMAT, decode_drawing, encode_drawing
from brochure.version import UNKNOWN_VERSION, __version__, installed_version

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
"""A 40-megapixel image is already far sharper than any leaflet needs."""
MAX_FONT_BYTES = 30 * 1024 * 1024
MAX_SVG_BYTES = 2 * 1024 * 1024

AssetKind = Literal["image", "font", "file"]
ImageFormat = Literal["png", "jpeg", "svg"]


class AssetError(ValueError):
    """A named file cannot be used; the message says why (it becomes a located problem)."""


@dataclass(frozen=True)
class AssetFolder:
    """Resolves paths named in one file, relative to ``base``, and never outside ``root``."""

    root: Path
    """The content file's folder: nothing outside it may be read."""
    base: Path
    """The folder of the file that names the path."""

    def resolve(self, text: str, kind: AssetKind) -> Path:
        """Check the file ``text`` names and return its absolute path, or raise AssetError."""
        if not isinstance(text, str) or not text.strip():
            raise AssetError("must be a path to a file")
        path = named_path(self.base, text)
        root = self.root.resolve()
        if not path.is_relative_to(root):
            raise AssetError(f"{text!r} is outside the content's folder ({root}); copy it inside")
        if not path.exists():
            raise AssetError(f"{text!r} does not exist")
        if not path.is_file():
            raise AssetError(f"{text!r} is not a regular file")
        if kind == "font":
            check_font(path)
        elif kind == "image":
            check_image(path)
        return path


def image_format(head: bytes) -> ImageFormat | None:
    """Recognise PNG, JPEG or SVG from the first bytes of a file."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in head.lower():
        return "svg"
    return None


def check_image(path: Path) -> ImageFormat:
    """Raise AssetError unless ``path`` is a sane PNG, JPEG or SVG file."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(4096)
    kind = image_format(head)
    if kind is None:
        raise AssetError(f"{path.name!r} is not a PNG, JPEG or SVG image")
    if kind == "svg":
        if size > MAX_SVG_BYTES:
            raise AssetError(f"{path.name!r} is {size // 1024} KB; SVG logos are limited to 2 MB")
        _check_svg(path)
        return kind
    if size > MAX_IMAGE_BYTES:
        raise AssetError(f"{path.name!r} is {size // 2**20} MB; images are limited to 20 MB")
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # The pixel cap below is stricter than Pillow's; its warning would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise AssetError(
                    f"{path.name!r} is {width}x{height} pixels; the limit is "
                    f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels (scale it down)"
                )
            image.verify()
        if kind == "jpeg":  # verify() does not read a JPEG's scans: decode them, at 1/8 scale
            with Image.open(path) as image:
                image.draft(None, (max(1, width // 8), max(1, height // 8)))
                image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, AssetError):
            raise
        raise AssetError(f"{path.name!r} is corrupt or truncated ({exc})") from None
    except Image.DecompressionBombError:
        raise AssetError(
            f"{path.name!r} has an absurd number of pixels; the limit is "
            f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels (scale it down)"
        ) from None
    return kind


_SVG_TEXT = frozenset({"text", "tspan", "textPath", "flowRoot"})


def _check_svg(path: Path) -> None:
    stat = path.stat()
    if _stored_drawing(path, stat.st_size, stat.st_mtime_ns) is not None:
        return  # these very bytes passed every check below before
    from lxml import etree

    # No entities, no network, no huge trees: an SVG is data, not a program.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise AssetError(f"{path.name!r} is not a well-formed SVG file ({exc})") from None
    if etree.QName(root).localname != "svg":
        raise AssetError(f"{path.name!r} is not an SVG image (its root is <{root.tag}>)")
    if root.get("viewBox") is None and (root.get("width") is None or root.get("height") is None):
        raise AssetError(f"{path.name!r} has neither a viewBox nor a width and height")
    _check_uses(path, root)
    for element in root.iter(etree.Element):
        name = etree.QName(element).localname
        if name in _SVG_TEXT:
            # Text would be set in an unembedded standard font and print differently everywhere.
            raise AssetError(
                f"{path.name!r} contains text; convert the text to outlines (paths) in the "
                "design program so the logo prints exactly as designed"
            )
        if name == "image":
            raise AssetError(
                f"{path.name!r} embeds a bitmap; use the PNG or JPEG itself as the logo instead"
            )
        for attribute, value in element.attrib.items():
            if etree.QName(attribute).localname == "href" and not str(value).startswith("#"):
                raise AssetError(
                    f"{path.name!r} refers to another file ({value!r}); a logo must be "
                    "self-contained"
                )
    drawing = load_image(path)  # svglib must be able to draw it; memoised for the render
    if not (drawing.width > 0 and drawing.height > 0):
        raise AssetError(f"{path.name!r} has no size (its width or height is zero or negative)")
    _store_drawing(path, stat, drawing)


def _check_uses(path: Path, root: Any) -> None:
    """Refuse ``<use>`` of something that itself holds a ``<use>``: such chains multiply into
    millions of shapes from a few lines (a logo never needs them)."""
    from lxml import etree

    ids = {element.get("id"): element for element in root.iter(etree.Element) if element.get("id")}
    for use in root.iter("{http://www.w3.org/2000/svg}use"):
        href = next((v for k, v in use.attrib.items() if etree.QName(k).localname == "href"), "")
        target = ids.get(str(href)[1:])
        if target is not None and any(
            etree.QName(inner).localname == "use" for inner in target.iter(etree.Element)
        ):
            raise AssetError(f"{path.name!r} nests <use> references; flatten the logo")


def check_font(path: Path) -> None:
    """Raise AssetError unless ``path`` looks like a TrueType font of a sane size."""
    size = path.stat().st_size
    if size > MAX_FONT_BYTES:
        raise AssetError(f"{path.name!r} is {size // 2**20} MB; fonts are limited to 30 MB")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic == b"OTTO":
        raise AssetError(
            f"{path.name!r} is an OpenType/CFF font; ReportLab needs TrueType outlines (.ttf)"
        )
    if magic not in (b"\x00\x01\x00\x00", b"true"):
        raise AssetError(f"{path.name!r} is not a TrueType font file (.ttf)")


def read_bytes(path: Path) -> bytes:
    """Read a file that validation has already checked."""
    return path.read_bytes()


@dataclass(frozen=True)
class Bitmap:
    """A raster image read into memory, with its size in pixels."""

    data: bytes
    width: int
    height: int


def load_image(path: Path) -> Any:
    """The image at ``path`` (checked by validation): a ReportLab graphics ``Drawing`` for SVG
    (vector all the way, through svglib), else a :class:`Bitmap`.

    Memoised per file version, so repeated and batch builds read each logo once.
    """
    stat = path.stat()
    return _load_image(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=32)
def _load_image(path: Path, size: int, mtime_ns: int) -> Any:
    data = path.read_bytes()
    if image_format(data[:4096]) == "svg":
        stored = _stored_drawing(path, size, mtime_ns)
        return _svg_drawing(path) if stored is None else stored
    from io import BytesIO

    from PIL import Image as PILImage

    try:
        with PILImage.open(BytesIO(data)) as image:
            width, height = image.size
    except (OSError, ValueError) as exc:  # the file changed since it was checked
        raise AssetError(f"{path.name!r} cannot be read as an image ({exc})") from None
    return Bitmap(data, width, height)


class _Collect(logging.Handler):
    """Keeps log records instead of printing them."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _svg_drawing(path: Path) -> Any:
    """Convert an SVG with svglib, confined to its folder, its log turned into errors."""
    from svglib.svglib import svg2rlg

    handler = _Collect(logging.ERROR)
    logger = logging.getLogger("svglib")
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False  # library code never prints
    try:
        drawing = svg2rlg(str(path), external_reference_root=str(path.parent))
    except Exception as exc:  # svglib raises whatever its parser or converter raises
        raise AssetError(f"{path.name!r} could not be drawn ({exc})") from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    if drawing is None or handler.records:
        reason = handler.records[0].getMessage() if handler.records else "svglib could not read it"
        raise AssetError(f"{path.name!r} could not be drawn ({reason})")
    return drawing


def _svg_entry(data: bytes) -> tuple[str, str] | None:
    """The cache entry's name and key for an SVG file's bytes; None when svglib's version cannot
    be told (a drawing kept for one svglib could then be read back under another)."""
    from reportlab import Version

    svglib = _svglib_version()
    if svglib is None:
        return None
    digest = hashlib.sha256(data).hexdigest()
    key = (
        f"vectors {VECTORS_FORMAT} svglib {svglib} reportlab {Version} "
        f"brochure {__version__} {digest}"
    )
    return f"svg-{digest[:32]}", key


@lru_cache(maxsize=32)
def _stored_drawing(path: Path, size: int, mtime_ns: int) -> Any:
    """The drawing kept in the cache for this version of the SVG at ``path``, or None (none
    kept, or damaged, stale or strange: then the file is checked and converted again)."""
    entry = _svg_entry(path.read_bytes())
    payload = None if entry is None else read_entry(*entry)
    return None if payload is None else decode_drawing(payload)


def _store_drawing(path: Path, checked: os.stat_result, drawing: Any) -> None:
    """Keep the drawing of the SVG at ``path``, which passed every check as it was at
    ``checked``; not if it has changed since (its new bytes were not the ones checked)."""
    data = path.read_bytes()
    now = path.stat()
    if (now.st_size, now.st_mtime_ns) != (checked.st_size, checked.st_mtime_ns):
        return
    entry = _svg_entry(data)
    payload = None if entry is None else encode_drawing(drawing)
    if entry is not None and payload is not None:
        write_entry(*entry, payload)


@lru_cache(maxsize=1)
def _svglib_version() -> str | None:
    """svglib's installed version, read without importing it (which would cost what the cache
    saves); None when it is not installed."""
    found = installed_version("svglib")
    return None if found == UNKNOWN_VERSION else found
