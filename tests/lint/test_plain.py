"""Plainer words: hard words and phrases found at their line and column, with their plainer
choices, in text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from brochure.lint import format_json, lint_files
from brochure.lint.plain import RULE, plain_words, read_plain_words
from tests.helpers import copy_sample


def with_intro(folder: Path, intro: str) -> Path:
    """A copy of the sample whose intro (its whole block) is ``intro``."""
    project = copy_sample(folder)
    content = project / "content.yaml"
    lines = content.read_text("utf-8").splitlines(keepends=True)
    start = next(n for n, line in enumerate(lines) if line.startswith("intro:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    lines[start:end] = [f"intro: {intro}\n"]
    content.write_text("".join(lines), "utf-8")
    return content


def test_the_shipped_list_names_its_public_domain_source() -> None:
    path = Path(__file__).resolve().parents[2] / "brochure" / "data" / "words" / "plain-en.tsv"
    header = path.read_text("utf-8").split("\n\n")[0]
    assert "Federal Plain Language Guidelines" in header and "public domain" in header
    words = plain_words("en")
    assert words is not None and ("utilize", ("use",)) in words.entries
    assert plain_words("xx") is None


def test_utilize_is_found_at_its_line_and_column_with_use_as_the_choice(tmp_path: Path) -> None:
    content = with_intro(tmp_path / "p", "We utilize gentle methods in order to help your skin.")
    (report,) = lint_files([content]).files
    found = [f for f in report.findings if f.finding.rule == RULE]
    line = next(
        n for n, text in enumerate(content.read_text("utf-8").splitlines(), 1) if "utilize" in text
    )
    column = content.read_text("utf-8").splitlines()[line - 1].index("utilize") + 1
    assert [(f.problem.field, f.problem.line, f.problem.column, f.suggestions) for f in found] == [
        ("intro", line, column, ("use",)),
        ("intro", line, column + len("utilize gentle methods "), ("to",)),
    ]
    assert found[0].problem.message == '"utilize" has a plainer word: "use"'
    data = json.loads(format_json(lint_files([content])))
    items = [f for f in data["files"][0]["findings"] if f["rule"] == RULE]
    assert items[0]["suggestions"] == ["use"] and items[0]["line"] == line


def test_a_phrase_is_found_across_a_line_break_and_whole_words_only() -> None:
    words = read_plain_words("in order to\tto\nassist\thelp\n")
    assert [m.group() for m in words.pattern.finditer("In order\nto assist, not assisted")] == [
        "In order\nto",
        "assist",
    ]
    assert words.choices("In  ORDER to") == ("to",)
