"""The fold clear-space check: folds a file records, folds given with ``--folds``, the mirrored
back of a sheet, and fold lists that cannot be trusted."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import pikepdf
import pytest
from click.testing import Result
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from brochure.errors import BrochureError
from brochure.layout.paper import MM
from brochure.pdf.folds import write_folds
from brochure.preflight import PreflightReport, parse_folds, preflight_bytes
from tests.preflight.preflight_pdfs import FONT, register_font

SHEET = (297 * MM, 210 * MM)


def sheet_pdf(words: Sequence[Sequence[tuple[float, str]]]) -> bytes:
    """A landscape A4 sheet per entry, its TrimBox the page, each word at (x mm, mid-height)
    in an embedded font (its widths in the file: the preflight measures the text exactly)."""
    register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=SHEET, invariant=1)
    for page in words:
        canvas.setTrimBox((0, 0, *SHEET))
        canvas.setFont(FONT, 10)
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


@pytest.mark.parametrize("fold", [97, 197])
def test_the_same_text_moved_10mm_from_the_fold_passes(fold: float) -> None:
    words = "a line of text"
    width = stringWidth(words, FONT, 10) / MM
    across = sheet_pdf([[(fold - width / 2, words)]])
    (message,) = folds(preflight_bytes(across, "x.pdf", folds=(97 * MM, 197 * MM)))[1]
    assert message == f'text crosses the fold at {fold:.1f} mm: "{words}"'
    for x in (fold + 10, fold - 10 - width):  # its nearest edge 10 mm right, then left of it
        report = preflight_bytes(sheet_pdf([[(x, words)]]), "x.pdf", folds=(97 * MM, 197 * MM))
        assert folds(report) == ("full", [])
        (check,) = [c for c in report.checks if c.id == "folds"]
        assert report.verdict(check) == "ok"


def test_without_folds_the_check_says_it_could_not_look() -> None:
    report = preflight_bytes(sheet_pdf([[(92, "across")]]), "x.pdf")
    coverage, found = folds(report)
    assert coverage == "none" and found == []
    (line,) = [line for line in report.format_table().splitlines() if "fold clear space" in line]
    assert "not checked" in line and "--folds" in line


def test_folds_given_are_used_instead_of_those_the_file_records() -> None:
    data = write_folds(sheet_pdf([[(92, "across")]]), [[150 * MM]])
    assert folds(preflight_bytes(data, "x.pdf"))[1] == []
    found = folds(preflight_bytes(data, "x.pdf", folds=(97 * MM,)))[1]
    assert found == ['text crosses the fold at 97.0 mm: "across"']


def test_the_back_of_a_sheet_is_checked_at_the_mirrored_folds() -> None:
    # Page 2 is the back: the first side's folds at 97 and 197 mm fall at 200 and 100 mm
    # there: a word ending 3 mm short of 97 mm would fail on the front, not on the back.
    data = sheet_pdf([[(20, "front")], [(86, "clear"), (198, "on the fold")]])
    found = folds(preflight_bytes(data, "x.pdf", folds=(97 * MM, 197 * MM)))[1]
    assert found == ['text crosses the fold at 200.0 mm: "on the fold"']
    # Page 3 is the next sheet's first side: the given folds again.
    again = sheet_pdf([[(20, "front")], [(20, "back")], [(86, "clear")]])
    report = preflight_bytes(again, "x.pdf", folds=(97 * MM, 197 * MM))
    assert [(f.page, f.message) for f in report.findings if f.check == "folds"] == [
        (3, 'text 3.0 mm from the fold at 97.0 mm (5 mm wanted): "clear"')
    ]


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
        pikepdf.Array([97, pikepdf.Array([197])]),
        pikepdf.Dictionary(X=97),
    ],
)
def test_a_fold_list_that_cannot_be_trusted_is_ignored(garbage: pikepdf.Object) -> None:
    source = write_folds(sheet_pdf([[(92, "across")]]), [[97 * MM]])
    with pikepdf.open(io.BytesIO(source)) as pdf:
        pdf.pages[0].obj.PieceInfo.Brochure.Private.Folds = garbage
        out = io.BytesIO()
        pdf.save(out)
    report = preflight_bytes(out.getvalue(), "x.pdf")
    assert folds(report) == ("none", [])
    assert not any("fold" in finding.message.lower() for finding in report.findings)


@pytest.mark.parametrize("where", ["/PieceInfo", "/Brochure", "/Private"])
def test_a_page_piece_that_is_not_a_dictionary_is_ignored(where: str) -> None:
    source = write_folds(sheet_pdf([[(92, "across")]]), [[97 * MM]])
    with pikepdf.open(io.BytesIO(source)) as pdf:
        page = pdf.pages[0].obj
        holder = {
            "/PieceInfo": page,
            "/Brochure": page.PieceInfo,
            "/Private": page.PieceInfo.Brochure,
        }[where]
        holder[where] = pikepdf.String("not a dictionary")
        out = io.BytesIO()
        pdf.save(out)
    assert folds(preflight_bytes(out.getvalue(), "x.pdf")) == ("none", [])


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
