"""brochure.yaml: which leaflets to build, in which brands, formats and profiles, and where to
write them.

The file is read by the same YAML reader as content (every scalar is text, located problems)
and checked here by hand rather than with a pydantic model: ``brochure build`` on an up-to-date
batch has a quarter of a second in all, and importing pydantic alone takes most of that.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, get_args

from brochure.content.source import FieldPath, Source, describe_kind, read_source
from brochure.errors import BrochureError, ContentError, Problem, unknown_choice, unknown_field
from brochure.layout.formats import FORMATS, Format, FormatName
from brochure.layout.paper import PAPER_SIZES
from brochure.pdf.profiles import PROFILES, Profile

CONFIG_NAME = "brochure.yaml"
"""The batch file ``brochure build`` looks for in the working folder."""

DEFAULT_OUTPUT = "out/{brand}/{content}-{profile}.pdf"
"""Where each output goes unless ``output:`` says otherwise."""

DEFAULT_FORMAT: FormatName = "pages"
"""The format of every output when brochure.yaml has no ``formats:``."""
DEFAULT_PROFILE = "screen"
"""The profile of every output when brochure.yaml has no ``profiles:``."""


def _suffixes(rows: Iterable[Format | Profile]) -> str:
    return ", ".join(f'"{row.suffix}" for {row.name}' for row in rows)


PLACEHOLDERS: dict[str, str] = {
    "content": "the content file's name without .yaml",
    "brand": "the brand's name in lower case with dashes (lumen-skin-clinic)",
    "format": f"the format ({', '.join(FORMATS)})",
    "profile": f"the profile ({', '.join(PROFILES)})",
    "suffix": "the format's file-name suffix, then the profile's "
    f"({_suffixes(FORMATS.values())}; {_suffixes(PROFILES.values())})",
    "locale": "the content's locale: key (default en)",
    "paper": f"the paper size ({', '.join(PAPER_SIZES)})",
}
"""The names an output pattern may use, with what each becomes."""

OWN_BRAND = "own"
"""``brand: own`` pins a content file to the brand it names itself."""

DEFAULT_TIMEOUT = 60.0
"""Seconds one output may take before its job is stopped (a leaflet takes well under one)."""

FitMode = Literal["each", "group"]
"""``fit:``: each leaflet fitted to its format alone, or with its language editions (a content
file and the batch's translations of it) at the sizes the tightest of them needs."""
FIT_MODES: tuple[FitMode, ...] = get_args(FitMode)
"""The values ``fit:`` may have; the first is the default."""

LOCAL_EXECUTOR = "local"
"""``executor: local``: the build's own worker processes (the default)."""
DASK_SCHEME = "dask://"
"""``executor: dask://HOST:PORT``: a dask.distributed scheduler (``dask scheduler``)."""

_FIELDS = (
    "contents",
    "brands",
    "formats",
    "profiles",
    "paper",
    "fit",
    "output",
    "timeout",
    "executor",
)
_ADDRESS = re.compile(r"dask://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):([0-9]{1,5})")
_ENTRY_FIELDS = ("file", "brand")
_GLOB = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class ContentEntry:
    """One item of ``contents:``: a content file or glob, and the brand it is pinned to."""

    pattern: str
    """A path or glob relative to brochure.yaml, such as ``leaflets/*.yaml``."""
    brand: str | None = None
    """``own`` (the brand the content file names), a brand file, or None: every brand of
    ``brands:`` (unless the content file writes its brand inline: then that one)."""
    where: FieldPath = ()
    """Where the item is written in brochure.yaml, for problems about it."""

    @property
    def is_glob(self) -> bool:
        """Whether ``pattern`` has glob characters (``*``, ``?``, ``[``)."""
        return bool(_GLOB.search(self.pattern))


@dataclass(frozen=True)
class _Axis:
    """A list of brochure.yaml whose every item is a row of one table (formats, profiles): each
    output of the matrix is made in one of them."""

    field: str
    """The list's field in brochure.yaml and in :class:`BatchConfig`."""
    kind: str
    """What one item is, in messages (``unknown format 'x'``)."""
    choices: Collection[str]
    """The table's names."""
    default: str
    """The one item when the field is absent."""


_AXES = (
    _Axis("formats", "format", FORMATS, DEFAULT_FORMAT),
    _Axis("profiles", "profile", PROFILES, DEFAULT_PROFILE),
)


@dataclass(frozen=True)
class BatchConfig:
    """A validated brochure.yaml: contents x brands x formats x profiles, and where the outputs
    go."""

    path: Path
    """The brochure.yaml file (absolute)."""
    contents: tuple[ContentEntry, ...]
    """Content files or globs, in order."""
    brands: tuple[str, ...] = ()
    """Brand files or globs; empty: each content file is built in the brand it names."""
    formats: tuple[str, ...] = (DEFAULT_FORMAT,)
    """Formats (see brochure/layout/formats.py)."""
    profiles: tuple[str, ...] = (DEFAULT_PROFILE,)
    """Output profiles (see brochure/pdf/profiles.py)."""
    paper: str = "a4"
    """Paper size of every output."""
    fit: FitMode = FIT_MODES[0]
    """``group``: each content file is fitted with its language editions in the batch (see
    :data:`FitMode`); ``each``: alone."""
    output: str = DEFAULT_OUTPUT
    """Output path pattern, relative to brochure.yaml; see :data:`PLACEHOLDERS`."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds one output may take before its job is stopped and reported as failed."""
    executor: str = LOCAL_EXECUTOR
    """Where the jobs run: ``local`` (worker processes of the build) or ``dask://HOST:PORT``
    (a dask.distributed cluster; see :func:`executor_problem`)."""
    root: Path | None = None
    """The folder every file a leaflet names must be inside; None: brochure.yaml's folder."""
    source: Source | None = field(default=None, compare=False, repr=False)
    """The parsed file, to locate problems found while planning (None: made in code)."""

    @property
    def folder(self) -> Path:
        """The folder relative paths and globs are resolved against."""
        return self.path.parent

    @property
    def confined_to(self) -> Path:
        """The folder nothing a leaflet names may be outside of."""
        return self.root or self.folder

    @property
    def output_folder(self) -> Path:
        """The fixed start of the output pattern (``out`` for ``out/{brand}/...``): where the
        manifest and the lock live."""
        parts = Path(self.output).parts[:-1]
        fixed = []
        for part in parts:
            if "{" in part:
                break
            fixed.append(part)
        return self.folder.joinpath(*fixed)

    def problem(self, where: FieldPath, message: str) -> Problem:
        """A problem located at ``where`` in brochure.yaml (or just naming it, when made in
        code)."""
        if self.source is not None:
            return self.source.problem(where, message)
        return Problem(str(self.path), None, None, "", message)


def load_config(
    path: Path,
    *,
    formats: tuple[str, ...] | None = None,
    profiles: tuple[str, ...] | None = None,
    paper: str | None = None,
    executor: str | None = None,
) -> BatchConfig:
    """Read and check brochure.yaml; ``formats``, ``profiles``, ``paper`` and ``executor``
    (from the command line) replace the file's. Raise :class:`ContentError` listing every
    problem."""
    source = read_source(path)
    config = _validate(source)
    given = {"formats": formats, "profiles": profiles}
    changes: dict[str, Any] = {}
    for axis in _AXES:
        names = given[axis.field]
        if names:
            unknown = [name for name in names if name not in axis.choices]
            if unknown:
                raise BrochureError(unknown_choice(axis.kind, unknown[0], axis.choices))
            changes[axis.field] = tuple(dict.fromkeys(names))
    if paper:
        if paper.lower() not in PAPER_SIZES:
            raise BrochureError(unknown_choice("paper size", paper, PAPER_SIZES))
        changes["paper"] = paper.lower()
    if executor:
        message = executor_problem(executor.strip())
        if message is not None:
            raise BrochureError(f"--executor: {message}")
        changes["executor"] = executor.strip()
    return replace(config, **changes)


def executor_problem(value: str) -> str | None:
    """What is wrong with an ``executor`` value, or None: ``local``, or ``dask://HOST:PORT``
    (the scheduler's address, as ``dask scheduler`` prints it, with dask:// for tcp://)."""
    if value == LOCAL_EXECUTOR or _ADDRESS.fullmatch(value):
        return None
    return (
        f"must be {LOCAL_EXECUTOR} or {DASK_SCHEME}HOST:PORT "
        f"(such as {DASK_SCHEME}10.0.0.5:8786), not {value!r}"
    )


def single_content_config(content: Path, folder: Path) -> BatchConfig:
    """A batch of one content file in its own brand, written where ``brochure build CONTENT``
    writes it (``out/<name>.pdf`` under ``folder``): what ``brochure watch CONTENT`` watches."""
    return BatchConfig(
        path=folder.resolve() / CONFIG_NAME,
        contents=(ContentEntry(str(content.resolve()), OWN_BRAND),),
        output="out/{content}{suffix}.pdf",
        root=content.resolve().parent,
    )


def _validate(source: Source) -> BatchConfig:
    data: dict[str, Any] = source.data
    problems = list(source.problems)

    def problem(where: FieldPath, message: str, *, at_key: bool = False) -> None:
        problems.append(source.problem(where, message, at_key=at_key))

    for key in data:
        if key not in _FIELDS:
            problem((key,), unknown_field(key, _FIELDS), at_key=True)
    contents = _contents(data.get("contents"), problem) if "contents" in data else ()
    if "contents" not in data:
        problem(("contents",), "field required (a list of content files, such as content.yaml)")
    brands = _strings(data.get("brands"), ("brands",), problem) if "brands" in data else ()
    axes = {axis.field: _choices(data, axis, problem) for axis in _AXES}
    paper = _text(data, "paper", problem) or "a4"
    if paper.lower() not in PAPER_SIZES:
        problem(("paper",), unknown_choice("paper size", paper, PAPER_SIZES))
    fit = _fit(_text(data, "fit", problem), problem)
    output = _text(data, "output", problem) or DEFAULT_OUTPUT
    for message in _pattern_problems(output):
        problem(("output",), message)
    timeout = DEFAULT_TIMEOUT
    raw_timeout = _text(data, "timeout", problem)
    if raw_timeout is not None:
        try:
            timeout = float(raw_timeout.strip().removesuffix("s").strip())
        except ValueError:
            timeout = -1
        if not 0 < timeout <= 3600:
            problem(
                ("timeout",),
                f"must be a number of seconds above 0, at most 3600 (got {raw_timeout!r})",
            )
    executor = _text(data, "executor", problem) or LOCAL_EXECUTOR
    wrong = executor_problem(executor)
    if wrong is not None:
        problem(("executor",), wrong)
    if problems:
        raise ContentError(
            sorted(dict.fromkeys(problems), key=lambda p: (p.line or 0, p.column or 0))
        )
    return BatchConfig(
        path=source.path.resolve(),
        contents=contents,
        brands=brands,
        formats=axes["formats"],
        profiles=axes["profiles"],
        paper=paper.lower(),
        fit=fit,
        output=output,
        timeout=timeout,
        executor=executor,
        source=source,
    )


def _text(data: dict[str, Any], key: str, problem: Any) -> str | None:
    value = data.get(key)
    if key in data and value is None:
        problem((key,), "is empty; give a value or remove the line")
    if value is None:
        return None
    if not isinstance(value, str):
        problem((key,), f"must be text, not {describe_kind(value)}")
        return None
    if not value.strip():
        problem((key,), "is empty; give a value or remove the line")
        return None
    return value.strip()


def _fit(value: str | None, problem: Any) -> FitMode:
    for mode in FIT_MODES:
        if value == mode:
            return mode
    if value is not None:
        problem(("fit",), unknown_choice("fit", value, FIT_MODES))
    return FIT_MODES[0]


def _strings(
    value: Any,
    where: FieldPath,
    problem: Any,
    item_is: str = "a file name or a glob",
    check: Callable[[str], str | None] = lambda item: None,
) -> tuple[str, ...]:
    """The list's text items; ``check`` says what is wrong with one, if anything."""
    if not isinstance(value, list):
        problem(where, f"must be a list of '- ' items, not {describe_kind(value)}")
        return ()
    found = []
    for index, item in enumerate(value):
        if isinstance(item, str) and item.strip():
            found.append(item.strip())
            message = check(item.strip())
            if message is not None:
                problem((*where, index), message)
        else:
            problem((*where, index), f"must be {item_is}, not {describe_kind(item)}")
    return tuple(found)


def _choices(data: dict[str, Any], axis: _Axis, problem: Any) -> tuple[str, ...]:
    """The axis's names in brochure.yaml, each once (an unknown one is a problem at its item),
    or its default when the field is absent or has no valid name."""
    if axis.field not in data:
        return (axis.default,)
    where: FieldPath = (axis.field,)

    def check(name: str) -> str | None:
        return None if name in axis.choices else unknown_choice(axis.kind, name, axis.choices)

    names = _strings(data[axis.field], where, problem, f"a {axis.kind} name", check)
    if not names and data[axis.field] is not None:
        problem(where, f"needs at least one {axis.kind}, such as {axis.default}")
    return tuple(dict.fromkeys(names)) or (axis.default,)


def _contents(value: Any, problem: Any) -> tuple[ContentEntry, ...]:
    if not isinstance(value, list) or not value:
        what = "an empty list" if value == [] else describe_kind(value)
        problem(("contents",), f"must be a list of '- ' content files, not {what}")
        return ()
    entries = []
    for index, item in enumerate(value):
        where: FieldPath = ("contents", index)
        if isinstance(item, str) and item.strip():
            entries.append(ContentEntry(item.strip(), None, where))
        elif isinstance(item, dict):
            for key in item:
                if key not in _ENTRY_FIELDS:
                    problem((*where, key), unknown_field(key, _ENTRY_FIELDS), at_key=True)
            file, brand = item.get("file"), item.get("brand")
            if not isinstance(file, str) or not file.strip():
                problem((*where, "file"), "needs file: a content file or a glob")
            if not isinstance(brand, str) or not brand.strip():
                problem((*where, "brand"), f"needs brand: {OWN_BRAND} or a brand file")
            if isinstance(file, str) and isinstance(brand, str) and file.strip() and brand.strip():
                entries.append(ContentEntry(file.strip(), brand.strip(), where))
        else:
            problem(where, f"must be a file name, a glob or a mapping, not {describe_kind(item)}")
    return tuple(entries)


def _pattern_problems(pattern: str) -> list[str]:
    try:
        names = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(pattern)
            if name is not None
        ]
    except ValueError as exc:
        return [f"is not a valid pattern ({exc}); write placeholders as {{content}}"]
    problems = []
    for name, spec, conversion in names:
        if name not in PLACEHOLDERS:
            problems.append(
                f"unknown placeholder {{{name}}}; use {', '.join(f'{{{n}}}' for n in PLACEHOLDERS)}"
            )
        elif spec or conversion:
            problems.append(f"write {{{name}}} without a format or conversion")
    if not pattern.lower().endswith(".pdf"):
        problems.append(f"must end with .pdf (got {pattern!r})")
    return problems
