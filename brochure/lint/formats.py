"""The lint report for people (a table per file, coloured on a terminal) and for CI (JSON whose
shape is :data:`REPORT_SCHEMA`)."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import click

from brochure.lint.report import FileReport, LintFinding, LintReport, Quote, Reading

SCHEMA_ID = "brochure-lint/1"
"""Names the JSON shape; it changes only when the shape changes incompatibly."""

_LOCATION: dict[str, Any] = {
    "line": {"type": ["integer", "null"]},
    "column": {"type": ["integer", "null"]},
}
_QUOTE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["text", "line", "column", "grade", "words", "long_words"],
    "properties": {
        **_LOCATION,
        "text": {"type": "string"},
        "grade": {"type": "number"},
        "words": {"type": "integer"},
        "long_words": {"type": "array", "items": {"type": "string"}},
    },
}
_FINDING = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        *("file", "line", "column", "field", "severity", "rule", "message", "quotes"),
        "suggestions",
    ],
    "properties": {
        **_LOCATION,
        "file": {"type": "string"},
        "field": {"type": "string"},
        "severity": {"enum": ["error", "warning"]},
        "rule": {"type": "string"},
        "message": {"type": "string"},
        "quotes": {"type": "array", "items": _QUOTE},
        "suggestions": {"type": "array", "items": {"type": "string"}},
    },
}
_READING = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        *("field", "line", "column", "grade", "scores", "words", "sentences", "syllables"),
        "over_target",
    ],
    "properties": {
        **_LOCATION,
        "field": {"type": "string"},
        "grade": {"type": "number"},
        "scores": {"type": "object", "additionalProperties": {"type": "number"}},
        "words": {"type": "integer"},
        "sentences": {"type": "integer"},
        "syllables": {"type": "integer"},
        "over_target": {"type": "boolean"},
    },
}
_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        *("file", "language", "formula", "target_grade", "errors", "warnings"),
        *("syllable_sources", "notes", "readings", "findings"),
    ],
    "properties": {
        "file": {"type": "string"},
        "language": {"type": "string"},
        "formula": {"enum": ["flesch-kincaid", "fernandez-huerta", None]},
        "target_grade": {"type": "integer"},
        "errors": {"type": "integer"},
        "warnings": {"type": "integer"},
        "syllable_sources": {"type": "object", "additionalProperties": {"type": "integer"}},
        "notes": {"type": "array", "items": {"type": "string"}},
        "readings": {"type": "array", "items": _READING},
        "findings": {"type": "array", "items": _FINDING},
    },
}
REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "brochure lint --format json",
    "type": "object",
    "additionalProperties": False,
    "required": ["schema", "errors", "warnings", "files"],
    "properties": {
        "schema": {"const": SCHEMA_ID},
        "errors": {"type": "integer"},
        "warnings": {"type": "integer"},
        "files": {"type": "array", "items": _FILE},
    },
}
"""The JSON Schema of ``format_json``'s output."""


def _quote_json(quote: Quote) -> dict[str, Any]:
    return {
        "text": quote.text,
        "line": quote.line,
        "column": quote.column,
        "grade": quote.grade,
        "words": quote.words,
        "long_words": list(quote.long_words),
    }


def _finding_json(item: LintFinding) -> dict[str, Any]:
    return {
        **item.finding.to_data(),
        "quotes": [_quote_json(quote) for quote in item.quotes],
        "suggestions": list(item.suggestions),
    }


def _reading_json(reading: Reading) -> dict[str, Any]:
    return {
        "field": reading.field,
        "line": reading.line,
        "column": reading.column,
        "grade": reading.grade,
        "scores": dict(reading.scores),
        "words": reading.words,
        "sentences": reading.sentences,
        "syllables": reading.syllables,
        "over_target": reading.over_target,
    }


def report_json(report: LintReport) -> dict[str, Any]:
    """The report as plain data, in the shape of :data:`REPORT_SCHEMA`."""
    return {
        "schema": SCHEMA_ID,
        "errors": report.errors,
        "warnings": report.warnings,
        "files": [
            {
                "file": item.file,
                "language": item.language,
                "formula": item.formula,
                "target_grade": item.target_grade,
                "errors": item.errors,
                "warnings": item.warnings,
                "syllable_sources": dict(item.syllable_origins),
                "notes": list(item.notes),
                "readings": [_reading_json(reading) for reading in item.readings],
                "findings": [_finding_json(finding) for finding in item.findings],
            }
            for item in report.files
        ],
    }


def format_json(report: LintReport) -> str:
    """The report as JSON (see :data:`REPORT_SCHEMA`), for CI."""
    return json.dumps(report_json(report), indent=2, ensure_ascii=False)


# --- text --------------------------------------------------------------------------------------

