"""From parsed YAML to a validated, frozen :class:`~brochure.content.model.Leaflet`.

Every problem is collected and raised at once as a :class:`~brochure.errors.ContentError`, each
located in the file it comes from (the content file or the brand file) by line, column and field.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from brochure.content.assets import AssetError, AssetFolder
from brochure.content.model import Brand, Leaflet
from brochure.content.source import FieldPath, Source, read_source
from brochure.errors import ContentError, Problem

_NOT_TEXT = frozenset({"locale", "icon", "primary_color", "accent_color"})


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


def load_leaflet(path: Path) -> Leaflet:
    """Read, parse and validate a content file (and its brand); check every glyph is drawable."""
    source = read_source(path)
    try:
        leaflet, located = validate_source(source)
    except ContentError as exc:
        # Report the characters the font cannot draw in the same run as the other problems.
        problems = [*exc.problems, *_draft_glyph_problems(source)]
        raise ContentError(_ordered(problems, source.name)) from None
    check_glyphs(leaflet, located)
    return leaflet


@dataclass(frozen=True)
class _BrandInput:
    data: dict[str, Any]
    """The content's data, with ``brand`` replaced by the brand file's data when it names one."""
    source: Source | None
    asset_base: Path
    problems: list[Problem]
    failed: bool
    """The brand file could not be found or read (its problems are in ``problems``)."""


def _brand_input(source: Source) -> _BrandInput:
    data: dict[str, Any] = dict(source.data)
    root = source.path.resolve().parent
    raw_brand = data.get("brand")
    if not isinstance(raw_brand, str):
        return _BrandInput(data, None, root, [], failed=False)
    try:
        brand_path = AssetFolder(root, root).resolve(raw_brand, "file")
    except AssetError as exc:
        data.pop("brand")
        return _BrandInput(data, None, root, [source.problem(("brand",), str(exc))], failed=True)
    try:
        brand_source = read_source(brand_path)
    except ContentError as exc:
        data.pop("brand")
        return _BrandInput(data, None, root, list(exc.problems), failed=True)
    data["brand"] = brand_source.data
    problems = list(brand_source.problems)
    return _BrandInput(data, brand_source, brand_path.parent, problems, failed=False)


def validate_source(source: Source) -> tuple[Leaflet, Located]:
    """Validate parsed content into a Leaflet; reads the brand file it names."""
    brand = _brand_input(source)
    problems = [*source.problems, *brand.problems]  # duplicate keys, aliases... found by parsing
    located = Located(source, brand.source)
    root = source.path.resolve().parent
    context = {"assets": AssetFolder(root, brand.asset_base)}
    try:
        leaflet = Leaflet.model_validate(brand.data, context=context)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            if loc[:1] == ("brand",) and brand.failed:
                continue  # the brand file itself was the problem, already reported
            if error["type"] == "too_short" and _count(error.get("input")) >= _min(error):
                continue  # pydantic counts only the valid items; the invalid ones are reported
            at_key = error["type"] == "extra_forbidden"
            problems.append(located.problem(loc, _message(error, loc, located), at_key=at_key))
        problems.extend(_list_length_problems(brand.data, located))
        raise ContentError(_ordered(problems, source.name)) from None
    if problems:
        raise ContentError(_ordered(problems, source.name))
    return leaflet, located


def _draft_glyph_problems(source: Source) -> list[Problem]:
    """Glyph problems in content that failed validation, when its brand (and fonts) are valid."""
    from brochure.layout.fonts import register_family

    brand = _brand_input(source)
    if brand.failed:
        return []
    root = source.path.resolve().parent
    try:
        valid = Brand.model_validate(
            brand.data.get("brand"), context={"assets": AssetFolder(root, brand.asset_base)}
        )
        family = register_family(valid.fonts)
    except (ValidationError, AssetError):
        return []
    located = Located(source, brand.source)
    texts = [*_raw_texts(brand.data, ("brand",)), *_texts(valid, ("brand",))]
    return _glyph_problems(texts, family.coverage(), located, family.display_name)


def _raw_texts(data: Any, skip: FieldPath, loc: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text in parsed (unvalidated) data, except under ``skip`` and in non-text fields."""
    if loc == skip or (loc and loc[-1] in _NOT_TEXT):
        return
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _raw_texts(value, skip, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _raw_texts(value, skip, (*loc, index))


def _ordered(problems: list[Problem], first: str) -> list[Problem]:
    """Each problem once: those in file ``first`` first, then by file, line and column."""
    return sorted(
        _unique(problems), key=lambda p: (p.file != first, p.file, p.line or 0, p.column or 0)
    )


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list | tuple) else 0


