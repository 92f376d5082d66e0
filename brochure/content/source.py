"""Read a YAML file into plain data plus a map from each field to where it was written.

The reader is deliberately narrower than YAML: every scalar is text (``no``, ``001100`` and
``2024`` stay exactly as typed), anchors, aliases and explicit tags are refused, and a key given
twice is an error. Everything it finds wrong is reported together, with line and column.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from brochure.errors import ContentError, Problem

MAX_FILE_BYTES = 512 * 1024
"""Content and brand files are a few KB; anything this big is a mistake (a PDF, a log...)."""

FieldPath = tuple[str | int, ...]

_STRING_TAGS = (None, "!", "tag:yaml.org,2002:str")


@dataclass(frozen=True)
class Location:
    """A 1-based line and column in a source file."""

    line: int
    column: int


@dataclass(frozen=True)
class Source:
    """A parsed YAML file: ``data`` holds only dicts, lists, str and None (an empty value)."""

    name: str
    """How the file is named in messages (relative to the working folder when inside it)."""
    path: Path
    data: Any
    values: Mapping[FieldPath, Location] = field(default_factory=dict)
    """Where each value starts; for a mapping or list, where its first entry starts."""
    keys: Mapping[FieldPath, Location] = field(default_factory=dict)
    """Where each mapping key was written."""
    problems: tuple[Problem, ...] = ()
    """Problems that left the data usable (a duplicate key, an alias...): validation reports
    them together with the field problems, so one run lists everything."""

    def locate(self, path: FieldPath, *, at_key: bool = False) -> Location | None:
        """The best location for ``path``: itself, else the nearest ancestor that was written.

        ``at_key`` prefers where the key was written over where its value starts (for a key that
        is itself the problem, such as an unknown field).
        """
        if at_key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end]) or self.keys.get(path[:end])
            if found is not None:
                return found
        return None

    def problem(self, path: FieldPath, message: str, *, at_key: bool = False) -> Problem:
        """A :class:`Problem` located at ``path`` in this file."""
        where = self.locate(path, at_key=at_key)
        return Problem(
            self.name,
            where.line if where else None,
            where.column if where else None,
            format_path(path),
            message,
        )


def format_path(path: FieldPath) -> str:
    """``('benefits', 2, 'title')`` -> ``benefits[2].title``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def named_path(base: Path, text: str) -> Path:
    """The file ``text``, as a content or brand file writes it, names from folder ``base``:
    surrounding space ignored, ``~`` expanded, links resolved. Raises OSError, RuntimeError
    (a loop of links) or ValueError (a NUL) where no path can be made of it."""
    return (base / os.path.expanduser(text.strip())).resolve()


