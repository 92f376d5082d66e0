"""Tests for brochure.layout.icons."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib.colors import CMYKColor, Color, HexColor, black
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # plain `pytest` runs without the project installed
    sys.path.insert(0, str(ROOT))

from brochure.content.icons import ICON_NAMES  # noqa: E402
from brochure.layout.icons import _ICONS, draw_icon  # noqa: E402

ICONS_PY = ROOT / "brochure" / "layout" / "icons.py"
TEAL = HexColor("#1F4E5F")

REQUIRED = {
    "sparkle", "smooth", "shield", "texture", "droplet", "clear-skin", "smile", "heart",
    "check", "clock", "calendar", "leaf", "star", "warning", "phone", "mail", "globe",
    "pin", "info",
}  # fmt: skip

# Number of operands taken by each PDF path-construction operator we expect.
_POINT_OPS = {"m": 2, "l": 2, "c": 6, "v": 4, "y": 4}


def _emitted(canvas: Canvas, name: str, x: float, y: float, size: float) -> list[str]:
    """Content-stream tokens emitted by one draw_icon call."""
    code: list[str] = vars(canvas)["_code"]  # ReportLab's pending page content
    start = len(code)
    draw_icon(canvas, name, x, y, size, TEAL)
    return " ".join(code[start:]).split()


def _geometry(tokens: list[str]) -> tuple[list[tuple[float, float]], list[float], set[str]]:
    """Interpret path operators: (page-space points incl. control points, line widths, ops).

    Tracks the current transformation matrix through ``q``/``Q``/``cm`` so the
    points are where the ink lands on the page, wherever the icon chose to put
    its coordinates. Control points bound their Bézier segments, so checking
    them is conservative. Line widths are scaled to page units.
    """
    Matrix = tuple[float, float, float, float, float, float]
    ctm: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    saved: list[Matrix] = []
    points: list[tuple[float, float]] = []
    widths: list[float] = []
    ops: set[str] = set()
    stack: list[float] = []

    def page(px: float, py: float) -> tuple[float, float]:
        a, b, c, d, e, f = ctm
        return (a * px + c * py + e, b * px + d * py + f)

    for tok in tokens:
        try:
            stack.append(float(tok))
            continue
        except ValueError:
            pass
        ops.add(tok)
        if tok in _POINT_OPS:
            nums = stack[-_POINT_OPS[tok] :]
            points += [page(px, py) for px, py in zip(nums[0::2], nums[1::2], strict=True)]
        elif tok == "re":
            rx, ry, rw, rh = stack[-4:]
            points += [page(rx, ry), page(rx + rw, ry), page(rx, ry + rh), page(rx + rw, ry + rh)]
        elif tok == "w":
            a, b, c, d, _, _ = ctm
            widths.append(stack[-1] * abs(a * d - b * c) ** 0.5)
        elif tok == "q":
            saved.append(ctm)
        elif tok == "Q":
            ctm = saved.pop()
        elif tok == "cm":
            m0, m1, m2, m3, m4, m5 = stack[-6:]
            a, b, c, d, e, f = ctm
            ctm = (
                m0 * a + m1 * c,
                m0 * b + m1 * d,
                m2 * a + m3 * c,
                m2 * b + m3 * d,
                m4 * a + m5 * c + e,
                m4 * b + m5 * d + f,
            )
        stack.clear()
    return points, widths, ops


def test_icon_names_complete_and_sorted() -> None:
    assert isinstance(ICON_NAMES, tuple)
    assert set(ICON_NAMES) >= REQUIRED
    assert list(ICON_NAMES) == sorted(ICON_NAMES)
    assert len(set(ICON_NAMES)) == len(ICON_NAMES)
    assert all(isinstance(n, str) and n for n in ICON_NAMES)


def test_the_layout_draws_exactly_the_names_content_accepts() -> None:
    assert sorted(_ICONS) == list(ICON_NAMES)


@pytest.mark.parametrize("name", ICON_NAMES)
@pytest.mark.parametrize(("x", "y", "size"), [(0.0, 0.0, 24.0), (100.5, 37.25, 14.0)])
def test_icon_ink_stays_inside_box(name: str, x: float, y: float, size: float) -> None:
    canvas = Canvas(io.BytesIO(), pagesize=(200, 200))
    tokens = _emitted(canvas, name, x, y, size)
    points, widths, ops = _geometry(tokens)

    assert points, f"{name} drew nothing"
    assert ops & {"S", "s", "f", "f*", "B", "B*", "b", "b*"}, f"{name} never painted"
    assert not ops & {"BT", "Tf", "Tj", "TJ", "Do", "BI"}, f"{name} used text or images"
    assert widths == [pytest.approx(size / 12)]
    # Round caps/joins reach half a stroke beyond the path; with that, ink stays in the box.
    half = widths[0] / 2
    for px, py in points:
        assert x + half - 1e-6 <= px <= x + size - half + 1e-6, (name, px)
        assert y + half - 1e-6 <= py <= y + size - half + 1e-6, (name, py)
    # Roughly centred: the path's extent is balanced in the box.
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert abs((min(xs) + max(xs)) / 2 - (x + size / 2)) < size * 0.06, name
    assert abs((min(ys) + max(ys)) / 2 - (y + size / 2)) < size * 0.06, name


def test_icons_are_upright() -> None:
    canvas = Canvas(io.BytesIO())
    check, _, _ = _geometry(_emitted(canvas, "check", 0, 0, 24))
    # The check mark's long stroke ends top-right (PDF y grows upwards).
    assert max(check) == max(check, key=lambda p: p[1])
    pin, _, _ = _geometry(_emitted(canvas, "pin", 0, 0, 24))
    tip = min(pin, key=lambda p: p[1])
    assert tip[0] == pytest.approx(12, abs=0.1) and tip[1] < 6


def test_icons_render_inside_box_in_a_real_pdf() -> None:
    pdfium = pytest.importorskip("pypdfium2")
    size, margin, scale = 28.0, 6.0, 4.0
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(size + 2 * margin, size + 2 * margin))
    for name in ICON_NAMES:
        draw_icon(canvas, name, margin, margin, size, black)
        canvas.showPage()
    canvas.save()

    doc = pdfium.PdfDocument(buf.getvalue())
    assert len(doc) == len(ICON_NAMES)
    lo, hi = int(margin * scale) - 1, int((margin + size) * scale) + 1
    for name, page in zip(ICON_NAMES, doc, strict=True):
        img = page.render(scale=scale).to_pil().convert("L")
        width, height = img.size
        px = img.load()
        dark = [
            (i, j) for j in range(height) for i in range(width) if px[i, j] < 250
        ]  # fmt: skip
        assert len(dark) > 50, f"{name} rendered (almost) nothing"
        outside = [(i, j) for i, j in dark if not (lo <= i <= hi and lo <= j <= hi)]
        assert not outside, f"{name} has ink outside its box, e.g. {outside[:3]}"


def test_unknown_name_raises_key_error() -> None:
    canvas = Canvas(io.BytesIO())
    with pytest.raises(KeyError) as info:
        draw_icon(canvas, "no-such-icon", 0, 0, 20, TEAL)
    assert info.value.args == ("no-such-icon",)


def test_non_positive_size_draws_nothing() -> None:
    canvas = Canvas(io.BytesIO())
    assert _emitted(canvas, "heart", 5, 5, 0) == []
    assert _emitted(canvas, "heart", 5, 5, -3) == []
    with pytest.raises(KeyError):
        draw_icon(canvas, "nope", 5, 5, 0, TEAL)


@pytest.mark.parametrize(
    "color",
    [CMYKColor(0.8, 0.2, 0, 0.5), Color(0.12, 0.3, 0.37, alpha=0.5), HexColor("#1F4E5F")],
)
def test_colour_kinds_produce_a_valid_pdf(color: Color) -> None:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(100, 100))
    for name in ICON_NAMES:
        draw_icon(canvas, name, 10, 10, 20, color)
    canvas.save()
    pdfium = pytest.importorskip("pypdfium2")
    page = pdfium.PdfDocument(buf.getvalue())[0]
    assert page.render(scale=1).to_pil().convert("L").getextrema()[0] < 200


def test_canvas_state_is_restored() -> None:
    canvas = Canvas(io.BytesIO())
    canvas.setFont("Times-Roman", 9)
    canvas.setFillColor(Color(0.9, 0.1, 0.1))
    canvas.setStrokeColor(Color(0.1, 0.9, 0.1))
    canvas.setLineWidth(3.5)
    canvas.setLineCap(2)
    canvas.setLineJoin(0)
    canvas.setDash([3, 2])
    attrs = [
        "_fillColorObj",
        "_strokeColorObj",
        "_lineWidth",
        "_lineCap",
        "_lineJoin",
        "_lineDash",
        "_fontname",
        "_fontsize",
        "_currentMatrix",
    ]
    before = {a: getattr(canvas, a) for a in attrs}
    depth = len(canvas.state_stack)

    for name in ICON_NAMES:
        tokens = _emitted(canvas, name, 10, 10, 20)
        assert tokens[0] == "q" and tokens[-1] == "Q", name
        assert tokens.count("q") == tokens.count("Q"), name

    assert {a: getattr(canvas, a) for a in attrs} == before
    assert len(canvas.state_stack) == depth


def test_state_restored_even_when_drawing_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    canvas = Canvas(io.BytesIO())
    depth = len(canvas.state_stack)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(canvas, "drawPath", boom)
    with pytest.raises(RuntimeError):
        draw_icon(canvas, "heart", 0, 0, 20, TEAL)
    assert len(canvas.state_stack) == depth


def test_import_does_not_import_reportlab() -> None:
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('icons_probe', {str(ICONS_PY)!r})\n"
        "mod = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(mod)\n"
        "assert 'sparkle' in mod._ICONS\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab')\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
