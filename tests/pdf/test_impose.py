"""Saddle-stitch imposition: page order on the printer's sheets, their boxes and marks, creep,
and a print file that stays PDF/X-4."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from pypdf import PdfReader

import brochure
from brochure.errors import BrochureError
from brochure.layout.paper import MM
from brochure.pdf.impose import PDF_UA_PART, impose_saddle, saddle_order
from brochure.pdf.render import IMPOSERS, RenderOptions
from brochure.preflight import preflight_bytes
from tests.helpers import ROOT


def imposed(creep: str | None = None) -> bytes:
    leaflet = brochure.load_leaflet(ROOT / "content.yaml")
    options = RenderOptions.for_profile("print", format="booklet", impose="saddle", creep=creep)
    return brochure.render_pdf(leaflet, options)


@pytest.fixture(scope="module")
def spreads() -> bytes:
    return imposed()


@pytest.fixture(scope="module")
def pages() -> list[str]:
    """The booklet's single print pages' text, to tell which page sits where."""
    leaflet = brochure.load_leaflet(ROOT / "content.yaml")
    data = brochure.render_pdf(leaflet, RenderOptions.for_profile("print", format="booklet"))
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]


def test_saddle_order_for_eight_and_twelve_pages() -> None:
    assert saddle_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert saddle_order(4) == [(4, 1), (2, 3)]
    assert saddle_order(12)[:2] == [(12, 1), (2, 11)]
    assert sorted(n for side in saddle_order(12) for n in side) == list(range(1, 13))


def test_a_right_to_left_booklet_is_bound_on_the_right() -> None:
    assert saddle_order(8, right_to_left=True) == [(1, 8), (7, 2), (3, 6), (5, 4)]


@pytest.mark.parametrize("pages", [4, 12, 16])
def test_each_right_to_left_side_is_the_mirror_of_the_left_to_right_one(pages: int) -> None:
    plain, mirrored = saddle_order(pages), saddle_order(pages, right_to_left=True)
    assert mirrored == [(right, left) for left, right in plain]
    assert mirrored[0] == (1, pages)  # the front cover left of the back on the outside


def test_the_hebrew_booklet_s_spreads_put_its_front_cover_on_the_left() -> None:
    hebrew = brochure.load_leaflet(ROOT / "content.he.yaml")
    options = RenderOptions.for_profile("print", format="booklet", impose="saddle")
    data = brochure.render_pdf(hebrew, options)
    single = brochure.render_pdf(hebrew, RenderOptions.for_profile("print", format="booklet"))
    covers = [
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(single)).pages
    ]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        outside = pdf.pages[0].obj.Resources.XObject
        left, right = _form_text(outside["/L"]), _form_text(outside["/R"])
    assert left.strip() and right.strip()
    assert left in covers[0] or covers[0] in left  # the front cover, at the left
    assert right in covers[-1] or covers[-1] in right  # the back cover, at the right


@pytest.mark.parametrize("pages", [0, 6, 10])
def test_a_page_count_not_in_fours_cannot_be_imposed(pages: int) -> None:
    with pytest.raises(BrochureError, match="in fours"):
        saddle_order(pages)


def placed(data: bytes) -> list[list[tuple[str, float]]]:
    """Per sheet side: the forms it draws and the x of each placement (``cm``), left first."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            stream = page.obj.Contents.read_bytes().decode("ascii")
            found.append(
                [(m[2], float(m[1])) for m in re.finditer(r"1 0 0 1 (\S+) \S+ cm /(\w) Do", stream)]
            )
    return found


def test_the_spreads_hold_the_pages_in_saddle_order(spreads: bytes, pages: list[str]) -> None:
    assert len(pages) == 8
    with pikepdf.open(io.BytesIO(spreads)) as pdf:
        assert len(pdf.pages) == 4
        for side, (left, right) in zip(pdf.pages, saddle_order(8), strict=True):
            forms = side.obj.Resources.XObject
            for name, number in (("/L", left), ("/R", right)):
                text = _form_text(forms[name])
                assert text.strip(), f"page {number} is empty"
                assert text in pages[number - 1] or pages[number - 1] in text


def _form_text(form: pikepdf.Object) -> str:
    """The text a placed page draws, through pypdf (a form XObject is written as a page)."""
    out = pikepdf.new()
    page = out.add_blank_page(page_size=(600, 800))
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(P=out.copy_foreign(form)))
    page.obj.Contents = out.make_stream(b"/P Do")
    buffer = io.BytesIO()
    out.save(buffer)
    return " ".join((PdfReader(buffer).pages[0].extract_text() or "").split())


