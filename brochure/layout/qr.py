"""QR codes as crisp vector paths, computed once per address.

ReportLab's QR widget builds one graphics object per run of modules and encodes the data twice
per drawing (bounds, then draw); for a leaflet that is most of the render time. Here the module
matrix is computed once with ReportLab's encoder and drawn as a single path.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.lib.colors import Color
    from reportlab.pdfgen.canvas import Canvas

QrMatrix = tuple[tuple[bool, ...], ...]


@lru_cache(maxsize=64)
def qr_matrix(text: str, level: str = "M") -> QrMatrix:
    """The dark/light modules of the QR code for ``text`` (error correction ``level``)."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    code.addData(text)
    code.make()
    return tuple(tuple(bool(module) for module in row) for row in code.modules)


def draw_qr(
    canvas: Canvas, matrix: QrMatrix, x: float, y: float, size: float, color: Color
) -> None:
    """Draw ``matrix`` filling the square at (x, y) of side ``size`` (no quiet zone)."""
    count = len(matrix)
    module = size / count
    path = canvas.beginPath()
    for row, cells in enumerate(matrix):
        top = y + size - (row + 1) * module
        column = 0
        for dark, run in itertools.groupby(cells):
            length = len(list(run))
            if dark:
                path.rect(x + column * module, top, length * module, module)
            column += length
    canvas.saveState()
    canvas.setFillColor(color)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
