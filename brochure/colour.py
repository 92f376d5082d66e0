"""Colours as an output needs them: sRGB for screens, CMYK inks for the print shop.

The layout works in "#RRGGBB" and asks :class:`Inks` for the colour to draw with. For print,
each colour becomes DeviceCMYK: the brand guide's own inks where it gives them (and tints of
them), solid black for near-black text (one plate, so small type never shows colour fringes
from misregistration), and otherwise the ICC transform from sRGB to the print condition
(FOGRA39, relative colorimetric with black-point compensation: deterministic, LittleCMS).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image as PILImage

Cmyk = tuple[float, float, float, float]
"""Ink coverage from 0 to 1: cyan, magenta, yellow, black."""

PRINT_PROFILE = "FOGRA39L_coated.icc"
"""The CMYK print condition (ISO Coated v2 / FOGRA39), in brochure/data/icc."""
SCREEN_PROFILE = "sRGB.icc"
REGISTRATION: Cmyk = (1.0, 1.0, 1.0, 1.0)
"""All four plates: crop marks print on every one."""


def icc_profile(name: str) -> bytes:
    """The bytes of a shipped ICC profile (``PRINT_PROFILE`` or ``SCREEN_PROFILE``)."""
    return (resources.files("brochure") / "data" / "icc" / name).read_bytes()


@lru_cache(maxsize=1)
def _transform() -> Any:
    from io import BytesIO

    from PIL import ImageCms

    return ImageCms.buildTransform(
        ImageCms.getOpenProfile(BytesIO(icc_profile(SCREEN_PROFILE))),
        ImageCms.getOpenProfile(BytesIO(icc_profile(PRINT_PROFILE))),
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


def to_cmyk_image(image: PILImage.Image) -> PILImage.Image:
    """An RGB(A) or greyscale picture converted to the print condition's CMYK."""
    from PIL import ImageCms

    rgb = image.convert("RGB")
    return ImageCms.applyTransform(rgb, _transform())  # type: ignore[return-value]


def _rgb(hex_color: str) -> tuple[int, int, int]:
    value = hex_color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@lru_cache(maxsize=256)
def icc_cmyk(hex_color: str) -> Cmyk:
    """``hex_color`` through the ICC transform, rounded to whole per cent."""
    from PIL import Image

    pixel = Image.new("RGB", (1, 1), _rgb(hex_color))
    c, m, y, k = to_cmyk_image(pixel).getpixel((0, 0))  # type: ignore[misc]
    return (
        round(c / 2.55) / 100,
        round(m / 2.55) / 100,
        round(y / 2.55) / 100,
        round(k / 2.55) / 100,
    )


def neutral_cmyk(hex_color: str) -> Cmyk | None:
    """Black-only ink for a grey (channels within 6 %), solid for near-black; None otherwise."""
    r, g, b = _rgb(hex_color)
    if max(r, g, b) - min(r, g, b) > 16:
        return None
    black = 1 - (r + g + b) / 3 / 255
    return (0.0, 0.0, 0.0, 1.0 if black > 0.85 else round(black, 2))


def tint(inks: Cmyk, amount: float) -> Cmyk:
    """``inks`` at ``amount`` (0..1) of their coverage: a tint printed with the same plates."""
    return (
        round(inks[0] * amount, 4),
        round(inks[1] * amount, 4),
        round(inks[2] * amount, 4),
        round(inks[3] * amount, 4),
    )


@dataclass(frozen=True)
class Inks:
    """Maps the layout's "#RRGGBB" colours to what the output draws with."""

    space: str = "rgb"
    """"rgb" (screen) or "cmyk" (print)."""
    known: Mapping[str, Cmyk] = field(default_factory=dict)
    """CMYK values decided by the brand rather than by the ICC transform."""

    def color(self, hex_color: str) -> Any:
        """A ReportLab colour for ``hex_color`` in this output's colour space."""
        from reportlab.lib.colors import CMYKColor, HexColor

        if self.space == "rgb":
            return HexColor(hex_color)
        return CMYKColor(*self.cmyk(hex_color))

    def cmyk(self, hex_color: str) -> Cmyk:
        """The inks that print ``hex_color``."""
        hex_color = hex_color.upper()
        return self.known.get(hex_color) or neutral_cmyk(hex_color) or icc_cmyk(hex_color)

    def markup(self, hex_color: str) -> str:
        """``hex_color`` as paragraph markup writes a colour ("#RRGGBB" or "cmyk(c,m,y,k)")."""
        if self.space == "rgb":
            return hex_color
        return "cmyk({:g},{:g},{:g},{:g})".format(*self.cmyk(hex_color))

    def recolor(self, drawing: Any) -> Any:
        """A copy of a vector drawing with every colour in this colour space (or the drawing
        itself for RGB): svglib gives SVG colours as RGB. Memoised: a logo is copied once."""
        if self.space == "rgb":
            return drawing
        return _recolored(drawing, tuple(sorted(self.known.items())))

    def registration(self) -> Any:
        """The colour of crop marks: every plate at 100 %."""
        from reportlab.lib.colors import CMYKColor

        return CMYKColor(*REGISTRATION)


def print_inks(brand_inks: Iterable[tuple[str, Cmyk, Mapping[str, float]]]) -> Inks:
    """CMYK inks, with each brand colour's own values (per cent to 0..1) and its tints: for each
    (hex, cmyk, {tint hex: amount}) the brand guide gives."""
    known: dict[str, Cmyk] = {}
    for hex_color, cmyk, tints in brand_inks:
        inks: Cmyk = (cmyk[0] / 100, cmyk[1] / 100, cmyk[2] / 100, cmyk[3] / 100)
        known[hex_color.upper()] = inks
        for tint_hex, amount in tints.items():
            known.setdefault(tint_hex.upper(), tint(inks, amount))
    return Inks("cmyk", known)


@lru_cache(maxsize=16)
def _recolored(drawing: Any, known: tuple[tuple[str, Cmyk], ...]) -> Any:
    from copy import deepcopy

    from reportlab.lib.colors import CMYKColor, Color

    inks = Inks("cmyk", dict(known))
    copy = deepcopy(drawing)
    stack = [copy]
    while stack:
        node = stack.pop()
        for name in ("fillColor", "strokeColor"):
            color = getattr(node, name, None)
            if isinstance(color, Color) and not isinstance(color, CMYKColor):
                hex_color = "#{:02X}{:02X}{:02X}".format(*color.bitmap_rgb())
                setattr(node, name, CMYKColor(*inks.cmyk(hex_color), alpha=color.alpha))
        stack.extend(getattr(node, "contents", ()))
    return copy
