"""The print file, end to end: page boxes, crop marks, CMYK only, PDF/X-4 output intent and XMP,
embedded fonts, reproducible bytes, backgrounds into the bleed, brand inks and raster logos.

Everything is read back from the PDF bytes (pikepdf, pypdfium2); the content streams are read by
the preflight's reader (:func:`brochure.preflight.reader.walk_page`): what it paints (fills,
strokes, images) and every operator it ran, with the colours in force.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pypdfium2 as pdfium
import pytest
import yaml
from pikepdf import Name

import brochure
from brochure.colour import icc_cmyk, matching_tint, screen_lab
from brochure.errors import BrochureError
from brochure.pdf.render import RenderOptions
from brochure.preflight import reader
from brochure.preflight.colour import Space, classify_space
from brochure.preflight.reader import Operation, PageContent, PaintedArea, walk_page
from tests.helpers import A4, LETTER, copy_sample

MM = 72 / 25.4
BLEED = 3 * MM
"""The default bleed."""
MARK_WIDTH = Decimal("0.25")
REGISTRATION = ("cmyk", (1.0, 1.0, 1.0, 1.0))
BRAND_INKS = (0.88, 0.45, 0.35, 0.45)
"""The sample primary's inks as a brand guide gives them (per cent / 100)."""
FOGRA39_PRIMARY = icc_cmyk("#1F4E5F")
"""#1F4E5F through sRGB -> FOGRA39 (the product's transform: its own tests check its values)."""
EPS = 0.01
"""Points: page-box arithmetic is exact to ReportLab's printed precision."""

Box = tuple[float, float, float, float]
Colour = tuple[str, tuple[float, ...]]
"""(colour kind, components): see :func:`colour_kind`."""


# --- the content streams, as the preflight's reader reads them -------------------------------

FILLS = frozenset({"f", "F", "f*", "B", "B*", "b", "b*"})
STROKES = frozenset({"S", "s", "B", "B*", "b", "b*"})
SHOWS = frozenset({"Tj", "TJ", "'", '"'})
"""The operators that fill a path, stroke one, show text."""
PATH = frozenset({"m", "l", "c", "v", "y", "re"})
"""The operators that build a path (``h`` closes one: no point of its own)."""


@dataclass(frozen=True)
class Paint:
    """A painting operator as the walk ran it, and the colour it paints in."""

    kind: str
    """"fill", "stroke" or "text"."""
    colour: Colour
    operation: Operation
    page: int

    @property
    def where(self) -> str:
        """Where it ran: "page N", or "page N form /Name" inside a form."""
        return " ".join([f"page {self.page}", *(f"form {f}" for f in self.operation.forms)])

    @property
    def text(self) -> bytes:
        """The strings a text operator shows (b"" for fills and strokes)."""
        if self.kind != "text":
            return b""
        operands = self.operation.operands
        shown = operands[-1] if self.operation.operator == "TJ" else operands[-1:]
        assert isinstance(shown, pikepdf.Array | tuple), shown
        return b"".join(bytes(o) for o in shown if isinstance(o, pikepdf.String))


