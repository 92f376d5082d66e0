"""QR matrices: the right shape, with the three finder patterns, drawn as one path."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

from brochure.layout import qr
from brochure.layout.qr import decode_matrix, draw_qr, encode_matrix, encode_qr, qr_matrix
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


def test_a_cached_matrix_is_the_encoded_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(tmp_path))
    text = "https://cache.example/book"
    assert not list(tmp_path.iterdir())
    made = qr_matrix.__wrapped__(text, "M")  # encoded, and written to the cache
    assert made == encode_qr(text) and len(list(tmp_path.iterdir())) == 1

    def no_encoder(text: str, level: str = "M") -> None:
        raise AssertionError("encoded again")

    with monkeypatch.context() as patched:
        patched.setattr(qr, "encode_qr", no_encoder)
        assert qr_matrix.__wrapped__(text, "M") == made  # read back from the cache
    assert decode_matrix(encode_matrix(made)) == made
    assert qr_matrix.__wrapped__(text, "H") != made  # another level is another entry
    assert len(list(tmp_path.iterdir())) == 2


@pytest.mark.parametrize(
    "payload",
    [b"", b"0" * 21, b"\n".join([b"0" * 21] * 20), b"\n".join([b"0" * 22] * 22),
     b"\n".join([b"0" * 21] * 20 + [b"0" * 20 + b"2"]), b"\n".join([b"01" * 11] * 22)],
)  # fmt: skip
def test_a_damaged_entry_is_never_drawn(payload: bytes) -> None:
    assert decode_matrix(payload) is None


def test_a_damaged_entry_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(tmp_path))
    text = "https://damaged.example"
    made = qr_matrix.__wrapped__(text, "M")
    (entry,) = tmp_path.iterdir()
    data = entry.read_bytes()
    entry.write_bytes(data[:-3] + b"111")  # the checksum no longer matches
    assert qr_matrix.__wrapped__(text, "M") == made
    assert entry.read_bytes() == data
