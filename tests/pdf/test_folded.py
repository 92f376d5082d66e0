"""The folded formats as a user gets them: the tri-fold's screen panels and printed sheets, the
A5 booklet; checked from the PDF (page boxes, text with its position, strokes, fills, the
structure tree), not from the layout code."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import brochure
from brochure.cli import main
from brochure.layout.folding import trifold_layout
from brochure.layout.paper import MM
from brochure.pdf.render import RenderOptions
from brochure.preflight import preflight_bytes
from brochure.preflight.geometry import Box
from brochure.preflight.reader import PageContent, walk_page
from tests.helpers import ROOT, copy_sample

CLEAR = 5 * MM
TOLERANCE = 0.1 * MM
SAMPLES = ("content.yaml", "content.es.yaml")


def build(content: str, format: str, profile: str = "screen", paper: str = "a4") -> bytes:
    leaflet = brochure.load_leaflet(ROOT / content)
    options = RenderOptions.for_profile(profile, format=format, paper=paper)
    return brochure.render_pdf(leaflet, options)


def texts(data: bytes) -> list[str]:
    """Each page's text, in reading order, as pypdf extracts it."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def contents(data: bytes) -> list[tuple[Box, PageContent, pikepdf.Dictionary]]:
    """Each page's TrimBox, what it paints and its dictionary (read while the file is open)."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            trim = tuple(float(v) for v in page.obj.get("/TrimBox", page.MediaBox))
            found.append((trim, walk_page(page), page.obj))
    return found  # type: ignore[return-value]


def page_folds(data: bytes) -> list[list[float]]:
    """The folds each page records, in mm from the trim's left edge."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [
            [float(x) / MM for x in page.obj.PieceInfo.Brochure.Private.Folds] for page in pdf.pages
        ]


@pytest.fixture(scope="module")
def screen() -> bytes:
    return build("content.yaml", "trifold")


@pytest.fixture(scope="module")
def sheets(printed: Callable[[str, str], bytes]) -> bytes:
    return printed("content.yaml", "a4")


# --- the screen tri-fold: six panels in reading order -----------------------------------------


def test_the_screen_tri_fold_is_six_panel_pages(screen: bytes) -> None:
    widths = [
        round(float(page.mediabox.width) / MM, 1) for page in PdfReader(io.BytesIO(screen)).pages
    ]
    assert widths == [100.0, 97.0, 100.0, 100.0, 97.0, 100.0]
    heights = {round(float(p.mediabox.height) / MM) for p in PdfReader(io.BytesIO(screen)).pages}
    assert heights == {210}


def test_the_panels_read_in_order(screen: bytes) -> None:
    pages = [" ".join(text.split()) for text in texts(screen)]
    assert "The Benefits of Adding Botox" in pages[0]
    assert "Lumen Skin Clinic" in pages[0] and "Book a consultation" not in pages[0]
    assert pages[1].startswith("With age, skin loses")
    assert "What is Botox/Dysport?" in pages[1] and "3\u20134" in pages[1]
    assert "Diminishes Fine Lines" in pages[2]
    assert "Boosts Confidence" in " ".join(pages[2:5])
    assert "Book a consultation" in pages[5] and "+44 20 7946 0321" in pages[5]
    assert "Always consult a qualified medical professional" in pages[5]


def test_every_benefit_is_on_the_inside_panels(
    screen: bytes, sample_content: dict[str, Any]
) -> None:
    pages = [" ".join(text.split()) for text in texts(screen)]
    titles = [benefit["title"] for benefit in sample_content["benefits"]]
    assert len(titles) == 6
    for title in titles:
        holding = [i + 1 for i, page in enumerate(pages) if title in page]
        assert holding and set(holding) <= {3, 4, 5}, (title, holding)
    assert sample_content["benefits_heading"] in pages[2]