@contextmanager
def walked(data: bytes) -> Iterator[list[PageContent]]:
    """Every page of ``data`` as :func:`walk_page` reads it, read in full; the file stays open
    until the block ends (operations' resources belong to it)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = [walk_page(page) for page in pdf.pages]
        for number, content in enumerate(pages, start=1):
            assert not content.gaps, f"page {number} was not read in full: {content.gaps}"
        yield pages


def operations(content: PageContent) -> list[Operation]:
    assert content.operations is not None, "read with scan_page, not walk_page"
    return content.operations


def colour_kind(space: Space) -> str:
    """rgb, cmyk, gray, pattern, or other (a spot or process separation, Lab, unknown)."""
    separation = "Separation" in space.label or "DeviceN" in space.label
    known = space.kind in ("rgb", "cmyk", "gray", "pattern")
    return space.kind if known and not separation else "other"


def ink(found: reader.Colour | None) -> Colour | None:
    """A colour the reader reports, as (colour kind, components)."""
    return None if found is None else (colour_kind(found.space), found.values)


def paints(pages: list[PageContent]) -> list[Paint]:
    """Every fill, stroke and text operator run on ``pages`` (in forms too), with its colour:
    the fill colour for fills and text, the stroke colour for strokes."""
    found = []
    for number, content in enumerate(pages, start=1):
        for op in operations(content):
            fill = (colour_kind(op.fill.space), op.fill.values)
            stroke = (colour_kind(op.stroke.space), op.stroke.values)
            if op.operator in FILLS:
                found.append(Paint("fill", fill, op, number))
            if op.operator in STROKES:
                found.append(Paint("stroke", stroke, op, number))
            if op.operator in SHOWS:
                found.append(Paint("text", fill, op, number))
    return found


def stroked_paths(content: PageContent, colour: Colour) -> list[list[str]]:
    """The path-building operators of every path ``content`` strokes in ``colour``."""
    found: list[list[str]] = []
    path: list[str] = []
    for op in operations(content):
        if op.operator in PATH:
            path.append(op.operator)
        elif op.operator in FILLS | STROKES | {"n"}:
            if op.operator in STROKES and ink(op.stroke) == colour:
                found.append(path)
            path = []
    return found


# --- reading the file ----------------------------------------------------------------------


def boxes(data: bytes) -> list[dict[str, Box | None]]:
    """MediaBox, TrimBox and BleedBox of every page."""

    def box(value: Any) -> Box | None:
        return None if value is None else tuple(float(v) for v in value)  # type: ignore[return-value]

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [
            {
                "media": box(page.obj.get("/MediaBox")),
                "trim": box(page.obj.get("/TrimBox")),
                "bleed": box(page.obj.get("/BleedBox")),
            }
            for page in pdf.pages
        ]


def size(box: Box | None) -> tuple[float, float]:
    assert box is not None
    return (box[2] - box[0], box[3] - box[1])


def grown(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def assert_boxes(data: bytes, trim: tuple[float, float], bleed: float, marks: bool) -> None:
    pages = boxes(data)
    assert pages
    for number, page in enumerate(pages, start=1):
        media, trim_box, bleed_box = page["media"], page["trim"], page["bleed"]
        assert trim_box is not None, f"page {number} has no TrimBox"
        assert bleed_box is not None, f"page {number} has no BleedBox"
        assert media is not None
        assert size(trim_box) == pytest.approx(trim, abs=EPS), f"page {number}"
        assert bleed_box == pytest.approx(grown(trim_box, bleed), abs=EPS), f"page {number}"
        if marks:
            inside = (
                media[0] < bleed_box[0]
                and media[1] < bleed_box[1]
                and media[2] > bleed_box[2]
                and media[3] > bleed_box[3]
            )
            assert inside, f"page {number}: the MediaBox {media} leaves no room for marks"
        else:
            assert media == pytest.approx(bleed_box, abs=EPS), f"page {number}"


def images(data: bytes) -> list[dict[str, Any]]:
    """Every image XObject in the file (soft masks included), whichever page uses it."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        smasks = {
            obj.SMask.objgen
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and "/SMask" in obj
        }
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == Name.Image:
                found.append(
                    {
                        "space": colour_kind(
                            classify_space(obj.get("/ColorSpace", Name.DeviceGray), None)
                        ),
                        "width": int(obj.Width),
                        "height": int(obj.Height),
                        "filter": str(obj.get("/Filter", "")),
                        "smask": "/SMask" in obj,
                        "is_smask": obj.objgen in smasks,
                    }
                )
    return found


