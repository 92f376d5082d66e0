"""brochure.preflight.geometry: matrices compose as PDF says, boxes map and overlap."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brochure.preflight.geometry import (
    IDENTITY,
    Matrix,
    bounds,
    intersect,
    is_finite,
    multiply,
    transform,
    transform_box,
)

coordinate = st.floats(min_value=-1000, max_value=1000)
matrices = st.tuples(*([coordinate] * 6))


@given(matrices, matrices, coordinate, coordinate)
def test_multiply_applies_the_first_matrix_first(
    first: Matrix, then: Matrix, x: float, y: float
) -> None:
    direct = transform(multiply(first, then), x, y)
    stepwise = transform(then, *transform(first, x, y))
    assert direct == pytest.approx(stepwise, rel=1e-9, abs=1e-6)


def test_identity_translation_and_rotation() -> None:
    assert multiply(IDENTITY, (2, 0, 0, 3, 4, 5)) == (2, 0, 0, 3, 4, 5)
    assert transform((1, 0, 0, 1, 10, 20), 1, 2) == (11, 22)
    quarter_turn = (0.0, 1.0, -1.0, 0.0, 0.0, 0.0)
    assert transform_box(quarter_turn, (0, 0, 2, 1)) == (-1, 0, 0, 2)


def test_bounds_and_intersect() -> None:
    assert bounds([(3, 1), (-1, 4), (0, 0)]) == (-1, 0, 3, 4)
    assert intersect((0, 0, 10, 10), (5, 5, 20, 20)) == (5, 5, 10, 10)
    assert intersect((0, 0, 10, 10), (10, 0, 20, 10)) is None  # touching is no overlap


def test_is_finite() -> None:
    assert is_finite((1.0, 2.0))
    assert not is_finite((1.0, float("inf")))
    assert not is_finite((float("nan"),))
