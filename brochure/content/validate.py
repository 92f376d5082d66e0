"""From parsed YAML to a validated, frozen :class:`~brochure.content.model.Leaflet`.

Every problem is collected and raised at once as a :class:`~brochure.errors.ContentError`, each
located in the file it comes from (the content file or the brand file) by line, column and field.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from brochure.content.assets import AssetError, AssetFolder
from brochure.content.model import Leaflet
from brochure.content.source import FieldPath, Source, read_source
from brochure.errors import ContentError, Problem

_NOT_TEXT = frozenset({"locale", "icon", "primary_color", "accent_color"})


@dataclass(frozen=True)
class Located:
    """Maps a field of the leaflet to the file and place it was written."""

    content: Source
    brand: Source | None
    """The brand file, when ``brand:`` names one (else the brand is inline in ``content``)."""

    def problem(self, loc: FieldPath, message: str) -> Problem:
        """A problem for field ``loc`` of the leaflet, located in the right file."""
        if self.brand is not None and loc[:1] == ("brand",):
            return self.brand.problem(loc[1:], message)
        return self.content.problem(loc, message)


def load_leaflet(path: Path) -> Leaflet:
    """Read, parse and validate a content file (and its brand); check every glyph is drawable."""
    source = read_source(path)
    leaflet, located = validate_source(source)
    check_glyphs(leaflet, located)
    return leaflet


def validate_source(source: Source) -> tuple[Leaflet, Located]:
    """Validate parsed content into a Leaflet; reads the brand file it names."""
    problems: list[Problem] = []
    data: dict[str, Any] = dict(source.data)
    root = source.path.resolve().parent
    brand_source: Source | None = None
    asset_base = root
    raw_brand = data.get("brand")
    if isinstance(raw_brand, str):
        try:
            brand_path = AssetFolder(root, root).resolve(raw_brand, "file")
        except AssetError as exc:
            problems.append(source.problem(("brand",), str(exc)))
            data.pop("brand")
        else:
            try:
                brand_source = read_source(brand_path)
            except ContentError as exc:
                problems.extend(exc.problems)
                data.pop("brand")
            else:
                data["brand"] = brand_source.data
                asset_base = brand_path.parent
    located = Located(source, brand_source)
    context = {"assets": AssetFolder(root, asset_base)}
    try:
        leaflet = Leaflet.model_validate(data, context=context)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            if loc[:1] == ("brand",) and "brand" not in data:
                continue  # the brand file itself was the problem, already reported
            problems.append(located.problem(loc, _message(error, loc, located)))
    if problems:
        raise ContentError(_unique(problems))
    return leaflet, located


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
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is {len(value)} characters long; the limit is {ctx['max_length']}"
    if kind == "too_short":
        return f"needs at least {ctx['min_length']} item(s)"
    if kind == "too_long":
        return f"has {ctx['actual_length']} items; the limit is {ctx['max_length']}"
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    message = str(error["msg"])
    return message[:1].lower() + message[1:]


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
    from brochure.layout.fonts import describe_char, missing_glyphs, register_family

    try:
        family = register_family(leaflet.brand.fonts)
    except AssetError as exc:
        face, _, reason = str(exc).partition(": ")
        raise ContentError([located.problem(("brand", "fonts", face), reason)]) from None
    coverage = family.coverage()
    problems = [
        located.problem(
            loc,
            f"the font {family.display_name} has no glyph for {describe_char(char)}; "
            "use another character or a font that has it",
        )
        for loc, text in _texts(leaflet)
        for char in missing_glyphs(text, coverage)
    ]
    if problems:
        raise ContentError(problems)
