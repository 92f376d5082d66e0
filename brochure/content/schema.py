"""The schema engine under :mod:`brochure.content.model`: fields declared once, with their checks
and docs, validated into frozen models with every problem collected, and written as JSON Schema.

A model is a class of annotated fields, each given by :func:`field` with a :class:`Spec` (what
the value must be: :func:`line`, :func:`body`, :class:`Integer`, :class:`Items`...) and
documented by the docstring under it. :meth:`Model.model_validate` checks plain data (parsed
YAML) against every field, nested models included, and raises one :class:`ValidationError`
holding each problem with its place (``("benefits", 2, "title")``) and kind (``missing``,
``string_too_long``...); :mod:`brochure.content.explain` words them for people.

The names follow pydantic's, whose subset brochure used before: checking a leaflet needs none
of its import (about 80 ms and 10 MB of every cold build), only the few rules written here.
"""

from __future__ import annotations

import ast
import inspect
import math
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, TypeVar

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # only type checkers read it, and they read the 3.11 branch

    def dataclass_transform(**_: Any) -> Callable[[type[Any]], type[Any]]:
        return lambda cls: cls


Loc = tuple[str | int, ...]
"""Where a value is: field names and list indexes from the top of the data."""
Context = Mapping[str, Any]
"""What a check may need beyond the value (the asset folders that resolve paths)."""

M = TypeVar("M", bound="Model")


class ValidationError(ValueError):
    """Data that does not fit a model: every problem found, each with its place and kind."""

    def __init__(self, title: str, issues: list[dict[str, Any]]) -> None:
        self.title = title
        self._issues = issues
        listed = "; ".join(f"{'.'.join(map(str, i['loc'])) or '(top)'}: {i['msg']}" for i in issues)
        super().__init__(f"{len(issues)} problem(s) in {title}: {listed}")

    def errors(self) -> list[dict[str, Any]]:
        """Each problem as a mapping: ``type`` (its kind), ``loc``, ``msg``, ``input`` (the
        value found) and ``ctx`` (the limit broken, or the ``error`` a check raised)."""
        return [dict(issue) for issue in self._issues]


class Issues:
    """The problems found so far in one validation."""

    def __init__(self) -> None:
        self.found: list[dict[str, Any]] = []

    def add(
        self, kind: str, loc: Loc, value: Any, message: str, ctx: dict[str, Any] | None = None
    ) -> _Invalid:
        """Record a problem; returns :data:`INVALID` for the caller to hand back."""
        self.found.append({"type": kind, "loc": loc, "msg": message, "input": value, "ctx": ctx})
        return INVALID

    def refused(self, loc: Loc, value: Any, error: ValueError) -> _Invalid:
        """Record what a check refused, in the check's own words."""
        return self.add("value_error", loc, value, str(error), {"error": error})

    def converted(self, convert: Callable[[Any], Any], value: Any, loc: Loc, shown: Any) -> Any:
        """``convert(value)``; or, when it refuses (ValueError), :data:`INVALID` with the
        refusal recorded against ``shown``, the input as the user wrote it."""
        try:
            return convert(value)
        except ValueError as exc:
            return self.refused(loc, shown, exc)