def display_name(path: Path) -> str:
    """Name a file relative to the working folder when it is inside it, else absolutely."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return absolute
    return relative


def read_source(path: Path, name: str | None = None) -> Source:
    """Read and parse the YAML file at ``path``; raise :class:`ContentError` on any problem."""
    name = name or display_name(path)
    try:
        if not path.is_file():
            what = "does not exist" if not path.exists() else "is not a regular file"
            raise ContentError([Problem(name, None, None, "", f"the file {what}")])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError([Problem(name, None, None, "", _too_big(size))])
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(
            [Problem(name, None, None, "", f"cannot read: {exc.strerror}")]
        ) from None
    return parse_source(raw, name, path)


def _too_big(size: int) -> str:
    limit = MAX_FILE_BYTES // 1024
    kilobytes = -(-size // 1024)  # rounded up: a file over the cap never reads as "512 KB"
    return f"the file is {kilobytes} KB; content files are limited to {limit} KB"


def parse_source(raw: bytes, name: str, path: Path | None = None) -> Source:
    """Parse YAML bytes (pure: no file access). ``name`` is used in messages."""
    where = path or Path(name)
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError([Problem(name, None, None, "", _too_big(len(raw)))])
    text = _decode(raw, name)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise ContentError([Problem(name, None, None, "", "the file is empty")])
    builder = _Builder(name)
    fatal = False
    # YAML refuses invisible control characters (often pasted in from another program) with a
    # message that names no line; find each one here, then parse with spaces in their place so
    # the other problems of the file are still reported in the same run.
    controls = [(m.start(), m.group()) for m in _NON_PRINTABLE.finditer(text)]
    if controls:
        text = _NON_PRINTABLE.sub(" ", text)
    try:
        builder.feed(yaml.parse(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _yaml_message(exc, text, mark)
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        builder.problems.append(Problem(name, line, col, "", message))
        fatal = True
    except yaml.YAMLError as exc:  # pragma: no cover - control characters are handled above
        message = " ".join(str(exc).split())
        builder.problems.append(Problem(name, None, None, "", f"not valid YAML: {message}"))
        fatal = True
    for index, char in controls[:_MAX_CONTROLS]:
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        builder.problems.append(
            Problem(
                name,
                line,
                column,
                format_path(builder.field_at(Location(line, column))),
                f"contains an invisible control character (U+{ord(char):04X}); delete it",
            )
        )
    problems = tuple(sorted(set(builder.problems), key=_problem_order))
    if fatal or not isinstance(builder.root, dict):
        raise ContentError(problems)
    return Source(name, where, builder.root, builder.values, builder.keys, problems)


_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
"""Characters YAML does not allow in a file (control characters, U+FFFE, U+FFFF...)."""
_MAX_CONTROLS = 20


def _problem_order(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # in characters, like every other column (the bytes before the first bad one are UTF-8)
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = raw[exc.start]
        raise ContentError(
            [
                Problem(
                    name,
                    line,
                    column,
                    "",
                    f"the file is not UTF-8 text (byte 0x{byte:02X}); save it as UTF-8",
                )
            ]
        ) from None


def _yaml_message(exc: yaml.MarkedYAMLError, text: str, mark: yaml.Mark | None) -> str:
    parts = [part for part in (exc.context, exc.problem) if part]
    message = "YAML syntax error: " + ", ".join(parts)
    at_tab = mark is not None and text[mark.index : mark.index + 1] == "\t"
    found = f"{exc.context or ''} {exc.problem or ''}"
    if at_tab or "tab" in found:
        message += " (indent with spaces, not tabs)"
    elif "mapping values are not allowed" in found:
        message += ' (put text that contains ": " in quotes, or check the indentation)'
    elif "cannot start any token" in found or "an alias" in found or "an anchor" in found:
        message += " (put text that starts with @, `, %, *, & or ! in quotes)"
    elif "quoted scalar" in found:
        message += " (a quote mark is opened but never closed)"
    elif "expected key" in found or "expected '-'" in found:
        message += " (check the indentation of this line and the lines above)"
    return message


try:  # the C parser is several times faster; fall back to pure Python where libyaml is missing
    _LOADER: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _LOADER = yaml.SafeLoader


def _location(event: yaml.Event) -> Location:
    mark = event.start_mark
    return Location(mark.line + 1, mark.column + 1) if mark else Location(1, 1)


MAX_DEPTH = 12
"""Far deeper than any field (``sections[0].fact.value`` is 4 deep); stops runaway nesting."""


def _skip_collection(events: Any) -> None:
    """Consume the rest of a mapping or sequence whose start event was just read."""
    depth = 1
    for event in events:
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            if depth == 0:
                return


class _Builder:
    """Turn a YAML event stream into plain data and locations, collecting every problem."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.values: dict[FieldPath, Location] = {}
        self.keys: dict[FieldPath, Location] = {}
        self.root: Any = None
        self.documents = 0

    def _problem(self, event: yaml.Event, path: FieldPath, message: str) -> None:
        where = _location(event)
        self.problems.append(
            Problem(self.name, where.line, where.column, format_path(path), message)
        )

    def field_at(self, where: Location) -> FieldPath:
        """The field whose value was being written at ``where`` (the root when unknown)."""
        best: FieldPath = ()
        for path, start in self.values.items():
            if (start.line, start.column) <= (where.line, where.column):
                best = path
        return best

    def feed(self, events: Any) -> None:
        iterator = iter(events)
        for event in iterator:
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    self._problem(event, (), "only one YAML document is allowed (remove '---')")
                    return
                value = self.root = self._node(next(iterator), iterator, ())
                if not isinstance(value, dict) and not self.problems:
                    self._problem(event, (), "the file must be a mapping of 'field: value' lines")

    def _node(self, event: yaml.Event, events: Any, path: FieldPath) -> Any:
        self.values[path] = _location(event)
        if isinstance(event, yaml.AliasEvent):
            self._problem(
                event, path, f"aliases (*{event.anchor}) are not allowed; write the value out"
            )
            return None
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._problem(event, path, f"anchors (&{anchor}) are not allowed; write the value out")
        tag = getattr(event, "tag", None)
        if isinstance(event, yaml.ScalarEvent):
            if tag not in _STRING_TAGS:
                self._problem(event, path, f"YAML tags ({tag}) are not allowed; write plain text")
            if event.value == "" and not event.style:  # C parser: "", Python: None
                return None  # 'key:' with nothing after it
            return event.value
        if tag is not None and tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            self._problem(event, path, f"YAML tags ({tag}) are not allowed")
        if len(path) >= MAX_DEPTH:
            self._problem(event, path, "nested too deeply; no leaflet field is this deep")
            _skip_collection(events)
            return None
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for child in events:
                if isinstance(child, yaml.SequenceEndEvent):
                    return items
                items.append(self._node(child, events, (*path, len(items))))
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(events, path)
        return None  # pragma: no cover - the parser emits no other node events

    def _mapping(self, events: Any, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_event in events:
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            if not isinstance(key_event, yaml.ScalarEvent):
                self._problem(key_event, path, "a key must be plain text")
                self._node(key_event, events, (*path, "?"))
                self._node(next(events), events, (*path, "?"))
                continue
            key = key_event.value
            child = (*path, key)
            if key in result:
                first = self.keys[child]
                self._problem(
                    key_event, child, f"the key '{key}' is given twice (first on line {first.line})"
                )
                self._node(next(events), events, (*path, key, "duplicate"))
                continue
            self.keys[child] = _location(key_event)
            result[key] = self._node(next(events), events, child)
        return result  # pragma: no cover - a mapping always ends with MappingEndEvent


def describe_kind(value: Any) -> str:
    """What a parsed YAML value is, in words: "a mapping", "a list", "text" or "empty"."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text" if isinstance(value, str) else "empty"
