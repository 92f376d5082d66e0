"""The paper sizes a leaflet is laid out on: one table, read by the layout, the command line and
brochure.yaml's checks alike (and light: importing it loads no ReportLab)."""

from __future__ import annotations

from typing import Literal

MM = 72 / 25.4
"""Points per millimetre."""

PaperName = Literal["a4", "letter"]
PAPER_SIZES: dict[PaperName, tuple[float, float]] = {
    "a4": (210 * MM, 297 * MM),
    "letter": (8.5 * 72, 11 * 72),
}
"""Trimmed page width and height in points, by name; ``a4`` is the default."""