class _Invalid:
    """The result of a value that failed: the model holding it is not made."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()


class Spec:
    """What one value must be: how it is checked and converted, and its JSON Schema."""

    checks_empty = False
    """Whether an empty value (YAML null) is the spec's to judge even where the field may be
    left out: a path written empty is a mistake, not "no file"."""

    def check(self, value: Any, loc: Loc, context: Context, issues: Issues) -> Any:
        """The value converted, or :data:`INVALID` with its problems added to ``issues``."""
        raise NotImplementedError

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        """The JSON Schema of the value (nested models are added to ``defs``)."""
        raise NotImplementedError

    @property
    def model(self) -> type[Model] | None:
        """The model the value is, or holds a list of; None for plain values."""
        return None


@dataclass(frozen=True)
class Text(Spec):
    """Text: stripped of surrounding blanks, within its length limits, then ``after``."""

    min_length: int | None = None
    max_length: int | None = None
    after: Callable[[str], str] | None = None
    """A further check (raises ValueError) that may also normalise the text."""

    def check(self, value: Any, loc: Loc, context: Context, issues: Issues) -> Any:
        if not isinstance(value, str):
            return issues.add("string_type", loc, value, "Input should be a valid string")
        text = value.strip()
        if self.min_length is not None and len(text) < self.min_length:
            limit = {"min_length": self.min_length}
            return issues.add("string_too_short", loc, text, "String too short", limit)
        if self.max_length is not None and len(text) > self.max_length:
            limit = {"max_length": self.max_length}
            return issues.add("string_too_long", loc, text, "String too long", limit)
        return text if self.after is None else issues.converted(self.after, text, loc, text)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = {"type": "string"}
        if self.min_length is not None:
            found["minLength"] = self.min_length
        if self.max_length is not None:
            found["maxLength"] = self.max_length
        return found


def _single_line(text: str) -> str:
    if "\n" in text:
        raise ValueError("must be a single line (remove the line break)")
    return text


def line(max_length: int | None = None, *, min_length: int = 1) -> Text:
    """One line of plain text, not empty."""
    return Text(min_length, max_length, _single_line)


@dataclass(frozen=True)
class Number(Spec):
    """A number (``12``, ``12.5`` or ``"12.5"``) from ``ge`` to ``le``; with ``whole``, a whole
    number (``8``, ``"8"`` or ``8.0``), given back as an int."""

    ge: float
    le: float
    whole: bool = False

    def check(self, value: Any, loc: Loc, context: Context, issues: Issues) -> Any:
        if self.whole and type(value) is int:  # exactly, however large (no float in between)
            return _in_range(value, self.ge, self.le, loc, value, issues)
        number = _number(value)
        if self.whole:
            if number is None or number != int(number):
                kind = "int_type" if number is None else "int_from_float"
                return issues.add(kind, loc, value, "must be a whole number, such as 8")
            return _in_range(int(number), self.ge, self.le, loc, value, issues)
        if number is None:
            return issues.add("float_type", loc, value, "must be a number, such as 12")
        return _in_range(number, self.ge, self.le, loc, value, issues)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        kind = "integer" if self.whole else "number"
        return {"maximum": self.le, "minimum": self.ge, "type": kind}


def Integer(ge: int, le: int) -> Number:  # named as the type it checks, like the specs
    """A whole number from ``ge`` to ``le``."""
    return Number(ge, le, whole=True)


def _number(value: Any) -> float | None:
    """A finite number from a YAML number or a numeric string; None for anything else (a
    yes/no, or a whole number too large to be a float, as ``10**400`` written out)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)  # a string's surrounding blanks are allowed, as float() does
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _in_range(number: float, ge: float, le: float, loc: Loc, value: Any, issues: Issues) -> Any:
    if number < ge:
        return issues.add("greater_than_equal", loc, value, f"must be at least {ge:g}", {"ge": ge})
    if number > le:
        return issues.add("less_than_equal", loc, value, f"must be at most {le:g}", {"le": le})
    return number


@dataclass(frozen=True)
class Plain(Spec):
    """A value checked and converted by one function (raising ValueError), which is given the
    context: paths resolved through an asset folder, colours written two ways."""

    checks_empty = True

    convert: Callable[[Any, Context], Any]
    json: dict[str, Any]
    """Its JSON Schema (empty: any value)."""
    empty_kind: str | None = None
    """The kind of problem an empty value (YAML null) is, when that is a type problem rather
    than the function's refusal."""

    def check(self, value: Any, loc: Loc, context: Context, issues: Issues) -> Any:
        if value is None and self.empty_kind is not None:
            return issues.add(self.empty_kind, loc, value, "Input should be a valid string")
        return issues.converted(lambda given: self.convert(given, context), value, loc, value)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return dict(self.json)


@dataclass(frozen=True)
class Nested(Spec):
    """A mapping validated as model ``of``."""

    of: type[Model]

    def check(self, value: Any, loc: Loc, context: Context, issues: Issues) -> Any:
        return self.of.validate_at(value, loc, context, issues)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        name = self.of.__name__
        if name not in defs:
            defs[name] = {}  # taken before it is made, so a model can hold itself
            defs[name] = self.of.object_schema(defs)
        return {"$ref": f"#/$defs/{name}"}

    @property
    def model(self) -> type[Model] | None:
        return self.of


@dataclass(frozen=True)
class Items(Spec):
    """A list (kept as a tuple) of ``item`` values, with as many items as the limits allow."""

    item: Spec
    min_length: int | None = None
    max_length: int | None = None

    def check(self, value: Any, loc: Loc, context: Context, issues: Issues) -> Any:
        if not isinstance(value, list | tuple):
            return issues.add("tuple_type", loc, value, "Input should be a valid list")
        # The count is checked whatever the items hold, so a user hears of both at once.
        if self.max_length is not None and len(value) > self.max_length:
            issues.add("too_long", loc, value, "List too long", {"max_length": self.max_length})
        elif self.min_length is not None and len(value) < self.min_length:
            issues.add("too_short", loc, value, "List too short", {"min_length": self.min_length})
        items = [self.item.check(v, (*loc, i), context, issues) for i, v in enumerate(value)]
        if any(item is INVALID for item in items):
            return INVALID
        return tuple(items)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = {"items": self.item.schema(defs)}
        if self.max_length is not None:
            found["maxItems"] = self.max_length
        if self.min_length is not None:
            found["minItems"] = self.min_length
        found["type"] = "array"
        return found

    @property
    def model(self) -> type[Model] | None:
        return self.item.model


