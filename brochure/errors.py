"""Error types. Every failure a user can cause is a :class:`BrochureError`.

They subclass :class:`click.ClickException`, so the CLI shows them without a traceback and exits
with status 1 (Click keeps status 2 for usage errors). Library code raises them and never prints or
exits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any, Literal

import click


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file: ``file:line:col: field: message``."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


def unknown_choice(what: str, value: str, choices: Iterable[str]) -> str:
    """The message for a value that is none of ``choices``, with the closest as a hint:
    "unknown profile 'prnt'; did you mean 'print'? choose one of: screen, print"."""
    names = list(choices)
    close = _closest(value, names)
    hint = f"did you mean {close!r}? " if close else ""
    return f"unknown {what} {value!r}; {hint}choose one of: {', '.join(names)}"


def unknown_field(key: str, known: Iterable[str]) -> str:
    """The message for a key no schema has: the closest known one, else all of them."""
    names = list(known)
    close = _closest(key, names)
    hint = f"did you mean '{close}'?" if close else f"known fields: {', '.join(names)}"
    return f"unknown field; {hint}"


def _closest(value: str, names: list[str]) -> str | None:
    import difflib

    close = difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    return close[0] if close else None


Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    """A located observation of a check that does not stop a build by itself (lint, translation
    checks): ``file:line:col: warning: field: message``. ``rule`` names the check, for filtering."""

    problem: Problem
    severity: Severity = "warning"
    rule: str = ""

    def __str__(self) -> str:
        where, sep, rest = str(self.problem).partition(": ")
        return f"{where}: {self.severity}: {rest}" if sep else f"{where}: {self.severity}"

    def to_data(self) -> dict[str, Any]:
        """The finding as plain data, for JSON reports: file, line, column, field, severity,
        rule and message."""
        problem = self.problem
        return {
            "file": problem.file,
            "line": problem.line,
            "column": problem.column,
            "field": problem.field,
            "severity": self.severity,
            "rule": self.rule,
            "message": problem.message,
        }


class SeverityCounts:
    """``errors`` and ``warnings`` of a report whose ``findings`` each have a ``severity``
    (lint's, preflight's)."""

    findings: Sequence[Any]

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(f.severity == "warning" for f in self.findings)


class BrochureError(click.ClickException):
    """Base class of every error brochure reports to a user (exit status 1)."""

    exit_code = 1


class ContentError(BrochureError):
    """The content or brand is invalid; carries every problem found, each with its location."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        files = sorted({p.file for p in self.problems})
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        summary = f"{count} {noun} in {', '.join(files)}."
        super().__init__("\n".join([*map(str, self.problems), summary]))

    def show(self, file: IO[Any] | None = None) -> None:
        """Print one problem per line, compiler style, then a summary line."""
        click.echo(self.format_message(), file=file, err=file is None)


class OutputError(BrochureError):
    """The PDF could not be written; any previous output is left as it was."""
