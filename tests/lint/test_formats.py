"""brochure.lint.formats: the text table and the JSON report, checked against its schema."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from brochure.lint import REPORT_SCHEMA, format_json, format_text, lint_files
from brochure.lint.formats import report_json
from tests.lint.seed_text import PLAIN_INTRO

if TYPE_CHECKING:  # only for annotations: pytest loads the conftest itself
    from tests.lint.conftest import Writer

TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def validate(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Errors of ``value`` against the JSON Schema keywords REPORT_SCHEMA uses."""
    errors: list[str] = []
    if "const" in schema and value != schema["const"]:
        errors.append(f"{where}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        bool_as_number = isinstance(value, bool) and "boolean" not in names
        if bool_as_number or not any(isinstance(value, TYPES[name]) for name in names):
            return [*errors, f"{where}: {value!r} is not {names}"]
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        errors += [f"{where}: no {key}" for key in schema.get("required", []) if key not in value]
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                errors += validate(item, properties[key], f"{where}.{key}")
            elif extra is False:
                errors.append(f"{where}: unexpected {key}")
            elif isinstance(extra, dict):
                errors += validate(item, extra, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors += validate(item, schema["items"], f"{where}[{index}]")
    return errors


def test_the_validator_catches_a_wrong_shape() -> None:
    assert validate({"schema": "x"}, REPORT_SCHEMA)
    assert validate({"schema": "brochure-lint/1", "errors": True, "warnings": 0, "files": []},
                    REPORT_SCHEMA)  # fmt: skip
    assert validate({"schema": "brochure-lint/1", "errors": 0, "warnings": 0, "files": []},
                    REPORT_SCHEMA) == []  # fmt: skip


def test_the_json_report_validates_against_its_documented_shape(write: Writer) -> None:
    paths = [write(), write("plain.yaml", intro=PLAIN_INTRO)]
    report = lint_files([*paths, paths[0].with_name("missing.yaml")])
    data = json.loads(format_json(report))
    assert validate(data, REPORT_SCHEMA) == []
    assert data == report_json(report)
    first = data["files"][0]
    assert first["formula"] == "flesch-kincaid" and first["syllable_sources"]["dictionary"] > 0
    spelling = [f for f in first["findings"] if f["rule"] == "spelling"]
    assert spelling[0]["suggestions"] == ["neuromodulators"]
    reading = next(f for f in first["findings"] if f["field"] == "intro")
    assert len(reading["quotes"]) == 3 and reading["quotes"][0]["long_words"]
    assert data["files"][2]["findings"][0]["rule"] == "content"


def test_the_text_report_is_grouped_by_file_and_coloured_on_request(write: Writer) -> None:
    report = lint_files([write(), write("plain.yaml", intro=PLAIN_INTRO)])
    text = format_text(report, color=False)
    assert text.endswith("\n") and "\x1b[" not in text
    headers = [line for line in text.splitlines() if line and not line.startswith(" ")]
    assert headers[0] == "content.yaml  (en: Flesch-Kincaid, target grade 8)"
    assert headers[1] == "plain.yaml  (en: Flesch-Kincaid, target grade 8)"
    assert headers[2] == f"2 files: 0 errors, {report.warnings} warnings"
    assert re.search(r"^    intro +\d+\.\d +\d+ +\d+  over 8$", text, re.M)
    assert "      hardest sentences:" in text
    assert re.search(r"^  \d+:\d+ +warning  benefits\[1\]\.body: unknown word", text, re.M)
    coloured = format_text(report, color=True)
    assert "\x1b[33mwarning" in coloured and coloured.endswith("\n")


def test_one_file_has_no_total_line(write: Writer) -> None:
    text = format_text(lint_files([write()]), color=False)
    assert text.splitlines()[-1].startswith("  0 errors, ")
