"""From parsed YAML to a validated, frozen :class:`~brochure.content.model.Leaflet`.

Every problem is collected and raised at once as a :class:`~brochure.errors.ContentError`, each
located in the file it comes from (the content file or the brand file) by line, column and field:
YAML problems that left the data usable, field problems, characters the brand's fonts cannot
draw, and blocks too big for a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from brochure.content.assets import AssetError, AssetFolder
from brochure.content.explain import field_problems
from brochure.content.model import Brand, Leaflet
from brochure.content.source import FieldPath, Source, read_source
from brochure.errors import ContentError, Problem
from brochure.messages import Messages, messages_for


@dataclass(frozen=True)
class Located:
    """Maps a field of the leaflet to the file and place it was written."""

    content: Source
    brand: Source | None
    """The brand file, when ``brand:`` names one (else the brand is inline in ``content``)."""

    def problem(self, loc: FieldPath, message: str, *, at_key: bool = False) -> Problem:
        """A problem for field ``loc`` of the leaflet, located in the right file."""
        if self.brand is not None and loc[:1] == ("brand",):
            return self.brand.problem(loc[1:], message, at_key=at_key)
        return self.content.problem(loc, message, at_key=at_key)


def load_leaflet(path: Path, *, brand: Path | None = None, root: Path | None = None) -> Leaflet:
    """Read, parse and validate a content file and its brand, and check it can be drawn.

    ``brand`` replaces the brand file the content names (a batch crosses content files with
    brand files); ``root`` is the folder no named file may be outside of (default: the content
    file's folder; a batch uses brochure.yaml's)."""
    return validate_source(read_source(path), brand=brand, root=root)[0]


@dataclass(frozen=True)
class _BrandInput:
    data: dict[str, Any]
    """The content's data, with ``brand`` replaced by the brand file's data when it names one."""
    source: Source | None
    asset_base: Path
    problems: list[Problem]
    failed: bool
    """The brand file could not be found or read (its problems are in ``problems``)."""


def _brand_input(source: Source, brand: Path | None, root: Path) -> _BrandInput:
    data: dict[str, Any] = dict(source.data)
    base = source.path.resolve().parent
    raw_brand = data.get("brand")
    if brand is not None:
        brand_path = brand.resolve()
    elif not isinstance(raw_brand, str):
        return _BrandInput(data, None, base, [], failed=False)
    else:
        try:
            brand_path = AssetFolder(root, base).resolve(raw_brand, "file")
        except AssetError as exc:
            data.pop("brand")
            problem = source.problem(("brand",), str(exc))
            return _BrandInput(data, None, base, [problem], failed=True)
    try:
        brand_source = read_source(brand_path)
    except ContentError as exc:
        data.pop("brand", None)
        return _BrandInput(data, None, base, list(exc.problems), failed=True)
    data["brand"] = brand_source.data
    problems = list(brand_source.problems)
    return _BrandInput(data, brand_source, brand_path.parent, problems, failed=False)


def validate_source(
    source: Source,
    *,
    brand: Path | None = None,
    root: Path | None = None,
    drawing: bool = True,
) -> tuple[Leaflet, Located]:
    """Validate parsed content into a Leaflet (reading the brand file it names, or ``brand``)
    and check that the brand's fonts can draw it and every block fits a page; raise every
    problem at once. No file outside ``root`` (default: the content's folder) is read.
    ``drawing=False`` leaves out the checks that need the fonts (glyphs, page fit), for a
    caller that only reads the text."""
    base = source.path.resolve().parent
    root = root.resolve() if root is not None else base
    brand_input = _brand_input(source, brand, root)
    problems = [*source.problems, *brand_input.problems]  # duplicate keys, aliases...
    located = Located(source, brand_input.source)
    context = {
        "assets": AssetFolder(root, brand_input.asset_base),
        "content_assets": AssetFolder(root, base),
    }
    messages = messages_for(str(brand_input.data.get("locale") or "en"))
    try:
        leaflet = Leaflet.model_validate(brand_input.data, context=context)
    except ValidationError as exc:
        problems += field_problems(
            exc, brand_input.data, located.problem, skip_brand=brand_input.failed
        )
        if not brand_input.failed:
            problems += _draft_glyph_problems(brand_input.data, context, located, messages)
        raise ContentError(_ordered(problems, source.name)) from None
    messages = messages_for(leaflet.locale, leaflet.messages)
    if drawing:
        problems += _drawing_problems(leaflet, located, messages)
    if problems:
        raise ContentError(_ordered(problems, source.name))
    return leaflet, located


def _drawing_problems(leaflet: Leaflet, located: Located, messages: Messages) -> list[Problem]:
    from brochure.layout.fit import glyph_problems, size_problems, texts
    from brochure.layout.fonts import register_family

    try:
        family = register_family(leaflet.brand.fonts)
    except AssetError as exc:
        face, _, reason = str(exc).partition(": ")
        return [located.problem(("brand", "fonts", face), reason)]
    found = glyph_problems(texts(leaflet), family, messages)
    if not found:  # measuring text the font cannot draw would only repeat the same problem
        found = size_problems(leaflet, family, messages)
    return [located.problem(loc, message) for loc, message in found]


def _draft_glyph_problems(
    data: dict[str, Any], context: dict[str, Any], located: Located, messages: Messages
) -> list[Problem]:
    """Glyph problems of content that failed validation elsewhere, reported in the same run
    (when its brand, and so its fonts, are valid)."""
    from brochure.layout.fit import glyph_problems, texts
    from brochure.layout.fonts import register_family

    try:
        family = register_family(Brand.model_validate(data.get("brand"), context=context).fonts)
    except (ValidationError, AssetError):
        return []
    found = glyph_problems(texts(data), family, messages)
    return [located.problem(loc, message) for loc, message in found]


def _ordered(problems: list[Problem], first: str) -> list[Problem]:
    """Each problem once: those in file ``first`` first, then by file, line and column."""
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.file != first, p.file, p.line or 0, p.column or 0))
