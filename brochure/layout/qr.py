"""QR codes as crisp vector paths, computed once per address.

ReportLab's QR widget builds one graphics object per run of modules and encodes the data twice
per drawing (bounds, then draw); for a leaflet that is most of the render time. Here the module
matrix is computed once with ReportLab's encoder and drawn as a single path. The matrix is kept
in the user's cache folder too, so a cold build of a known address neither imports the encoder
nor runs it (about 14 ms).
"""

from __future__ import annotations

import hashlib
import itertools
from functools import lru_cache
from typing import TYPE_CHECKING

from brochure.cache import remembered

if TYPE_CHECKING:
    from reportlab.lib.colors import Color
    from reportlab.pdfgen.canvas import Canvas

QrMatrix = tuple[tuple[bool, ...], ...]


MATRIX_FORMAT = 1
"""Version of the cached matrices' layout; part of the cache key."""


@lru_cache(maxsize=64)
def qr_matrix(text: str, level: str = "M") -> QrMatrix:
    """The dark/light modules of the QR code for ``text`` (error correction ``level``): from
    the cache when it holds them for this text and this ReportLab, else encoded and kept."""
    from reportlab import Version

    digest = hashlib.sha256(f"{level}\n{text}".encode()).hexdigest()
    name, key = f"qr-{digest[:32]}", f"qr {MATRIX_FORMAT} reportlab {Version} {digest}"

    def encode() -> tuple[QrMatrix, bytes]:
        matrix = encode_qr(text, level)
        return matrix, encode_matrix(matrix)

    return remembered(name, key, decode_matrix, encode)


def encode_qr(text: str, level: str = "M") -> QrMatrix:
    """The modules of the QR code for ``text``, computed by ReportLab's encoder."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    code.addData(text)
    code.make()
    return tuple(tuple(bool(module) for module in row) for row in code.modules)


def encode_matrix(matrix: QrMatrix) -> bytes:
    """``matrix`` as lines of 0 and 1."""
    return "\n".join("".join("1" if dark else "0" for dark in row) for row in matrix).encode()


def decode_matrix(payload: bytes) -> QrMatrix | None:
    """The matrix of :func:`encode_matrix`; None for anything that is not a square QR code's
    matrix (21 to 177 modules a side), so a damaged entry is made again, never drawn."""
    rows = payload.split(b"\n")
    size = len(rows)
    if not (21 <= size <= 177 and size % 4 == 1):
        return None
    if any(len(row) != size or row.strip(b"01") for row in rows):
        return None
    return tuple(tuple(cell == ord("1") for cell in row) for row in rows)


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
