"""The output variants, as one table: what differs between the PDF to email and the print file.

The layout never asks "is this the print file?"; it reads the options of the profile it is given
(colour space, bleed, marks...), so a new variant is a new row here, not new conditions elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColourSpace = Literal["rgb", "cmyk"]


@dataclass(frozen=True)
class Profile:
    """One output variant of a leaflet."""

    name: str
    """Its name on the command line (``--profile``) and in output path patterns."""
    suffix: str
    """Added to the default output's file name: ``out/content<suffix>.pdf``."""
    colour: ColourSpace
    """Colour space of every colour and image on the page."""
    bleed: bool
    """Whether the page has bleed around the trimmed page, and page boxes for it."""
    marks: bool
    """Whether crop marks are drawn (outside the bleed) unless the user turns them off."""
    output_intent: bool
    """Whether the file declares PDF/X-4 with a CMYK output intent (a post-pass)."""
    tagged: bool
    """Whether the file is a tagged PDF (structure tree, marked content)."""
    links: bool
    """Whether links are clickable (annotations). A print file has none: PDF/X allows no
    annotation on the printed page, and paper cannot be clicked."""
    image_ppi: int | None
    """Images are downsampled to at most this resolution at their placed size (None: kept).
    Print keeps 1.5 times the 300 ppi a press needs: more only makes the file heavier."""
    preflight: bool
    """Whether the CLI prints a preflight report after building it."""
    duplex: bool
    """Whether it is printed on both sides, so an odd page count (a blank back) is worth a
    warning."""
    pdf_version: str
    """The PDF version the file declares."""
    sheets: bool
    """A folded leaflet as printed: a tri-fold's panels on its two sheets, with fold marks
    (else one page per panel, in reading order)."""


PROFILES: dict[str, Profile] = {
    "screen": Profile(
        name="screen",
        suffix="",
        colour="rgb",
        bleed=False,
        marks=False,
        output_intent=False,
        tagged=True,
        links=True,
        image_ppi=150,
        preflight=False,
        duplex=False,
        pdf_version="1.7",
        sheets=False,
    ),
    "print": Profile(
        name="print",
        suffix="-print",
        colour="cmyk",
        bleed=True,
        marks=True,
        output_intent=True,
        tagged=True,
        links=False,
        image_ppi=450,
        preflight=True,
        duplex=True,
        pdf_version="1.6",
        sheets=True,
    ),
}
"""Every profile by name; ``screen`` is the default."""

DEFAULT_BLEED = "3mm"
"""Bleed when neither the command line nor the brand sets one (what print shops ask for)."""
