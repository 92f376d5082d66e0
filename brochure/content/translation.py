"""Translation checks: what, in a translated content file, suggests a mistake against its source.

A translation keeps its source's shape: the same benefits in the same order with the same icons,
the same sections, the same optional fields. Only the words change, and by a similar factor
everywhere (Spanish runs about a fifth longer than English). So, field by field, this module
reports benefits and sections missing or extra, icons that differ, fields missing or extra, text
left identical to the source (probably not translated), and text much shorter or longer than the
rest of the translation suggests (a dropped paragraph). Each finding is a warning located in the
translation, naming where the source says otherwise.

It reads both files as plain YAML (with their line map), so it works on any two content files
and never renders anything.
"""

from __future__ import annotations

import os
import re
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brochure.content.source import FieldPath, Source, read_source
from brochure.errors import ContentError, Finding

SKIPPED = frozenset({"locale", "brand", "translation_of", "lint", "icon", "path"})
"""Fields that are codes, files or settings: the same in every language, never compared."""

OVERRIDES = "messages"
"""Message overrides: compared when both files have one, never reported missing or extra (a
translation without them uses its language's catalogue)."""

MIN_LENGTH = 60
"""Texts shorter than this (titles, labels) are not compared by length: a few words may well
double or halve in another language."""

SHORTER, LONGER = 0.6, 1 / 0.6
"""A text is reported when its length ratio to the source, divided by the translation's usual
ratio, falls outside these bounds (a dropped or duplicated paragraph)."""

_WORD = re.compile(r"[^\W\d_]{2,}")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def check_translation(translation: Path, source: Path | None = None) -> list[Finding]:
    """Differences between a translation and its source that suggest a mistake.

    The source is ``source`` when given, else the file the translation names in
    ``translation_of`` (relative to the translation); with neither, there is nothing to compare.
    Raises ContentError when either file cannot be read, or ``translation_of`` names no file.
    """
    target = read_source(translation)
    if source is None:
        declared = target.data.get("translation_of")
        if not isinstance(declared, str) or not declared.strip():
            return []
        source = translation.parent / declared.strip()
        if not source.is_file():
            problem = target.problem(
                ("translation_of",), f"names {declared.strip()!r}, which is not a file"
            )
            raise ContentError([problem])
    if _same_file(translation, source):
        return []  # a file is not its own translation (`--against` also lists the source)
    return compare(read_source(source), target)


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def compare(source: Source, translation: Source) -> list[Finding]:
    """Every finding about ``translation`` against ``source`` (both parsed), in file order."""
    check = _Comparison(source, translation)
    check.locale()
    check.benefits()
    check.sections()
    check.texts()
    return sorted(check.findings, key=lambda f: (f.problem.line or 0, f.problem.column or 0))


