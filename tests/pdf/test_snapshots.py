"""Visual snapshots: every page of the sample leaflet, rasterised with pypdfium2, against
reference PNGs in ``tests/pdf/snapshots/``, with a tolerance for anti-aliasing. The editions:
the sample in pages on A4 (``content-a4-page-1.png``...); the sample and its Spanish edition
on the one-sheet format on A4 and Letter (``content-sheet-a4-page-1.png``,
``content.es-sheet-letter-page-2.png``...), each exactly two pages; the tri-fold's six panels,
its two printed sheets (A4, and the Spanish edition on Letter) and the A5 booklet.

On a mismatch the actual page, the reference and a diff image are written to
``tests/pdf/_failures/`` (git-ignored). To accept a new layout, regenerate the references::

    BROCHURE_UPDATE_SNAPSHOTS=1 pytest tests/pdf/test_snapshots.py

Outside CI, a missing reference is written the same way (and its comparison skipped). In CI
(the environment variable ``CI`` set to anything non-empty) a missing reference is a failure and
nothing is written: deleted references must not turn the check into a pass.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

import brochure
from brochure.pdf.render import RenderOptions
from tests.helpers import ROOT, copy_sample

HERE = Path(__file__).resolve().parent
SNAPSHOTS = HERE / "snapshots"
FAILURES = HERE / "_failures"
DPI = 50

MAX_MEAN_DIFFERENCE = 2.0
"""Largest mean absolute difference per channel (0-255) over the whole page."""
PIXEL_THRESHOLD = 48
"""A pixel "differs" when one of its channels differs by more than this."""
MAX_DIFFERING_FRACTION = 0.01
"""Largest share of pixels that may differ."""

UPDATE = os.environ.get("BROCHURE_UPDATE_SNAPSHOTS") == "1"
IN_CI = bool(os.environ.get("CI"))

HOW_TO_CREATE = (
    "create the references with `BROCHURE_UPDATE_SNAPSHOTS=1 pytest tests/pdf/test_snapshots.py`"
    ", review and commit them"
)


@dataclass(frozen=True)
class Edition:
    """One rendering of a sample content file, with its own set of references."""

    content: str
    """The content file, in the project's root."""
    format: str
    paper: str
    pages: int | None
    """The exact page count the format promises; None: as many as the content needs."""
    profile: str = "screen"

    @property
    def name(self) -> str:
        """The references' stem: ``content-a4``, ``content.es-sheet-letter``,
        ``content-trifold-print-a4``."""
        fmt = "" if self.format == "pages" else f"-{self.format}"
        profile = "" if self.profile == "screen" else f"-{self.profile}"
        return f"{self.content.removesuffix('.yaml')}{fmt}{profile}-{self.paper}"

    @property
    def options(self) -> RenderOptions:
        return RenderOptions.for_profile(self.profile, format=self.format, paper=self.paper)


EDITIONS = [
    Edition("content.yaml", "pages", "a4", None),
    *(
        Edition(content, "sheet", paper, 2)
        for content in ("content.yaml", "content.es.yaml")
        for paper in ("a4", "letter")
    ),
    # The folded formats: the tri-fold's six panels and its two printed sheets, the booklet.
    Edition("content.yaml", "trifold", "a4", 6),
    Edition("content.yaml", "trifold", "a4", 2, profile="print"),
    Edition("content.es.yaml", "trifold", "letter", 2, profile="print"),
    Edition("content.yaml", "booklet", "a4", 8),
]
NAME = EDITIONS[0].name
"""``content-a4``: the edition whose pages the tests of the mechanism (tolerance, CI) use."""


def reference_path(page: int, folder: Path = SNAPSHOTS, name: str = NAME) -> Path:
    """The reference image of page ``page`` (1-based) of the edition called ``name``."""
    return folder / f"{name}-page-{page}.png"


def references(folder: Path = SNAPSHOTS, name: str = NAME) -> list[Path]:
    pattern = re.compile(rf"{re.escape(name)}-page-(\d+)\.png")
    found = [(int(m[1]), p) for p in folder.glob("*.png") if (m := pattern.fullmatch(p.name))]
    return [path for _, path in sorted(found)]


def rasterise(data: bytes, dpi: int = DPI) -> list[Image.Image]:
    """Every page as an RGB image at ``dpi``."""
    document = pdfium.PdfDocument(data)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72)
            images.append(bitmap.to_pil().convert("RGB"))
            bitmap.close()
            page.close()
        return images
    finally:
        document.close()


def save_png(image: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)


def save_reference(image: Image.Image, path: Path) -> None:
    """Save a reference small: a 256-colour palette (no dithering) costs a mean difference of
    about 0.05 of the 2.0 allowed and no differing pixel, and makes the file 2-3 times smaller."""
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    save_png(palette, path)