@dataclass(frozen=True)
class Entries(Spec):
    """A mapping of text keys to ``value`` values, then ``after`` over the whole mapping."""

    value: Spec
    after: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def check(self, value: Any, loc: Loc, context: Context, issues: Issues) -> Any:
        if not isinstance(value, dict):
            return issues.add("dict_type", loc, value, "Input should be a valid mapping")
        found: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                issues.add("string_type", (*loc, str(key)), key, "Input should be a valid string")
                continue
            found[key] = self.value.check(item, (*loc, key), context, issues)
        if any(item is INVALID for item in found.values()) or len(found) != len(value):
            return INVALID
        return found if self.after is None else issues.converted(self.after, found, loc, value)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"additionalProperties": self.value.schema(defs), "type": "object"}


_REQUIRED: Any = object()


@dataclass(frozen=True)
class FieldInfo:
    """One field of a model: its spec, its default, and its documentation."""

    name: str
    spec: Spec
    owner: type[Model]
    default: Any = _REQUIRED
    default_factory: Callable[[], Any] | None = None

    @property
    def required(self) -> bool:
        """Whether the data must give it."""
        return self.default is _REQUIRED and self.default_factory is None

    @property
    def nullable(self) -> bool:
        """Whether it may be left empty (``null``): a field whose default is nothing."""
        return self.default is None

    @property
    def description(self) -> str | None:
        """The docstring written under the field."""
        return field_docstrings(self.owner).get(self.name)

    def make_default(self) -> Any:
        """A fresh default value."""
        return self.default_factory() if self.default_factory is not None else self.default


@dataclass(frozen=True)
class _Declared:
    spec: Spec
    default: Any
    default_factory: Callable[[], Any] | None


