"""brochure.preflight.values: numbers, matrices and rectangles read without trusting the file:
anything that is not a finite number of the right count is None."""

from __future__ import annotations

import math
from decimal import Decimal

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from brochure.preflight.values import (
    NAME_LENGTH,
    clipped,
    flag,
    get,
    integer,
    matrix,
    name_of,
    name_text,
    number,
    numbers,
    object_key,
    real,
    rect,
    resource,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, 3.0),
        (Decimal("2.5"), 2.5),
        (-0.5, -0.5),
        (Decimal("1e400"), None),
        (math.inf, None),
        (math.nan, None),
        (10**400, None),
        (True, None),
        (String("1"), None),
        (Name.N, None),
        (None, None),
        ("1", None),
    ],
)
def test_number(value: object, expected: float | None) -> None:
    assert number(value) == expected


def test_real_and_integer_fall_back_to_their_default() -> None:
    assert real(Decimal("1.5"), 0.0) == 1.5
    assert real(math.inf, 7.0) == 7.0
    assert integer(Decimal("2.9"), 0) == 2
    assert integer(String("x"), 9) == 9


def test_numbers_needs_the_exact_count() -> None:
    assert numbers([1, Decimal("2.5")], 2) == (1.0, 2.5)
    assert numbers([1, 2], 3) is None
    assert numbers([1, Name.X], 2) is None


def test_matrix_and_rect() -> None:
    assert matrix(Array([1, 0, 0, 1, 5, 6])) == (1, 0, 0, 1, 5, 6)
    assert matrix(Array([1, 0, 0, 1, 5])) is None
    assert matrix([1, 0, 0, 1, 5, 6]) is None
    assert rect(Array([10, 20, 0, 5])) == (0, 5, 10, 20)
    assert rect(Array([0, 0, String("a"), 5])) is None
    assert rect(Array([0, 0, 1])) is None
    assert rect(None) is None


def test_dictionary_readers() -> None:
    pdf = pikepdf.new()
    resources = Dictionary(XObject=Dictionary(Im1=pdf.make_stream(b"", ImageMask=True)))
    image = resource(resources, "/XObject", "/Im1")
    assert image is not None and flag(image, "/ImageMask")
    assert not flag(resources, "/ImageMask")
    assert resource(resources, "/Font", "/F1") is None
    assert get(Array([1]), "/X") is None
    assert object_key(image, "direct") == f"{image.objgen[0]} 0"
    assert object_key(Dictionary(), "page /F1") == "page /F1"
    assert name_text(Name.DeviceRGB) == "DeviceRGB" and name_text(String("x")) == ""


def test_names_and_texts_from_the_file_are_cut() -> None:
    assert clipped("abc", 3) == "abc" and clipped("abcd", 3) == "ab…"
    long = Name("/" + "x" * 1000)
    assert name_text(long) == "x" * (NAME_LENGTH - 1) + "…"
    assert name_of(long) == "/" + "x" * (NAME_LENGTH - 1) + "…"
    assert name_of(Name.Im1) == "/Im1"
