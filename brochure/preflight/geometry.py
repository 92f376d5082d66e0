"""Matrices and boxes in PDF's coordinate conventions (points, y up, row vectors)."""

from __future__ import annotations

import math

Matrix = tuple[float, float, float, float, float, float]
"""A PDF matrix ``[a b c d e f]``; points are row vectors: ``(x, y, 1) x M``."""
Box = tuple[float, float, float, float]
"""A rectangle ``(x0, y0, x1, y1)`` with ``x0 <= x1`` and ``y0 <= y1``, in points."""

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
"""The identity matrix."""
UNBOUNDED: Box = (-math.inf, -math.inf, math.inf, math.inf)
"""The clip of a page before any ``W`` operator: everything."""
NOWHERE: Box = (0.0, 0.0, 0.0, 0.0)
"""An empty clip: nothing drawn inside it shows."""


def multiply(first: Matrix, then: Matrix) -> Matrix:
    """The matrix applying ``first``, then ``then`` (PDF's ``first x then``)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def transform(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    """The point ``(x, y)`` mapped through ``matrix``."""
    a, b, c, d, e, f = matrix
    return (x * a + y * c + e, x * b + y * d + f)


def bounds(points: list[tuple[float, float]]) -> Box:
    """The bounding box of some points (at least one)."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def transform_box(matrix: Matrix, box: Box) -> Box:
    """The bounding box of ``box`` mapped through ``matrix``."""
    x0, y0, x1, y1 = box
    corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]
    return bounds([transform(matrix, x, y) for x, y in corners])


def intersect(first: Box, second: Box) -> Box | None:
    """The overlap of two boxes, or None when they do not overlap (touching is no overlap)."""
    x0, y0 = max(first[0], second[0]), max(first[1], second[1])
    x1, y1 = min(first[2], second[2]), min(first[3], second[3])
    return (x0, y0, x1, y1) if x0 < x1 and y0 < y1 else None


def corners(box: Box) -> list[tuple[float, float]]:
    """The lower-left and upper-right corners of ``box``."""
    return [(box[0], box[1]), (box[2], box[3])]


def is_finite(values: tuple[float, ...]) -> bool:
    """Whether every value is a finite number (a product of large numbers may overflow)."""
    return all(math.isfinite(value) for value in values)
