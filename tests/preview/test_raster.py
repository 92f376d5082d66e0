"""PDF pages as images, with their boxes and where each text was drawn."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure.layout.paper import MM
from brochure.pdf.render import RenderOptions, render_pdf
from brochure.pipeline import load
from brochure.preview.raster import TARGET_WIDTH_PX, locate_texts, rasterize


@pytest.fixture(scope="module")
def pdfs(sample_project: Path) -> dict[str, bytes]:
    leaflet = load(sample_project / "content.yaml").leaflet
    return {
        profile: render_pdf(leaflet, RenderOptions.for_profile(profile))
        for profile in ("screen", "print")
    }


def test_each_page_is_a_png_about_the_target_width(pdfs: dict[str, bytes]) -> None:
    from io import BytesIO

    from PIL import Image

    pages = rasterize(pdfs["screen"], safe_margin_mm=5)
    assert len(pages) == 3
    for page in pages:
        image = Image.open(BytesIO(page.png))
        assert image.format == "PNG"
        assert abs(image.width - TARGET_WIDTH_PX) <= 1
        assert page.trim is None and page.bleed is None and page.safe is None


def test_print_pages_have_bleed_trim_and_safe_zone_nested(pdfs: dict[str, bytes]) -> None:
    page = rasterize(pdfs["print"], safe_margin_mm=5, folds=[[100.0]])[0]
    assert page.trim is not None and page.bleed is not None and page.safe is not None
    for side in (0, 1):
        assert page.bleed[side] < page.trim[side] < page.safe[side]
        assert page.safe[side + 2] < page.trim[side + 2] < page.bleed[side + 2]
    inset = (page.safe[0] - page.trim[0]) * page.width_pt
    assert inset == pytest.approx(5 * MM, abs=0.01)
    assert len(page.folds) == 1
    assert page.folds[0] == pytest.approx(page.trim[0] + 100.0 / page.width_pt, abs=1e-4)


def test_texts_are_found_on_their_pages(pdfs: dict[str, bytes]) -> None:
    found = locate_texts(
        pdfs["screen"],
        {
            "title": "The Benefits of Adding Botox",
            "benefits[0].title": "Diminishes Fine Lines and Wrinkles",
            "nowhere": "Words that are not in the leaflet",
        },
    )
    assert found["title"].page == 0
    assert found["benefits[0].title"].page == 1
    assert "nowhere" not in found
    left, top, right, bottom = found["title"].rect
    assert 0 <= left < right <= 1 and 0 <= top < bottom <= 1
