"""The names of the built-in icons a benefit may use (``benefits[].icon``).

The names are content vocabulary, so validation knows them without loading any drawing code; the
drawings themselves are :mod:`brochure.layout.icons`, which draws exactly these.
"""

from __future__ import annotations

ICON_NAMES: tuple[str, ...] = (
    "calendar",
    "check",
    "clear-skin",
    "clock",
    "droplet",
    "globe",
    "heart",
    "info",
    "leaf",
    "mail",
    "phone",
    "pin",
    "shield",
    "smile",
    "smooth",
    "sparkle",
    "star",
    "texture",
    "warning",
)
"""Every icon name, sorted."""
