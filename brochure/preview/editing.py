"""Edits made in the preview, written back to the content file as the user wrote it.

An edit replaces one text of the file. The YAML is read and written with ruamel.yaml's round
trip, so comments, key order, quoting and block styles stay; the edit is written only when

- the file is what the page last saw (its SHA-256): else :class:`EditConflict`, and the page
  reloads it;
- the file with the edit validates as a leaflet the brand's fonts can draw: else a
  :class:`~brochure.errors.ContentError` with every problem, and nothing is written;
- ruamel.yaml writes the file without the edit byte for byte as it is: else the edit could
  change more than the one text, so it is refused (:class:`EditRefused`).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brochure.content.model import Leaflet
from brochure.content.schema import Model
from brochure.content.source import FieldPath, Source, format_path, parse_source, read_source
from brochure.content.validate import validate
from brochure.errors import BrochureError
from brochure.lint.fields import text_fields
from brochure.output import write_atomic
from brochure.pipeline import drawing_problems

FOLD_WIDTH = 88
"""Where a ``>`` text is folded onto a new line in the file (its indentation not counted)."""

_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


@dataclass(frozen=True)
class EditableField:
    """A text of the content file that the preview lets a user change."""

    field: str
    """The field as messages name it: ``benefits[2].title``."""
    value: str
    """The text as the file has it."""
    running: bool
    """Paragraphs with the inline markup (a text area), else one line."""
    help: str
    """What the schema says the field is for."""
    seen: str
    """The text as a reader sees it (markup removed), to find it on the pages."""

    def to_data(self) -> dict[str, object]:
        """The field as plain data for the page."""
        return {
            "field": self.field,
            "value": self.value,
            "running": self.running,
            "help": self.help,
        }


class EditConflict(BrochureError):
    """The file changed on disk since the page read it; nothing was written."""


class EditRefused(BrochureError):
    """The edit cannot be written (an unknown field, a file ruamel.yaml cannot keep as it is)."""


def digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes, in hex: how the page names the version it saw."""
    return hashlib.sha256(data).hexdigest()


def editable_fields(source: Source) -> tuple[EditableField, ...]:
    """Every text of ``source`` a patient reads, in file order, with the schema's help."""
    return tuple(
        EditableField(
            text.field,
            text.raw,
            text.running or "\n" in text.raw.rstrip("\n"),
            field_help(text.path),
            text.plain(),
        )
        for text in text_fields(source.data)
    )


def field_help(path: FieldPath) -> str:
    """The description the schema gives the field at ``path`` (its docstring)."""
    model: type[Model] | None = Leaflet
    found = ""
    for part in path:
        if isinstance(part, int) or model is None:
            continue
        info = model.model_fields.get(part)
        if info is None:
            return found
        found = " ".join((info.description or "").split())
        model = info.spec.model
    return found


def parse_field(text: str) -> FieldPath:
    """``benefits[2].title`` -> ``('benefits', 2, 'title')``; :class:`EditRefused` for text that
    is not a field path."""
    parts: list[str | int] = []
    position = 0
    for match in _PART.finditer(text):
        gap = text[position : match.start()]
        if gap not in ("", ".") or (gap == "." and not parts):
            raise EditRefused(f"not a field: {text!r}")
        name, index = match.groups()
        parts.append(int(index) if index is not None else name)
        position = match.end()
    if not parts or position != len(text):
        raise EditRefused(f"not a field: {text!r}")
    return tuple(parts)


def edit_field(path: Path, field: str, value: str, seen: str) -> bytes:
    """Set the text ``field`` of the content file at ``path`` to ``value`` and write the file
    atomically; ``seen`` is the :func:`digest` of the file the user edited. Return the new
    bytes. Raise :class:`EditConflict` when the file has changed since, a
    :class:`~brochure.errors.ContentError` when the edit would make it invalid, or
    :class:`EditRefused`; in each case nothing is written."""
    source = read_source(path)
    raw = source.path.read_bytes()
    if digest(raw) != seen:
        raise EditConflict(f"{source.name} changed on disk since the page loaded it")
    fields = {f.field: f for f in editable_fields(parse_source(raw, source.name, path))}
    target = parse_field(field)
    if format_path(target) not in fields:
        raise EditRefused(f"{field} is not a text of {source.name} the preview can edit")
    edited = replace_text(raw, target, value)
    validation = validate(parse_source(edited, source.name, path))
    validation.leaflet_or_raise(drawing_problems(validation))
    if digest(path.read_bytes()) != seen:  # saved in an editor while this one was checked
        raise EditConflict(f"{source.name} changed on disk since the page loaded it")
    write_atomic(path, edited)
    return edited


def replace_text(raw: bytes, path: FieldPath, value: str) -> bytes:
    """``raw`` YAML with the text at ``path`` replaced by ``value``, in the style it had (plain,
    quoted, ``|`` or ``>``); everything else byte for byte as it was."""
    from ruamel.yaml.error import YAMLError

    text = raw.decode("utf-8-sig")
    yaml = _round_trip()
    try:
        document = yaml.load(text)
        if _dump(yaml, document) != text:
            raise EditRefused(
                "the preview cannot edit this file without changing its layout elsewhere "
                "(its indentation or line breaks); edit it in a text editor"
            )
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        old = parent[key]
    except (YAMLError, KeyError, IndexError, TypeError) as exc:
        raise EditRefused(f"{format_path(path)}: cannot be edited here ({exc})") from None
    if not isinstance(old, str):
        raise EditRefused(f"{format_path(path)} is not a text")
    parent[key] = _styled(old, value)
    prefix = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    return (prefix + _dump(yaml, document)).encode("utf-8")


def _round_trip() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line that is not edited
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(yaml: Any, document: Any) -> str:
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _styled(old: str, value: str) -> Any:
    """``value`` in the style of ``old``: a ``|`` block stays one (ending with a line break
    when it did), a ``>`` block is folded near :data:`FOLD_WIDTH`, a quoted text keeps its
    quotes; text with line breaks in a one-line style becomes a ``|`` block."""
    from ruamel.yaml.scalarstring import (
        FoldedScalarString,
        LiteralScalarString,
        ScalarString,
    )

    value = value.replace("\r\n", "\n").replace("\r", "\n")
    block = isinstance(old, LiteralScalarString | FoldedScalarString)
    # A block keeps its final line break (or its lack of one); one line has none.
    value = value.rstrip() + ("\n" if block and old.endswith("\n") else "")
    value = value if block else value.lstrip()
    multiline = "\n" in value.rstrip("\n")
    if isinstance(old, FoldedScalarString) and not multiline:
        folded = FoldedScalarString(value)
        folded.fold_pos = _fold_positions(value)
        return folded
    if block or multiline:
        if multiline and not value.endswith("\n"):
            value += "\n"
        return LiteralScalarString(value)
    if isinstance(old, ScalarString):
        return type(old)(value)
    return value


def _fold_positions(text: str) -> list[int]:
    """Where a one-paragraph ``>`` text breaks onto a new line: at single spaces, each line at
    most :data:`FOLD_WIDTH` characters where the words allow."""
    positions: list[int] = []
    start = 0
    last_space = -1
    for index, char in enumerate(text.rstrip("\n")):
        foldable = (
            char == " "
            and index > 0
            and text[index - 1] != " "
            and index + 1 < len(text)
            and text[index + 1] not in " \n"
        )
        if foldable:
            if index - start > FOLD_WIDTH and last_space > start:
                positions.append(last_space)
                start = last_space + 1
            last_space = index
    if len(text.rstrip("\n")) - start > FOLD_WIDTH and last_space > start:
        positions.append(last_space)
    return positions
