"""From parsed YAML to a validated, frozen :class:`~brochure.content.model.Leaflet`.

Every problem is collected at once, each located in the file it comes from (the content file or
the brand file) by line, column and field: YAML problems that left the data usable and field
problems. Whether the brand's fonts can draw the text and every block fits a page is asked by
the layout, on top of this (:mod:`brochure.pipeline`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brochure.content.assets import AssetError, AssetFolder
from brochure.content.explain import field_problems
from brochure.content.model import Brand, Leaflet
from brochure.content.schema import ValidationError
from brochure.content.source import FieldPath, Source, read_source
from brochure.errors import ContentError, Problem


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


@dataclass(frozen=True)
class Validation:
    """What validating one content file found: the leaflet, or what was wrong with it."""

    leaflet: Leaflet | None
    """The validated leaflet; None when a field is invalid."""
    problems: tuple[Problem, ...]
    """Every problem found, located (YAML problems are here even when ``leaflet`` is set)."""
    located: Located
    """Where each field was written."""
    draft: dict[str, Any]
    """The data as read, with the brand file's data in ``brand``: the texts of a leaflet that
    failed validation can still be checked (glyphs) in the same run."""
    draft_brand: Brand | None
    """The brand validated alone, when the leaflet failed but its brand did not."""

    def leaflet_or_raise(self, more: Iterable[Problem] = ()) -> Leaflet:
        """The leaflet, or a :class:`ContentError` with every problem (these and ``more``), the
        content file's own first."""
        problems = [*self.problems, *more]
        if problems or self.leaflet is None:
            raise ContentError(_ordered(problems, self.located.content.name))
        return self.leaflet


def validate(source: Source, *, brand: Path | None = None, root: Path | None = None) -> Validation:
    """Validate parsed content into a Leaflet (reading the brand file it names, or ``brand``),
    collecting every problem; nothing is raised for the content's own faults. No file outside
    ``root`` (default: the content's folder) is read. Whether the brand's fonts can draw it is
    the layout's question (:func:`brochure.pipeline.load_leaflet` asks it)."""
    base = source.path.resolve().parent
    root = root.resolve() if root is not None else base
    brand_input = _brand_input(source, brand, root)
    problems = [*source.problems, *brand_input.problems]  # duplicate keys, aliases...
    located = Located(source, brand_input.source)
    context = {
        "assets": AssetFolder(root, brand_input.asset_base),
        "content_assets": AssetFolder(root, base),
    }
    try:
        leaflet = Leaflet.model_validate(brand_input.data, context=context)
    except ValidationError as exc:
        problems += field_problems(exc, located.problem, skip_brand=brand_input.failed)
        draft_brand = None if brand_input.failed else _brand_alone(brand_input.data, context)
        return Validation(None, tuple(problems), located, brand_input.data, draft_brand)
    return Validation(leaflet, tuple(problems), located, brand_input.data, leaflet.brand)


def validate_source(
    source: Source, *, brand: Path | None = None, root: Path | None = None
) -> tuple[Leaflet, Located]:
    """:func:`validate`, raising a :class:`ContentError` with every problem, for a caller that
    only reads the text (lint, translation checks): the fonts are not asked."""
    validation = validate(source, brand=brand, root=root)
    return validation.leaflet_or_raise(), validation.located


def _brand_alone(data: dict[str, Any], context: dict[str, Any]) -> Brand | None:
    try:
        return Brand.model_validate(data.get("brand"), context=context)
    except ValidationError:
        return None


def _ordered(problems: list[Problem], first: str) -> list[Problem]:
    """Each problem once: those in file ``first`` first, then by file, line and column."""
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.file != first, p.file, p.line or 0, p.column or 0))
