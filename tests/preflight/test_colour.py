"""brochure.preflight.colour: colour spaces as a printing press sees them, and paper white."""

from __future__ import annotations

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from brochure.preflight.colour import (
    DEVICE_CMYK,
    DEVICE_GRAY,
    DEVICE_RGB,
    UNKNOWN,
    Space,
    classify_space,
    is_white,
)


@pytest.fixture
def pdf() -> pikepdf.Pdf:
    return pikepdf.new()


def test_device_spaces_and_their_abbreviations() -> None:
    assert classify_space(Name.DeviceRGB, None) == DEVICE_RGB
    assert classify_space(Name.RGB, None) == DEVICE_RGB
    assert classify_space(Name.G, None) == DEVICE_GRAY
    assert classify_space(Array([Name.DeviceCMYK]), None) == DEVICE_CMYK
    assert classify_space(Name.Missing, None) == UNKNOWN
    assert classify_space(42, None) == UNKNOWN


def test_spaces_are_judged_by_what_they_print_as(pdf: pikepdf.Pdf) -> None:
    resources = Dictionary(
        ColorSpace=Dictionary(
            RGBICC=Array([Name.ICCBased, pdf.make_stream(b"", N=3)]),
            Pal=Array([Name.Indexed, Name.RGBICC, 3, pikepdf.String(bytes(12))]),
            Spot=Array([Name.Separation, Name("/PANTONE 300 C"), Name.DeviceCMYK, 0]),
            Black=Array([Name.Separation, Name.Black, Name.DeviceCMYK, 0]),
            Duo=Array([Name.DeviceN, Array([Name.Cyan, Name.Gold]), Name.DeviceCMYK, 0]),
            Lab=Array([Name.Lab, Dictionary()]),
            Uncoloured=Array([Name.Pattern, Name.DeviceCMYK]),
            Odd=Array([Name.Foo]),
        )
    )
    kinds = {
        name: (space.kind, space.label, space.components)
        for name in ("RGBICC", "Pal", "Spot", "Black", "Duo", "Lab", "Uncoloured", "Odd")
        for space in [classify_space(Name("/" + name), resources)]
    }
    assert kinds == {
        "RGBICC": ("rgb", "ICCBased RGB", 3),
        "Pal": ("rgb", "Indexed ICCBased RGB", 1),
        "Spot": ("spot", "Separation PANTONE 300 C", 1),
        "Black": ("cmyk", "Separation Black", 1),
        "Duo": ("spot", "DeviceN Cyan, Gold", 2),
        "Lab": ("lab", "Lab", 3),
        "Uncoloured": ("pattern", "Pattern", 5),
        "Odd": ("unknown", "Foo", 1),
    }
    assert classify_space(Name.Uncoloured, resources).base == DEVICE_CMYK


def test_named_spaces_that_name_each_other_stop() -> None:
    resources = Dictionary(ColorSpace=Dictionary(A=Name.B, B=Name.A))
    assert classify_space(Name.A, resources) == UNKNOWN
    looped = Dictionary(ColorSpace=Dictionary(A=Array([Name.Indexed, Name.A, 1, b""])))
    assert classify_space(Name.A, looped).kind == "unknown"


def test_a_list_of_inks_longer_than_pdf_allows_is_not_read() -> None:
    def device_n(count: int) -> Space:
        inks = Array([Name(f"/Ink{i}") for i in range(count)])
        return classify_space(Array([Name.DeviceN, inks, Name.DeviceCMYK, 0]), None)

    most = device_n(32)
    assert (most.kind, most.components) == ("spot", 32)
    assert most.label.endswith("Ink30, Ink31")
    assert device_n(100_000) == Space("unknown", "DeviceN of 100,000 colorants", 1)


def test_paper_white() -> None:
    assert is_white(DEVICE_CMYK, [0, 0, 0, 0])
    assert not is_white(DEVICE_CMYK, [0, 0, 0, 0.1])
    assert is_white(DEVICE_GRAY, [1])
    assert is_white(DEVICE_RGB, [1, 1, 1])
    assert not is_white(DEVICE_RGB, [])
    assert not is_white(Space("gray", "Indexed DeviceGray"), [1])
    assert not is_white(Space("lab", "Lab", 3), [100, 0, 0])
