"""Plainer words: each hard word or phrase of a leaflet that a plain-language list has a simpler
choice for ("utilize" -> "use"), located at its line and column.

The list is ``brochure/data/words/plain-<language>.tsv`` (English today: the US Federal Plain
Language Guidelines' simple words and phrases, in the public domain); a language without a list
gets no suggestions. Matching ignores case and finds phrases word for word across line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from brochure.errors import Finding, Problem
from brochure.lint.fields import Placer, TextField, mask_addresses, occurrences_before
from brochure.lint.report import LintFinding

RULE = "plain-words"
"""The rule name of these findings (``--format json``'s ``rule``)."""


@dataclass(frozen=True)
class PlainWords:
    """One language's list: each hard word or phrase with its plainer choices."""

    entries: tuple[tuple[str, tuple[str, ...]], ...]
    """(hard word or phrase, plainer choices), in the list's order."""

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Any entry as a whole word or phrase, longest first (so "in order to" wins over a
        shorter entry inside it)."""
        phrases = sorted((hard for hard, _ in self.entries), key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    @cached_property
    def _lookup(self) -> dict[str, tuple[str, ...]]:
        return dict(self.entries)

    def choices(self, found: str) -> tuple[str, ...]:
        """The plainer choices for the text ``found`` (as matched)."""
        return self._lookup[" ".join(found.lower().split())]


def read_plain_words(text: str) -> PlainWords:
    """A list from its text: ``hard<TAB>plain, plainer`` lines; ``#`` starts a comment."""
    entries: list[tuple[str, tuple[str, ...]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        hard, _, plain = line.partition("\t")
        choices = tuple(choice.strip() for choice in plain.split(",") if choice.strip())
        entries.append((" ".join(hard.lower().split()), choices))
    return PlainWords(tuple(entries))


@lru_cache(maxsize=8)
def plain_words(language: str) -> PlainWords | None:
    """The shipped list for ``language`` ("en"), or None when there is none."""
    path = Path(__file__).resolve().parent.parent / "data" / "words" / f"plain-{language}.tsv"
    if not path.is_file():
        return None
    return read_plain_words(path.read_text("utf-8"))


def check_plain_words(
    texts: Iterable[TextField], words: PlainWords, placer: Placer
) -> list[LintFinding]:
    """A warning for each hard word or phrase of ``texts`` the list has plainer words for."""
    findings: list[LintFinding] = []
    for text in texts:
        masked = mask_addresses(text.plain())
        for match in words.pattern.finditer(masked):
            found = match.group()
            choices = words.choices(found)
            first = found.split()[0]
            where = placer.word(text, first, occurrences_before(masked, first, match.start()))
            plain = " ".join(found.split())
            options = " or ".join(f'"{choice}"' for choice in choices)
            problem = Problem(
                placer.source.name,
                where.line if where else None,
                where.column if where else None,
                text.field,
                f'"{plain}" has a plainer word: {options}',
            )
            findings.append(LintFinding(Finding(problem, "warning", RULE), (), choices))
    return findings
