"""Fold lines recorded in the PDF (``/PieceInfo /Brochure /Private /Folds``): written per page,
read back, the same bytes for the same input, and written by the builds that fold."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

import brochure
from brochure.layout.folding import SIDES, trifold_layout
from brochure.layout.paper import MM
from brochure.pdf.folds import PIECE, read_folds, saved, write_folds
from brochure.pdf.render import RenderOptions
from tests.helpers import ROOT

SHEET = (297 * MM, 210 * MM)


def plain_pdf(pages: int, modified: str | None = "20240102030405+00'00'") -> bytes:
    """``pages`` landscape A4 pages with a word each, and a fixed modification date."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=SHEET, invariant=1)
    for number in range(pages):
        canvas.setFont("Helvetica", 10)
        canvas.drawString(20 * MM, 100 * MM, f"page {number + 1}")
        canvas.showPage()
    canvas.save()
    if modified is None:
        return buffer.getvalue()
    with pikepdf.open(buffer) as pdf:
        pdf.docinfo["/ModDate"] = pikepdf.String(f"D:{modified}")
        return saved(pdf)


def recorded(data: bytes) -> list[dict[str, Any]]:
    """Each page's page-piece entries, as plain values."""
    found: list[dict[str, Any]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            entry: dict[str, Any] = {}
            if "/PieceInfo" in page.obj:
                piece = page.obj.PieceInfo[PIECE]
                entry["folds"] = [float(x) for x in piece.Private.Folds]
                entry["piece date"] = str(piece.LastModified)
                entry["page date"] = str(page.obj.LastModified)
            found.append(entry)
    return found


def test_each_page_records_its_folds_and_later_pages_take_the_last_entry() -> None:
    data = write_folds(plain_pdf(3), [[97 * MM, 197 * MM], [100 * MM, 200 * MM]])
    folds = [[x / MM for x in page["folds"]] for page in recorded(data)]
    assert folds == [
        pytest.approx([97, 197], abs=0.01),
        pytest.approx([100, 200], abs=0.01),
        pytest.approx([100, 200], abs=0.01),
    ]
    assert [list(page) for page in read_folds(data)] == [
        pytest.approx([97 * MM, 197 * MM], abs=0.001),
        pytest.approx([100 * MM, 200 * MM], abs=0.001),
        pytest.approx([100 * MM, 200 * MM], abs=0.001),
    ]


def test_the_date_recorded_is_the_document_s_own() -> None:
    (page,) = recorded(write_folds(plain_pdf(1), [[97 * MM]]))
    assert page["piece date"] == page["page date"] == "D:20240102030405+00'00'"


def test_positions_are_written_to_a_thousandth_of_a_point() -> None:
    data = write_folds(plain_pdf(1), [[274.9606299]])
    assert read_folds(data) == ((274.961,),)


def test_a_page_with_no_folds_records_nothing() -> None:
    data = write_folds(plain_pdf(2), [[97 * MM], []])
    first, second = recorded(data)
    assert "folds" in first and second == {}
    assert read_folds(data)[1] == ()
    assert read_folds(plain_pdf(2)) == ((), ())


def test_the_same_input_gives_the_same_bytes() -> None:
    folds: Sequence[Sequence[float]] = [[97 * MM, 197 * MM], [100 * MM, 200 * MM]]
    source = plain_pdf(2)
    once = write_folds(source, folds)
    assert write_folds(source, folds) == once
    assert write_folds(plain_pdf(2), folds) == once
    # A different fold is a different file.
    assert write_folds(source, [[98 * MM]]) != once


def test_a_file_without_a_modification_date_gets_a_fixed_one() -> None:
    source = plain_pdf(1, modified=None)
    with pikepdf.open(io.BytesIO(source)) as pdf:
        del pdf.docinfo["/ModDate"]
        undated = saved(pdf)
    (page,) = recorded(write_folds(undated, [[97 * MM]]))
    assert page["piece date"] == "D:20000101000000Z"
    assert write_folds(undated, [[97 * MM]]) == write_folds(undated, [[97 * MM]])


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_printed_tri_fold_records_the_table_s_folds(paper: str) -> None:
    leaflet = brochure.load_leaflet(ROOT / "content.yaml")
    data = brochure.render_pdf(
        leaflet, RenderOptions.for_profile("print", format="trifold", paper=paper)
    )
    layout = trifold_layout(paper)  # type: ignore[arg-type]
    expected = [layout.folds(side) for side in SIDES]
    assert [list(page) for page in read_folds(data)] == [
        pytest.approx(list(side), abs=0.001) for side in expected
    ]


@pytest.mark.parametrize(
    ("format", "profile"), [("trifold", "screen"), ("booklet", "print"), ("sheet", "print")]
)
def test_files_that_are_not_folded_sheets_record_no_folds(format: str, profile: str) -> None:
    leaflet = brochure.load_leaflet(ROOT / "content.yaml")
    data = brochure.render_pdf(leaflet, RenderOptions.for_profile(profile, format=format))
    assert set(read_folds(data)) == {()}
