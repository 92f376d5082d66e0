"""Raster pictures as an output needs them: downsampled to the profile's resolution.

A picture is prepared once per size and profile (memoised), then handed to ReportLab, which
stores each distinct image once however often it is drawn. Print files get their pictures in
CMYK from the finishing pass (:mod:`brochure.pdf.finish`), which keeps transparency as a soft
mask: ReportLab can only give an RGB picture one.
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from typing import Any

from brochure.colour import Inks
from brochure.content.assets import Bitmap

JPEG_QUALITY = {"rgb": 82, "cmyk": 92}
"""Photos: enough for a screen at 150 ppi; near-lossless for a press."""


def _is_photo(image: Any) -> bool:
    """Photos compress as JPEG; line art and anything transparent stays lossless (PNG/Flate)."""
    return image.format == "JPEG" and image.mode in ("RGB", "L", "CMYK")


def target_pixels(
    width_px: int, height_px: int, width_pt: float, height_pt: float, max_ppi: int | None
) -> tuple[int, int]:
    """The pixel size of a picture placed at ``width_pt`` x ``height_pt`` points, reduced (never
    enlarged) to at most ``max_ppi`` pixels per inch."""
    if max_ppi is None:
        return width_px, height_px
    scale = min(1.0, max_ppi * width_pt / 72 / width_px, max_ppi * height_pt / 72 / height_px)
    return max(1, round(width_px * scale)), max(1, round(height_px * scale))


@lru_cache(maxsize=32)
def _prepared(
    bitmap: Bitmap, space: str, max_ppi: int | None, width_pt: float, height_pt: float
) -> tuple[bytes | None, Any]:
    from PIL import Image

    image: Image.Image = Image.open(BytesIO(bitmap.data))
    photo = _is_photo(image)
    size = target_pixels(image.width, image.height, width_pt, height_pt, max_ppi)
    if size == image.size:
        return bitmap.data, None  # already small enough: the original file, untouched
    image.load()
    if image.mode == "P":
        image = image.convert("RGBA")
    if size != image.size:
        image = image.resize(size, Image.Resampling.LANCZOS)
    if photo:
        buffer = BytesIO()
        image.save(buffer, "JPEG", quality=JPEG_QUALITY[space], optimize=True)
        return buffer.getvalue(), None
    return None, image


def prepare_bitmap(
    bitmap: Bitmap, inks: Inks, max_ppi: int | None, width_pt: float, height_pt: float
) -> Any:
    """A ReportLab ImageReader for ``bitmap`` placed at ``width_pt`` x ``height_pt``: at most
    ``max_ppi`` pixels per inch."""
    from reportlab.lib.utils import ImageReader

    data, image = _prepared(bitmap, inks.space, max_ppi, round(width_pt, 2), round(height_pt, 2))
    return ImageReader(BytesIO(data) if data is not None else image)