def field(
    spec: Spec, *, default: Any = _REQUIRED, default_factory: Callable[[], Any] | None = None
) -> Any:
    """Declare a model field: what its value must be, and its default when it may be left out
    (``default=None``: it may also be written empty)."""
    return _Declared(spec, default, default_factory)


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
class Model:
    """A frozen record validated from plain data: unknown keys refused, every problem reported."""

    model_fields: ClassVar[dict[str, FieldInfo]] = {}
    """The fields, in the order they are declared (and checked)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: dict[str, FieldInfo] = {}
        for name in inspect.get_annotations(cls):
            declared = cls.__dict__.get(name)
            if isinstance(declared, _Declared):
                fields[name] = FieldInfo(
                    name, declared.spec, cls, declared.default, declared.default_factory
                )
                delattr(cls, name)
        cls.model_fields = fields

    def __init__(self, **values: Any) -> None:
        issues = Issues()
        type(self)._fill(self, values, (), {}, issues)
        if issues.found:
            raise ValidationError(type(self).__name__, issues.found)

    @classmethod
    def before(cls, data: Any) -> Any:
        """The data as the fields read it (a model may accept a shorthand form)."""
        return data

    @classmethod
    def model_validate(cls: type[M], data: Any, *, context: Context | None = None) -> M:
        """A model from plain ``data``; :class:`ValidationError` with every problem found."""
        issues = Issues()
        made = cls.validate_at(data, (), context or {}, issues)
        if issues.found or made is INVALID:
            raise ValidationError(cls.__name__, issues.found)
        return made  # type: ignore[no-any-return]

    @classmethod
    def validate_at(cls, data: Any, loc: Loc, context: Context, issues: Issues) -> Any:
        """:meth:`model_validate` of the value at ``loc`` of a larger whole: the model, or
        :data:`INVALID` with its problems added to ``issues``."""
        data = cls.before(data)
        if isinstance(data, cls):
            return data
        if not isinstance(data, dict):
            message = f"Input should be a mapping of {cls.__name__} fields"
            return issues.add("model_type", loc, data, message, {"class_name": cls.__name__})
        made = object.__new__(cls)
        return made if cls._fill(made, data, loc, context, issues) else INVALID

    @classmethod
    def _fill(
        cls, made: Model, data: Mapping[Any, Any], loc: Loc, context: Context, issues: Issues
    ) -> bool:
        """Set each field of ``made`` from ``data``; whether all were valid."""
        valid = True
        for name, info in cls.model_fields.items():
            if name in data:
                value = data[name]
                if value is None and info.nullable and not info.spec.checks_empty:
                    result = None
                else:
                    result = info.spec.check(value, (*loc, name), context, issues)
            elif info.required:
                result = issues.add("missing", (*loc, name), data, "Field required")
            else:
                result = info.make_default()
            valid &= result is not INVALID
            object.__setattr__(made, name, result)
        for key in data:
            if key not in cls.model_fields:
                issues.add("extra_forbidden", (*loc, key), data[key], "Unknown field")
                valid = False
        return valid

    @classmethod
    def model_construct(cls: type[M], **values: Any) -> M:
        """A model of ``values`` as given, unchecked (the defaults for the fields left out); for
        tests that need only a few fields."""
        made = object.__new__(cls)
        for name, info in cls.model_fields.items():
            if name in values or not info.required:
                object.__setattr__(made, name, values.get(name, info.make_default()))
        return made

    def model_copy(self: M, *, update: Mapping[str, Any] | None = None) -> M:
        """A copy with the fields in ``update`` replaced (unchecked, like ``model_construct``)."""
        made = object.__new__(type(self))
        made.__dict__.update(self.__dict__)
        made.__dict__.update(update or {})
        return made

    @classmethod
    def model_json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of the data :meth:`model_validate` accepts."""
        defs: dict[str, Any] = {}
        found = cls.object_schema(defs)
        return {"$defs": dict(sorted(defs.items())), **found} if defs else found

    @classmethod
    def object_schema(cls, defs: dict[str, Any]) -> dict[str, Any]:
        """The model's own schema (an object), its nested models added to ``defs``."""
        properties = {name: _property(info, defs) for name, info in cls.model_fields.items()}
        found: dict[str, Any] = {"additionalProperties": False}
        if cls.__doc__:
            found["description"] = inspect.cleandoc(cls.__doc__)
        found["properties"] = properties
        required = [name for name, info in cls.model_fields.items() if info.required]
        if required:
            found["required"] = required
        found |= {"title": cls.__name__, "type": "object"}
        return found

    def _values(self) -> tuple[Any, ...]:
        return tuple(self.__dict__.get(name) for name in type(self).model_fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise ValidationError(type(self).__name__, [_frozen(name, value)])

    def __delattr__(self, name: str) -> None:
        raise ValidationError(type(self).__name__, [_frozen(name, None)])

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{n}={v!r}" for n, v in zip(self.model_fields, self._values(), strict=True)
        )
        return f"{type(self).__name__}({shown})"


def _frozen(name: str, value: Any) -> dict[str, Any]:
    return {
        "type": "frozen_instance",
        "loc": (name,),
        "msg": "is frozen",
        "input": value,
        "ctx": None,
    }


def _property(info: FieldInfo, defs: dict[str, Any]) -> dict[str, Any]:
    """One field's JSON Schema: its value's, with what it may be left as, and its docs."""
    found = info.spec.schema(defs)
    if info.nullable:
        found = {"anyOf": [found, {"type": "null"}]} if found else {}
    if not info.required:
        default = info.make_default()
        found["default"] = list(default) if isinstance(default, tuple) else default
    if info.description:
        found["description"] = info.description
    found["title"] = info.name.replace("_", " ").title()
    return dict(sorted(found.items()))


def field_docstrings(model: type[Model]) -> dict[str, str]:
    """Field name -> the docstring written under it in ``model``'s source (read when first
    asked for; none when no source is shipped)."""
    return _module_docstrings(model.__module__).get(model.__name__, {})


@cache
def _module_docstrings(module: str) -> dict[str, dict[str, str]]:
    try:
        source = Path(inspect.getfile(sys.modules[module])).read_text("utf-8")
        return docstrings_in(source)
    except (OSError, TypeError, SyntaxError, UnicodeDecodeError, KeyError):
        return {}


def docstrings_in(source: str) -> dict[str, dict[str, str]]:
    """Class name -> field name -> the docstring written under the field, for every class at
    the top level of ``source`` (as pydantic's ``use_attribute_docstrings`` reads them)."""
    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields = found.setdefault(node.name, {})
        for declared, after in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(declared, ast.AnnAssign)
                and isinstance(declared.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                fields[declared.target.id] = inspect.cleandoc(after.value.value)
    return found
