"""Colours as an output needs them: sRGB for screens, CMYK inks for the print shop.

The layout works in "#RRGGBB" and asks :class:`Inks` for the colour to draw with. For print,
each colour becomes DeviceCMYK: the brand guide's own inks where it gives them (and tints of
them), the black plate alone for a grey that it prints within :data:`MATCH` of the screen
colour, solid black for near-black (one plate, so small type never shows colour fringes from
misregistration), and otherwise the ICC transform from sRGB to the print condition (FOGRA39,
relative colorimetric: deterministic, LittleCMS).

Colours are compared as printed: CIELAB through the profiles (D50, the ICC connection space),
the CMYK side relative to the paper's white, and the difference is CIE76 ΔE.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image as PILImage

Cmyk = tuple[float, float, float, float]
"""Ink coverage from 0 to 1: cyan, magenta, yellow, black."""
Lab = tuple[float, float, float]
"""CIELAB under D50: L* from 0 to 100, a* and b* about -128 to 127."""

PRINT_PROFILE = "FOGRA39L_coated.icc"
"""The CMYK print condition (ISO Coated v2 / FOGRA39), in brochure/data/icc."""
SCREEN_PROFILE = "sRGB.icc"
LAB = "LAB"
"""CIELAB (D50) as a transform's source or target, beside the shipped profiles."""
REGISTRATION: Cmyk = (1.0, 1.0, 1.0, 1.0)
"""All four plates: crop marks print on every one."""
SOLID_BLACK: Cmyk = (0.0, 0.0, 0.0, 1.0)
"""The black plate alone, at 100 %."""
MATCH = 3.0
"""The ΔE76 within which a printed colour stands for its screen colour: colours this close
look the same side by side, at the sizes a leaflet uses."""
NEAR_BLACK_HUE = 6.0
"""How far (in a*b*) a colour darker than solid black may be from it and still print as solid
black: that dark, a hue this faint does not show, and one plate keeps small type sharp."""


def icc_profile(name: str) -> bytes:
    """The bytes of a shipped ICC profile (``PRINT_PROFILE`` or ``SCREEN_PROFILE``)."""
    return (resources.files("brochure") / "data" / "icc" / name).read_bytes()


_MODES = {SCREEN_PROFILE: "RGB", PRINT_PROFILE: "CMYK", LAB: "LAB"}
"""Pillow's image mode for colours in each space."""


@lru_cache(maxsize=8)
def _transform(source: str, target: str, black_point: bool = False) -> Any:
    """A LittleCMS transform from one shipped profile (or :data:`LAB`) to another, relative
    colorimetric, with black-point compensation if asked."""
    from io import BytesIO

    from PIL import ImageCms

    def profile(name: str) -> Any:
        if name == LAB:
            return ImageCms.createProfile("LAB")
        return ImageCms.getOpenProfile(BytesIO(icc_profile(name)))

    return ImageCms.buildTransform(
        profile(source),
        profile(target),
        _MODES[source],
        _MODES[target],
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION if black_point else ImageCms.Flags.NONE,
    )


def _convert(pixel: tuple[int, ...], source: str, target: str) -> tuple[int, ...]:
    """One colour (8-bit components) from ``source``'s space to ``target``'s."""
    from PIL import Image, ImageCms

    image = Image.new(_MODES[source], (1, 1), pixel)
    value: tuple[int, ...] = ImageCms.applyTransform(  # type: ignore[union-attr,assignment]
        image, _transform(source, target)
    ).getpixel((0, 0))
    return value


def to_cmyk_image(image: PILImage.Image) -> PILImage.Image:
    """An RGB(A) or greyscale picture converted to the print condition's CMYK (with black-point
    compensation: a photograph keeps the detail of its shadows)."""
    from PIL import ImageCms

    rgb = image.convert("RGB")
    transform = _transform(SCREEN_PROFILE, PRINT_PROFILE, black_point=True)
    return ImageCms.applyTransform(rgb, transform)  # type: ignore[return-value]


