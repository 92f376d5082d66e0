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
from brochure.pdf.impose import saddle_order
from brochure.pdf.render import RenderOptions
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
    plain, crept = placed(spreads), placed(imposed("0.5mm"))
    for index, (before, after) in enumerate(zip(plain, crept, strict=True)):
        sheet = index // 2
        (left_before, right_before), (left_after, right_after) = before, after
        assert (left_after[1] - left_before[1]) / MM == pytest.approx(0.5 * sheet, abs=0.001)
        assert (right_before[1] - right_after[1]) / MM == pytest.approx(0.5 * sheet, abs=0.001)
