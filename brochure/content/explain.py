"""Pydantic's validation errors, explained in words a clinic's marketing lead understands."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from brochure.content.model import Leaflet
from brochure.content.source import FieldPath, describe_kind
from brochure.errors import Problem, unknown_field

Locate = Callable[..., Problem]
"""Makes a located problem: ``locate(loc, message, at_key=False)``."""


def field_problems(
    error: ValidationError, data: dict[str, Any], locate: Locate, *, skip_brand: bool = False
) -> list[Problem]:
    """One located problem per field pydantic rejected (``skip_brand``: the brand file itself
    failed and was reported already)."""
    problems = []
    for item in error.errors():
        loc = tuple(item["loc"])
        if loc[:1] == ("brand",) and skip_brand:
            continue
        if item["type"] == "too_short" and _count(item.get("input")) >= _min(item):
            continue  # pydantic counts only the valid items; the invalid ones are reported
        at_key = item["type"] == "extra_forbidden"
        problems.append(locate(loc, _message(item, loc), at_key=at_key))
    problems.extend(_list_length_problems(data, locate))
    return problems


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list | tuple) else 0


def _min(error: Any) -> int:
    return int((error.get("ctx") or {}).get("min_length", 0))


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
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of fields, not {describe_kind(value)}"
    if kind in ("tuple_type", "list_type"):
        return f"must be a list of '- ' items, not {describe_kind(value)}"
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


def _list_length_problems(data: dict[str, Any], locate: Locate) -> Iterator[Problem]:
    """Lists with too many items (pydantic checks a list's length only when every item is valid)."""
    for name, info in Leaflet.model_fields.items():
        value = data.get(name)
        limits = [getattr(m, "max_length", None) for m in info.metadata]
        limit = next((n for n in limits if isinstance(n, int)), None)
        if isinstance(value, list) and limit is not None and len(value) > limit:
            yield locate((name,), _too_many(len(value), limit))


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
