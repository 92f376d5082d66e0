"""MkDocs hook: the field tables of the docs, generated from brochure's JSON Schema.

A page asks for a table with a placeholder on a line of its own::

    <!-- fields: Leaflet without Brand -->
    <!-- fields: Brand -->

``Leaflet`` is the top level of the schema (content.yaml); any other name is one of the schema's
definitions (``$defs``). Nested mappings and lists of mappings get rows of their own
(``sections[].heading``, ``fonts.regular``), except the definitions named after ``without``.

The schema comes from ``brochure.content.model.json_schema()`` (what ``brochure schema``
prints), imported when the first page asks for it, so the docs' field reference is never a
second, hand-kept copy of the model's docstrings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

ROOT = "Leaflet"
"""The name a placeholder uses for the top level of the schema (content.yaml itself)."""

PLACEHOLDER = re.compile(
    r"^<!--\s*fields:\s*(?P<name>\w+)(?:\s+without\s+(?P<without>\w+(?:\s*,\s*\w+)*))?\s*-->$",
    re.MULTILINE,
)
"""``<!-- fields: NAME -->`` or ``<!-- fields: NAME without OTHER, ... -->``, alone on a line."""

_CODE = re.compile(r"``?[^`]+``?")
_SPECIAL = re.compile(r"([\\*_\[\]|])")


class FieldTableError(Exception):
    """A placeholder that names no part of the schema."""


@dataclass(frozen=True)
class Row:
    """One field of the table."""

    path: str
    """Where the field is written: ``sections[].heading``."""
    kind: str
    """What is written there, in plain words: text, whole number, list, mapping..."""
    required: str
    """``yes``, or ``no`` with the default when there is one."""
    description: str
    """The field's docstring, on one line, with its limits (up to N characters...)."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema of content.yaml, imported lazily (the model may move or be mid-edit)."""
    from brochure.content.model import json_schema as schema

    return schema()


def rows(schema: dict[str, Any], name: str, without: frozenset[str] = frozenset()) -> list[Row]:
    """Every field of ``name`` (``Leaflet`` or a definition), nested fields after their parent."""
    definitions: dict[str, Any] = schema.get("$defs", {})
    if name == ROOT:
        node = schema
    elif name in definitions:
        node = definitions[name]
    else:
        known = ", ".join([ROOT, *sorted(definitions)])
        raise FieldTableError(f"the schema has no {name!r}; choose one of: {known}")
    unknown = sorted(without - set(definitions))
    if unknown:
        raise FieldTableError(f"'without' names {unknown}, which the schema does not define")
    return list(_rows(node, "", definitions, without, ()))


def _rows(
    node: dict[str, Any],
    prefix: str,
    definitions: dict[str, Any],
    without: frozenset[str],
    seen: tuple[str, ...],
) -> Iterator[Row]:
    required = set(node.get("required", ()))
    for field, spec in node.get("properties", {}).items():
        path = prefix + field
        yield Row(
            path=path,
            kind=_kind(spec, definitions),
            required="yes" if field in required else _optional(spec),
            description=_description(spec),
        )
        for ref, many in _nested(spec):
            if ref in without or ref in seen:
                continue
            child = f"{path}[]." if many else f"{path}."
            yield from _rows(definitions[ref], child, definitions, without, (*seen, ref))