@dataclass
class _Comparison:
    """One comparison in progress: the two files, the items paired so far, the findings."""

    source: Source
    translation: Source
    pairs: dict[FieldPath, FieldPath] = field(default_factory=dict)
    """Benefits and sections matched across the files: the item's path in the translation ->
    its path in the source. Other fields are matched by their path."""
    unmatched: set[tuple[str, FieldPath]] = field(default_factory=set)
    """("source", path) of items missing from the translation, ("translation", path) of extra
    ones: reported as a whole, never field by field."""
    findings: list[Finding] = field(default_factory=list)

    def report(self, rule: str, path: FieldPath, message: str, *, at_key: bool = False) -> None:
        problem = self.translation.problem(path, message, at_key=at_key)
        self.findings.append(Finding(problem, "warning", f"translation-{rule}"))

    def where(self, path: FieldPath) -> str:
        """``content.yaml:33``: where ``path`` is in the source, for a message."""
        found = self.source.locate(path)
        return f"{self.source.name}:{found.line}" if found else self.source.name

    # --- shape -------------------------------------------------------------------------------

    def locale(self) -> None:
        mine = _text(self.translation.data.get("locale")) or "en"
        theirs = _text(self.source.data.get("locale")) or "en"
        if mine.lower().replace("_", "-") == theirs.lower().replace("_", "-"):
            self.report(
                "locale",
                ("locale",),
                f'is "{mine}", the same as the source ({self.where(("locale",))}); '
                "set the language of this translation, such as locale: es",
            )

    def benefits(self) -> None:
        theirs = _items(self.source.data, "benefits")
        mine = _items(self.translation.data, "benefits")
        icons = [_text(item.get("icon")) or "" for item in theirs]
        my_icons = [_text(item.get("icon")) or "" for item in mine]
        aligned = _align(
            _items_of(self.source.data, "benefits"), _items_of(self.translation.data, "benefits")
        )
        for i, j in aligned:
            if j is None:
                self.missing_item("benefits", "benefit", i, theirs[i].get("title"))
            elif i is None:
                self.extra_item("benefits", "benefit", j, len(theirs))
            else:
                self.pairs["benefits", j] = ("benefits", i)
                if icons[i] != my_icons[j]:
                    self.report(
                        "icon",
                        ("benefits", j, "icon"),
                        f'is "{my_icons[j]}" but the source\'s benefit {i + 1} has "{icons[i]}" '
                        f"({self.where(('benefits', i, 'icon'))}); "
                        "a benefit keeps its icon in every language",
                    )

    def sections(self) -> None:
        theirs = _items(self.source.data, "sections")
        mine = _items(self.translation.data, "sections")
        for index in range(min(len(theirs), len(mine))):
            self.pairs["sections", index] = ("sections", index)
        for index in range(len(mine), len(theirs)):
            self.missing_item("sections", "section", index, theirs[index].get("heading"))
        for index in range(len(theirs), len(mine)):
            self.extra_item("sections", "section", index, len(theirs))

    def missing_item(self, key: str, noun: str, index: int, title: Any) -> None:
        self.unmatched.add(("source", (key, index)))
        named = f' "{_flat(title)}"' if isinstance(title, str) else ""
        self.report(
            "missing",
            (key,),
            f"the source's {noun} {index + 1}{named} ({self.where((key, index))}) is missing",
            at_key=True,
        )

    def extra_item(self, key: str, noun: str, index: int, count: int) -> None:
        self.unmatched.add(("translation", (key, index)))
        self.report(
            "extra",
            (key, index),
            f"is not in the source, which has {_count(count, noun)} ({self.where((key,))})",
        )

    # --- fields ------------------------------------------------------------------------------

    def texts(self) -> None:
        theirs = dict(_texts(self.source.data))
        mine = {
            path: text
            for path, text in _texts(self.translation.data)
            if ("translation", path[:2]) not in self.unmatched
        }
        matched = [
            (path, self.origin(path), text)
            for path, text in mine.items()
            if self.origin(path) in theirs
        ]
        extra = [path for path in mine if self.origin(path) not in theirs and path[0] != OVERRIDES]
        mapped = {self.origin(path) for path in mine}
        missing = [
            self.translated(origin)
            for origin in theirs
            if origin not in mapped
            and origin[0] != OVERRIDES
            and ("source", origin[:2]) not in self.unmatched
        ]
        for path in _tops(self.translation.data, [p for p in missing if p is not None]):
            self.report(
                "missing",
                path,
                f"is missing; the source has it ({self.where(self.origin(path))})",
                at_key=True,
            )
        for path in _tops(_normal(self.source.data), [self.origin(p) for p in extra]):
            mine_path = self.translated(path) or path
            self.report(
                "extra", _real_path(self.translation.data, mine_path), "is not in the source"
            )
        expansion = _usual_ratio([(text, theirs[origin]) for _, origin, text in matched])
        for path, origin, text in matched:
            self.compare_text(path, origin, text, theirs[origin], expansion)

    def origin(self, path: FieldPath) -> FieldPath:
        """The source's path of the translation's field ``path``."""
        head = self.pairs.get(path[:2])
        return (*head, *path[2:]) if head is not None else path

    def translated(self, origin: FieldPath) -> FieldPath | None:
        """The translation's path of the source's field ``origin`` (None when it is in a
        benefit or section that has no counterpart)."""
        if origin[:1] not in (("benefits",), ("sections",)) or len(origin) < 2:
            return origin
        for mine, theirs in self.pairs.items():
            if theirs == origin[:2]:
                return (*mine, *origin[2:])
        return None

    def compare_text(
        self, path: FieldPath, origin: FieldPath, text: str, old: str, expansion: float
    ) -> None:
        where = self.where(origin)
        real = _real_path(self.translation.data, path)
        if _flat(text) == _flat(old):
            if len(_WORD.findall(text)) >= 2:
                self.report(
                    "untranslated",
                    real,
                    f"is the same as in the source ({where}); probably not translated",
                )
            return
        theirs, mine = _paragraphs(old), _paragraphs(text)
        for number, paragraph in enumerate(mine, 1):
            if len(_WORD.findall(paragraph)) >= 4 and paragraph in theirs:
                self.report(
                    "untranslated",
                    real,
                    f"paragraph {number} is the same as in the source ({where}); "
                    "probably not translated",
                )
        if len(_flat(old)) < MIN_LENGTH:
            return
        if len(mine) != len(theirs):
            hint = "a paragraph may be missing" if len(mine) < len(theirs) else "check the breaks"
            self.report(
                "length",
                real,
                f"has {_count(len(mine), 'paragraph')} where the source has {len(theirs)} "
                f"({where}): {hint}",
            )
            return
        ratio = len(_flat(text)) / len(_flat(old)) / expansion
        if not SHORTER <= ratio <= LONGER:
            size = "shorter" if ratio < SHORTER else "longer"
            hint = "part of it may be missing" if size == "shorter" else "check nothing is repeated"
            self.report(
                "length",
                real,
                f"is much {size} than the source ({len(_flat(text))} characters against "
                f"{len(_flat(old))}, {where}): {hint}",
            )