_FORMULA_NAMES = {"flesch-kincaid": "Flesch-Kincaid", "fernandez-huerta": "Fernández-Huerta"}
_EASE_NAMES = {
    "flesch_reading_ease": "ease",
    "fernandez_huerta": "F-H",
    "szigriszt_pazos": "INFLESZ",
}
_ORIGIN_NAMES = {
    "dictionary": "CMU pronouncing dictionary",
    "compound": "two dictionary words",
    "rules": "Spanish syllable rules",
    "hyphenation": "hyphenation points",
}
_WIDTH = 100


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, **style: Any) -> str:
        return click.style(text, **style) if self.color else text

    def severity(self, severity: str) -> str:
        if severity == "error":
            return self(f"{severity:<7}", fg="red", bold=True)
        return self(f"{severity:<7}", fg="yellow")


def _where(line: int | None, column: int | None) -> str:
    if line is None:
        return "-"
    return f"{line}:{column}" if column is not None else str(line)


def _readings_table(item: FileReport, style: _Style) -> list[str]:
    if not item.readings:
        return []
    names = [name for name, _ in item.readings[0].scores]
    width = max(len(r.field or "whole leaflet") for r in item.readings) + 2
    header = f"    {'reading level':<{width}}{'grade':>6}"
    header += "".join(f"{_EASE_NAMES.get(name, name):>9}" for name in names)
    header += f"{'words':>7}"
    lines = [style(header, bold=True)]
    for reading in item.readings:
        row = f"    {reading.field or 'whole leaflet':<{width}}{reading.grade:>6.1f}"
        row += "".join(f"{value:>9.0f}" for _, value in reading.scores)
        row += f"{reading.words:>7}"
        if reading.over_target:
            row += "  " + style(f"over {reading.target}", fg="red")
        lines.append(style(row, bold=True) if not reading.field else row)
    counted = sum(count for _, count in item.syllable_origins)
    if counted:
        parts = [
            f"{count * 100 / counted:.0f}% {_ORIGIN_NAMES.get(origin, origin)}"
            for origin, count in sorted(item.syllable_origins, key=lambda o: -o[1])
        ]
        lines.append(style(f"    syllables: {', '.join(parts)}", dim=True))
    return lines


def _quote_lines(quote: Quote, style: _Style) -> list[str]:
    facts = f"grade {quote.grade:.1f}, {quote.words} words"
    if quote.long_words:
        facts += f"; long words: {', '.join(quote.long_words)}"
    lines = [f"      {_where(quote.line, quote.column):<8}  {facts}"]
    wrapped = textwrap.wrap(
        f"\u201c{quote.text}\u201d",
        _WIDTH,
        initial_indent=" " * 16,
        subsequent_indent=" " * 17,
        break_on_hyphens=False,
    )
    lines += [style(line, dim=True) for line in wrapped]
    return lines


def _finding_lines(item: FileReport, finding: LintFinding, style: _Style) -> list[str]:
    problem = finding.problem
    where = _where(problem.line, problem.column)
    if problem.file != item.file:
        where = f"{problem.file}:{where}" if problem.line is not None else problem.file
    what = f"{problem.field}: {problem.message}" if problem.field else problem.message
    lines = [
        f"  {where:<8}  {style.severity(finding.severity)}  {what}  "
        + style(f"[{finding.rule}]", dim=True)
    ]
    if finding.quotes:
        lines.append("      hardest sentences:")
        for quote in finding.quotes:
            lines += _quote_lines(quote, style)
    return lines


def _summary(errors: int, warnings: int) -> str:
    return (
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )


def format_text(report: LintReport, *, color: bool) -> str:
    """The report as a table grouped by file, for people; ANSI colours when ``color``."""
    style = _Style(color)
    lines: list[str] = []
    for item in report.files:
        heading = item.file
        if item.formula is not None:
            heading += (
                f"  ({item.language}: {_FORMULA_NAMES.get(item.formula, item.formula)}, "
                f"target grade {item.target_grade})"
            )
        lines.append(style(heading, bold=True))
        lines += _readings_table(item, style)
        lines += [f"    note: {note}" for note in item.notes]
        if item.findings:
            lines.append("")
        for finding in item.findings:
            lines += _finding_lines(item, finding, style)
        if any(finding.rule == "spelling" for finding in item.findings):
            hint = "  Correct words the dictionary lacks go under lint: words: in the content file."
            lines.append(style(hint, dim=True))
        lines.append(f"  {_summary(item.errors, item.warnings)}")
        lines.append("")
    if len(report.files) > 1:
        lines.append(f"{len(report.files)} files: {_summary(report.errors, report.warnings)}")
    else:
        lines.pop()
    return "\n".join(lines) + "\n"
