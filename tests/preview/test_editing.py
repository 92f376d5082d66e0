"""Edits written back to the YAML: only the edited value changes, invalid edits never land."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure.content.source import read_source
from brochure.errors import ContentError
from brochure.preview.editing import (
    EditConflict,
    EditRefused,
    digest,
    edit_field,
    editable_fields,
    field_help,
    parse_field,
    replace_text,
)
from tests.helpers import ROOT

SAMPLE = (ROOT / "content.yaml").read_bytes()


def test_field_paths_are_parsed_and_anything_else_refused() -> None:
    assert parse_field("benefits[2].title") == ("benefits", 2, "title")
    assert parse_field("title") == ("title",)
    for bad in ("", ".title", "benefits[x]", "../title", "title.", "a..b", "benefits[2]title!"):
        with pytest.raises(EditRefused):
            parse_field(bad)


def test_every_text_a_patient_reads_is_editable_with_its_help() -> None:
    fields = {f.field: f for f in editable_fields(read_source(ROOT / "content.yaml"))}
    for name in ("title", "intro", "sections[0].body", "benefits[5].title", "closing"):
        assert name in fields
    assert {"safety_note.heading", "safety_note.body", "safety_note.reminder"} <= set(fields)
    assert "brand" not in fields and "benefits[0].icon" not in fields
    assert fields["benefits[0].title"].help == "Short title of the benefit."
    assert fields["intro"].running and not fields["title"].running
    assert field_help(("sections", 0, "fact", "label")).startswith("What the figure means")


@pytest.mark.parametrize(
    ("field", "value", "old", "new"),
    [
        (
            "title",
            "A New Title",
            b"title: The Benefits of Adding Botox or Dysport to Your Skincare Regime\n",
            b"title: A New Title\n",
        ),
        (
            "sections[0].fact.label",
            "months: x",
            b'label: "months: how long the effects typically last"',
            b'label: "months: x"',
        ),
        (
            "benefits[4].body",
            "Short.",
            b"      They may also help treat acne. They help control skin oil (sebum), which lowers"
            b" the risk\n      of blocked pores and acne. They can also reduce inflammation, so"
            b" acne shows less.\n",
            b"      Short.\n",
        ),
        (
            "closing",
            "One.\n\nTwo.",
            b"  Botox or Dysport can do a lot for your skin: soften fine lines and wrinkles, and"
            b" help stop new\n  ones from forming.\n",
            b"  One.\n\n  Two.\n",
        ),
    ],
)
def test_an_edit_changes_only_the_edited_value(
    field: str, value: str, old: bytes, new: bytes
) -> None:
    assert SAMPLE.count(old) == 1
    assert replace_text(SAMPLE, parse_field(field), value) == SAMPLE.replace(old, new)


def test_a_long_folded_text_is_folded_near_the_files_width() -> None:
    value = " ".join(["word"] * 60)
    edited = replace_text(SAMPLE, ("benefits", 0, "body"), value).decode()
    block = edited.split("    body: >\n", 1)[1].split("  - title:", 1)[0]
    lines = block.splitlines()
    assert len(lines) > 2 and all(len(line) <= 100 for line in lines)
    assert " ".join(line.strip() for line in lines) == value


def test_a_file_whose_layout_ruamel_cannot_keep_is_not_edited() -> None:
    odd = b"title:    spaced\nintro: x\n"
    with pytest.raises(EditRefused, match="layout"):
        replace_text(odd, ("title",), "y")


def test_a_valid_edit_is_written(project: Path) -> None:
    content = project / "content.yaml"
    written = edit_field(content, "benefits[0].title", "Softer Lines", digest(content.read_bytes()))
    assert content.read_bytes() == written
    assert written == SAMPLE.replace(b"Diminishes Fine Lines and Wrinkles", b"Softer Lines")


def test_an_invalid_edit_is_never_written(project: Path) -> None:
    content = project / "content.yaml"
    seen = digest(content.read_bytes())
    with pytest.raises(ContentError) as caught:
        edit_field(content, "benefits[0].title", "x" * 71, seen)
    assert caught.value.problems[0].field == "benefits[0].title"
    assert caught.value.problems[0].line is not None
    with pytest.raises(ContentError):  # a glyph the brand's fonts cannot draw
        edit_field(content, "title", "Botox \u4e2d\u6587", seen)
    assert content.read_bytes() == SAMPLE


def test_an_edit_of_a_changed_file_or_of_a_non_text_is_refused(project: Path) -> None:
    content = project / "content.yaml"
    with pytest.raises(EditConflict):
        edit_field(content, "title", "New", digest(b"what the page saw"))
    seen = digest(content.read_bytes())
    for field in ("brand", "benefits[0].icon", "benefits", "benefits[9].title", "locale"):
        with pytest.raises(EditRefused):
            edit_field(content, field, "x", seen)
    assert content.read_bytes() == SAMPLE
