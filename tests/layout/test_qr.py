"""QR matrices: the right shape, with the three finder patterns, drawn as one path."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

from brochure.layout.qr import draw_qr, qr_matrix
from tests.helpers import canvas_code


def finder_at(matrix: tuple[tuple[bool, ...], ...], top: int, left: int) -> bool:
    ring = all(matrix[top][left + i] and matrix[top + 6][left + i] for i in range(7))
    ring &= all(matrix[top + i][left] and matrix[top + i][left + 6] for i in range(7))
    core = all(matrix[top + r][left + c] for r in range(2, 5) for c in range(2, 5))
    gap = not matrix[top + 1][left + 1] and not matrix[top + 5][left + 5]
    return ring and core and gap


def test_matrix_is_square_with_finder_patterns() -> None:
    matrix = qr_matrix("https://lumenskin.example/book")
    size = len(matrix)
    assert size >= 21 and (size - 21) % 4 == 0
    assert all(len(row) == size for row in matrix)
    assert finder_at(matrix, 0, 0)
    assert finder_at(matrix, 0, size - 7)
    assert finder_at(matrix, size - 7, 0)
    assert not finder_at(matrix, size - 7, size - 7)


def test_longer_text_needs_a_bigger_code_and_is_deterministic() -> None:
    short = qr_matrix("https://a.example")
    long = qr_matrix("https://a.example/" + "x" * 120)
    assert len(long) > len(short)
    assert qr_matrix.__wrapped__("https://a.example", "M") == short


def test_drawn_as_a_single_filled_path() -> None:
    canvas = Canvas(BytesIO())
    before = len(canvas_code(canvas))
    draw_qr(canvas, qr_matrix("https://a.example"), 10, 10, 100, black)
    code = canvas_code(canvas)[before:]
    fills = [op for op in code if op in ("f", "f*")]
    paths = [op for op in code if " re" in op]
    assert len(fills) == 1 and len(paths) == 1
    assert paths[0].count(" re") > 50
