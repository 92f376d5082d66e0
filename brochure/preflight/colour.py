"""Colour spaces as a printing press sees them: process (CMYK, gray), spot inks, or RGB that a
print shop has to convert."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pikepdf

from brochure.preflight.values import NAME_LENGTH, clipped, get, integer, name_text, resource

ColourKind = Literal["rgb", "cmyk", "gray", "lab", "spot", "pattern", "unknown"]
"""What a colour space amounts to on a printing press. ``cmyk`` includes process-colour
Separation/DeviceN spaces (Cyan... Black, All, None); ``spot`` is any other named ink."""

PROCESS_COLORANTS = frozenset({"Cyan", "Magenta", "Yellow", "Black", "All", "None"})
"""Colorant names that print on the four process plates (or all of them, or none)."""

MAX_COLORANTS = 32
"""The most colorants of a DeviceN space (PDF's own limit); a longer list is not read."""
MAX_SPACE_DEPTH = 12
"""Deepest chain of colour spaces followed (a named space naming another...): a loop stops."""


@dataclass(frozen=True)
class Space:
    """A colour space as the preflight sees it."""

    kind: ColourKind
    """What it amounts to in print."""
    label: str
    """How a person recognises it: "DeviceRGB", "ICCBased RGB", "Separation PANTONE 300 C"."""
    components: int = 1
    """Number of colour components of ``sc``/``scn`` in it."""
    base: Space | None = None
    """For an uncoloured pattern space ``[/Pattern base]``: the base space."""


@dataclass(frozen=True)
class ColourUse:
    """One way a page paints: a colour space used for something."""

    kind: ColourKind
    """What the space amounts to in print."""
    label: str
    """The space, as a person recognises it."""
    what: str
    """What was painted with it: "fill colour", "stroke colour", "text", "image /Im1",
    "image mask", "inline image", "shading /Sh0", "transparency group"."""


DEVICE_GRAY = Space("gray", "DeviceGray", 1)
"""The initial colour space of a graphics state."""
DEVICE_RGB = Space("rgb", "DeviceRGB", 3)
"""The ``rg``/``RG`` colour space."""
DEVICE_CMYK = Space("cmyk", "DeviceCMYK", 4)
"""The ``k``/``K`` colour space."""
_DEVICE = {
    "/DeviceGray": DEVICE_GRAY,
    "/G": DEVICE_GRAY,
    "/DeviceRGB": DEVICE_RGB,
    "/RGB": DEVICE_RGB,
    "/DeviceCMYK": DEVICE_CMYK,
    "/CMYK": DEVICE_CMYK,
    "/Pattern": Space("pattern", "Pattern", 1),
}
UNKNOWN = Space("unknown", "unknown colour space", 1)
"""A colour space that could not be identified."""
_ICC_KINDS: dict[int, tuple[ColourKind, str]] = {
    1: ("gray", "Gray"),
    3: ("rgb", "RGB"),
    4: ("cmyk", "CMYK"),
}


def classify_space(space: object, resources: object, depth: int = 0) -> Space:
    """What the colour space ``space`` (a name, possibly of a ``/ColorSpace`` resource, or an
    array) amounts to in print. Indexed spaces are judged by their base space."""
    if depth > MAX_SPACE_DEPTH:
        return UNKNOWN
    if isinstance(space, pikepdf.Name):
        name = str(space)
        if name in _DEVICE:
            return _DEVICE[name]
        named = resource(resources, "/ColorSpace", name)
        return UNKNOWN if named is None else classify_space(named, resources, depth + 1)
    if not isinstance(space, pikepdf.Array) or len(space) == 0:
        return UNKNOWN
    family = str(space[0])
    if family in _DEVICE and len(space) == 1:
        return _DEVICE[family]
    if family == "/ICCBased" and len(space) > 1:
        count = integer(get(space[1], "/N"), 0)
        icc_kind, label = _ICC_KINDS.get(count, ("unknown", f"{count} components"))
        return Space(icc_kind, f"ICCBased {label}", min(max(count, 1), 32))
    if family == "/CalRGB":
        return Space("rgb", "CalRGB", 3)
    if family == "/CalGray":
        return Space("gray", "CalGray", 1)
    if family == "/Lab":
        return Space("lab", "Lab", 3)
    if family in ("/Indexed", "/I") and len(space) > 1:
        indexed = classify_space(space[1], resources, depth + 1)
        return Space(indexed.kind, f"Indexed {indexed.label}", 1)
    if family == "/Separation" and len(space) > 1:
        colorant = name_text(space[1]) or clipped(str(space[1]), NAME_LENGTH)
        kind: ColourKind = "cmyk" if colorant in PROCESS_COLORANTS else "spot"
        return Space(kind, f"Separation {colorant}", 1)
    if family == "/DeviceN" and len(space) > 1 and isinstance(space[1], pikepdf.Array):
        if len(space[1]) > MAX_COLORANTS:
            return Space("unknown", f"DeviceN of {len(space[1]):,} colorants", 1)
        colorants = [name_text(n) for n in space[1]]
        spot = [n for n in colorants if n not in PROCESS_COLORANTS]
        return Space("spot" if spot else "cmyk", f"DeviceN {', '.join(colorants)}", len(colorants))
    if family == "/Pattern":
        base = classify_space(space[1], resources, depth + 1) if len(space) > 1 else None
        return Space("pattern", "Pattern", 1 + (base.components if base else 0), base)
    return Space("unknown", name_text(space[0]) or "unknown colour space", 1)


def is_white(space: Space, values: list[float]) -> bool:
    """Whether a colour is paper white (no ink)."""
    if not values or space.label.startswith("Indexed"):
        return False
    if space.kind == "cmyk" or space.kind == "spot":
        return all(v <= 0.0 for v in values)
    if space.kind in ("gray", "rgb"):
        return all(v >= 1.0 for v in values)
    return False
