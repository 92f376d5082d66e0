"""One variant built in memory: a good build, and a failed one keeping the last good pages."""

from __future__ import annotations

from pathlib import Path

from brochure.preview.build import Variant, build_variant

SCREEN = Variant("content.yaml", "screen", "a4", "pages")


def test_a_good_build_has_pages_pdf_places_and_fields(project: Path) -> None:
    build = build_variant(project / "content.yaml", SCREEN, 7)
    assert build.ok and build.number == build.pages_number == 7
    assert build.pdf is not None and build.pdf.startswith(b"%PDF-")
    assert len(build.pages) == 3 and not build.problems
    assert build.places["benefits[0].title"].page == 1
    assert build.fields[0].field == "title"
    assert (project / "assets" / "brand.yaml").resolve() in build.inputs
    data = build.to_data()
    assert data["variant"]["profile"] == "screen" and data["pages_number"] == 7


def test_a_failed_build_keeps_the_last_good_pages(project: Path) -> None:
    content = project / "content.yaml"
    good = build_variant(content, SCREEN, 1)
    content.write_text(content.read_text("utf-8").replace("icon: smooth", "icon: nope"), "utf-8")
    bad = build_variant(content, SCREEN, 2, previous=good)
    assert not bad.ok and bad.number == 2
    assert bad.pages == good.pages and bad.pages_number == 1 and bad.pdf == good.pdf
    assert bad.problems[0].field == "benefits[0].icon" and bad.problems[0].line is not None
    assert bad.fields  # still editable: the YAML reads
    assert set(good.inputs) <= set(bad.inputs)  # the brand, logo and fonts are still watched


def test_a_leaflet_too_long_for_its_format_is_a_failed_build(project: Path) -> None:
    content = project / "content.yaml"
    text = content.read_text("utf-8")
    long = "  " + "A sentence that goes on and on about the treatment. " * 25 + "\n"
    content.write_text(text.replace("closing: |\n", "closing: |\n" + long * 2), "utf-8")
    build = build_variant(content, Variant("content.yaml", "screen", "a4", "sheet"), 1)
    assert not build.ok
    assert any(p.field for p in build.problems)


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    build = build_variant(tmp_path / "content.yaml", SCREEN, 1)
    assert not build.ok
    assert "does not exist" in build.problems[0].message
    assert build.inputs == (tmp_path / "content.yaml",)