def fonts(data: bytes) -> list[tuple[str, bool, bool]]:
    """(name, has a descriptor, embeds a TrueType program) of every font in the file; a Type0
    font is represented by its descendant, which carries the descriptor."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != Name.Font:
                continue
            if obj.get("/Subtype") == Name.Type0:
                continue
            descriptor = obj.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor
            found.append((str(obj.get("/BaseFont", "?")), descriptor is not None, embedded))
    return found


def fills_of(pages: list[PageContent], colour: Colour) -> list[PaintedArea]:
    """The areas ``pages`` fill in ``colour`` (as the reader reports them: one per subpath,
    clipped to the clip in force)."""
    return [
        area
        for content in pages
        for area in content.areas
        if area.what == "filled area" and ink(area.colour) == colour
    ]


def cmyk(values: tuple[float, ...]) -> Colour:
    return ("cmyk", tuple(float(v) for v in values))


def rasterise(data: bytes, page: int = 0) -> Any:
    """A page rendered at 72 dpi (one pixel a point), MediaBox and all, as an RGB PIL image."""
    document = pdfium.PdfDocument(data)
    try:
        return document[page].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()


def logo_corner(data: bytes) -> tuple[int, int, int]:
    """The colour 3 pt inside the bottom-left corner of the image on page 1."""
    with walked(data) as pages:
        (logo,) = pages[0].images
    x0, y0, _, _ = logo.box
    image = rasterise(data)
    value: tuple[int, int, int] = image.getpixel((int(x0 + 3), int(image.height - (y0 + 3))))
    return value


# --- building ------------------------------------------------------------------------------


def render(folder: Path, profile: str = "print", **options: Any) -> bytes:
    leaflet = brochure.load_leaflet(folder / "content.yaml")
    return brochure.render_pdf(leaflet, RenderOptions.for_profile(profile, **options))


def edit_brand(folder: Path, **changes: Any) -> Path:
    """Change keys of the copied sample's brand file; return ``folder``."""
    path = folder / "assets" / "brand.yaml"
    brand = yaml.safe_load(path.read_text("utf-8"))
    brand.update(changes)
    path.write_text(yaml.safe_dump(brand, allow_unicode=True), "utf-8")
    return folder


def make_logo(folder: Path, kind: str, transparent: bool = False) -> str:
    """A raster logo in the copied sample's assets: a green bar beside a red block (RGB), or a
    red block on a transparent ground; return its file name."""
    from PIL import Image

    if transparent:
        image = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
        image.paste((200, 40, 40, 255), (100, 50, 300, 150))
    else:
        image = Image.new("RGB", (400, 200), (200, 40, 40))
        image.paste((20, 160, 60), (0, 0, 100, 200))
    name = f"logo.{kind}"
    image.save(folder / "assets" / name, {"png": "PNG", "jpg": "JPEG"}[kind])
    return name


@pytest.fixture(scope="module")
def print_pdf(sample_project: Path) -> bytes:
    """The sample leaflet, print profile, A4, default bleed and marks."""
    return render(sample_project)


@pytest.fixture(scope="module")
def print_walk(print_pdf: bytes) -> Iterator[list[PageContent]]:
    """Every page of the print file, walked (the file open while the module's tests run)."""
    with walked(print_pdf) as pages:
        yield pages


@pytest.fixture(scope="module")
def no_marks_pdf(sample_project: Path) -> bytes:
    return render(sample_project, marks=False)


@pytest.fixture(scope="module")
def brand_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with the brand guide's inks for the primary colour and a 5 mm bleed."""
    folder = copy_sample(tmp_path_factory.mktemp("brand") / "project")
    return edit_brand(
        folder,
        primary_color={"rgb": "#1F4E5F", "cmyk": [88, 45, 35, 45]},
        bleed="5mm",
    )


@pytest.fixture(scope="module")
def brand_pdf(brand_project: Path) -> bytes:
    return render(brand_project)