def callout_lines(content: str) -> tuple[str, list[str]]:
    """The safety callout's heading and the lines of its body (each list item a line)."""
    leaflet = brochure.load_leaflet(ROOT / content)
    assert leaflet.safety_note.heading
    lines = [line.lstrip("- ").strip() for line in leaflet.safety_note.body.splitlines()]
    return leaflet.safety_note.heading, [line for line in lines if line]


def squeezed(text: str) -> str:
    """``text`` without spaces, line ends and soft hyphens: how a line broke does not matter."""
    return "".join(text.replace("\xad", "").replace("-\n", "").split())


@pytest.mark.parametrize("content", SAMPLES)
def test_the_safety_callout_is_whole_on_one_inside_panel(content: str) -> None:
    pages = [squeezed(text) for text in texts(build(content, "trifold"))]
    heading, body = callout_lines(content)
    holding = [i + 1 for i, page in enumerate(pages) if squeezed(heading) in page]
    assert len(holding) == 1, (heading, pages)
    assert holding[0] in (3, 4, 5)  # an inside panel: never the flap (2)
    for line in body:  # every line of the body on that page, and on no other
        assert [i + 1 for i, page in enumerate(pages) if squeezed(line) in page] == holding, line


def test_the_structure_tree_reads_cover_flap_inside_then_back_cover(screen: bytes) -> None:
    with pikepdf.open(io.BytesIO(screen)) as pdf:
        assert str(pdf.Root.Lang) == "en"
        (document,) = list(pdf.Root.StructTreeRoot.K)
        roles = [str(kid.S) for kid in document.K if "/S" in kid]
    assert roles == [
        *("/Figure", "/P", "/H1", "/P"),  # front cover: logo, clinic, title, subtitle
        *("/P", "/H2", "/P", "/P"),  # flap: intro, "What is", its text, the fact
        *("/H2", "/L", "/P", "/Safety"),  # inside: benefits, closing, safety callout
        *("/Sect", "/P"),  # back cover: booking panel, the clinic's name
    ]


# --- the printed sheets -----------------------------------------------------------------------


