"""A content file validated (brochure.pipeline.load_leaflet) in a brand the batch chooses,
confined to the project's folder, and the files the leaflet turns out to use."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from brochure.batch.leaflet import asset_files
from brochure.errors import ContentError
from brochure.pipeline import load_leaflet


def line_of(path: Path, text: str) -> int:
    """The 1-based line of ``path`` that contains ``text``."""
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def problems_of(content: Path, brand: Path | None, root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_leaflet(content, brand=brand, root=root)
    return [str(problem) for problem in caught.value.problems]


def test_the_brand_file_replaces_the_one_the_content_names(fresh: Path) -> None:
    leaflet = load_leaflet(
        fresh / "content.yaml", brand=fresh / "assets/brands/juniper.yaml", root=fresh
    )
    assert leaflet.brand.name == "Juniper Aesthetics"
    assert leaflet.brand.fonts is None
    assert asset_files(leaflet) == (fresh / "assets/brands/juniper-logo.svg",)
    assert leaflet.title == load_leaflet(fresh / "content.yaml").title


def test_the_files_a_brand_names_are_found(fresh: Path) -> None:
    leaflet = load_leaflet(fresh / "content.yaml", brand=fresh / "assets/brand.yaml", root=fresh)
    assert asset_files(leaflet) == (
        fresh / "assets/logo.svg",
        *(fresh / f"assets/fonts/Lato-{face}.ttf" for face in ("Regular", "Bold", "Italic")),
        fresh / "assets/fonts/Lato-BoldItalic.ttf",
    )


def test_own_brand_in_a_sub_folder_is_confined_to_the_project(fresh: Path) -> None:
    content = fresh / "assets/leaflets/lip-filler.yaml"
    with pytest.raises(ContentError, match="outside the content's folder"):
        load_leaflet(content)  # on its own, a leaflet may only use files beside it
    assert load_leaflet(content, brand=None, root=fresh).brand.name == "Lumen Skin Clinic"
    found = problems_of(content, None, fresh / "assets/leaflets")
    assert len(found) == 1
    line = line_of(content, "brand: ../brand.yaml")
    assert found[0].startswith(f"assets/leaflets/lip-filler.yaml:{line}:8: brand: '../brand.yaml'")
    assert "is outside the content's folder" in found[0]


def test_problems_are_located_in_the_brand_file(fresh: Path) -> None:
    brand = fresh / "assets/brands/juniper.yaml"
    brand.write_text(brand.read_text("utf-8").replace('"#4A2C4F"', "teal"), "utf-8")
    content = fresh / "content.yaml"
    content.write_text(content.read_text("utf-8").replace("icon: smile", "icon: grin"), "utf-8")
    found = problems_of(content, brand, fresh)
    assert [line.split(": ")[0:2] for line in found] == [
        [f"content.yaml:{line_of(content, 'icon: grin')}:11", "benefits[5].icon"],
        [f"assets/brands/juniper.yaml:{line_of(brand, 'teal')}:16", "primary_color"],
    ]


def test_a_missing_brand_file_is_reported_with_the_content_problems(fresh: Path) -> None:
    content = fresh / "content.yaml"
    content.write_text(content.read_text("utf-8").replace("icon: smile", "icon: grin"), "utf-8")
    found = problems_of(content, fresh / "assets/brands/gone.yaml", fresh)
    line = line_of(content, "icon: grin")
    assert found[0].startswith(f"content.yaml:{line}:11: benefits[5].icon: unknown icon 'grin'")
    assert found[1] == "assets/brands/gone.yaml: the file does not exist"
    assert len(found) == 2


def test_an_inline_brand_and_a_section_image(fresh: Path) -> None:
    folder = fresh / "inline"
    folder.mkdir()
    Image.new("RGB", (60, 40), "teal").save(folder / "photo.png")
    brand = (fresh / "assets/brands/juniper.yaml").read_text("utf-8")
    kept = [line for line in brand.splitlines() if not line.startswith(("#", "logo:"))]
    inline = "".join(f"  {line}\n" for line in kept)
    text = (
        (fresh / "content.yaml")
        .read_text("utf-8")
        .replace("brand: assets/brand.yaml\n", "brand:\n" + inline)
    )
    text = text.replace(
        "    fact:\n", "    image:\n      path: photo.png\n      alt: A photo\n    fact:\n", 1
    )
    (folder / "content.yaml").write_text(text, "utf-8")
    leaflet = load_leaflet(folder / "content.yaml", brand=None, root=fresh)
    assert leaflet.brand.name == "Juniper Aesthetics"
    assert asset_files(leaflet) == (folder / "photo.png",)
