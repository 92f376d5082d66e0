"""The fold clear-space check: folds a file records, folds given with ``--folds``, the mirrored
back of a sheet, and fold lists that cannot be trusted."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import pikepdf
import pytest
from click.testing import Result
from reportlab.pdfgen.canvas import Canvas

from brochure.errors import BrochureError
from brochure.layout.paper import MM
from brochure.pdf.folds import write_folds
from brochure.preflight import PreflightReport, parse_folds, preflight_bytes

SHEET = (297 * MM, 210 * MM)


def sheet_pdf(words: Sequence[Sequence[tuple[float, str]]]) -> bytes:
    """A landscape A4 sheet per entry, its TrimBox the page, each word at (x mm, mid-height)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=SHEET, invariant=1)
    for page in words:
        canvas.setTrimBox((0, 0, *SHEET))
        canvas.setFont("Helvetica", 10)
        for x, text in page:
            canvas.drawString(x * MM, 100 * MM, text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def folds(report: PreflightReport) -> tuple[str, list[str]]:
    (check,) = [c for c in report.checks if c.id == "folds"]
    return check.coverage, [f.message for f in report.findings if f.check == "folds"]


def test_text_across_a_fold_fails_when_the_folds_are_given() -> None:
    data = sheet_pdf([[(92, "across the fold here"), (20, "clear")]])
    coverage, found = folds(preflight_bytes(data, "x.pdf", folds=(97 * MM, 197 * MM)))
    assert coverage == "full"
    assert found == ['text crosses the fold at 97.0 mm: "across the fold here"']


def test_text_near_a_fold_fails_and_text_10mm_away_passes() -> None:
    near = sheet_pdf([[(199, "near")]])
    (message,) = folds(preflight_bytes(near, "x.pdf", folds=(97 * MM, 197 * MM)))[1]
    assert message.startswith("text 2.0 mm from the fold at 197.0 mm (5 mm wanted)")
    away = sheet_pdf([[(207, "away"), (20, "left")]])
    report = preflight_bytes(away, "x.pdf", folds=(97 * MM, 197 * MM))
    assert folds(report)[1] == []
    assert not any(f.check == "folds" for f in report.findings)


def test_without_folds_the_check_says_it_could_not_look() -> None:
    coverage, found = folds(preflight_bytes(sheet_pdf([[(92, "across")]]), "x.pdf"))
    assert coverage == "none" and found == []


def test_the_back_of_a_sheet_is_checked_at_the_mirrored_folds() -> None:
    # Page 2 is the back: the first side's folds at 97 and 197 mm fall at 200 and 100 mm
    # there: a word ending 3 mm short of 97 mm would fail on the front, not on the back.
    data = sheet_pdf([[(20, "front")], [(86, "clear"), (198, "on the fold")]])
    found = folds(preflight_bytes(data, "x.pdf", folds=(97 * MM, 197 * MM)))[1]
    assert found == ['text crosses the fold at 200.0 mm: "on the fold"']


def test_folds_recorded_in_the_file_are_used() -> None:
    data = write_folds(sheet_pdf([[(92, "across")], [(20, "fine")]]), [[97 * MM], [200 * MM]])
    coverage, found = folds(preflight_bytes(data, "x.pdf"))
    assert coverage == "full" and found == ['text crosses the fold at 97.0 mm: "across"']


@pytest.mark.parametrize(
    "garbage",
    [
        pikepdf.Array([pikepdf.String("97")]),
        pikepdf.Array(list(range(1, 101))),
        pikepdf.Array([-5]),
        pikepdf.Name("/Folds"),
        pikepdf.Array([]),
    ],
)
def test_a_fold_list_that_cannot_be_trusted_is_ignored(garbage: pikepdf.Object) -> None:
    source = write_folds(sheet_pdf([[(92, "across")]]), [[97 * MM]])
    with pikepdf.open(io.BytesIO(source)) as pdf:
        pdf.pages[0].obj.PieceInfo.Brochure.Private.Folds = garbage
        out = io.BytesIO()
        pdf.save(out)
    coverage, found = folds(preflight_bytes(out.getvalue(), "x.pdf"))
    assert coverage == "none" and found == []


def test_write_folds_is_reproducible_and_keeps_one_entry_per_page() -> None:
    data = sheet_pdf([[(20, "a")], [(20, "b")], [(20, "c")]])
    once = write_folds(data, [[97 * MM, 197 * MM], [100 * MM, 200 * MM]])
    assert write_folds(data, [[97 * MM, 197 * MM], [100 * MM, 200 * MM]]) == once
    with pikepdf.open(io.BytesIO(once)) as pdf:
        recorded = [
            [round(float(x) / MM, 1) for x in page.obj.PieceInfo.Brochure.Private.Folds]
            for page in pdf.pages
        ]
        assert "/LastModified" in pdf.pages[0].obj
    assert recorded == [[97, 197], [100, 200], [100, 200]]  # later pages take the last entry


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("97,197mm", (97 * MM, 197 * MM)),
        ("197, 97 mm", (97 * MM, 197 * MM)),
        ("3.625,7.3125in", (3.625 * 72, 7.3125 * 72)),
        ("100", (100.0,)),
    ],
)
def test_parse_folds(text: str, points: tuple[float, ...]) -> None:
    assert parse_folds(text) == pytest.approx(points)


@pytest.mark.parametrize("text", ["abc", "0mm", "97,,197mm", "-3mm"])
def test_parse_folds_rejects_what_is_not_a_list_of_positions(text: str) -> None:
    with pytest.raises(BrochureError, match="--folds"):
        parse_folds(text)


def test_the_command_line_takes_folds(
    preflight_cli: Callable[..., Result], tmp_path: pytest.TempPathFactory
) -> None:
    path = tmp_path / "sheet.pdf"  # type: ignore[operator]
    path.write_bytes(sheet_pdf([[(92, "across the fold")]]))
    result = preflight_cli(str(path), "--folds", "97,197mm")
    assert result.exit_code == 1
    assert 'text crosses the fold at 97.0 mm: "across the fold"' in result.output
    bad = preflight_cli(str(path), "--folds", "here")
    assert bad.exit_code == 1 and "--folds 'here'" in bad.output and "Traceback" not in bad.output
