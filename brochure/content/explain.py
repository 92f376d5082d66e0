"""Validation errors (:mod:`brochure.content.schema`), explained in words a clinic's marketing
lead understands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from brochure.content.model import Leaflet
from brochure.content.schema import Model, ValidationError
from brochure.content.source import FieldPath, describe_kind
from brochure.errors import Problem, unknown_field

Locate = Callable[..., Problem]
"""Makes a located problem: ``locate(loc, message, at_key=False)``."""


def field_problems(
    error: ValidationError, locate: Locate, *, skip_brand: bool = False
) -> list[Problem]:
    """One located problem per field the schema refused (``skip_brand``: the brand file itself
    failed and was reported already)."""
    problems = []
    for item in error.errors():
        loc = tuple(item["loc"])
        if loc[:1] == ("brand",) and skip_brand:
            continue
        at_key = item["type"] == "extra_forbidden"
        problems.append(locate(loc, _message(item, loc), at_key=at_key))
    return problems


def _message(error: Any, loc: FieldPath) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        return unknown_field(str(loc[-1]), _fields_at(loc[:-1]))
    if value is None and kind in ("string_type", "model_type", "dict_type", "tuple_type"):
        message = "is empty; give a value or remove the line"
        if loc[-1:] and str(loc[-1]).endswith("color"):
            message += ' (quote colours: "#1F4E5F"; an unquoted # starts a YAML comment)'
        return message
    if kind == "string_type":
        return f"must be text, not {describe_kind(value)}"
    if kind in ("model_type", "dict_type"):
        return f"must be a mapping of fields, not {describe_kind(value)}"
    if kind == "tuple_type":
        return f"must be a list of '- ' items, not {describe_kind(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is {len(value)} characters long; the limit is {ctx['max_length']}"
    if kind == "too_short":
        return f"needs at least {ctx['min_length']} item(s)"
    if kind == "too_long":
        return _too_many(len(value), ctx["max_length"])
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    return str(error["msg"])  # the schema's own words (numbers out of range...)


def _too_many(count: int, limit: int) -> str:
    return f"has {count} items; the limit is {limit}"


def _fields_at(loc: FieldPath) -> list[str]:
    """Field names of the model at ``loc`` in a Leaflet (for 'did you mean' hints)."""
    model: type[Model] | None = Leaflet
    for part in loc:
        if model is None:
            return []
        if isinstance(part, str):
            info = model.model_fields.get(part)
            model = info.spec.model if info else None
    return list(model.model_fields) if model else []