def test_the_print_tri_fold_is_two_landscape_sheets_with_bleed(sheets: bytes) -> None:
    with pikepdf.open(io.BytesIO(sheets)) as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            assert ((trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM) == pytest.approx(
                (297, 210), abs=0.1
            )
            assert [round((t - b) / MM, 2) for t, b in zip(trim[:2], bleed[:2], strict=True)] == [
                3.0,
                3.0,
            ]
        assert "/OutputIntents" in pdf.Root


def test_each_sheet_records_its_folds(sheets: bytes) -> None:
    outside, inside = page_folds(sheets)
    assert outside == pytest.approx([97, 197], abs=0.1)
    assert inside == pytest.approx([100, 200], abs=0.1)
    assert sorted(297 - x for x in inside) == pytest.approx(outside, abs=0.1)  # the mirror


def test_fold_marks_are_dashed_lines_outside_the_trim_at_each_fold(sheets: bytes) -> None:
    for (trim, content, _), folds in zip(contents(sheets), page_folds(sheets), strict=True):
        dashed: list[float] = []
        dash: list[object] = []
        ends: list[tuple[float, str]] = []
        assert content.operations is not None
        for op in content.operations:
            if op.operator == "d":
                dash = list(op.operands[0])  # type: ignore[call-overload]  # a pikepdf Array
            elif op.operator == "m" and dash:
                x = float(op.operands[0]) + op.ctm[4]  # type: ignore[arg-type]
                y = float(op.operands[1]) + op.ctm[5]  # type: ignore[arg-type]
                assert y < trim[1] - 3 * MM or y > trim[3] + 3 * MM  # outside the bleed
                dashed.append((x - trim[0]) / MM)
            elif op.operator == "l" and dash:
                x = float(op.operands[0]) + op.ctm[4]  # type: ignore[arg-type]
                y = float(op.operands[1]) + op.ctm[5]  # type: ignore[arg-type]
                # A vertical line: its end has the x of its start.
                ends.append(((x - trim[0]) / MM, "above" if y > trim[3] else "below"))
        # A mark above and one below the trim at every fold.
        assert sorted(dashed) == pytest.approx(sorted(folds * 2), abs=0.1)
        assert sorted(x for x, _ in ends) == pytest.approx(sorted(folds * 2), abs=0.1)
        assert sum(where == "above" for _, where in ends) == len(folds)
        assert sum(where == "below" for _, where in ends) == len(folds)


def clips(content: PageContent, trim: Box) -> set[tuple[float, float, float, float]]:
    """The clip rectangles a page sets (``re`` then ``W``/``W*``), in mm from the trim's lower
    left corner, rounded to 0.1 mm."""
    found = set()
    assert content.operations is not None
    operations = content.operations
    for op, after in itertools.pairwise(operations):
        if op.operator != "re" or after.operator not in ("W", "W*"):
            continue
        x, y, width, height = (float(v) for v in op.operands)  # type: ignore[arg-type]
        a, _, _, d, e, f = op.ctm
        box = (a * x + e, d * y + f, a * (x + width) + e, d * (y + height) + f)
        found.add(
            (
                round((box[0] - trim[0]) / MM, 1),
                round((box[1] - trim[1]) / MM, 1),
                round((box[2] - trim[0]) / MM, 1),
                round((box[3] - trim[1]) / MM, 1),
            )
        )
    return found


def test_each_panel_clips_to_itself_and_to_the_bleed_at_the_sheet_s_edges(sheets: bytes) -> None:
    (outside_trim, outside, _), (inside_trim, inside, _) = contents(sheets)
    # The panels of the table, each clipped at its folds and 3 mm past the trim elsewhere.
    assert clips(outside, outside_trim) == {
        (-3.0, -3.0, 97.0, 213.0),  # the flap
        (97.0, -3.0, 197.0, 213.0),  # the back cover
        (197.0, -3.0, 300.0, 213.0),  # the front cover
    }
    assert clips(inside, inside_trim) == {
        (-3.0, -3.0, 100.0, 213.0),
        (100.0, -3.0, 200.0, 213.0),
        (200.0, -3.0, 300.0, 213.0),
    }


def test_a_fold_allowance_moves_the_clips_with_the_folds() -> None:
    leaflet = brochure.load_leaflet(ROOT / "content.yaml")
    options = RenderOptions.for_profile("print", format="trifold", fold_allowance="4mm")
    (trim, outside, _), _ = contents(brochure.render_pdf(leaflet, options))
    narrow, full = (297 + 4) / 3 - 4, (297 + 4) / 3
    lefts = sorted(box[0] for box in clips(outside, trim))
    assert lefts == pytest.approx([-3, narrow, narrow + full], abs=0.1)


@pytest.fixture(scope="module")
def printed() -> Callable[[str, str], bytes]:
    """The print tri-fold of a sample on a paper, each built once for the module."""
    built: dict[tuple[str, str], bytes] = {}

    def get(content: str, paper: str) -> bytes:
        if (content, paper) not in built:
            built[content, paper] = build(content, "trifold", "print", paper)
        return built[content, paper]

    return get


@pytest.mark.parametrize(("content", "paper"), [(SAMPLES[0], "a4"), (SAMPLES[1], "letter")])
def test_the_printed_safety_callout_is_on_one_inside_panel(
    printed: Callable[[str, str], bytes], content: str, paper: str
) -> None:
    heading, body = callout_lines(content)
    last = " ".join(body[-1].split()[:2])
    (_, _, _), (trim, inside, _) = contents(printed(content, paper))
    panels = trifold_layout(paper).on_side("inside")  # type: ignore[arg-type]

    def panel_of(start: str) -> set[str]:
        runs = [run for run in inside.texts if run.text.strip().startswith(start)]
        assert runs, start
        return {
            panel.spec.name
            for run in runs
            for panel in panels
            if trim[0] + panel.x <= run.box[0] and run.box[2] <= trim[0] + panel.right
        }

    where = panel_of(" ".join(heading.split()[:2]))
    assert len(where) == 1 and where == panel_of(last), (heading, last)


@pytest.mark.parametrize("content", SAMPLES)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_no_text_within_5mm_of_a_fold_or_the_trim(
    printed: Callable[[str, str], bytes], content: str, paper: str
) -> None:
    data = printed(content, paper)
    for (trim, page, _), folds in zip(contents(data), page_folds(data), strict=True):
        assert page.texts
        for run in page.texts:
            x0, y0, x1, y1 = run.box
            assert x0 >= trim[0] + CLEAR and x1 <= trim[2] - CLEAR, run.text
            assert y0 >= trim[1] + CLEAR and y1 <= trim[3] - CLEAR, run.text
            for fold in folds:
                at = trim[0] + fold * MM
                assert x1 <= at - CLEAR or x0 >= at + CLEAR, (run.text, fold)


def test_the_front_cover_stops_at_its_fold_and_bleeds_elsewhere(sheets: bytes) -> None:
    trim, outside, _ = contents(sheets)[0]
    covers = [
        area.box
        for area in outside.areas
        if area.what == "filled area" and area.box[2] - area.box[0] > 90 * MM
    ]
    assert covers, "the front cover's background"
    x0, y0, x1, y1 = covers[0]
    assert (x0 - trim[0]) / MM == pytest.approx(197, abs=0.1)  # the fold
    assert (x1 - trim[2]) / MM == pytest.approx(3, abs=0.1)  # into the bleed
    assert (trim[1] - y0) / MM == pytest.approx(3, abs=0.1)
    assert (y1 - trim[3]) / MM == pytest.approx(3, abs=0.1)


def test_the_print_sheets_pass_their_preflight_folds_included(sheets: bytes) -> None:
    report = preflight_bytes(sheets, "trifold.pdf")
    assert not report.failed(strict=True), report.format_table()
    (folds,) = [check for check in report.checks if check.id == "folds"]
    assert folds.coverage == "full" and "5 mm from every fold" in folds.summary


def test_a_fold_allowance_narrows_the_fold_in_panel() -> None:
    leaflet = brochure.load_leaflet(ROOT / "content.yaml")
    options = RenderOptions.for_profile("print", format="trifold", fold_allowance="5mm")
    outside, _ = page_folds(brochure.render_pdf(leaflet, options))
    assert outside[0] == pytest.approx((297 + 5) / 3 - 5, abs=0.1)


# --- the booklet --------------------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "size"), [("a4", (148, 210)), ("letter", (139.7, 215.9))])
def test_the_booklet_has_pages_in_fours_with_notes_before_the_back_cover(
    paper: str, size: tuple[float, float]
) -> None:
    data = build("content.yaml", "booklet", paper=paper)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) % 4 == 0
    for page in reader.pages:
        width, height = float(page.mediabox.width) / MM, float(page.mediabox.height) / MM
        assert (width, height) == pytest.approx(size, abs=0.1)
    pages = [" ".join(text.split()) for text in texts(data)]
    assert "The Benefits of Adding Botox" in pages[0]
    assert "Book a consultation" in pages[-1]
    notes = [i for i, text in enumerate(pages) if text.strip() == "Notes"]
    assert 1 not in notes  # never between the cover and page 2
    assert notes == list(range(len(pages) - 1 - len(notes), len(pages) - 1))


