"""The placeholder rule: ``[Write ...]`` texts and a new brand's example contacts, located."""

from __future__ import annotations

from pathlib import Path

from brochure.content.placeholders import STARTER_CONTACTS, placeholders_in
from brochure.lint import lint_file
from tests.helpers import ROOT, copy_sample


def test_placeholders_are_bracketed_instructions_that_start_with_write() -> None:
    assert placeholders_in("[Write a title] and [Write more].") == [
        "[Write a title]",
        "[Write more]",
    ]
    assert placeholders_in("[a link](https://x.example) [Writer's block] [write]") == []
    assert placeholders_in("[Write across\nlines]") == []


def test_the_sample_has_no_placeholders() -> None:
    report = lint_file(ROOT / "content.yaml")
    assert not [f for f in report.findings if f.finding.rule == "placeholder"]


def test_a_placeholder_left_in_a_text_is_a_located_warning(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    content = project / "content.yaml"
    text = content.read_text("utf-8")
    # Quoted, as the starter writes them: unquoted, YAML would read a list.
    content.write_text(text.replace("Treats Acne", '"[Write the fifth benefit]"', 1), "utf-8")
    line = next(
        number
        for number, row in enumerate(content.read_text("utf-8").splitlines(), 1)
        if "[Write the fifth benefit]" in row
    )
    (found,) = [f for f in lint_file(content).findings if f.finding.rule == "placeholder"]
    assert found.finding.severity == "warning"
    assert found.problem.line == line and found.problem.field == "benefits[4].title"
    assert "[Write the fifth benefit]" in found.problem.message


def test_an_example_contact_is_a_warning_in_the_brand_file(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    brand = project / "assets/brand.yaml"
    text = brand.read_text("utf-8")
    brand.write_text(text.replace("hello@lumenskin.example", STARTER_CONTACTS["email"]), "utf-8")
    (found,) = [
        f for f in lint_file(project / "content.yaml").findings if f.finding.rule == "placeholder"
    ]
    assert Path(found.problem.file).name == "brand.yaml"
    assert "still the example email" in found.problem.message