@dataclass(frozen=True)
class Comparison:
    mean: float
    """Mean absolute difference per channel."""
    differing: float
    """Share of pixels with a channel differing by more than PIXEL_THRESHOLD."""
    size_mismatch: str | None = None

    @property
    def ok(self) -> bool:
        return (
            self.size_mismatch is None
            and self.mean < MAX_MEAN_DIFFERENCE
            and self.differing < MAX_DIFFERING_FRACTION
        )

    def __str__(self) -> str:
        if self.size_mismatch:
            return self.size_mismatch
        return (
            f"mean difference {self.mean:.3f} (limit {MAX_MEAN_DIFFERENCE}), "
            f"{self.differing:.2%} of pixels differ by > {PIXEL_THRESHOLD} "
            f"(limit {MAX_DIFFERING_FRACTION:.0%})"
        )


def channel_max(difference: Image.Image) -> Image.Image:
    """Per pixel, the largest channel difference (a greyscale image)."""
    red, green, blue = difference.split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)


def compare(expected: Image.Image, actual: Image.Image) -> Comparison:
    if expected.size != actual.size:
        return Comparison(
            float("inf"), 1.0, f"size {actual.size} differs from the reference's {expected.size}"
        )
    difference = ImageChops.difference(expected.convert("RGB"), actual.convert("RGB"))
    mean = sum(ImageStat.Stat(difference).mean) / 3
    histogram = channel_max(difference).histogram()
    differing = sum(histogram[PIXEL_THRESHOLD + 1 :]) / (actual.width * actual.height)
    return Comparison(mean, differing)


def diff_image(expected: Image.Image, actual: Image.Image) -> Image.Image:
    """The reference, faded, with every changed pixel painted red (or, when the sizes differ,
    the two side by side)."""
    if expected.size != actual.size:
        canvas = Image.new(
            "RGB", (expected.width + actual.width, max(expected.height, actual.height)), "white"
        )
        canvas.paste(expected.convert("RGB"), (0, 0))
        canvas.paste(actual.convert("RGB"), (expected.width, 0))
        return canvas
    difference = channel_max(ImageChops.difference(expected.convert("RGB"), actual.convert("RGB")))
    mask = difference.point(lambda v: 255 if v > 8 else 0)
    faded = Image.blend(expected.convert("RGB"), Image.new("RGB", expected.size, "white"), 0.7)
    return Image.composite(Image.new("RGB", expected.size, (220, 0, 0)), faded, mask)


def write_failure(
    page: int, expected: Image.Image, actual: Image.Image, name: str = NAME
) -> list[Path]:
    stem = f"{name}-page-{page}"
    paths = [FAILURES / f"{stem}.{kind}.png" for kind in ("actual", "expected", "diff")]
    save_png(actual, paths[0])
    save_png(expected, paths[1])
    save_png(diff_image(expected, actual), paths[2])
    return paths


def clear_failures(name: str = NAME) -> None:
    if FAILURES.is_dir():
        for path in FAILURES.glob(f"{name}-page-*.png"):
            path.unlink()


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def editions_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample project with the Spanish edition beside the English one."""
    root = copy_sample(tmp_path_factory.mktemp("snapshots") / "project")
    (root / "content.es.yaml").write_bytes((ROOT / "content.es.yaml").read_bytes())
    return root


@pytest.fixture(scope="module", params=EDITIONS, ids=lambda edition: edition.name)
def edition(request: pytest.FixtureRequest) -> Edition:
    chosen: Edition = request.param
    return chosen


def render(edition: Edition, project: Path) -> list[Image.Image]:
    """Every page of ``edition``, rasterised."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        leaflet = brochure.load_leaflet(project / edition.content)
        return rasterise(brochure.render_pdf(leaflet, edition.options))


@pytest.fixture(scope="module")
def edition_pages(edition: Edition, editions_project: Path) -> list[Image.Image]:
    return render(edition, editions_project)


@pytest.fixture(scope="module")
def pages(editions_project: Path) -> list[Image.Image]:
    """The first edition's pages, for the tests of the mechanism itself."""
    return render(EDITIONS[0], editions_project)


@dataclass(frozen=True)
class Prepared:
    written: list[Path]
    """References written by this run (to review and commit)."""
    missing: list[Path]
    """References that do not exist and were not written (in CI)."""


def prepare_references(
    pages: list[Image.Image],
    folder: Path = SNAPSHOTS,
    *,
    update: bool,
    ci: bool,
    name: str = NAME,
) -> Prepared:
    """Write the references of edition ``name`` that are missing (all of them in update mode,
    removing references of pages that no longer exist). In CI, outside update mode, write
    nothing: a missing reference is reported as missing."""
    written: list[Path] = []
    missing: list[Path] = []
    for number, image in enumerate(pages, 1):
        path = reference_path(number, folder, name)
        if update or not path.exists():
            if ci and not update:
                missing.append(path)
            else:
                save_reference(image, path)
                written.append(path)
    if update:
        for path in references(folder, name)[len(pages) :]:
            path.unlink()
    return Prepared(written, missing)