# --- plain-data helpers ---------------------------------------------------------------------


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) else None


def _items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The entries of list ``key``, each a mapping (anything else counts as an empty entry)."""
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [item if isinstance(item, dict) else {} for item in value]


@dataclass(frozen=True)
class _Item:
    """What lines a benefit up with its translation: its icon, and how much text it has."""

    icon: str
    size: int


def _items_of(data: dict[str, Any], key: str) -> list[_Item]:
    return [
        _Item(_text(item.get("icon")) or "", sum(len(_flat(text)) for _, text in _texts(item)))
        for item in _items(data, key)
    ]


def _align(theirs: list[_Item], mine: list[_Item]) -> list[tuple[Any, Any]]:
    """How the translation's benefits line up with the source's: pairs ``(i, j)`` in order,
    with ``(i, None)`` for a benefit of the source the translation lacks and ``(None, j)`` for
    one it adds. Only the longer list skips entries, as few as the difference in length, chosen
    so that as many paired icons as possible agree, then paired texts are of similar length:
    one dropped benefit is one finding, and a swapped icon beside it is still reported as such.
    """
    swap = len(mine) > len(theirs)
    longer, shorter = (mine, theirs) if swap else (theirs, mine)
    n, m = len(longer), len(shorter)
    expansion = (sum(x.size for x in shorter) or 1) / (sum(x.size for x in longer) or 1)

    def score(a: _Item, b: _Item) -> float:
        sizes = sorted((a.size * expansion, float(b.size)))
        # an agreeing icon outweighs any lengths (at most 12 x 0.05 in all)
        return (a.icon == b.icon) + 0.05 * (sizes[0] / sizes[1] if sizes[1] else 1.0)

    # best[i][j]: best score pairing longer[:i] with shorter[:j], skipping i - j entries
    none = float("-inf")
    best = [[none] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(1, n + 1):
        for j in range(max(0, i - (n - m)), min(i, m) + 1):
            skip = best[i - 1][j]
            pair = best[i - 1][j - 1] + score(longer[i - 1], shorter[j - 1]) if j else none
            best[i][j] = max(skip, pair)
    steps: list[tuple[Any, Any]] = []
    i, j = n, m
    while i:
        if j and best[i][j] == best[i - 1][j - 1] + score(longer[i - 1], shorter[j - 1]):
            steps.append((i - 1, j - 1))
            j -= 1
        else:
            steps.append((i - 1, None))
        i -= 1
    steps.reverse()
    return [(b, a) for a, b in steps] if swap else steps


def _texts(data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every translatable text in parsed content, by field path (a safety note given as plain
    text is read as its body)."""
    if path and path[-1] in SKIPPED and path[:1] != (OVERRIDES,):
        return
    if path == ("safety_note",) and isinstance(data, str):
        yield ("safety_note", "body"), data
    elif isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*path, index))


_ABSENT = object()


def _get(data: Any, path: FieldPath) -> Any:
    for part in path:
        listed = isinstance(part, int) and isinstance(data, list) and part < len(data)
        if not listed and not (isinstance(data, dict) and part in data):
            return _ABSENT
        data = data[part]
    return data


def _normal(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with a plain-text safety note written as a mapping with its body."""
    note = data.get("safety_note")
    return {**data, "safety_note": {"body": note}} if isinstance(note, str) else data


def _tops(data: dict[str, Any], paths: list[FieldPath]) -> list[FieldPath]:
    """For fields absent from ``data``, the outermost absent part of each, once: a missing fact
    box is one finding, not one per field of the box."""
    data = _normal(data)
    tops: dict[FieldPath, None] = {}
    for path in paths:
        absent = (end for end in range(1, len(path) + 1) if _get(data, path[:end]) is _ABSENT)
        end = next(absent, len(path))  # present but empty ("subtitle:" with no text)
        tops.setdefault(path[:end], None)
    return list(tops)


def _real_path(data: dict[str, Any], path: FieldPath) -> FieldPath:
    """Where the text of ``path`` was written: a plain-text safety note is its body."""
    if path == ("safety_note", "body") and isinstance(data.get("safety_note"), str):
        return ("safety_note",)
    return path


def _flat(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(text: str) -> list[str]:
    return [_flat(part) for part in _PARAGRAPH_BREAK.split(text.strip()) if part.strip()]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _usual_ratio(pairs: Iterable[tuple[str, str]]) -> float:
    """How much longer this translation's texts usually are than the source's: the median
    ratio of lengths over the longer texts (1.0 when there are too few to tell)."""
    ratios = [
        len(_flat(text)) / len(_flat(old))
        for text, old in pairs
        if len(old) >= MIN_LENGTH and _flat(text) != _flat(old)
    ]
    return statistics.median(ratios) if len(ratios) >= 3 else 1.0