def _min(error: Any) -> int:
    return int((error.get("ctx") or {}).get("min_length", 0))


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text" if isinstance(value, str) else "empty"


def _message(error: Any, loc: FieldPath, located: Located) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        fields = _fields_at(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), fields, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(fields)}"
        return f"unknown field; {hint}"
    if value is None and kind in ("string_type", "model_type", "dict_type", "tuple_type"):
        message = "is empty; give a value or remove the line"
        if loc[-1:] and str(loc[-1]).endswith("color"):
            message += ' (quote colours: "#1F4E5F"; an unquoted # starts a YAML comment)'
        return message
    if kind == "string_type":
        return f"must be text, not {_kind(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of fields, not {_kind(value)}"
    if kind in ("tuple_type", "list_type"):
        return f"must be a list of '- ' items, not {_kind(value)}"
    if kind == "string_too_short" or (kind == "too_short" and isinstance(value, str)):
        return "must not be empty"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return f"is {len(value)} characters long; the limit is {ctx['max_length']}"
    if kind == "too_short":
        return f"needs at least {ctx['min_length']} item(s)"
    if kind == "too_long":
        return _too_many(len(value), ctx["max_length"])
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    message = str(error["msg"])
    return message[:1].lower() + message[1:]


def _too_many(count: int, limit: int) -> str:
    return f"has {count} items; the limit is {limit}"


def _list_length_problems(data: dict[str, Any], located: Located) -> Iterator[Problem]:
    """Lists with too many items (pydantic checks a list's length only when every item is valid)."""
    for name, info in Leaflet.model_fields.items():
        value = data.get(name)
        limits = [getattr(m, "max_length", None) for m in info.metadata]
        limit = next((n for n in limits if isinstance(n, int)), None)
        if isinstance(value, list) and limit is not None and len(value) > limit:
            yield located.problem((name,), _too_many(len(value), limit))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _fields_at(loc: FieldPath) -> list[str]:
    """Field names of the model at ``loc`` in a Leaflet (for 'did you mean' hints)."""
    model: type[BaseModel] | None = Leaflet
    for part in loc:
        if model is None:
            return []
        if isinstance(part, str):
            info = model.model_fields.get(part)
            model = _model_in(info.annotation) if info else None
    return list(model.model_fields) if model else []


def _texts(model: BaseModel, loc: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in _NOT_TEXT:
            continue
        items = enumerate(value) if isinstance(value, tuple) else [(None, value)]
        for index, item in items:
            path = (*loc, name) if index is None else (*loc, name, index)
            if isinstance(item, str):
                yield path, item
            elif isinstance(item, BaseModel):
                yield from _texts(item, path)


def check_glyphs(leaflet: Leaflet, located: Located) -> None:
    """Raise ContentError naming each field and code point the brand's fonts cannot draw."""
    from brochure.layout.fonts import register_family

    try:
        family = register_family(leaflet.brand.fonts)
    except AssetError as exc:
        face, _, reason = str(exc).partition(": ")
        raise ContentError([located.problem(("brand", "fonts", face), reason)]) from None
    problems = _glyph_problems(_texts(leaflet), family.coverage(), located, family.display_name)
    if problems:
        raise ContentError(_ordered(problems, located.content.name))


def _glyph_problems(
    texts: Iterable[tuple[FieldPath, str]], coverage: frozenset[int], located: Located, font: str
) -> list[Problem]:
    from brochure.layout.fonts import describe_char, missing_glyphs

    return [
        located.problem(
            loc,
            f"the font {font} has no glyph for {describe_char(char)}; "
            "use another character or a font that has it",
        )
        for loc, text in texts
        for char in missing_glyphs(text, coverage)
    ]