def test_the_booklet_print_file_is_single_pages_with_bleed() -> None:
    data = build("content.yaml", "booklet", "print")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) % 4 == 0
        trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
        assert ((trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM) == pytest.approx(
            (148, 210), abs=0.1
        )
    assert not preflight_bytes(data, "booklet.pdf").failed(strict=False)


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(copy_sample(tmp_path / "project"))
    return tmp_path / "project"


def test_the_build_says_how_many_notes_pages_it_added(project: Path) -> None:
    result = CliRunner().invoke(main, ["build", "content.yaml", "--format", "booklet"])
    assert result.exit_code == 0, result.output
    assert "Notes pages before the back cover make up the 8 pages (1 added)" in result.output
    assert (project / "out/content-booklet.pdf").is_file()


def test_impose_needs_the_booklet_and_the_print_profile(project: Path) -> None:
    for args, says in (
        (["--format", "trifold", "--profile", "print"], "use it with --format booklet"),
        (["--profile", "print"], "use it with --format booklet, not pages"),
        (["--format", "booklet"], "use it with --profile print"),
        (["--format", "booklet", "--profile", "screen"], "use it with --profile print"),
    ):
        result = CliRunner().invoke(main, ["build", "content.yaml", "--impose", "saddle", *args])
        assert result.exit_code != 0 and says in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
    assert not (project / "out").exists()


def test_the_command_line_s_fold_allowance_narrows_the_fold_in_panel(project: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["build", "content.yaml", "--format", "trifold", "--profile", "print",
         "--fold-allowance", "4mm", "-o", "out/wide.pdf"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = (project / "out/wide.pdf").read_bytes()
    (outside, inside), full = page_folds(data), (297 + 4) / 3
    # The fold-in panels (the flap, the inside's right) are 4 mm narrower than the others.
    assert outside == pytest.approx([full - 4, 2 * full - 4], abs=0.1)
    assert inside == pytest.approx([full, 2 * full], abs=0.1)
    widths = [outside[0], outside[1] - outside[0], 297 - outside[1]]
    assert widths[0] == pytest.approx(96.33, abs=0.1)
    assert widths[1] - widths[0] == pytest.approx(4, abs=0.1) == widths[2] - widths[0]
    bad = CliRunner().invoke(main, ["build", "content.yaml", "--format", "trifold",
                                    "--fold-allowance", "wide"])  # fmt: skip
    assert bad.exit_code != 0 and "--fold-allowance" in bad.output
    assert "Traceback" not in bad.output


def test_creep_needs_impose(project: Path) -> None:
    result = CliRunner().invoke(main, ["build", "content.yaml", "--creep", "0.1mm"])
    assert result.exit_code != 0 and "--creep" in result.output


def test_check_reports_a_panel_its_text_overflows(project: Path) -> None:
    content = project / "content.yaml"
    text = content.read_text("utf-8")
    longer = "  A plan made for you, at your pace, with time for questions at every step. " * 12
    content.write_text(text.replace("intro: |\n", "intro: |\n" + longer + "\n", 1), "utf-8")
    result = CliRunner().invoke(main, ["check", "content.yaml", "--format", "trifold"])
    assert result.exit_code == 1
    assert "panel 2 (flap) of the trifold (A4) is" in result.output
    assert "too long at 10.5 pt" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("language", ["he", "ar"])
def test_a_right_to_left_trifold_opens_the_other_way_and_passes_its_preflight(
    language: str,
) -> None:
    leaflet = brochure.load_leaflet(ROOT / f"content.{language}.yaml")
    data = brochure.render_pdf(leaflet, RenderOptions.for_profile("print", format="trifold"))
    report = preflight_bytes(data, "trifold.pdf")
    assert not report.failed(strict=True), report.format_table()
    outside, inside = page_folds(data)
    # The mirror of 97/197 mm outside and 100/200 mm inside: the fold-in panel is now at the
    # inside's left, the front cover at the outside's left.
    assert outside == pytest.approx([100, 200], abs=0.1)
    assert inside == pytest.approx([97, 197], abs=0.1)
    texts = [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]
    assert leaflet.benefits[0].title in texts[1]
