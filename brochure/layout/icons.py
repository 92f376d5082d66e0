"""Built-in vector line icons drawn directly on a ReportLab canvas.

Each icon is designed on a 24-unit grid (y pointing down, like SVG icon sets)
with a 2-unit stroke, rounded caps and joins, and its ink kept inside
2..22 units, so it sits centred with ~10% padding in whatever square it is
drawn into.  Nothing here imports ReportLab at runtime until an icon is
drawn.  The names are content vocabulary (:data:`brochure.content.icons.ICON_NAMES`); this module
draws exactly those.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.lib.colors import Color
    from reportlab.pdfgen.canvas import Canvas

__all__ = ["draw_icon"]

_GRID = 24.0
_STROKE = 2.0
_ROUND = 1  # PDF line cap / line join style "round"
_NON_ZERO = 1  # ReportLab's FILL_NON_ZERO: overlapping filled subpaths stay filled
_KAPPA = 0.5523  # cubic handle length that approximates a quarter circle

# One paint operation: PDF path-construction code in grid units, stroke?, fill?
_Paint = tuple[str, bool, bool]


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


class _Pen:
    """Records an icon's paths in grid units as ready-made PDF path code.

    The geometry is recorded once per icon and replayed under a coordinate
    transform: formatting numbers for every draw (ReportLab's formatter is pure
    Python unless its optional C accelerator is installed) would otherwise
    dominate the cost of drawing an icon.
    """

    __slots__ = ("_cur", "_open", "_ops", "paints")

    def __init__(self) -> None:
        self._ops: list[str] = []
        self._cur = (0.0, 0.0)
        self._open = False
        self.paints: list[_Paint] = []

    def move(self, u: float, v: float) -> None:
        self._ops.append(f"{_num(u)} {_num(v)} m")
        self._cur = (u, v)
        self._open = True

    def line(self, u: float, v: float) -> None:
        self._ops.append(f"{_num(u)} {_num(v)} l")
        self._cur = (u, v)

    def curve(self, u1: float, v1: float, u2: float, v2: float, u3: float, v3: float) -> None:
        self._ops.append(" ".join(map(_num, (u1, v1, u2, v2, u3, v3))) + " c")
        self._cur = (u3, v3)

    def quad(self, cu: float, cv: float, u: float, v: float) -> None:
        """Quadratic Bézier from the current point, expressed as a cubic."""
        pu, pv = self._cur
        self.curve(
            pu + (cu - pu) * 2 / 3,
            pv + (cv - pv) * 2 / 3,
            u + (cu - u) * 2 / 3,
            v + (cv - v) * 2 / 3,
            u,
            v,
        )

    def arc(self, cu: float, cv: float, r: float, start: float, end: float) -> None:
        """Circular arc in degrees (0 = right, 90 = down), continuing the subpath."""
        a = math.radians(start)
        su, sv = cu + r * math.cos(a), cv + r * math.sin(a)
        if self._open:
            self.line(su, sv)
        else:
            self.move(su, sv)
        n = max(1, math.ceil(abs(end - start) / 90.0 - 1e-9))
        step = math.radians(end - start) / n
        t = 4.0 / 3.0 * math.tan(step / 4.0) * r
        for _ in range(n):
            b = a + step
            cos_a, sin_a, cos_b, sin_b = math.cos(a), math.sin(a), math.cos(b), math.sin(b)
            self.curve(
                cu + r * cos_a - t * sin_a,
                cv + r * sin_a + t * cos_a,
                cu + r * cos_b + t * sin_b,
                cv + r * sin_b - t * cos_b,
                cu + r * cos_b,
                cv + r * sin_b,
            )
            a = b

    def close(self) -> None:
        self._ops.append("h")
        self._open = False

    def polyline(self, *pts: tuple[float, float]) -> None:
        self.move(*pts[0])
        for p in pts[1:]:
            self.line(*p)

    def circle(self, cu: float, cv: float, r: float) -> None:
        self._open = False
        self.arc(cu, cv, r, 0.0, 360.0)
        self.close()

    def rrect(self, u: float, v: float, w: float, h: float, r: float) -> None:
        self.rpoly(((u, v), (u + w, v), (u + w, v + h), (u, v + h)), r, _KAPPA)

    def rpoly(self, pts: tuple[tuple[float, float], ...], r: float, bend: float = 2 / 3) -> None:
        """Closed polygon with corners rounded off `r` units along each edge.

        `bend` places the Bézier handles along the edges toward each corner:
        2/3 gives a quadratic corner, ``_KAPPA`` a circular one (right angles).
        """
        n = len(pts)
        last, first = pts[-1], pts[0]
        self.move((last[0] + first[0]) / 2, (last[1] + first[1]) / 2)
        for i, (vu, vv) in enumerate(pts):
            pu, pv = pts[i - 1]
            nu, nv = pts[(i + 1) % n]
            dp = math.hypot(pu - vu, pv - vv)
            dn = math.hypot(nu - vu, nv - vv)
            au, av = vu + (pu - vu) * r / dp, vv + (pv - vv) * r / dp
            bu, bv = vu + (nu - vu) * r / dn, vv + (nv - vv) * r / dn
            self.line(au, av)
            self.curve(
                au + (vu - au) * bend,
                av + (vv - av) * bend,
                bu + (vu - bu) * bend,
                bv + (vv - bv) * bend,
                bu,
                bv,
            )
        self.close()

    def sparkle(self, cu: float, cv: float, r: float, pinch: float = 0.16) -> None:
        """Four-point star with concave sides."""
        p = r * pinch
        self.move(cu, cv - r)
        self.quad(cu + p, cv - p, cu + r, cv)
        self.quad(cu + p, cv + p, cu, cv + r)
        self.quad(cu - p, cv + p, cu - r, cv)
        self.quad(cu - p, cv - p, cu, cv - r)
        self.close()

    def _paint(self, stroke: bool, fill: bool) -> None:
        code = " ".join(self._ops)
        if self.paints and self.paints[-1][1:] == (stroke, fill):
            # Same paint mode: one path, so translucent colours don't double up.
            code = f"{self.paints.pop()[0]} {code}"
        self.paints.append((code, stroke, fill))
        self._ops = []
        self._open = False

    def stroke(self) -> None:
        self._paint(True, False)

    def fill(self) -> None:
        self._paint(False, True)

    def fill_stroke(self) -> None:
        self._paint(True, True)

    def dots(self, r: float, *centres: tuple[float, float]) -> None:
        """Filled dots; shapes, because zero-length round caps render unreliably."""
        for cu, cv in centres:
            self.circle(cu, cv, r)
        self.fill()


def _sparkle(p: _Pen) -> None:
    p.sparkle(10.5, 14.0, 7.5)
    p.stroke()
    p.sparkle(18.25, 5.75, 3.0, 0.2)
    p.fill_stroke()


def _smooth(p: _Pen) -> None:
    # Ripples flatten from top to bottom: wrinkles being smoothed out.
    for v, amp in ((6.5, 2.25), (12.5, 1.25)):
        p.move(3.0, v)
        for i in range(3):
            u = 3.0 + 6.0 * i
            h = amp * 4 / 3 * (-1 if i % 2 == 0 else 1)  # a cubic peaks at 3/4 of its handles
            p.curve(u + 2.2, v + h, u + 3.8, v + h, u + 6.0, v)
    p.polyline((3.0, 18.5), (21.0, 18.5))
    p.stroke()


def _shield(p: _Pen) -> None:
    p.move(12.0, 21.0)
    p.curve(7.5, 19.5, 4.5, 16.5, 4.5, 12.0)
    p.line(4.5, 6.5)
    p.curve(7.5, 6.3, 10.0, 5.0, 12.0, 3.0)
    p.curve(14.0, 5.0, 16.5, 6.3, 19.5, 6.5)
    p.line(19.5, 12.0)
    p.curve(19.5, 16.5, 16.5, 19.5, 12.0, 21.0)
    p.close()
    p.polyline((8.75, 12.25), (11.0, 14.5), (15.25, 10.0))
    p.stroke()


def _texture(p: _Pen) -> None:
    # Honeycomb of three pointy-top cells with nuclei, centred in the box.
    r = 4.6
    w = r * math.sqrt(3) / 2
    cells = ((12.0 - w, 8.55), (12.0 + w, 8.55), (12.0, 8.55 + 1.5 * r))
    for cu, cv in cells:
        corners = [math.radians(30 + 60 * i) for i in range(6)]
        p.rpoly(tuple((cu + r * math.cos(a), cv + r * math.sin(a)) for a in corners), 1.0)
    p.stroke()
    p.dots(1.1, *cells)


def _droplet(p: _Pen) -> None:
    p.move(12.0, 3.0)
    p.curve(9.25, 6.5, 5.0, 9.75, 5.0, 14.25)
    p.arc(12.0, 14.25, 7.0, 180.0, 0.0)
    p.curve(19.0, 9.75, 14.75, 6.5, 12.0, 3.0)
    p.close()
    p.stroke()


def _clear_skin(p: _Pen) -> None:
    # Content face (closed eyes) left open at the top right for the sparkle,
    # so it stays distinct from "smile".
    p.arc(11.0, 13.0, 8.0, -15.0, 280.0)
    p.stroke()
    p.arc(8.0, 11.5, 1.5, 200.0, 340.0)
    p.stroke()
    p.arc(14.0, 11.5, 1.5, 200.0, 340.0)
    p.stroke()
    p.arc(11.0, 13.0, 4.0, 40.0, 140.0)
    p.stroke()
    p.sparkle(18.5, 5.5, 3.0, 0.2)
    p.fill_stroke()


def _smile(p: _Pen) -> None:
    p.circle(12.0, 12.0, 9.0)
    p.arc(12.0, 12.0, 5.0, 30.0, 150.0)
    p.stroke()
    p.dots(1.25, (9.0, 9.5), (15.0, 9.5))


def _heart(p: _Pen) -> None:
    p.move(12.0, 20.0)
    p.curve(6.5, 16.0, 3.0, 12.5, 3.0, 8.75)
    p.curve(3.0, 5.75, 5.25, 4.0, 7.75, 4.0)
    p.curve(9.75, 4.0, 11.0, 5.0, 12.0, 6.75)
    p.curve(13.0, 5.0, 14.25, 4.0, 16.25, 4.0)
    p.curve(18.75, 4.0, 21.0, 5.75, 21.0, 8.75)
    p.curve(21.0, 12.5, 17.5, 16.0, 12.0, 20.0)
    p.close()
    p.stroke()


def _check(p: _Pen) -> None:
    p.polyline((4.0, 12.5), (9.0, 17.5), (20.0, 6.5))
    p.stroke()


def _clock(p: _Pen) -> None:
    p.circle(12.0, 12.0, 9.0)
    p.polyline((12.0, 7.0), (12.0, 12.0), (15.5, 14.0))
    p.stroke()


def _calendar(p: _Pen) -> None:
    p.rrect(3.5, 5.0, 17.0, 16.0, 2.5)
    p.polyline((3.5, 10.0), (20.5, 10.0))
    p.polyline((8.0, 3.0), (8.0, 7.0))
    p.polyline((16.0, 3.0), (16.0, 7.0))
    p.stroke()
    p.dots(1.1, (8.0, 14.0), (12.0, 14.0), (16.0, 14.0), (8.0, 17.5), (12.0, 17.5))


def _leaf(p: _Pen) -> None:
    p.move(6.0, 18.0)
    p.curve(4.0, 11.0, 9.5, 4.5, 20.0, 4.0)
    p.curve(19.5, 14.5, 13.0, 20.0, 6.0, 18.0)
    p.close()
    p.polyline((3.5, 20.5), (13.0, 11.0))
    p.stroke()


def _star(p: _Pen) -> None:
    outer, inner, cu, cv = 9.5, 4.3, 12.0, 12.9
    pts = tuple(
        (
            cu + (outer if i % 2 == 0 else inner) * math.cos(math.radians(-90 + 36 * i)),
            cv + (outer if i % 2 == 0 else inner) * math.sin(math.radians(-90 + 36 * i)),
        )
        for i in range(10)
    )
    p.rpoly(pts, 1.2)
    p.stroke()


def _warning(p: _Pen) -> None:
    p.rpoly(((12.0, 3.0), (21.5, 20.0), (2.5, 20.0)), 2.5)
    p.polyline((12.0, 9.0), (12.0, 13.5))
    p.stroke()
    p.dots(1.25, (12.0, 16.75))


def _phone(p: _Pen) -> None:
    # Handset, symmetric about the anti-diagonal (u, v) -> (24 - v, 24 - u).
    p.move(5.0, 3.0)
    p.line(8.0, 3.0)
    p.curve(8.8, 3.0, 9.3, 3.5, 9.4, 4.2)
    p.line(9.8, 7.0)
    p.curve(9.9, 7.7, 9.6, 8.3, 9.1, 8.7)
    p.line(7.6, 9.8)
    p.curve(9.2, 12.6, 11.4, 14.8, 14.2, 16.4)
    p.line(15.3, 14.9)
    p.curve(15.7, 14.4, 16.3, 14.1, 17.0, 14.2)
    p.line(19.8, 14.6)
    p.curve(20.5, 14.7, 21.0, 15.2, 21.0, 16.0)
    p.line(21.0, 19.0)
    p.curve(21.0, 20.1, 20.1, 21.0, 19.0, 21.0)
    p.curve(11.0, 21.0, 3.0, 13.0, 3.0, 5.0)
    p.curve(3.0, 3.9, 3.9, 3.0, 5.0, 3.0)
    p.close()
    p.stroke()


def _mail(p: _Pen) -> None:
    p.rrect(3.0, 5.0, 18.0, 14.0, 2.5)
    p.polyline((3.5, 7.5), (12.0, 13.0), (20.5, 7.5))
    p.stroke()


def _globe(p: _Pen) -> None:
    p.circle(12.0, 12.0, 9.0)
    p.move(12.0, 3.0)
    p.curve(16.5, 7.5, 16.5, 16.5, 12.0, 21.0)
    p.curve(7.5, 16.5, 7.5, 7.5, 12.0, 3.0)
    p.close()
    p.polyline((3.0, 12.0), (21.0, 12.0))
    p.stroke()


def _pin(p: _Pen) -> None:
    p.arc(12.0, 10.0, 7.0, 180.0, 360.0)
    p.curve(19.0, 14.5, 15.0, 18.5, 12.0, 21.0)
    p.curve(9.0, 18.5, 5.0, 14.5, 5.0, 10.0)
    p.close()
    p.circle(12.0, 10.0, 2.5)
    p.stroke()


def _info(p: _Pen) -> None:
    p.circle(12.0, 12.0, 9.0)
    p.polyline((12.0, 11.0), (12.0, 16.5))
    p.stroke()
    p.dots(1.25, (12.0, 7.75))


_ICONS: dict[str, Callable[[_Pen], None]] = {
    "calendar": _calendar,
    "check": _check,
    "clear-skin": _clear_skin,
    "clock": _clock,
    "droplet": _droplet,
    "globe": _globe,
    "heart": _heart,
    "info": _info,
    "leaf": _leaf,
    "mail": _mail,
    "phone": _phone,
    "pin": _pin,
    "shield": _shield,
    "smile": _smile,
    "smooth": _smooth,
    "sparkle": _sparkle,
    "star": _star,
    "texture": _texture,
    "warning": _warning,
}


def _record(icon: Callable[[_Pen], None]) -> tuple[_Paint, ...]:
    pen = _Pen()
    icon(pen)
    return tuple(pen.paints)


_RECORDED: dict[str, tuple[_Paint, ...]] = {}


def draw_icon(canvas: Canvas, name: str, x: float, y: float, size: float, color: Color) -> None:
    """Draw icon `name` filling the square with lower-left corner (x, y) and side `size`.

    The icon is stroked (and, for small accents, filled) in `color` with a line
    width of ``size / 12`` and rounded caps and joins; its ink stays inside the
    square with roughly 10% padding.  The canvas graphics state is saved and
    restored around the drawing, and no font or text is used.  A non-positive
    `size` draws nothing.

    Raises:
        KeyError: if `name` is not one of
            :data:`brochure.content.icons.ICON_NAMES`.
    """
    paints = _RECORDED.get(name)
    if paints is None:
        try:
            icon = _ICONS[name]
        except KeyError:
            raise KeyError(name) from None
        paints = _RECORDED[name] = _record(icon)
    if size <= 0:
        return
    # Deferred: importing this module never loads ReportLab.
    from reportlab.pdfgen.pathobject import PDFPathObject

    k = size / _GRID
    canvas.saveState()
    try:
        canvas.setStrokeColor(color)
        canvas.setFillColor(color)
        # Map the y-down design grid onto the target square; the line width
        # below is in grid units and scales with it.
        canvas.transform(k, 0, 0, -k, x, y + size)
        canvas.setLineWidth(_STROKE)
        canvas.setLineCap(_ROUND)
        canvas.setLineJoin(_ROUND)
        canvas.setDash([])
        for code, stroke, fill in paints:
            canvas.drawPath(PDFPathObject([code]), stroke=stroke, fill=fill, fillMode=_NON_ZERO)
    finally:
        canvas.restoreState()
