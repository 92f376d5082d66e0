"""brochure.lint (lint_files) and ``brochure lint``: the seed article's typo and reading level,
a broken or missing file, the target grade, exit statuses, and ``build --lint``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

from brochure.cli import main
from brochure.lint import FileReport, LintFinding, lint_files
from tests.helpers import ROOT, copy_sample
from tests.lint.seed_text import PLAIN_INTRO, SEED_BENEFITS, line_of

if TYPE_CHECKING:  # only for annotations: pytest loads the conftest itself
    from tests.lint.conftest import Writer


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="brochure")


def lint_one(path: Path, target_grade: int | None = None) -> FileReport:
    report = lint_files([path], target_grade=target_grade)
    assert len(report.files) == 1
    return report.files[0]


def findings(report: FileReport, rule: str, field: str | None = None) -> list[LintFinding]:
    return [
        f for f in report.findings if f.rule == rule and (field is None or f.problem.field == field)
    ]


def test_the_seed_typo_is_found_at_its_line_with_a_suggestion(write: Writer) -> None:
    path = write()
    report = lint_one(path)
    [typo] = [f for f in findings(report, "spelling") if "neuromodulaors" in f.problem.message]
    assert (typo.problem.line, typo.problem.column) == line_of(path, "neuromodulaors")
    assert typo.problem.field == "benefits[1].body"
    assert typo.suggestions[0] == "neuromodulators"
    assert typo.severity == "warning"
    assert str(typo.finding).startswith(f"content.yaml:{typo.problem.line}:")
    assert [f.problem.message for f in findings(report, "spelling")] == [typo.problem.message]


def test_the_seed_intro_reads_above_grade_8_with_its_hardest_sentence_quoted(
    write: Writer,
) -> None:
    path = write()
    report = lint_one(path)
    intro = next(r for r in report.readings if r.field == "intro")
    assert intro.grade > 8 and intro.over_target
    [finding] = findings(report, "reading-level", "intro")
    expected = f"grade {intro.grade:.1f} (Flesch-Kincaid), above the target 8"
    assert expected in finding.problem.message
    hardest = finding.quotes[0]
    assert hardest.text.startswith("While various skincare products claim")
    assert hardest.grade > intro.grade
    assert (hardest.line, hardest.column) == line_of(path, "While various")
    assert "aggressive" in hardest.long_words
    assert len(finding.quotes) == 3
    whole = report.readings[-1]
    assert whole.field == "" and 11 < whole.grade < 15  # the issue measured the article at 12.8
    [leaflet] = [f for f in findings(report, "reading-level") if not f.problem.field]
    assert leaflet.problem.message.startswith(f"the whole leaflet reads at grade {whole.grade:.1f}")


def test_a_plain_language_rewrite_drops_below_the_target(write: Writer) -> None:
    report = lint_one(write(intro=PLAIN_INTRO))
    intro = next(r for r in report.readings if r.field == "intro")
    assert intro.grade < 8 and not intro.over_target
    assert not findings(report, "reading-level", "intro")


def test_the_target_grade_comes_from_the_option_then_the_content_then_8(write: Writer) -> None:
    path = write(extra="lint:\n  target_grade: '16'\n  words: [neuromodulaors]\n")
    from_content = lint_one(path)
    assert from_content.target_grade == 16
    assert not findings(from_content, "reading-level", "intro")
    assert not findings(from_content, "spelling")  # the leaflet's own word list
    assert lint_one(path, target_grade=6).target_grade == 6
    assert lint_one(write("other.yaml")).target_grade == 8


@pytest.mark.parametrize("name", ["content.yaml", "content.es.yaml"])
def test_the_sample_has_no_spelling_or_design_finding(name: str) -> None:
    """The sample and its Spanish edition pass ``brochure lint`` with no reading-level warning
    either: every text, and the whole leaflet, reads at grade 8 or below."""
    report = lint_one(ROOT / name)
    assert report.errors == 0 and report.warnings == 0
    assert [str(f.finding) for f in report.findings] == []  # reading level, spelling, design
    assert report.formula == ("flesch-kincaid" if name == "content.yaml" else "fernandez-huerta")
    assert report.target_grade == 8
    assert [r.field for r in report.readings][:2] == ["intro", "sections[0].body"]
    assert report.readings[-1].field == ""  # the whole leaflet
    over = [(r.field, r.grade) for r in report.readings if r.over_target or r.grade > 8]
    assert over == []
    result = run("lint", "--strict", str(ROOT / name))
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_a_broken_file_reports_its_errors_and_is_still_spell_checked(write: Writer) -> None:
    path = write(benefits=[(*SEED_BENEFITS[1][:1], "no-such-icon", SEED_BENEFITS[1][2])])
    report = lint_one(path)
    [content] = findings(report, "content")
    assert content.severity == "error" and content.problem.field == "benefits[0].icon"
    [typo] = findings(report, "spelling")
    assert (typo.problem.line, typo.problem.column) == line_of(path, "neuromodulaors")
    assert report.readings  # reading level too
    assert any("design checks skipped" in note for note in report.notes)
    assert lint_files([path]).failed(strict=False)


def test_a_missing_file_is_an_error_finding(folder: Path) -> None:
    report = lint_one(folder / "missing.yaml")
    [finding] = report.findings
    assert finding.severity == "error" and finding.rule == "content"
    assert "does not exist" in finding.problem.message
    assert report.file == "missing.yaml"


def test_spanish_is_measured_with_the_spanish_formula_and_dictionary(write: Writer) -> None:
    intro = (
        "Con el paso de los años, la piel pierde elasticidad y firmeza, y aparecen arrugas. "
        "Muchas cremas prometen reducir los signos del envejecimiento, pero no pueden impedir "
        "que se formen arrugas nuevas. Por eso algunas personas eligen Botox o Dysport."
    )
    benefit = ("Menos arrugas", "smooth", "Botox suaviza las arrgas de la frente y del entrecejo.")
    path = write(
        title="Botox y Dysport",
        intro=intro,
        heading="¿Qué es?",
        section=intro,
        benefits=[benefit],
        safety=intro,
        locale="es",
    )
    report = lint_one(path)
    assert report.language == "es" and report.formula == "fernandez-huerta"
    reading = report.readings[0]
    assert [name for name, _ in reading.scores] == ["fernandez_huerta", "szigriszt_pazos"]
    assert dict(report.syllable_origins) == {"rules": sum(r.words for r in report.readings[:-1])}
    [typo] = findings(report, "spelling")
    assert "arrgas" in typo.problem.message and typo.suggestions[0] == "arrugas"


def test_the_cli_prints_a_table_and_exits_0_on_warnings_1_with_strict(write: Writer) -> None:
    write()
    result = run("lint")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("content.yaml  (en: Flesch-Kincaid, target grade 8)")
    assert 'unknown word "neuromodulaors"; did you mean "neuromodulators"?' in result.output
    assert "\x1b[" not in result.output  # no colours when not on a terminal
    assert run("lint", "--strict").exit_code == 1


def test_the_cli_json_has_every_file(write: Writer) -> None:
    write()
    write("other.yaml", intro=PLAIN_INTRO)
    result = run("lint", "--format", "json", "content.yaml", "other.yaml")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [f["file"] for f in data["files"]] == ["content.yaml", "other.yaml"]
    assert data["warnings"] == sum(f["warnings"] for f in data["files"]) > 0


def test_the_cli_fails_on_errors(write: Writer, folder: Path) -> None:
    write()
    brand = folder / "assets/brand.yaml"
    brand.write_text(brand.read_text("utf-8").replace("#1F4E5F", "nope"), "utf-8")
    result = run("lint")
    assert result.exit_code == 1
    assert "primary_color" in result.output and "error" in result.output


def test_build_with_lint_and_strict_stops_before_writing(write: Writer, folder: Path) -> None:
    write()
    result = run("build", "--lint", "--strict", "-o", "out.pdf")
    assert result.exit_code == 1
    assert "neuromodulaors" in result.output
    assert not (folder / "out.pdf").exists()


def test_lint_fits_the_leaflet_to_the_formats_brochure_yaml_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_sample(tmp_path / "project")
    content = project / "content.yaml"
    text = content.read_text("utf-8")
    extra = "".join(
        "  - title: One more benefit\n    body: " + " ".join(["treatment"] * 60) + "\n"
        "    icon: star\n"
        for _ in range(6)
    )
    content.write_text(text.replace("\nclosing:", "\n" + extra.rstrip("\n") + "\nclosing:", 1))
    (report,) = lint_files([content], formats=("sheet",)).files
    (fit,) = [f for f in report.findings if f.finding.rule == "fit"]
    assert fit.severity == "error" and fit.problem.line is not None
    assert "does not fit on the sheet (A4)" in fit.problem.message
    (plain,) = lint_files([content]).files
    assert not [f for f in plain.findings if f.finding.rule == "fit"]
    monkeypatch.chdir(project)
    (project / "brochure.yaml").write_text("contents: [content.yaml]\nformats: [sheet]\n")
    result = CliRunner().invoke(main, ["lint", "content.yaml"])
    assert result.exit_code == 1
    assert "does not fit on the sheet (A4)" in result.output


# --- Hebrew and Arabic editions --------------------------------------------------------------

NO_FORMULA = (
    "reading level not measured: no reading-level formula applies to the language {!r} "
    "(brochure measures English and Spanish)"
)


@pytest.mark.parametrize("language", ["he", "ar"])
def test_hebrew_and_arabic_get_no_english_formula_and_say_so(language: str, folder: Path) -> None:
    path = folder / f"content.{language}.yaml"
    path.write_text((ROOT / path.name).read_text("utf-8"), "utf-8")
    report = lint_one(path)
    assert report.language == language and report.formula is None
    assert report.readings == () and findings(report, "reading-level") == []
    assert report.findings == ()
    notes = list(report.notes)
    assert NO_FORMULA.format(language) in notes
    assert (
        f"plainer words not suggested: no list of plainer words for the language {language!r}"
        in notes
    )
    no_dictionary = f"spelling not checked: no spelling dictionary for the language {language!r}"
    assert (no_dictionary in notes) == (language == "he")  # pyspellchecker has Arabic
    result = run("lint", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    [file] = json.loads(result.output)["files"]
    assert file["formula"] is None and file["readings"] == []
    assert NO_FORMULA.format(language) in file["notes"]


def test_an_arabic_typo_is_found_at_its_line_and_hebrew_is_not_spell_checked(
    folder: Path,
) -> None:
    arabic = (ROOT / "content.ar.yaml").read_text("utf-8")
    arabic = arabic.replace("هذه أشهر فوائدهما.", "هذه أشهرر فوائدهما، وهي مُفيدة.", 1)
    path = folder / "content.ar.yaml"
    path.write_text(arabic, "utf-8")
    report = lint_one(path)
    [typo] = findings(report, "spelling")
    assert typo.problem.field == "benefits[0].body"
    assert (typo.problem.line, typo.problem.column) == line_of(path, "أشهرر")
    assert typo.problem.message.startswith('unknown word "أشهرر"; did you mean "أشهر"')
    hebrew = folder / "content.he.yaml"
    text = (ROOT / "content.he.yaml").read_text("utf-8")
    hebrew.write_text(text.replace("לשאול קודם", "לשאול קודםם", 1), "utf-8")
    assert findings(lint_one(hebrew), "spelling") == []


def test_an_english_leaflet_quoting_arabic_measures_only_its_english(write: Writer) -> None:
    english = lint_one(write())
    quoted = lint_one(write("quoted.yaml", extra="closing: يستمر التأثير عادة ثلاثة أشهر.\n"))
    assert quoted.formula == "flesch-kincaid"
    assert quoted.readings[-1].words == english.readings[-1].words  # the whole leaflet
    assert "closing" not in [reading.field for reading in quoted.readings]
    assert (
        "5 words in Hebrew or Arabic left out of the reading level: the 'en' formula is not "
        "made for them"
    ) in quoted.notes
    spelt = [f.problem.message for f in findings(quoted, "spelling")]
    assert spelt == [f.problem.message for f in findings(english, "spelling")]