def test_the_sheets_are_landscape_with_their_own_boxes(spreads: bytes) -> None:
    with pikepdf.open(io.BytesIO(spreads)) as pdf:
        assert "/OutputIntents" in pdf.Root and "/StructTreeRoot" not in pdf.Root
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFX"
        metadata = pdf.open_metadata()
        assert PDF_UA_PART not in metadata, "untagged spreads do not claim PDF/UA"
        assert metadata["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            assert ((trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM) == pytest.approx(
                (296, 210), abs=0.1
            )
            assert (trim[0] - bleed[0]) / MM == pytest.approx(3, abs=0.01)
            assert [float(x) / MM for x in page.obj.PieceInfo.Brochure.Private.Folds] == (
                pytest.approx([148], abs=0.1)
            )


def test_the_imposed_file_passes_its_preflight(spreads: bytes) -> None:
    report = preflight_bytes(spreads, "booklet-saddle-print.pdf")
    assert not report.failed(strict=True), report.format_table()


def test_creep_moves_inner_sheets_pages_toward_the_spine(spreads: bytes) -> None:
    crept_pdf = imposed("0.5mm")
    plain, crept = placed(spreads), placed(crept_pdf)
    assert not preflight_bytes(crept_pdf, "crept.pdf").failed(strict=True)
    for index, (before, after) in enumerate(zip(plain, crept, strict=True)):
        sheet = index // 2
        (left_before, right_before), (left_after, right_after) = before, after
        assert (left_after[1] - left_before[1]) / MM == pytest.approx(0.5 * sheet, abs=0.001)
        assert (right_before[1] - right_after[1]) / MM == pytest.approx(0.5 * sheet, abs=0.001)


def dashed_lines(page: pikepdf.Page) -> list[tuple[float, float, float, float]]:
    """The dashed lines a sheet side strokes (x0, y0, x1, y1 in its own space)."""
    lines: list[tuple[float, float, float, float]] = []
    dashed, start = False, (0.0, 0.0)
    for instruction in pikepdf.parse_content_stream(page):
        assert isinstance(instruction, pikepdf.ContentStreamInstruction)
        operator, operands = str(instruction.operator), instruction.operands
        if operator == "d":
            dashed = len(operands[0]) > 0
        elif operator == "Q":
            dashed = False
        elif operator == "m" and dashed:
            start = (float(operands[0]), float(operands[1]))
        elif operator == "l" and dashed:
            lines.append((*start, float(operands[0]), float(operands[1])))
    return lines


def test_each_sheet_has_a_dashed_fold_mark_at_the_spine_above_and_below(spreads: bytes) -> None:
    with pikepdf.open(io.BytesIO(spreads)) as pdf:
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            lines = dashed_lines(page)
            assert len(lines) == 2
            for x0, y0, x1, y1 in lines:
                assert x0 == x1 and (x0 - trim[0]) / MM == pytest.approx(148, abs=0.1)
                assert min(y0, y1) >= bleed[3] or max(y0, y1) <= bleed[1]  # outside the bleed
            assert {y0 > trim[3] for _, y0, _, _ in lines} == {True, False}


def test_without_marks_a_sheet_draws_only_its_pages() -> None:
    leaflet = brochure.load_leaflet(ROOT / "content.yaml")
    single = brochure.render_pdf(
        leaflet, RenderOptions.for_profile("print", format="booklet", marks=False)
    )
    with pikepdf.open(io.BytesIO(impose_saddle(single, marks=False))) as pdf:
        for page in pdf.pages:
            operators = {str(i.operator) for i in pikepdf.parse_content_stream(page)}
            assert "S" not in operators and "Do" in operators
    assert IMPOSERS["saddle"] is impose_saddle


def test_a_half_letter_booklet_is_imposed_on_letter_sheets() -> None:
    leaflet = brochure.load_leaflet(ROOT / "content.yaml")
    options = RenderOptions.for_profile("print", format="booklet", paper="letter", impose="saddle")
    data = brochure.render_pdf(leaflet, options)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) % 2 == 0
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx((11 * 72, 8.5 * 72))
            assert [float(x) for x in page.obj.PieceInfo.Brochure.Private.Folds] == (
                pytest.approx([5.5 * 72], abs=0.01)
            )
    assert not preflight_bytes(data, "letter-saddle.pdf").failed(strict=True)


def test_an_imposed_booklet_is_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert imposed("0.2mm") == imposed("0.2mm")
