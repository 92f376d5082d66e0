"""The screen PDF is small enough to e-mail: the sample stays under 60 KB, a leaflet with a
12-megapixel photo under 400 KB because the photo is downsampled to 150 ppi at its placed size,
and ``brochure build --max-size`` refuses (and writes nothing) when the PDF is bigger."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
import yaml
from click.testing import CliRunner

import brochure
from brochure.cli import main
from brochure.preflight.reader import walk_page
from tests.helpers import copy_sample

KB = 1024
"""What --max-size means by a kilobyte."""
SAMPLE_LIMIT = 60 * KB
PHOTO_LIMIT = 400 * KB
SCREEN_PPI = 150
PHOTO_SIZE = (4240, 2832)
"""12 megapixels: what a phone camera hands a clinic."""
PHOTO_ALT = "The clinic's treatment room, with a reclining chair by a window"


def all_placed_images(data: bytes) -> list[tuple[int, int, list[str], float, float]]:
    """(pixel width, pixel height, filters, placed width, placed height) of every image drawn,
    as the preflight's reader reads the pages (in forms too)."""
    result = []
    with pikepdf.open(io.BytesIO(data)) as pdf:  # open while the resources are read
        for number, page in enumerate(pdf.pages, start=1):
            content = walk_page(page)
            assert not content.gaps, f"page {number} was not read in full: {content.gaps}"
            assert content.operations is not None
            drawn: list[tuple[str, pikepdf.Object]] = []  # (name, image dictionary)
            for op in content.operations:
                if op.operator == "INLINE IMAGE":
                    inline = op.operands[0]
                    assert isinstance(inline, pikepdf.PdfInlineImage)
                    drawn.append(("inline image", inline.obj))
                elif op.operator == "Do":
                    assert op.resources is not None
                    name = str(op.operands[0])
                    xobject = op.resources.XObject[name]
                    if xobject.Subtype == "/Image":
                        drawn.append((name, xobject))
            # The reader places each one (with its pixels and its placed size), in order.
            assert [image.name for image in content.images] == [name for name, _ in drawn]
            for image, (_, dictionary) in zip(content.images, drawn, strict=True):
                filters = dictionary.get("/Filter", pikepdf.Array())
                if isinstance(filters, pikepdf.Name):
                    filters = pikepdf.Array([filters])
                names = [str(name) for name in filters]
                result.append((*image.pixels, names, *image.size))
    return result


# --- the sample ------------------------------------------------------------------------------


def test_sample_with_its_logo_is_under_60_kb(sample_pdf: bytes, sample_project: Path) -> None:
    brand = yaml.safe_load((sample_project / "assets" / "brand.yaml").read_text("utf-8"))
    assert brand.get("logo"), "the sample brand has no logo: this test weighs no logo"
    assert len(sample_pdf) < SAMPLE_LIMIT, f"the sample PDF is {len(sample_pdf) / KB:.1f} KB"


def test_build_within_max_size_writes_the_pdf(sample_project: Path, tmp_path: Path) -> None:
    target = tmp_path / "leaflet.pdf"
    result = CliRunner().invoke(
        main,
        ["build", str(sample_project / "content.yaml"), "-o", str(target), "--max-size", "60KB"],
    )
    assert result.exit_code == 0, result.output
    assert target.stat().st_size < SAMPLE_LIMIT


def test_build_over_max_size_fails_naming_the_size_and_writes_nothing(
    project: Path, sample_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = CliRunner().invoke(main, ["build", "content.yaml", "--max-size", "10KB"])
    assert result.exit_code == 1, result.output
    size = round(len(sample_pdf) / KB)
    assert f"{size} KB" in result.output, result.output
    assert "10 KB" in result.output, result.output
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before
    assert not (project / "out").exists()


def test_max_size_must_be_a_size(sample_project: Path, tmp_path: Path) -> None:
    target = tmp_path / "leaflet.pdf"
    result = CliRunner().invoke(
        main,
        ["build", str(sample_project / "content.yaml"), "-o", str(target), "--max-size", "big"],
    )
    assert result.exit_code == 2, result.output
    assert "'big' is not a size" in result.output
    assert not target.exists()


# --- a leaflet with a 12-megapixel photo -----------------------------------------------------


def make_photo(path: Path) -> None:
    """A photo-like JPEG: smooth gradients in two channels, grain in the third."""
    from PIL import Image

    grain = Image.effect_noise(PHOTO_SIZE, 24)
    across = Image.linear_gradient("L").resize(PHOTO_SIZE)
    around = Image.radial_gradient("L").resize(PHOTO_SIZE)
    Image.merge("RGB", (across, grain, around)).save(path, "JPEG", quality=90)


@pytest.fixture(scope="module")
def photo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with a 12-megapixel photo as its first section's picture."""
    root: Path = copy_sample(tmp_path_factory.mktemp("photo") / "project")
    make_photo(root / "photo.jpg")
    content = yaml.safe_load((root / "content.yaml").read_text("utf-8"))
    content["sections"][0]["image"] = {"path": "photo.jpg", "alt": PHOTO_ALT}
    (root / "content.yaml").write_text(yaml.safe_dump(content, sort_keys=False), "utf-8")
    return root


@pytest.fixture(scope="module")
def photo_pdf(photo_project: Path) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        return brochure.render_pdf(brochure.load_leaflet(photo_project / "content.yaml"))


def test_photo_is_12_megapixels_and_megabytes(photo_project: Path) -> None:
    from PIL import Image

    with Image.open(photo_project / "photo.jpg") as photo:
        assert photo.size == PHOTO_SIZE
    assert (photo_project / "photo.jpg").stat().st_size > PHOTO_LIMIT * 4


def test_leaflet_with_a_12_megapixel_photo_is_under_400_kb(photo_pdf: bytes) -> None:
    assert len(photo_pdf) < PHOTO_LIMIT, f"{len(photo_pdf) / KB:.0f} KB"


def test_photo_is_downsampled_to_150_ppi_at_its_placed_size(photo_pdf: bytes) -> None:
    (image,) = all_placed_images(photo_pdf)
    width_px, height_px, filters, width_pt, height_pt = image
    assert filters == ["/DCTDecode"], "a photo should stay a JPEG"
    assert width_px < PHOTO_SIZE[0]
    assert width_px / height_px == pytest.approx(PHOTO_SIZE[0] / PHOTO_SIZE[1], rel=0.01)
    ppi = width_px / (width_pt / 72)
    # Rounding to whole pixels may add a fraction of a pixel per inch.
    assert ppi <= SCREEN_PPI * 1.01, f"{ppi:.0f} ppi at {width_pt:.0f} pt wide"
    assert ppi >= SCREEN_PPI * 0.9, f"downsampled further than asked: {ppi:.0f} ppi"
    assert height_px / (height_pt / 72) == pytest.approx(ppi, rel=0.02)