def _rgb(hex_color: str) -> tuple[int, int, int]:
    value = hex_color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _lab(encoded: tuple[int, ...]) -> Lab:
    # Pillow's LAB mode is 8-bit: L* scaled to 0-255, a* and b* offset by 128.
    return (encoded[0] * 100 / 255, encoded[1] - 128.0, encoded[2] - 128.0)


@lru_cache(maxsize=256)
def icc_cmyk(hex_color: str) -> Cmyk:
    """``hex_color`` through the ICC transform, rounded to whole per cent. Without black-point
    compensation: a flat colour is matched, not fitted into a range of tones as a photograph is,
    so a dark colour prints as dark as the press can print it."""
    c, m, y, k = _convert(_rgb(hex_color), SCREEN_PROFILE, PRINT_PROFILE)
    return (
        round(c / 2.55) / 100,
        round(m / 2.55) / 100,
        round(y / 2.55) / 100,
        round(k / 2.55) / 100,
    )


@lru_cache(maxsize=256)
def screen_lab(hex_color: str) -> Lab:
    """CIELAB of an sRGB colour (through the shipped sRGB profile)."""
    return _lab(_convert(_rgb(hex_color), SCREEN_PROFILE, LAB))


@lru_cache(maxsize=512)
def print_lab(inks: Cmyk) -> Lab:
    """CIELAB of ``inks`` printed in the print condition, relative to the paper's white."""
    return _lab(_convert(tuple(round(ink * 255) for ink in inks), PRINT_PROFILE, LAB))


def delta_e(first: Lab, second: Lab) -> float:
    """CIE76 colour difference: the distance between two CIELAB colours."""
    return math.dist(first, second)


def tint(inks: Cmyk, amount: float) -> Cmyk:
    """``inks`` at ``amount`` (0..1) of their coverage: a tint printed with the same plates."""
    return (
        round(inks[0] * amount, 4),
        round(inks[1] * amount, 4),
        round(inks[2] * amount, 4),
        round(inks[3] * amount, 4),
    )


def matching_tint(inks: Cmyk, lightness: float) -> Cmyk:
    """``inks`` scaled (in whole per cent of their coverage) to the tint whose print is nearest
    ``lightness`` (L*): the same plates, so the same hue; all of them for anything darker."""

    def printed(percent: int) -> float:
        return print_lab(tint(inks, percent / 100))[0]

    low, high = 0, 100
    while low < high:  # the least coverage that prints at or below the lightness
        middle = (low + high) // 2
        if printed(middle) <= lightness:
            high = middle
        else:
            low = middle + 1
    if low > 0 and printed(low - 1) - lightness <= lightness - printed(low):
        low -= 1
    return tint(inks, low / 100)


@lru_cache(maxsize=256)
def neutral_cmyk(hex_color: str) -> Cmyk | None:
    """Black-only ink for a grey: the black whose print matches its lightness, if that print is
    within :data:`MATCH` of it; solid black for a near-black; None for a colour the black plate
    cannot print."""
    screen = screen_lab(hex_color)
    inks = matching_tint(SOLID_BLACK, screen[0])
    printed = print_lab(inks)
    if inks == SOLID_BLACK and screen[0] < printed[0]:
        close = math.dist(screen[1:], printed[1:]) <= NEAR_BLACK_HUE
    else:
        close = delta_e(screen, printed) <= MATCH
    return inks if close else None


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


def print_inks(brand_inks: Iterable[tuple[str, Cmyk, Iterable[str]]]) -> Inks:
    """CMYK inks, with each brand colour's own values (per cent to 0..1) and its tints: for each
    (hex, cmyk, tint hexes) the brand guide gives. A tint is the brand's inks scaled to print as
    light as the tint shows on screen."""
    known: dict[str, Cmyk] = {}
    for hex_color, cmyk, tints in brand_inks:
        inks: Cmyk = (cmyk[0] / 100, cmyk[1] / 100, cmyk[2] / 100, cmyk[3] / 100)
        known[hex_color.upper()] = inks
        for tint_hex in tints:
            known.setdefault(tint_hex.upper(), matching_tint(inks, screen_lab(tint_hex)[0]))
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
