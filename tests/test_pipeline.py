"""brochure.pipeline: load, fit, build. Fitting is judged from the PDF a user gets: page count,
the smallest body text measured in the file, located findings, and nothing written on failure."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from brochure.cli import main
from brochure.content.model import Leaflet
from brochure.errors import ContentError
from brochure.layout.copyfit import SMALL_FLOOR
from brochure.pdf.render import RenderOptions
from brochure.pipeline import build_leaflet, check_fit, load
from tests.helpers import ROOT, copy_sample

LONG_BENEFIT = "  - title: Another benefit with a long title\n    body: {body}\n    icon: star\n"


def char_sizes(path: Path) -> list[tuple[int, float, str]]:
    """(page, font size in points, character) of every visible character of the PDF, as
    PDFium reads them from the file."""
    found: list[tuple[int, float, str]] = []
    document = pdfium.PdfDocument(str(path))
    for number in range(len(document)):
        text = document[number].get_textpage()
        for index in range(text.count_chars()):
            char = text.get_text_range(index, 1)
            if char.strip():
                size = pdfium_c.FPDFText_GetFontSize(text.raw, index)
                found.append((number + 1, round(size, 2), char))
    return found


EDGE = 10 * 72 / 25.4
"""Nothing but backgrounds comes closer than 10 mm to the paper's edge (the design brief)."""


def chars_outside(path: Path, edge: float) -> list[str]:
    """Characters of the PDF closer than ``edge`` points to their page's edge, or off it."""
    found: list[str] = []
    document = pdfium.PdfDocument(str(path))
    for number in range(len(document)):
        page = document[number]
        width, height = page.get_size()
        text = page.get_textpage()
        for index in range(text.count_chars()):
            char = text.get_text_range(index, 1)
            if not char.strip():
                continue
            left, bottom, right, top = text.get_charbox(index)
            if left < edge or bottom < edge or right > width - edge or top > height - edge:
                found.append(f"page {number + 1}: {char!r} at ({left:.0f}, {bottom:.0f})")
    return found


def test_a_fitted_sheet_is_the_same_bytes_every_time(project: Path, tmp_path: Path) -> None:
    loaded = load(project / "content.yaml")
    options = RenderOptions.for_profile("screen", format="sheet")
    first, _ = build_leaflet(loaded, tmp_path / "one.pdf", options)
    second, _ = build_leaflet(load(project / "content.yaml"), tmp_path / "two.pdf", options)
    assert first.sha256 == second.sha256
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()


def add_benefits(content: Path, count: int, words: int) -> None:
    """Append ``count`` benefits of ``words`` words each to the benefits of ``content``."""
    text = content.read_text("utf-8")
    body = " ".join(["treatment"] * words)
    extra = "".join(LONG_BENEFIT.format(body=body) for _ in range(count))
    marker = "\nclosing:"
    assert marker in text
    content.write_text(text.replace(marker, "\n" + extra.rstrip("\n") + marker, 1), "utf-8")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "project")


def test_a_leaflet_that_cannot_fit_the_sheet_names_the_field_and_writes_nothing(
    project: Path,
) -> None:
    content = project / "content.yaml"
    add_benefits(content, 6, 60)
    target = project / "out" / "sheet.pdf"
    target.parent.mkdir()
    target.write_bytes(b"%PDF-1.7 the good old leaflet")
    loaded = load(content)
    options = RenderOptions.for_profile("screen", format="sheet")
    with pytest.raises(ContentError) as caught:
        build_leaflet(loaded, target, options)
    (problem,) = caught.value.problems
    assert problem.file.endswith("content.yaml")
    assert problem.line is not None and problem.column is not None
    assert re.fullmatch(
        r"(benefits\[\d+\]\.body|closing|safety_note\.body|brand\.address)", problem.field
    )
    assert "does not fit on the sheet (A4) at the 11.5 pt floor" in problem.message
    assert re.search(r"it is \d+ mm \(about \d+ lines, about \d+ words\) too long", problem.message)
    assert target.read_bytes() == b"%PDF-1.7 the good old leaflet"


