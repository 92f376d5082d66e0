"""Raster pictures per output: at most the profile's resolution at their placed size (never
enlarged), photos kept as JPEG, transparency kept (print files get CMYK pictures from the
finishing pass, tested in tests/pdf/test_finish.py and test_print.py)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from brochure.colour import Inks
from brochure.content.assets import Bitmap
from brochure.layout.pictures import prepare_bitmap, target_pixels

SCREEN = Inks()
PRINT = Inks("cmyk")


def bitmap(mode: str, size: tuple[int, int], kind: str, color: Any) -> Bitmap:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, kind)
    return Bitmap(buffer.getvalue(), *size)


def contents(reader: Any) -> Image.Image:
    """What ReportLab will embed for a prepared picture: the JPEG it copies, else the image."""
    handle = reader.jpeg_fh()
    if handle is not None:
        return Image.open(io.BytesIO(handle.read()))
    return reader._image  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def photo() -> Bitmap:
    """A 3000 x 2000 pixel JPEG photo."""
    return bitmap("RGB", (3000, 2000), "JPEG", (31, 78, 95))


# --- target_pixels ---------------------------------------------------------------------------


def test_target_pixels_reduces_to_the_resolution_at_the_placed_size() -> None:
    assert target_pixels(3000, 2000, 144, 96, 150) == (300, 200)
    assert target_pixels(3000, 2000, 144, 96, 450) == (900, 600)


def test_target_pixels_keeps_everything_without_a_limit() -> None:
    assert target_pixels(3000, 2000, 144, 96, None) == (3000, 2000)


def test_target_pixels_never_enlarges() -> None:
    assert target_pixels(100, 50, 720, 360, 300) == (100, 50)


@given(
    st.integers(1, 6000),
    st.integers(1, 6000),
    st.floats(1, 2000),
    st.floats(1, 2000),
    st.integers(72, 600) | st.none(),
)
def test_target_pixels_is_never_larger_and_never_above_the_limit(
    width: int, height: int, width_pt: float, height_pt: float, ppi: int | None
) -> None:
    new_width, new_height = target_pixels(width, height, width_pt, height_pt, ppi)
    assert 1 <= new_width <= width and 1 <= new_height <= height
    if ppi is None:
        assert (new_width, new_height) == (width, height)
    else:
        # At most the limit along both sides (half a pixel of rounding, one pixel minimum).
        assert new_width <= max(1, ppi * width_pt / 72 + 0.5)
        assert new_height <= max(1, ppi * height_pt / 72 + 0.5)


# --- prepare_bitmap --------------------------------------------------------------------------


def test_a_large_photo_is_downsampled_and_stays_a_jpeg(photo: Bitmap) -> None:
    # Placed 2 x 1.33 inches: 150 ppi is 300 x 200 pixels.
    reader = prepare_bitmap(photo, SCREEN, 150, 144, 96)
    assert reader.getSize() == (300, 200)
    image = contents(reader)
    assert image.format == "JPEG"
    assert image.size == (300, 200)
    assert image.mode == "RGB"


def test_a_photo_for_print_stays_a_jpeg_at_the_print_resolution(photo: Bitmap) -> None:
    reader = prepare_bitmap(photo, PRINT, 450, 144, 96)
    image = contents(reader)
    assert image.format == "JPEG"
    assert image.mode == "RGB"  # converted to CMYK with its soft mask by the finishing pass
    assert image.size == (900, 600)


def test_a_picture_small_enough_for_the_screen_is_the_original_file() -> None:
    small = bitmap("RGB", (120, 80), "JPEG", (200, 40, 40))
    reader = prepare_bitmap(small, SCREEN, 150, 144, 96)
    handle = reader.jpeg_fh()
    assert handle is not None
    assert handle.read() == small.data  # not even re-encoded


def test_a_small_picture_for_print_is_the_original_file() -> None:
    small = bitmap("RGB", (120, 80), "JPEG", (200, 40, 40))
    handle = prepare_bitmap(small, PRINT, 450, 144, 96).jpeg_fh()
    assert handle is not None
    assert handle.read() == small.data


def test_line_art_is_never_made_a_jpeg() -> None:
    art = bitmap("RGB", (1200, 800), "PNG", (20, 160, 60))
    for inks in (SCREEN, PRINT):
        reader = prepare_bitmap(art, inks, 150, 144, 96)
        assert reader.jpeg_fh() is None
        assert reader.getSize() == (300, 200)


def test_a_palette_png_is_prepared() -> None:
    art = bitmap("P", (600, 400), "PNG", 3)
    assert prepare_bitmap(art, SCREEN, 150, 144, 96).getSize() == (300, 200)
    assert contents(prepare_bitmap(art, PRINT, 150, 144, 96)).mode == "RGBA"


def test_transparency_is_kept_for_the_screen() -> None:
    logo = bitmap("RGBA", (600, 400), "PNG", (200, 40, 40, 0))
    image = contents(prepare_bitmap(logo, SCREEN, 150, 144, 96))
    assert "A" in image.getbands()
