"""``brochure init``: a new project that validates, builds and lints with only its documented
placeholder warnings; a copy of the sample; never an overwritten file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import brochure
from brochure.cli import main
from brochure.content.icons import ICON_NAMES
from brochure.lint import lint_file
from brochure.starter import DATA, TRANSLATIONS, ProjectExists, plan_project, write_project
from tests.helpers import ROOT

NAMES = [
    "Harbour Skin Clinic",
    'Dr. "Smile" & Co: #1 <Aesthetics>',
    "Clínica Estética Año Nuevo",
]


def init(folder: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["init", str(folder), *args])
    assert result.exit_code == 0, result.output
    return result.output


def text_of(pdf: Path) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages
    )


@pytest.mark.parametrize("clinic", NAMES)
def test_a_new_project_builds_at_once_with_the_clinic_s_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clinic: str
) -> None:
    folder = tmp_path / "my-clinic"
    output = init(folder, "--clinic", clinic)
    assert "wrote" in output and "brochure build content.yaml" in output
    monkeypatch.chdir(folder)
    for args in (["build", "content.yaml"], ["build", "content.yaml", "--profile", "print"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    assert clinic in text_of(folder / "out/content.pdf")  # the name as typed, quotes and all
    leaflet = brochure.load_leaflet(folder / "content.yaml")
    assert leaflet.brand.name == clinic and leaflet.brand.logo_alt == f"{clinic} logo"


def test_the_batch_file_builds_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    init(tmp_path / "p", "--clinic", "Harbour Skin Clinic")
    monkeypatch.chdir(tmp_path / "p")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in (tmp_path / "p/out").iterdir()} >= {
        "content.pdf",
        "content-print.pdf",
    }
    assert (tmp_path / "p/.gitignore").read_text("utf-8").splitlines()[-1] == "out/"


def test_lint_finds_only_the_documented_placeholders(tmp_path: Path) -> None:
    init(tmp_path / "p", "--clinic", "Harbour Skin Clinic")
    report = lint_file(tmp_path / "p/content.yaml")
    assert report.findings, "every placeholder is listed"
    assert {f.finding.rule for f in report.findings} == {"placeholder"}
    assert all(f.finding.severity == "warning" for f in report.findings)
    fields = {f.problem.field for f in report.findings}
    assert {"title", "intro", "benefits[0].title", "safety_note.body", "phone", "email"} <= fields
    title = next(f for f in report.findings if f.problem.field == "title")
    assert (Path(title.problem.file).name, title.problem.line) == ("content.yaml", 9)


def test_from_sample_copies_the_sample_leaflet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init(tmp_path / "s", "--from-sample")
    for name in ("content.yaml", *TRANSLATIONS, "assets/brand.yaml", "assets/logo.svg"):
        assert (tmp_path / "s" / name).read_bytes() == (ROOT / name).read_bytes(), name
    monkeypatch.chdir(tmp_path / "s")
    result = CliRunner().invoke(main, ["build", "content.yaml", "-o", "leaflet.pdf"])
    assert result.exit_code == 0, result.output
    alone = brochure.render_pdf(brochure.load_leaflet(ROOT / "content.yaml"))
    assert text_of(tmp_path / "s/leaflet.pdf") == text_of_bytes(alone)


def text_of_bytes(data: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )


def test_from_sample_takes_the_clinic_s_name(tmp_path: Path) -> None:
    init(tmp_path / "s", "--from-sample", "--clinic", "Harbour: Skin")
    assert brochure.load_leaflet(tmp_path / "s/content.yaml").brand.name == "Harbour: Skin"


def test_the_shipped_sample_is_the_repository_s(tmp_path: Path) -> None:
    sample = DATA / "sample"
    for relative in ("content.yaml", *TRANSLATIONS, "assets/brand.yaml", "assets/logo.svg"):
        assert (sample / relative).read_bytes() == (ROOT / relative).read_bytes(), relative
    fonts = {f.name: f.read_bytes() for f in (sample / "assets" / "fonts").iterdir()}
    assert fonts == {f.name: f.read_bytes() for f in (ROOT / "assets/fonts").iterdir()}


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    (folder / "assets").mkdir(parents=True)
    (folder / "content.yaml").write_text("mine", "utf-8")
    (folder / "assets/brand.yaml").write_text("mine too", "utf-8")
    result = CliRunner().invoke(main, ["init", str(folder)])
    assert result.exit_code == 1
    assert "not overwriting" in result.output
    assert "content.yaml" in result.output and "brand.yaml" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in folder.rglob("*")) == ["assets", "brand.yaml", "content.yaml"]
    assert (folder / "content.yaml").read_text("utf-8") == "mine"


def test_write_project_raises_a_brochure_error(tmp_path: Path) -> None:
    project = plan_project("A")
    write_project(tmp_path, project)
    with pytest.raises(ProjectExists, match="not overwriting"):
        write_project(tmp_path, project)


def test_the_starter_names_every_icon_it_offers() -> None:
    text = (DATA / "starter" / "content.yaml").read_text("utf-8")
    listed = " ".join(line for line in text.splitlines() if line.startswith("#"))
    assert all(name in listed for name in ICON_NAMES)