def test_the_cli_reports_the_overflow_at_its_line_and_keeps_the_old_pdf(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    content = project / "content.yaml"
    add_benefits(content, 6, 60)
    old = project / "out" / "content-sheet.pdf"
    old.parent.mkdir()
    old.write_bytes(b"%PDF-1.7 before")
    result = CliRunner().invoke(main, ["build", "content.yaml", "--format", "sheet"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    first = result.output.strip().splitlines()[0]
    match = re.match(r"content\.yaml:(\d+):(\d+): (\S+): does not fit on the sheet", first)
    assert match, result.output
    assert old.read_bytes() == b"%PDF-1.7 before"
    check = CliRunner().invoke(main, ["check", "content.yaml", "--format", "sheet", "--json"])
    assert check.exit_code == 1
    data = json.loads(check.output[check.output.index("{") :])
    assert data["passed"] is False
    (a4, letter) = data["files"][0]["fit"]
    assert (a4["format"], a4["paper"], letter["paper"]) == ("sheet", "a4", "letter")
    assert a4["fits"] is False and a4["findings"][0]["severity"] == "error"
    assert a4["findings"][0]["line"] == int(match[1])
    assert a4["sizes_pt"]["body"] == 11.5 and a4["min_body_pt"] == 11.5


def test_a_fitted_sheet_is_two_pages_with_no_body_text_under_the_floor(
    project: Path, tmp_path: Path
) -> None:
    content = project / "content.yaml"
    data = yaml.safe_load(content.read_text("utf-8"))
    # Short enough to fit on the sheet whatever the sample says: two sections' worth less.
    data["sections"] = data.get("sections", [])[:1]
    data["benefits"] = data["benefits"][:4]
    content.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    loaded = load(content)
    options = RenderOptions.for_profile("screen", format="sheet")
    written, report = build_leaflet(loaded, tmp_path / "sheet.pdf", options)
    assert report.fit.fits and not report.failed
    assert len(pdfium.PdfDocument(str(written.path))) == 2
    sizes = [size for _, size, _ in char_sizes(written.path)]
    assert min(sizes) >= SMALL_FLOOR - 0.01  # footer and captions
    body_sizes = [size for size in sizes if size > 10]
    assert min(body_sizes) >= 11.5 - 0.01


def test_the_floor_is_the_contents_own_when_it_sets_one(project: Path) -> None:
    content = project / "content.yaml"
    content.write_text(content.read_text("utf-8") + "fit:\n  min_body_pt: 12\n", "utf-8")
    add_benefits(content, 6, 60)
    report = check_fit(load(content), RenderOptions.for_profile("screen", format="sheet"))
    assert report.failed
    assert report.fit.min_body == 12 and report.fit.theme.scale.body == 12
    assert "at the 12 pt floor" in report.findings[0].problem.message


def test_a_floor_under_ten_points_is_refused_at_its_line(project: Path) -> None:
    content = project / "content.yaml"
    content.write_text(content.read_text("utf-8") + "fit:\n  min_body_pt: 9\n", "utf-8")
    with pytest.raises(ContentError) as caught:
        load(content)
    (problem,) = caught.value.problems
    assert (problem.field, problem.line) == ("fit.min_body_pt", line_of(content, "min_body_pt"))
    assert "10" in problem.message


def test_a_print_file_with_an_odd_page_count_gets_a_warning(project: Path) -> None:
    loaded = load(project / "content.yaml")
    screen = check_fit(loaded, RenderOptions.for_profile("screen"))
    printed = check_fit(loaded, RenderOptions.for_profile("print"))
    assert all("blank" not in str(f) for f in screen.findings)
    odd = printed.fit.trial.pages % 2 == 1
    assert any("the back of the last sheet is blank" in str(f) for f in printed.findings) == odd


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=st.integers(min_value=1, max_value=69), count=st.integers(min_value=0, max_value=6))
def test_growing_text_either_fits_above_the_floor_or_names_a_field(
    project: Path, words: int, count: int
) -> None:
    content = project / "content.yaml"
    original = content.read_text("utf-8")
    try:
        add_benefits(content, count, words)
        loaded = load(content)
        leaflet: Leaflet = loaded.leaflet
        report = check_fit(loaded, RenderOptions.for_profile("screen", format="sheet"))
        scale = report.fit.theme.scale
        assert min(scale.body, scale.card_body) >= 11.5 - 1e-9
        assert scale.small >= SMALL_FLOOR
        if report.fit.fits:
            assert report.fit.trial.pages <= 2
            assert not report.failed
            pdf = project / "out" / "sheet.pdf"
            build_leaflet(loaded, pdf, RenderOptions.for_profile("screen", format="sheet"))
            assert chars_outside(pdf, EDGE) == []
        else:
            (error,) = [f for f in report.findings if f.severity == "error"]
            assert error.problem.line is not None
            assert error.problem.field
            assert len(leaflet.benefits) == 6 + count
    finally:
        content.write_text(original, "utf-8")


def test_language_editions_fitted_as_a_group_come_out_at_the_same_sizes(project: Path) -> None:
    (project / "content.es.yaml").write_bytes((ROOT / "content.es.yaml").read_bytes())
    english, spanish = load(project / "content.yaml"), load(project / "content.es.yaml")
    options = RenderOptions.for_profile("screen", format="sheet")
    alone = [check_fit(english, options).fit, check_fit(spanish, options).fit]
    grouped = [
        check_fit(english, options, [spanish.leaflet]).fit,
        check_fit(spanish, options, [english.leaflet]).fit,
    ]
    assert grouped[0].tightness == grouped[1].tightness == max(f.tightness for f in alone)
    assert grouped[0].theme.scale == grouped[1].theme.scale
    assert grouped[0].theme.fitting == grouped[1].theme.fitting


def test_the_fit_report_speaks_the_contents_language(project: Path) -> None:
    (project / "content.es.yaml").write_bytes((ROOT / "content.es.yaml").read_bytes())
    content = project / "content.es.yaml"
    add_benefits(content, 6, 60)
    report = check_fit(load(content), RenderOptions.for_profile("screen", format="sheet"))
    (error,) = report.findings
    assert error.problem.message.startswith(
        "no cabe en el formato sheet (A4) con el mínimo de 11.5 pt: sobran "
    ), error.problem.message
    assert "los más largos son " in error.problem.message


def test_loading_needs_no_pdf_post_pass(tmp_path: Path) -> None:
    """pikepdf is imported only where a PDF is finished, not to load and check a leaflet."""
    project = copy_sample(tmp_path / "project")
    code = (
        "import sys\nfrom pathlib import Path\nfrom brochure.pipeline import load\n"
        "load(Path('content.yaml'))\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pikepdf', 'pypdfium2'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "[]"


def _count_layouts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every ReportLab document laid out from now on (a trial or a render)."""
    from reportlab.platypus import BaseDocTemplate

    built: list[object] = []
    original = BaseDocTemplate.build

    def counted(self: BaseDocTemplate, *args: Any, **kwargs: Any) -> None:
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", counted)
    return built


def test_a_leaflet_kept_at_its_design_is_laid_out_once(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brochure.pdf.render import render_pdf

    loaded = load(project / "content.yaml")
    options = RenderOptions.for_profile("screen", format="pages")
    built = _count_layouts(monkeypatch)
    written, report = build_leaflet(loaded, tmp_path / "once.pdf", options)
    assert report.fit.tightness == 0.0 and len(built) == 1  # the render was the design trial
    assert written.path.read_bytes() == render_pdf(loaded.leaflet, options)


def test_a_short_last_page_fitted_away_is_rendered_at_the_tightness_found(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brochure.pdf.render import render_pdf

    content = project / "content.yaml"
    data = yaml.safe_load(content.read_text("utf-8"))
    data["closing"] += " More words here." * 70  # a fourth page with a few lines on it
    content.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    loaded = load(content)
    options = RenderOptions.for_profile("screen", format="pages")
    built = _count_layouts(monkeypatch)
    written, report = build_leaflet(loaded, tmp_path / "fitted.pdf", options)
    assert report.fit.tightness > 0.0 and len(built) > 2  # design, search trials, render
    alone = render_pdf(loaded.leaflet, options)
    assert written.path.read_bytes() == alone
    assert len(PdfReader(io.BytesIO(alone)).pages) == report.fit.page_count == 3


def test_a_cache_that_saw_the_fit_leave_the_design_renders_once(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brochure.layout.copyfit import LayoutCache

    content = project / "content.yaml"
    data = yaml.safe_load(content.read_text("utf-8"))
    data["closing"] += " More words here." * 70
    content.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    loaded = load(content)
    options = RenderOptions.for_profile("screen", format="pages")
    cache = LayoutCache()
    first, _ = build_leaflet(loaded, tmp_path / "first.pdf", options, cache=cache)
    built = _count_layouts(monkeypatch)
    again, report = build_leaflet(loaded, tmp_path / "again.pdf", options, cache=cache)
    assert report.fit.tightness > 0.0 and len(built) == 1  # every trial known: the render only
    assert again.path.read_bytes() == first.path.read_bytes()
