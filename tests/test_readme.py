"""README documents every schema field, every icon and the two set-up commands."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT
from pydantic import BaseModel

from brochure.content.model import Benefit, Brand, Fact, Fonts, Leaflet, SafetyNote, Section
from brochure.layout.icons import ICON_NAMES

README = (ROOT / "README.md").read_text(encoding="utf-8")

# The headings of README's two schema tables (each the first table under its heading).
CONTENT_TABLE = "## content.yaml"
BRAND_TABLE = "### The brand file"

ROWS: dict[type[BaseModel], tuple[str, str]] = {
    Leaflet: (CONTENT_TABLE, ""),
    Section: (CONTENT_TABLE, "sections[]."),
    Benefit: (CONTENT_TABLE, "benefits[]."),
    SafetyNote: (CONTENT_TABLE, "safety_note."),
    Brand: (BRAND_TABLE, ""),
}
"""Models whose every field has its own row: (table, prefix of the row's first cell)."""

IN_A_ROW: dict[type[BaseModel], tuple[str, str]] = {
    Fact: (CONTENT_TABLE, "sections[].fact"),
    Fonts: (BRAND_TABLE, "fonts"),
}
"""Models whose fields are named (in backticks) in the text of one row: (table, that row)."""


def schema_table(readme: str, heading: str) -> dict[str, str]:
    """The first table under ``heading`` in ``readme``: each row's first cell (without its
    backticks) mapped to the rest of the row."""
    lines = readme.splitlines()
    assert heading in lines, f"README has no heading {heading!r}"
    rows: dict[str, str] = {}
    for line in lines[lines.index(heading) + 1 :]:
        if line.startswith("#"):
            break
        if not line.startswith("|"):
            if rows:
                break
            continue
        first, _, rest = line.strip().strip("|").partition("|")
        first = first.strip()
        if re.fullmatch(r"`[^`]+`", first):  # not the header or the --- line
            rows[first.strip("`")] = rest
    assert rows, f"no table rows under {heading!r}"
    return rows


def undocumented(model: type[BaseModel], readme: str = README) -> list[str]:
    """The fields of ``model`` that README's schema tables do not document."""
    if model in ROWS:
        heading, prefix = ROWS[model]
        table = schema_table(readme, heading)
        return [prefix + name for name in model.model_fields if prefix + name not in table]
    heading, row = IN_A_ROW[model]
    text = schema_table(readme, heading).get(row)
    if text is None:
        return [f"{row} (the whole row)"]
    return [f"{row}: {name}" for name in model.model_fields if f"`{name}`" not in text]


@pytest.mark.parametrize("model", [Leaflet, Section, Fact, Benefit, SafetyNote, Brand, Fonts])
def test_every_field_is_documented(model: type[BaseModel]) -> None:
    missing = undocumented(model)
    assert not missing, f"README's schema tables have no row for {model.__name__} {missing}"


def test_every_row_documents_a_field() -> None:
    """No stale rows: every first cell of the two tables is a field path."""
    known = {
        heading: {
            prefix + name
            for model, (table, prefix) in ROWS.items()
            if table == heading
            for name in model.model_fields
        }
        for heading in (CONTENT_TABLE, BRAND_TABLE)
    }
    for heading, paths in known.items():
        stale = sorted(set(schema_table(README, heading)) - paths)
        assert not stale, f"README's table under {heading!r} documents unknown fields {stale}"


@pytest.mark.parametrize(
    ("model", "row"),
    [
        (Leaflet, "title"),
        (Section, "sections[].heading"),
        (Fact, "sections[].fact"),
        (Benefit, "benefits[].icon"),
        (SafetyNote, "safety_note.reminder"),
        (Brand, "logo"),
        (Fonts, "fonts"),
    ],
)
def test_a_removed_row_is_noticed(model: type[BaseModel], row: str) -> None:
    """The check reads the tables, not any mention of a name: drop one row from README and its
    field is reported, whatever else README still says."""
    lines = [line for line in README.splitlines() if not line.startswith(f"| `{row}` |")]
    assert len(lines) == len(README.splitlines()) - 1, f"README has no single row {row!r}"
    assert undocumented(model, "\n".join(lines))


def test_every_field_has_a_docstring() -> None:
    for model in (Leaflet, Section, Fact, Benefit, SafetyNote, Brand, Fonts):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no docstring"


def test_every_icon_is_listed() -> None:
    listed = set(re.findall(r"`([a-z-]+)`", README.split("Icons:", 1)[1].split("\n\n", 1)[0]))
    assert listed == set(ICON_NAMES)


def test_the_two_set_up_commands() -> None:
    assert "pip install -e . && brochure build" in README
    assert "pip install -e '.[test]' && pytest" in README
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && pytest" in run