@pytest.fixture(scope="module", params=["png", "jpg"])
def raster_project(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The sample with a raster logo (PNG, then JPEG)."""
    folder = copy_sample(tmp_path_factory.mktemp(f"logo-{request.param}") / "project")
    return edit_brand(folder, logo=make_logo(folder, request.param))


# --- page boxes ------------------------------------------------------------------------------


def test_boxes_trim_to_a4_with_3mm_bleed_inside_a_sheet_with_marks(print_pdf: bytes) -> None:
    assert_boxes(print_pdf, A4, BLEED, marks=True)


def test_without_marks_the_sheet_is_the_bleed_box(no_marks_pdf: bytes) -> None:
    assert_boxes(no_marks_pdf, A4, BLEED, marks=False)


def test_letter_trims_to_letter(sample_project: Path) -> None:
    assert_boxes(render(sample_project, paper="letter"), LETTER, BLEED, marks=True)


def test_a_bleed_in_inches_changes_the_boxes(sample_project: Path) -> None:
    data = render(sample_project, bleed="0.125in")
    assert_boxes(data, A4, 9.0, marks=True)
    assert_boxes(render(sample_project, bleed="0.125in", marks=False), A4, 9.0, marks=False)


def test_the_brands_bleed_is_used_unless_one_is_given(
    brand_project: Path, brand_pdf: bytes
) -> None:
    assert_boxes(brand_pdf, A4, 5 * MM, marks=True)
    assert_boxes(render(brand_project, bleed="3mm"), A4, BLEED, marks=True)


def test_a_small_bleed_without_marks_still_has_its_boxes(sample_project: Path) -> None:
    assert_boxes(render(sample_project, bleed="1mm", marks=False), A4, MM, marks=False)


@pytest.mark.parametrize("bleed", ["0mm", "0.5mm", "11mm"])
def test_a_bleed_no_print_shop_can_use_is_refused(bleed: str) -> None:
    with pytest.raises(BrochureError, match="bleed"):
        RenderOptions.for_profile("print", bleed=bleed)


# --- crop marks ------------------------------------------------------------------------------


def test_crop_marks_are_eight_registration_hairlines_outside_the_bleed(
    print_pdf: bytes, print_walk: list[PageContent]
) -> None:
    pages = print_walk
    for number, (content, page) in enumerate(zip(pages, boxes(print_pdf), strict=True), start=1):
        media, trim, bleed = page["media"], page["trim"], page["bleed"]
        assert media is not None and trim is not None and bleed is not None
        # One stroked line (its box, line width, colour) per subpath.
        lines = [line for line in content.strokes if ink(line.colour) == REGISTRATION]
        assert lines, f"page {number} has no strokes in registration colour (1 1 1 1 K)"
        assert len(lines) == 8, f"page {number}: {len(lines)} crop-mark lines"
        # Each line is one segment: a point and a line to a second one.
        paths = stroked_paths(content, REGISTRATION)
        assert [op for path in paths for op in path] == ["m", "l"] * 8, paths
        for line in lines:
            assert line.width == pytest.approx(float(MARK_WIDTH))
        corners: Counter[tuple[bool, bool]] = Counter()
        for line in lines:
            box = line.box
            x0, y0, x1, y1 = box
            assert x0 == pytest.approx(x1) or y0 == pytest.approx(y1), "not a straight mark"
            outside = (
                box[2] <= bleed[0] + EPS
                or box[0] >= bleed[2] - EPS
                or box[3] <= bleed[1] + EPS
                or box[1] >= bleed[3] - EPS
            )
            assert outside, f"page {number}: crop mark {box} reaches into the bleed {bleed}"
            assert media[0] <= box[0] and box[2] <= media[2], f"mark {box} off the sheet"
            assert media[1] <= box[1] and box[3] <= media[3], f"mark {box} off the sheet"
            # Each mark lines up with a trim edge.
            on_trim_x = any(x0 == pytest.approx(t) for t in (trim[0], trim[2]))
            on_trim_y = any(y0 == pytest.approx(t) for t in (trim[1], trim[3]))
            assert on_trim_x or on_trim_y, f"mark {box} lines up with no trim edge"
            corners[(x0 < (trim[0] + trim[2]) / 2, y0 < (trim[1] + trim[3]) / 2)] += 1
        assert corners == dict.fromkeys(corners, 2) and len(corners) == 4, corners


def test_no_registration_colour_without_marks(no_marks_pdf: bytes) -> None:
    with walked(no_marks_pdf) as pages:
        assert not [p for p in paints(pages) if p.colour == REGISTRATION]


def test_the_mark_operators_are_written_as_the_issue_says(print_walk: list[PageContent]) -> None:
    for content in print_walk:
        operators = [
            (op.operator, [Decimal(str(o)) for o in op.operands])
            for op in operations(content)
            if not op.forms and op.operator in ("K", "w")  # the page's own content
        ]
        at = operators.index(("K", [Decimal(1)] * 4))
        assert operators[at + 1] == ("w", [MARK_WIDTH])


# --- colour ----------------------------------------------------------------------------------


def test_no_rgb_colour_operators_anywhere(print_walk: list[PageContent]) -> None:
    pages = print_walk
    run = [(number, op) for number, c in enumerate(pages, start=1) for op in operations(c)]
    # No rg/RG, and no sc/scn/SC/SCN setting a colour in an RGB space (the one cs/CS chose).
    rgb = [
        f"page {number}: {op.operator}"
        for number, op in run
        if op.operator in ("rg", "RG")
        or (op.operator in ("sc", "scn") and colour_kind(op.fill.space) == "rgb")
        or (op.operator in ("SC", "SCN") and colour_kind(op.stroke.space) == "rgb")
    ]
    assert not rgb
    operators = Counter(op.operator for _, op in run)
    assert operators["rg"] == operators["RG"] == 0
    # The footer forms were walked too (one per page), and they do set colours.
    forms = {(number, op.forms) for number, op in run if op.forms}
    assert len(forms) == len(pages) >= 2
    painted = paints(pages)
    assert any(p.operation.forms and p.kind == "text" for p in painted)
    for paint in painted:
        assert paint.colour[0] in ("cmyk", "gray"), f"{paint.where}: {paint.colour}"


def test_no_rgb_images_anywhere(print_pdf: bytes) -> None:
    for image in images(print_pdf):
        assert image["space"] != "rgb", image
        if image["space"] == "gray":  # only soft masks may be grey
            assert image["is_smask"], image


def test_without_brand_inks_the_band_comes_from_the_icc_transform(
    print_pdf: bytes, print_walk: list[PageContent]
) -> None:
    pages = print_walk
    band = fills_of(pages[:1], cmyk(FOGRA39_PRIMARY))
    assert band, "the cover band is not drawn in #1F4E5F's FOGRA39 inks"
    assert band[0].colour is not None
    for value, guide in zip(band[0].colour.values, BRAND_INKS, strict=True):
        assert value == pytest.approx(guide, abs=0.05)
    # Deterministic: the second rebuild draws the same inks.
    with walked(print_pdf) as again:
        assert fills_of(again[:1], cmyk(FOGRA39_PRIMARY))


def test_the_brand_guides_inks_are_used_exactly(brand_pdf: bytes) -> None:
    with walked(brand_pdf) as pages:
        band = fills_of(pages[:1], cmyk(BRAND_INKS))
        assert band, "the cover band is not drawn with 0.88 0.45 0.35 0.45 k"
        assert not [p for p in paints(pages) if p.colour == cmyk(FOGRA39_PRIMARY)]
        # Tints of the primary are tints of the same inks (cards, fact box), as light in print
        # as on screen.
        found = matching_tint(BRAND_INKS, screen_lab("#E9EDEF")[0])
        ratios = {round(v / b, 2) for v, b in zip(found, BRAND_INKS, strict=True)}
        assert len(ratios) == 1 and 0 < ratios.pop() < 0.2, "the tint is not the brand's inks"
        assert fills_of(pages, cmyk(found)), "no card background in a tint of the brand inks"
        operators = [
            [Decimal(str(o)) for o in op.operands]
            for op in operations(pages[0])
            if not op.forms and op.operator == "k"  # the page's own content
        ]
    assert [Decimal("0.88"), Decimal("0.45"), Decimal("0.35"), Decimal("0.45")] in operators


def test_near_black_text_prints_on_the_black_plate_only(
    print_walk: list[PageContent], sample_content: dict[str, Any]
) -> None:
    texts = [p for p in paints(print_walk) if p.kind == "text" and p.text.strip()]
    opening = " ".join(sample_content["intro"].split()[:3]).encode()
    intro = [p for p in texts if opening in p.text]
    assert intro, "the intro's first line was not found as a text run"
    assert {p.colour for p in intro} == {cmyk((0, 0, 0, 1))}
    for paint in texts:
        c, m, y, k = paint.colour[1]
        if k >= 0.85:  # no rich black under small type
            assert c == m == y == 0, f"{paint.where}: {paint.text[:30]!r} in {paint.colour}"
    assert Counter(p.colour for p in texts).most_common(1)[0][0] == cmyk((0, 0, 0, 1))


# --- backgrounds into the bleed ------------------------------------------------------------


def test_the_cover_band_and_the_page_strip_fill_to_the_bleed_edge(
    print_pdf: bytes, print_walk: list[PageContent]
) -> None:
    pages = print_walk
    for number, (content, page) in enumerate(zip(pages, boxes(print_pdf), strict=True), start=1):
        bleed, trim = page["bleed"], page["trim"]
        assert bleed is not None and trim is not None
        fills = [area.box for area in fills_of([content], cmyk(FOGRA39_PRIMARY))]
        top = [box for box in fills if box[3] > trim[3] - EPS]
        assert top, f"page {number}: nothing in the primary colour reaches the top edge"
        x0, _, x1, y1 = top[0]
        assert (x0, x1, y1) == pytest.approx((bleed[0], bleed[2], bleed[3]), abs=EPS), (
            f"page {number}: {top[0]} does not run exactly to the bleed box {bleed}"
        )
        if number > 1:  # the thin strip along the top of every following page
            assert y1 - top[0][1] == pytest.approx(8 + BLEED, abs=EPS)


def test_the_rasterised_band_reaches_the_bleed_but_not_the_marks(print_pdf: bytes) -> None:
    (page,) = boxes(print_pdf)[:1]
    media, bleed = page["media"], page["bleed"]
    assert media is not None and bleed is not None
    image = rasterise(print_pdf)
    assert image.size == (math.ceil(media[2]), math.ceil(media[3]))

    def pixel(x: float, y: float) -> tuple[int, int, int]:
        value: tuple[int, int, int] = image.getpixel((int(x), int(media[3] - y)))
        return value

    def band(x: float, y: float) -> bool:
        return max(pixel(x, y)) < 160  # the dark teal

    def paper(x: float, y: float) -> bool:
        return min(pixel(x, y)) > 245

    x0, _, x1, y1 = bleed
    middle = (x0 + x1) / 2
    inside, outside = 2.0, 2.5
    assert band(middle, y1 - inside), "the band stops short of the top bleed edge"
    assert band(x0 + inside, y1 - 40), "the band stops short of the left bleed edge"
    assert band(x1 - inside, y1 - 40), "the band stops short of the right bleed edge"
    assert paper(middle, y1 + outside), "the band runs past the bleed, into the slug"
    assert paper(x0 - outside, y1 - 40), "the band runs past the left bleed edge"
    assert paper(x1 + outside, y1 - 40), "the band runs past the right bleed edge"
    # The corners beyond the bleed, where the marks are, show only paper between them.
    assert paper(x0 - 4 * MM, y1 + 4 * MM)
    assert paper(x1 + 4 * MM, y1 + 4 * MM)


# --- output intent, metadata, file structure -------------------------------------------------


def test_output_intent_declares_pdfx_with_an_embedded_cmyk_profile(print_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(print_pdf)) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == Name.GTS_PDFX
        assert intent.Type == Name.OutputIntent
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        profile = intent.DestOutputProfile
        assert isinstance(profile, pikepdf.Stream)
        assert int(profile.N) == 4
        icc = profile.read_bytes()
        assert icc[36:40] == b"acsp", "not an ICC profile"
        assert icc[16:20] == b"CMYK", "the output profile is not a CMYK profile"


def test_xmp_metadata_is_pdfx4_and_agrees_with_the_info_dictionary(print_pdf: bytes) -> None:
    from pikepdf.models.metadata import decode_pdf_date

    with pikepdf.open(io.BytesIO(print_pdf)) as pdf:
        meta = pdf.open_metadata()
        info = pdf.docinfo
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["dc:title"] == str(info.Title)
        assert meta["dc:title"].startswith("The Benefits of Adding Botox")
        created = decode_pdf_date(str(info.CreationDate))
        assert meta["xmp:CreateDate"] == created.isoformat()
        assert meta["xmpMM:DocumentID"].startswith("uuid:")
        assert meta["xmpMM:VersionID"] == "1"
        assert meta["xmpMM:RenditionClass"] == "default"
        assert meta["pdf:Trapped"] == "False"
        assert info.Trapped == Name("/False")


def test_pdf_16_not_encrypted(print_pdf: bytes) -> None:
    assert print_pdf.startswith(b"%PDF-1.6")
    with pikepdf.open(io.BytesIO(print_pdf)) as pdf:
        assert pdf.pdf_version == "1.6"
        assert "/Version" not in pdf.Root
        assert not pdf.is_encrypted
        assert "/Encrypt" not in pdf.trailer
        assert len(pdf.trailer.ID) == 2


def test_every_font_is_embedded(print_pdf: bytes) -> None:
    found = list(fonts(print_pdf))
    assert found
    for name, described, embedded in found:
        assert described, f"{name} has no font descriptor (a standard-14 font?)"
        assert embedded, f"{name} is not embedded (no FontFile2)"


# --- reproducibility -------------------------------------------------------------------------


def test_rebuilding_gives_the_same_bytes(sample_project: Path, print_pdf: bytes) -> None:
    assert render(sample_project) == print_pdf


def test_source_date_epoch_sets_both_dates_reproducibly(
    sample_project: Path, print_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = render(sample_project)
    assert render(sample_project) == first
    assert first != print_pdf
    with pikepdf.open(io.BytesIO(first)) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20231114221320")
        assert str(pdf.docinfo.ModDate).startswith("D:20231114221320")
        meta = pdf.open_metadata()
        assert meta["xmp:CreateDate"] == "2023-11-14T22:13:20+00:00"
        assert meta["xmp:ModifyDate"] == "2023-11-14T22:13:20+00:00"


# --- raster logos ----------------------------------------------------------------------------


def placed_images(data: bytes) -> list[tuple[dict[str, Any], float]]:
    """(image, its resolution in pixels per inch where page 1 places it) of page 1's images."""
    with walked(data) as pages:
        placed = pages[0].images
    found = [i for i in images(data) if not i["is_smask"]]
    assert len(placed) == len(found) == 1, "expected exactly one image (the logo)"
    width, _ = placed[0].size  # placed width in points, unclipped
    return [(found[0], found[0]["width"] / (width / 72))]


def test_a_raster_logo_is_cmyk_in_print_and_rgb_on_screen(raster_project: Path) -> None:
    ((printed, print_ppi),) = placed_images(render(raster_project))
    assert printed["space"] == "cmyk"
    # The 400-pixel logo, placed about 1.2 inches wide, is kept whole for the press.
    assert printed["width"] == 400 and print_ppi >= 300
    ((screen, screen_ppi),) = placed_images(render(raster_project, "screen"))
    assert screen["space"] == "rgb"
    assert screen_ppi <= 150 + 1  # downsampled for e-mail
    if raster_project.parent.name.startswith("logo-jpg"):
        assert "/DCTDecode" in printed["filter"]  # still a JPEG


@pytest.fixture(scope="module")
def photo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with a large (4000 x 1000 pixel) JPEG photo in its first section."""
    from PIL import Image

    folder = copy_sample(tmp_path_factory.mktemp("photo") / "project")
    Image.new("RGB", (4000, 1000), (120, 150, 90)).save(folder / "photo.jpg", quality=90)
    path = folder / "content.yaml"
    content = yaml.safe_load(path.read_text("utf-8"))
    content["sections"][0]["image"] = {"path": "photo.jpg", "alt": "A treatment room"}
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")
    return Path(folder)


@pytest.mark.parametrize(("profile", "space"), [("print", "cmyk"), ("screen", "rgb")])
def test_a_section_photo_is_in_the_profiles_colours_and_resolution(
    photo_project: Path, profile: str, space: str
) -> None:
    from brochure.pdf.profiles import PROFILES

    data = render(photo_project, profile)
    found = [i for i in images(data) if not i["is_smask"]]
    assert [i["space"] for i in found] == [space]
    assert "/DCTDecode" in found[0]["filter"]
    with walked(data) as pages:
        (placed,) = [image for content in pages for image in content.images]
    width, _ = placed.size  # placed width in points, unclipped
    ppi = found[0]["width"] / (width / 72)
    limit = PROFILES[profile].image_ppi
    assert limit is None or ppi <= limit + 1
    assert found[0]["width"] < 4000  # a 4000-pixel photo is more than either output needs


def test_build_with_a_max_size_writes_nothing_too_large(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brochure.errors import BrochureError

    monkeypatch.chdir(project)
    options = RenderOptions.for_profile("print")
    with pytest.raises(BrochureError, match="--max-size") as caught:
        brochure.build("content.yaml", options=options, max_size=10 * 1024)
    assert "print" in str(caught.value.message)
    assert not (project / "out").exists()
    target = brochure.build("content.yaml", options=options, max_size=1024 * 1024)
    assert target == Path("out", "content-print.pdf")
    assert_boxes(target.read_bytes(), A4, BLEED, marks=True)


def test_a_transparent_logo_shows_the_band_through_it_in_print(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "project")
    edit_brand(folder, logo=make_logo(folder, "png", transparent=True))
    # On screen the logo's transparent corners show the band: the control.
    assert max(logo_corner(render(folder, "screen"))) < 160
    printed = render(folder)
    assert [i["space"] for i in images(printed) if not i["is_smask"]] == ["cmyk"]
    corner = logo_corner(printed)
    assert max(corner) < 160, f"paper white {corner} around the logo, not the band"


# --- the screen profile is unchanged ---------------------------------------------------------


def test_screen_profile_has_no_print_features(sample_pdf: bytes) -> None:
    for page in boxes(sample_pdf):
        assert page["trim"] is None and page["bleed"] is None
        assert size(page["media"]) == pytest.approx(A4, abs=EPS)
    with walked(sample_pdf) as pages:
        operators = Counter(op.operator for content in pages for op in operations(content))
        assert operators["rg"] > 0
        assert operators["k"] == operators["K"] == 0
        assert not [p for p in paints(pages) if p.colour[0] == "cmyk"]
    with pikepdf.open(io.BytesIO(sample_pdf)) as pdf:
        assert "/OutputIntents" not in pdf.Root
        assert pdf.pdf_version == "1.7"
        assert "pdfxid:GTS_PDFXVersion" not in pdf.open_metadata()
        assert "/GTS_PDFXVersion" not in pdf.docinfo


def test_on_screen_nothing_is_drawn_past_the_page_edge(sample_pdf: bytes) -> None:
    with walked(sample_pdf) as pages:
        # The reader clips what it reports to the clip in force: with no clipping path set
        # anywhere, the filled areas are the paths as drawn (forms keep to their /BBox).
        clips = [op.operator for c in pages for op in operations(c) if op.operator in ("W", "W*")]
        assert not clips
        fills = [area for content in pages for area in content.areas if area.what == "filled area"]
    width, height = A4
    assert fills
    for area in fills:
        x0, y0, x1, y1 = area.box
        assert x0 >= -EPS and y0 >= -EPS, area
        assert x1 <= width + EPS and y1 <= height + EPS, area


def test_a_print_file_has_no_annotations_but_keeps_the_link_text(print_pdf: bytes) -> None:
    # PDF/X allows no annotation on the printed page; the text of every link is still printed.
    with pikepdf.open(io.BytesIO(print_pdf)) as pdf:
        assert not any(page.obj.get("/Annots") for page in pdf.pages)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(print_pdf)).pages)
    assert "lumenskin.example/book" in text
