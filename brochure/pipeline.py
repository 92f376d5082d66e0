"""The one build path, from a content file to a written PDF, for every caller: ``brochure build``
of one leaflet, each job of a batch, ``brochure check`` and the library API.

    load_leaflet(path)           content (+ brand) -> Leaflet that validates and can be drawn
    write_leaflet(leaflet, ...)  Leaflet -> PDF bytes, size-checked -> file, all or nothing

Validation (:mod:`brochure.content.validate`) knows the text; whether the brand's fonts can draw
it and every block fits its page is the layout's question (:mod:`brochure.layout.fit`). Both
sets of problems are reported together, so a user fixes everything in one pass.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from brochure.content.assets import AssetError
from brochure.content.model import Leaflet
from brochure.content.source import read_source
from brochure.content.validate import Validation, validate
from brochure.errors import BrochureError, Problem
from brochure.messages import messages_for
from brochure.output import write_atomic
from brochure.pdf.render import RenderOptions, render_pdf


def load_leaflet(path: Path, *, brand: Path | None = None, root: Path | None = None) -> Leaflet:
    """Read, parse and validate a content file and its brand, and check it can be drawn; raise
    :class:`~brochure.errors.ContentError` with every problem at once.

    ``brand`` replaces the brand file the content names (a batch crosses content files with
    brand files); ``root`` is the folder no named file may be outside of (default: the content
    file's folder; a batch uses brochure.yaml's)."""
    validation = validate(read_source(path), brand=brand, root=root)
    return validation.leaflet_or_raise(drawing_problems(validation))


def drawing_problems(validation: Validation) -> list[Problem]:
    """Characters the brand's fonts cannot draw and blocks too big for a page, located. A
    leaflet that failed validation still has its glyphs checked when its brand is valid."""
    from brochure.layout.fit import glyph_problems, size_problems, texts
    from brochure.layout.fonts import register_family

    brand = validation.draft_brand
    if brand is None:
        return []
    try:
        family = register_family(brand.fonts)
    except AssetError as exc:
        face, _, reason = str(exc).partition(": ")
        return [validation.located.problem(("brand", "fonts", face), reason)]
    leaflet = validation.leaflet
    if leaflet is None:
        messages = messages_for(str(validation.draft.get("locale") or "en"))
        found = glyph_problems(texts(validation.draft), family, messages)
    else:
        messages = messages_for(leaflet.locale, leaflet.messages)
        found = glyph_problems(texts(leaflet), family, messages)
        if not found:  # measuring text the font cannot draw would only repeat the same problem
            found = size_problems(leaflet, family, messages)
    return [validation.located.problem(loc, message) for loc, message in found]


@dataclass(frozen=True)
class Written:
    """A PDF that was written."""

    path: Path
    """Where it is."""
    size: int
    """Its size in bytes."""
    sha256: str
    """The hex SHA-256 of its bytes (what a batch manifest records)."""


def default_output(content: Path, suffix: str = "") -> Path:
    """Where a single build writes by default: ``out/<content name><suffix>.pdf`` (the print
    profile's suffix is ``-print``)."""
    return Path("out") / (content.stem + suffix + ".pdf")


def write_leaflet(
    leaflet: Leaflet,
    target: Path,
    options: RenderOptions | None = None,
    *,
    max_size: int | None = None,
) -> Written:
    """Render ``leaflet`` and write it to ``target`` atomically. With ``max_size`` (bytes), a
    larger PDF is an error and nothing is written (a previous file at ``target`` stays)."""
    options = options or RenderOptions()
    data = render_pdf(leaflet, options)
    if max_size is not None and len(data) > max_size:
        raise BrochureError(
            f"{target}: the {options.profile.name} PDF would be {len(data) / 1024:.0f} KB, over "
            f"--max-size {max_size / 1024:.0f} KB; it was not written"
        )
    write_atomic(target, data)
    return Written(target, len(data), hashlib.sha256(data).hexdigest())
