"""The files a content or brand file may name, found from its YAML alone."""

from __future__ import annotations

from pathlib import Path

from brochure.batch.references import named_files


def test_a_content_file_names_its_brand_and_what_the_brand_names(fresh: Path) -> None:
    content = fresh / "content.yaml"
    found = named_files(content, content.read_bytes(), fresh)
    assert {p.relative_to(fresh).as_posix() for p in found} == {
        "assets/brand.yaml",
        "assets/logo.svg",
        *(f"assets/fonts/Lato-{face}.ttf" for face in ("Regular", "Bold", "Italic", "BoldItalic")),
    }


def test_a_missing_file_is_named_but_prose_addresses_and_outside_files_are_not(
    tmp_path: Path,
) -> None:
    (tmp_path / "project").mkdir()
    content = tmp_path / "project/content.yaml"
    (tmp_path / "secret.txt").write_text("x")
    text = (
        "title: The benefits. Read on.\n"
        "logo: pictures/new-logo.svg\n"
        "email: hello@clinic.example\n"
        "website: https://clinic.example/a.html\n"
        "other: ../secret.txt\n"
        "notes: [3-4, fine]\n"
    )
    found = named_files(content, text.encode(), tmp_path / "project")
    assert found == (tmp_path / "project/pictures/new-logo.svg",)


def test_an_unreadable_file_names_nothing(tmp_path: Path) -> None:
    assert named_files(tmp_path / "x.yaml", b"a: [unclosed", tmp_path) == ()
    assert named_files(tmp_path / "x.yaml", None, tmp_path) == ()
