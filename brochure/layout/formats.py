"""The formats a leaflet is made in, as one table: how many pages, how tightly it may be fitted.

The layout never asks "is this the sheet?"; it reads the row it is given, so a new format (the
folded ones) is a new row here. Light: importing it loads no ReportLab.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FormatName = Literal["pages", "sheet", "trifold", "booklet"]

Imposition = Literal["saddle"]

Folding = Literal["flat", "trifold", "booklet"]

IMPOSITIONS: tuple[Imposition, ...] = ("saddle",)
"""The ways ``--impose`` can place a booklet's pages on printer sheets."""


@dataclass(frozen=True)
class Format:
    """One format of a leaflet."""

    name: FormatName
    """Its name on the command line (``--format``) and in output path patterns (``{format}``)."""
    suffix: str
    """Added to the default output's file name before the profile's: ``out/content-sheet.pdf``."""
    pages: int | None
    """The exact number of pages the content is fitted to; None: as many as it needs."""
    min_body: float
    """The default floor of the body size in points: the fitter never sets type smaller (a
    leaflet may choose its own, ``fit.min_body_pt``, down to 10 pt)."""
    loosen: bool
    """Whether content short of its pages is given more air, so no page is left half empty."""
    trim_last_page: bool
    """Whether a last page less than a third full is fitted away when tightening allows."""
    description: str
    """What a user gets, for ``--help`` and the docs."""
    imposable: bool = False
    """Whether ``--impose saddle`` can place its pages on printer sheets (the booklet)."""
    folding: Folding = "flat"
    """How the paper is folded: ``flat`` pages (the page is the paper), ``trifold`` (a sheet in
    three panels, :mod:`brochure.layout.folding`) or ``booklet`` (pages half the paper, in
    fours)."""
    running_footer: bool = True
    """Whether every page has the footer with contact line and "page N of M" (folded formats
    carry the contact details on their back cover instead)."""


FORMATS: dict[FormatName, Format] = {
    "pages": Format(
        name="pages",
        suffix="",
        pages=None,
        min_body=11.5,
        loosen=False,
        trim_last_page=True,
        description="flowing pages, as many as the content needs",
    ),
    "sheet": Format(
        name="sheet",
        suffix="-sheet",
        pages=2,
        min_body=11.5,
        loosen=True,
        trim_last_page=False,
        description="one sheet printed on both sides: exactly two pages",
    ),
    "trifold": Format(
        name="trifold",
        suffix="-trifold",
        pages=6,
        min_body=10.5,
        loosen=True,
        trim_last_page=False,
        description="a sheet folded in three (DL from A4): six panels",
        folding="trifold",
        running_footer=False,
    ),
    "booklet": Format(
        name="booklet",
        suffix="-booklet",
        pages=None,
        min_body=10.5,
        loosen=True,
        trim_last_page=False,
        description="a stapled booklet of A5 (half-letter) pages, in fours",
        imposable=True,
        folding="booklet",
        running_footer=False,
    ),
}
"""Every format by name; ``pages`` is the default."""
