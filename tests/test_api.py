"""The library API in ``brochure/__init__.py``: load_leaflet, render_pdf, write_atomic, build,
RenderOptions and the error types."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import brochure
from brochure.errors import BrochureError, ContentError
from brochure.pdf.render import RenderOptions
from tests.helpers import A4, LETTER, page_sizes


def test_public_names() -> None:
    for name in brochure.__all__:
        assert getattr(brochure, name) is not None, name
    assert brochure.RenderOptions is RenderOptions
    assert brochure.ContentError is ContentError
    assert issubclass(brochure.ContentError, brochure.BrochureError)
    with pytest.raises(AttributeError):
        _ = brochure.no_such_name  # the package's __getattr__ raises it


@pytest.mark.parametrize("as_text", [False, True], ids=["Path", "str"])
def test_load_leaflet(as_text: bool, sample_project: Path, sample_content: dict[str, Any]) -> None:
    path = sample_project / "content.yaml"
    leaflet = brochure.load_leaflet(str(path) if as_text else path)
    assert isinstance(leaflet, brochure.Leaflet)
    assert leaflet.title == sample_content["title"]
    assert leaflet.locale == "en"
    assert [b.title for b in leaflet.benefits] == [b["title"] for b in sample_content["benefits"]]
    assert leaflet.safety_note.heading == sample_content["safety_note"]["heading"]
    assert leaflet.brand.name == sample_content["brand"]["name"]
    assert leaflet.brand.phone == sample_content["brand"]["phone"]


def test_leaflet_is_frozen(sample_project: Path) -> None:
    leaflet = brochure.load_leaflet(sample_project / "content.yaml")
    with pytest.raises(Exception, match="frozen"):
        leaflet.title = "changed"  # type: ignore[misc]


def test_load_leaflet_reports_every_problem(project: Path) -> None:
    content = project / "content.yaml"
    text = content.read_text("utf-8").replace("icon: smooth", "icon: nope")
    content.write_text(text.replace("\nintro:", "\nintroduction:"), "utf-8")
    with pytest.raises(ContentError) as caught:
        brochure.load_leaflet(content)
    fields = {problem.field for problem in caught.value.problems}
    assert "benefits[0].icon" in fields
    assert any(field.startswith("intro") for field in fields), fields
    assert all(problem.line for problem in caught.value.problems), caught.value.problems


def test_load_leaflet_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BrochureError):
        brochure.load_leaflet(tmp_path / "nothing.yaml")


def test_render_options_default_to_a4() -> None:
    assert RenderOptions().paper == "a4"
    assert RenderOptions(paper="letter").paper == "letter"


def test_render_pdf(sample_project: Path, sample_pdf: bytes) -> None:
    leaflet = brochure.load_leaflet(sample_project / "content.yaml")
    data = brochure.render_pdf(leaflet)
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert data == sample_pdf
    assert brochure.render_pdf(leaflet, RenderOptions()) == data
    assert brochure.render_pdf(leaflet, RenderOptions(paper="a4")) == data
    for size in page_sizes(data):
        assert size == pytest.approx(A4, abs=0.01)


def test_render_pdf_letter(sample_project: Path, sample_pdf: bytes) -> None:
    leaflet = brochure.load_leaflet(sample_project / "content.yaml")
    data = brochure.render_pdf(leaflet, RenderOptions(paper="letter"))
    sizes = page_sizes(data)
    assert sizes
    for size in sizes:
        assert size == pytest.approx(LETTER, abs=0.01)
    # Rendering letter leaves no state behind: A4 is still A4, and still the same bytes.
    again = brochure.render_pdf(leaflet)
    for size in page_sizes(again):
        assert size == pytest.approx(A4, abs=0.01)
    assert again == sample_pdf, "an A4 render after a letter render differs from the first A4"


def test_build_to_a_named_output(project: Path, tmp_path: Path, sample_pdf: bytes) -> None:
    target = tmp_path / "leaflets" / "botox.pdf"
    written = brochure.build(project / "content.yaml", target)
    assert written == target
    assert target.read_bytes() == sample_pdf


def test_build_default_output(
    project: Path, monkeypatch: pytest.MonkeyPatch, sample_pdf: bytes
) -> None:
    monkeypatch.chdir(project)
    written = brochure.build("content.yaml")
    assert written == Path("out") / "content.pdf"
    assert (project / "out" / "content.pdf").read_bytes() == sample_pdf


def test_build_with_options(project: Path) -> None:
    target = brochure.build(
        project / "content.yaml", project / "letter.pdf", RenderOptions(paper="letter")
    )
    sizes = page_sizes(target.read_bytes())
    assert sizes
    for size in sizes:
        assert size == pytest.approx(LETTER, abs=0.01)


def test_build_of_invalid_content_writes_nothing(project: Path) -> None:
    content = project / "content.yaml"
    content.write_text(content.read_text("utf-8").replace("icon: smooth", "icon: nope"), "utf-8")
    with pytest.raises(ContentError):
        brochure.build(content, project / "out" / "content.pdf")
    assert not (project / "out").exists()


HEAVY = ("reportlab", "pikepdf", "pydantic", "pyphen", "PIL", "lxml", "svglib")
"""Libraries a command that draws nothing must not pay for at start-up."""


def imported_after(code: str, cwd: Path) -> list[str]:
    """The heavy libraries a fresh interpreter has imported after running ``code``."""
    probe = (
        f"{code}\nimport sys\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True, check=True
    )
    return list(ast.literal_eval(done.stdout.splitlines()[-1]))


def test_importing_the_package_is_light(tmp_path: Path) -> None:
    assert imported_after("import brochure, brochure.errors, brochure.version", tmp_path) == []


def test_help_and_version_are_light(tmp_path: Path) -> None:
    for args in (["--help"], ["--version"], ["build", "--help"], ["check", "--help"]):
        code = (
            "from brochure.cli import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit as exit:\n    assert not exit.code\n"
        )
        assert imported_after(code, tmp_path) == [], args