def missing_message(missing: list[Path]) -> str:
    names = ", ".join(p.name for p in missing)
    return f"no snapshot reference {names} in {missing[0].parent} (CI is set): {HOW_TO_CREATE}"


@pytest.fixture(scope="module")
def prepared(edition: Edition, edition_pages: list[Image.Image]) -> Prepared:
    return prepare_references(edition_pages, update=UPDATE, ci=IN_CI, name=edition.name)


# --- tests -----------------------------------------------------------------------------------


def test_page_count_matches_the_references(
    edition: Edition, edition_pages: list[Image.Image], prepared: Prepared
) -> None:
    if edition.pages is not None:
        assert len(edition_pages) == edition.pages, f"{edition.name}: not {edition.pages} pages"
    found = references(name=edition.name)
    assert len(found) == len(edition_pages), (
        f"{edition.name} has {len(edition_pages)} pages but there are {len(found)} references "
        f"in {SNAPSHOTS}; if the change is intended, {HOW_TO_CREATE}"
    )


def test_every_page_matches_its_reference(
    edition: Edition, edition_pages: list[Image.Image], prepared: Prepared
) -> None:
    if prepared.missing:
        pytest.fail(missing_message(prepared.missing))
    written = prepared.written
    clear_failures(edition.name)
    failures = []
    for number, actual in enumerate(edition_pages, 1):
        path = reference_path(number, name=edition.name)
        if path in written:
            continue
        with Image.open(path) as reference:
            expected = reference.convert("RGB")
        result = compare(expected, actual)
        if not result.ok:
            actual_path, _, diff_path = write_failure(number, expected, actual, edition.name)
            failures.append(
                f"page {number}: {result}\n    reference {path}\n    actual    {actual_path}"
                f"\n    diff      {diff_path}"
            )
    assert not failures, (
        "pages differ from their snapshots (if intended, rerun with "
        "BROCHURE_UPDATE_SNAPSHOTS=1):\n" + "\n".join(failures)
    )
    if written:
        names = ", ".join(p.name for p in written)
        pytest.skip(f"wrote snapshot references {names} in {SNAPSHOTS}; review and commit them")


def test_the_comparison_tolerates_little_and_catches_a_real_change(
    pages: list[Image.Image],
) -> None:
    page = pages[0]
    assert compare(page, page.copy()).ok
    # A few stray pixels (anti-aliasing) pass.
    speckled = page.copy()
    for x in range(0, 40, 4):
        speckled.putpixel((x + 20, 20), (0, 0, 0))
    assert compare(page, speckled).ok
    # A moved or missing block of content fails: blank out a band across the page.
    damaged = page.copy()
    ImageDraw.Draw(damaged).rectangle(
        (0, page.height // 3, page.width, page.height // 3 + page.height // 12), fill="white"
    )
    assert not compare(page, damaged).ok
    # So does a shift of the whole page by a few pixels.
    shifted = ImageChops.offset(page, 0, 3)
    assert not compare(page, shifted).ok
    # And a page of another size.
    assert not compare(page, page.resize((page.width, page.height + 10))).ok


@pytest.mark.parametrize("update", [False, True], ids=["missing", "update"])
def test_in_ci_a_missing_reference_fails_and_is_not_written(
    pages: list[Image.Image], tmp_path: Path, update: bool
) -> None:
    """CI set: nothing is written for a missing reference, and the test reports it with the
    command that creates references (update mode still writes, CI or not)."""
    existing = reference_path(1, tmp_path)
    save_reference(pages[0], existing)
    before = existing.read_bytes()
    result = prepare_references(pages, tmp_path, update=update, ci=True)
    if update:
        assert result.missing == []
        assert result.written == [reference_path(n, tmp_path) for n in range(1, len(pages) + 1)]
        assert references(tmp_path) == result.written
        return
    assert result.written == []
    assert result.missing == [reference_path(n, tmp_path) for n in range(2, len(pages) + 1)]
    assert references(tmp_path) == [existing], "a reference was written in CI"
    assert existing.read_bytes() == before
    message = missing_message(result.missing)
    assert "BROCHURE_UPDATE_SNAPSHOTS=1 pytest tests/pdf/test_snapshots.py" in message
    assert f"{NAME}-page-2.png" in message


def test_outside_ci_a_missing_reference_is_written(
    pages: list[Image.Image], tmp_path: Path
) -> None:
    result = prepare_references(pages, tmp_path, update=False, ci=False)
    assert result.missing == []
    assert result.written == references(tmp_path)
    assert len(result.written) == len(pages)
    with Image.open(result.written[0]) as reference:
        assert compare(reference.convert("RGB"), pages[0]).ok