def _ref(spec: dict[str, Any]) -> str | None:
    ref = spec.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _alternatives(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The accepted forms of a value, without ``null`` (which only means "may be left out")."""
    forms: list[dict[str, Any]] = spec.get("anyOf") or spec.get("oneOf") or [spec]
    return [form for form in forms if form.get("type") != "null"]


def _nested(spec: dict[str, Any]) -> Iterator[tuple[str, bool]]:
    """The definitions a field holds: (name, whether it holds a list of them)."""
    for form in _alternatives(spec):
        ref = _ref(form)
        if ref is not None:
            yield ref, False
        elif form.get("type") == "array" and isinstance(form.get("items"), dict):
            item = _ref(form["items"])
            if item is not None:
                yield item, True


_TYPES = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "yes or no",
    "object": "mapping",
    "array": "list",
}
_FORMATS = {"path": "file path", "uri": "web address", "email": "e-mail address"}


def _kind(spec: dict[str, Any], definitions: dict[str, Any]) -> str:
    names: list[str] = []
    for form in _alternatives(spec):
        name = _form_kind(form, definitions)
        if name not in names:
            names.append(name)
    return " or ".join(names) if names else "any"


def _form_kind(form: dict[str, Any], definitions: dict[str, Any]) -> str:
    if _ref(form) is not None:
        return "mapping"
    kind = form.get("type")
    if isinstance(kind, list):  # ["string", "null"]
        return " or ".join(_TYPES.get(str(k), str(k)) for k in kind if k != "null")
    if kind == "string" and form.get("format") in _FORMATS:
        return _FORMATS[form["format"]]
    if kind == "array":
        items = form.get("items")
        if isinstance(items, dict) and items:
            inner = _form_kind(items, definitions)
            return f"list of {'mappings' if inner == 'mapping' else inner}"
        return "list"
    if kind == "object" and isinstance(form.get("additionalProperties"), dict):
        return f"mapping of {_form_kind(form['additionalProperties'], definitions)}"
    if isinstance(kind, str):
        return _TYPES.get(kind, kind)
    return "any"


def _optional(spec: dict[str, Any]) -> str:
    default = spec.get("default")
    if default is None or default in ([], {}, ""):
        return "no"
    shown = default if isinstance(default, int | float) else f"`{default}`"
    return f"no (default {shown})"


def _limits(spec: dict[str, Any]) -> list[str]:
    """Length and range limits, in words ("Up to 90 characters.")."""
    found: list[str] = []
    for form in _alternatives(spec):
        if "maxLength" in form:
            found.append(f"Up to {form['maxLength']} characters.")
        low, high = form.get("minItems"), form.get("maxItems")
        if high is not None:
            found.append(f"{low or 0} to {high} items." if low else f"Up to {high} items.")
        elif low:
            found.append(f"At least {low} item{'s' if low > 1 else ''}.")
        if "minimum" in form and "maximum" in form:
            found.append(f"From {form['minimum']} to {form['maximum']}.")
    return found


def _description(spec: dict[str, Any]) -> str:
    text = " ".join(str(spec.get("description", "")).split())
    return " ".join(part for part in (_escape(text), *_limits(spec)) if part)


def _escape(text: str) -> str:
    """Plain text for a Markdown table cell: code spans kept (``x`` becomes `x`), and the
    characters Markdown would read (``*``, ``[``, ``|``, ``<``...) escaped everywhere else."""
    out: list[str] = []
    last = 0
    for match in _CODE.finditer(text):
        out.append(_plain(text[last : match.start()]))
        out.append("`" + match.group().strip("`") + "`")
        last = match.end()
    out.append(_plain(text[last:]))
    return "".join(out)


def _plain(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))


def table(schema: dict[str, Any], name: str, without: frozenset[str] = frozenset()) -> str:
    """The Markdown table of ``name``'s fields."""
    lines = [
        "| field | type | required | what it is |",
        "| --- | --- | --- | --- |",
    ]
    for row in rows(schema, name, without):
        lines.append(f"| `{row.path}` | {row.kind} | {row.required} | {row.description} |")
    return "\n".join(lines)


def expand(markdown: str, schema: dict[str, Any] | None = None) -> str:
    """``markdown`` with every placeholder replaced by its table (the schema is loaded only
    when there is a placeholder)."""
    if not PLACEHOLDER.search(markdown):
        return markdown
    loaded = schema if schema is not None else json_schema()

    def replace(match: re.Match[str]) -> str:
        without = frozenset(
            part.strip() for part in (match["without"] or "").split(",") if part.strip()
        )
        return table(loaded, match["name"], without)

    return PLACEHOLDER.sub(replace, markdown)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """MkDocs event: expand the field placeholders of each page."""
    try:
        return expand(markdown)
    except FieldTableError as error:
        from mkdocs.exceptions import PluginError

        raise PluginError(f"{page.file.src_uri}: {error}") from error
