"""The print file, end to end: page boxes, crop marks, CMYK only, PDF/X-4 output intent and XMP,
embedded fonts, reproducible bytes, backgrounds into the bleed, brand inks and raster logos.

Everything is read back from the PDF bytes (pikepdf, pypdfium2); the content streams are walked
by a small interpreter of this module's own, independent of the product's preflight.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from dataclasses import dataclass, field, replace
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
from brochure.errors import BrochureError
from brochure.pdf.render import RenderOptions
from brochure.preflight.geometry import bounds, multiply, transform
from tests.helpers import A4, LETTER, copy_sample

MM = 72 / 25.4
BLEED = 3 * MM
"""The default bleed."""
MARK_WIDTH = Decimal("0.25")
REGISTRATION = ("cmyk", (1.0, 1.0, 1.0, 1.0))
BRAND_INKS = (0.88, 0.45, 0.35, 0.45)
"""The sample primary's inks as a brand guide gives them (per cent / 100)."""
FOGRA39_PRIMARY = (0.85, 0.47, 0.36, 0.45)
"""#1F4E5F through sRGB -> FOGRA39 (relative colorimetric, black-point compensation)."""
EPS = 0.01
"""Points: page-box arithmetic is exact to ReportLab's printed precision."""

Box = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]
Colour = tuple[str, tuple[float, ...]]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


# --- a small content-stream interpreter ----------------------------------------------------


@dataclass(frozen=True)
class Paint:
    """Something a content stream paints, in page coordinates."""

    kind: str
    """"fill", "stroke", "text" or "image"."""
    colour: Colour | None
    """(colour kind, components) for fills, strokes and text; None for images."""
    subpaths: tuple[tuple[tuple[float, float], ...], ...] = ()
    """For fills and strokes: every subpath's points."""
    line_width: float = 0.0
    text: bytes = b""
    where: str = ""
    """"page N" or "page N form /Name"."""

    @property
    def box(self) -> Box:
        return bounds([point for path in self.subpaths for point in path])


@dataclass
class State:
    ctm: Matrix = IDENTITY
    fill_space: str = "gray"
    stroke_space: str = "gray"
    fill: tuple[float, ...] = (0.0,)
    stroke: tuple[float, ...] = (0.0,)
    line_width: float = 1.0


@dataclass
class Walk:
    """What a walk over every page (and every form XObject it draws) found."""

    paints: list[Paint] = field(default_factory=list)
    operators: Counter[str] = field(default_factory=Counter)
    rgb_operators: list[str] = field(default_factory=list)
    """Where an RGB colour was set (rg/RG, or sc/scn in an RGB space)."""
    image_spaces: list[tuple[str, str]] = field(default_factory=list)
    """(where, colour kind) of every image drawn, inline ones included."""
    forms: set[str] = field(default_factory=set)


def colour_kind(space: Any, resources: Any) -> str:
    """The kind of a colour space (a name or an array): rgb, cmyk, gray, pattern or other."""
    if isinstance(space, Name):
        name = str(space)
        simple = {
            "/DeviceRGB": "rgb",
            "/RGB": "rgb",
            "/CalRGB": "rgb",
            "/DeviceCMYK": "cmyk",
            "/CMYK": "cmyk",
            "/DeviceGray": "gray",
            "/G": "gray",
            "/CalGray": "gray",
            "/Pattern": "pattern",
        }
        if name in simple:
            return simple[name]
        spaces = resources.get("/ColorSpace") if resources is not None else None
        if spaces is not None and name in spaces:
            return colour_kind(spaces[name], resources)
        return "other"
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])
        if family == "/ICCBased":
            return {1: "gray", 3: "rgb", 4: "cmyk"}.get(int(space[1].N), "other")
        if family in ("/Indexed", "/I"):
            return colour_kind(space[1], resources)
        if family == "/CalRGB":
            return "rgb"
        if family == "/CalGray":
            return "gray"
        if family == "/Pattern":
            return "pattern"
    return "other"


def numbers(operands: Any) -> tuple[float, ...]:
    return tuple(float(o) for o in operands if isinstance(o, int | float | Decimal))


def walk_stream(
    walk: Walk, source: Any, resources: Any, state: State, where: str, depth: int = 0
) -> None:
    assert depth < 10, f"forms nested too deep at {where}"
    stack: list[State] = []
    subpaths: list[list[tuple[float, float]]] = []
    for instruction in pikepdf.parse_content_stream(source):
        op = str(instruction.operator)
        walk.operators[op] += 1
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            image = instruction.iimage
            kind = colour_kind(image.obj.get("/ColorSpace", Name.DeviceGray), resources)
            walk.image_spaces.append((where, kind))
            walk.paints.append(Paint("image", None, where=where))
            continue
        args = instruction.operands
        if op == "q":
            stack.append(replace(state))
        elif op == "Q":
            state = stack.pop()
        elif op == "cm":
            state.ctm = multiply(numbers(args), state.ctm)  # type: ignore[arg-type]
        elif op == "w":
            state.line_width = float(args[0])
        elif op in ("g", "G", "rg", "RG", "k", "K"):
            kind = {"g": "gray", "rg": "rgb", "k": "cmyk"}[op.lower()]
            if kind == "rgb":
                walk.rgb_operators.append(f"{where}: {op}")
            if op.islower():
                state.fill_space, state.fill = kind, numbers(args)
            else:
                state.stroke_space, state.stroke = kind, numbers(args)
        elif op in ("cs", "CS"):
            kind = colour_kind(args[0], resources)
            if op == "cs":
                state.fill_space = kind
            else:
                state.stroke_space = kind
        elif op in ("sc", "scn", "SC", "SCN"):
            space = state.fill_space if op.islower() else state.stroke_space
            if space == "rgb":
                walk.rgb_operators.append(f"{where}: {op} in an RGB space")
            if op.islower():
                state.fill = numbers(args)
            else:
                state.stroke = numbers(args)
        elif op == "m":
            subpaths.append([transform(state.ctm, *numbers(args))])
        elif op == "l":
            subpaths[-1].append(transform(state.ctm, *numbers(args)))
        elif op in ("c", "v", "y"):
            values = numbers(args)
            subpaths[-1].extend(
                transform(state.ctm, values[i], values[i + 1]) for i in range(0, len(values), 2)
            )
        elif op == "re":
            x, y, w, h = numbers(args)
            corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            subpaths.append([transform(state.ctm, *corner) for corner in corners])
        elif op in ("f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "n"):
            paths = tuple(tuple(path) for path in subpaths if path)
            if op not in ("S", "s", "n"):
                fill = (state.fill_space, state.fill)
                walk.paints.append(Paint("fill", fill, paths, where=where))
            if op in ("S", "s", "B", "B*", "b", "b*"):
                stroke = (state.stroke_space, state.stroke)
                walk.paints.append(Paint("stroke", stroke, paths, state.line_width, where=where))
            subpaths = []
        elif op in ("Tj", "'", '"', "TJ"):
            text = b"".join(
                bytes(o)
                for o in (args[-1] if op == "TJ" else args[-1:])
                if isinstance(o, pikepdf.String)
            )
            colour = (state.fill_space, state.fill)
            walk.paints.append(Paint("text", colour, text=text, where=where))
        elif op == "Do":
            xobject = resources.XObject[args[0]]
            subtype = xobject.get("/Subtype")
            if subtype == Name.Image:
                kind = colour_kind(xobject.get("/ColorSpace", Name.DeviceGray), resources)
                walk.image_spaces.append((where, kind))
                square = tuple(
                    transform(state.ctm, x, y) for x, y in ((0, 0), (1, 0), (1, 1), (0, 1))
                )
                walk.paints.append(Paint("image", None, (square,), where=where))
            elif subtype == Name.Form:
                name = f"{where.split(' form ')[0]} form {args[0]}"
                walk.forms.add(name)
                matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
                inner = replace(state, ctm=multiply(matrix, state.ctm))  # type: ignore[arg-type]
                walk_stream(
                    walk, xobject, xobject.get("/Resources", resources), inner, name, depth + 1
                )


def walk_pdf(data: bytes) -> tuple[Walk, list[Walk]]:
    """The whole file's walk, and one walk per page."""
    whole = Walk()
    per_page = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            walk = Walk()
            walk_stream(walk, page, page.Resources, State(), f"page {number}")
            per_page.append(walk)
            whole.paints += walk.paints
            whole.operators.update(walk.operators)
            whole.rgb_operators += walk.rgb_operators
            whole.image_spaces += walk.image_spaces
            whole.forms |= walk.forms
    return whole, per_page


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
                        "space": colour_kind(obj.get("/ColorSpace", Name.DeviceGray), None),
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


def fills_of(walk: Walk, colour: Colour) -> list[Paint]:
    return [p for p in walk.paints if p.kind == "fill" and p.colour == colour]


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
    _, pages = walk_pdf(data)
    (logo,) = [p for p in pages[0].paints if p.kind == "image"]
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
def print_walk(print_pdf: bytes) -> tuple[Walk, list[Walk]]:
    return walk_pdf(print_pdf)


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
    print_pdf: bytes, print_walk: tuple[Walk, list[Walk]]
) -> None:
    _, pages = print_walk
    for number, (walk, page) in enumerate(zip(pages, boxes(print_pdf), strict=True), start=1):
        media, trim, bleed = page["media"], page["trim"], page["bleed"]
        assert media is not None and trim is not None and bleed is not None
        marks = [p for p in walk.paints if p.kind == "stroke" and p.colour == REGISTRATION]
        assert marks, f"page {number} has no strokes in registration colour (1 1 1 1 K)"
        lines = [path for mark in marks for path in mark.subpaths]
        assert len(lines) == 8, f"page {number}: {len(lines)} crop-mark lines"
        for mark in marks:
            assert mark.line_width == pytest.approx(float(MARK_WIDTH))
        corners: Counter[tuple[bool, bool]] = Counter()
        for (x0, y0), (x1, y1) in lines:
            assert x0 == pytest.approx(x1) or y0 == pytest.approx(y1), "not a straight mark"
            box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
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
    walk, _ = walk_pdf(no_marks_pdf)
    assert not [p for p in walk.paints if p.colour == REGISTRATION]


def test_the_mark_operators_are_written_as_the_issue_says(print_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(print_pdf)) as pdf:
        for page in pdf.pages:
            operators = [
                (str(i.operator), [Decimal(str(o)) for o in i.operands])
                for i in pikepdf.parse_content_stream(page)
                if str(i.operator) in ("K", "w")
            ]
            at = operators.index(("K", [Decimal(1)] * 4))
            assert operators[at + 1] == ("w", [MARK_WIDTH])


# --- colour ----------------------------------------------------------------------------------


def test_no_rgb_colour_operators_anywhere(print_walk: tuple[Walk, list[Walk]]) -> None:
    walk, pages = print_walk
    assert not walk.rgb_operators
    assert walk.operators["rg"] == walk.operators["RG"] == 0
    # The footer forms were walked too (one per page), and they do set colours.
    assert len(walk.forms) == len(pages) >= 2
    assert any(" form " in p.where and p.kind == "text" for p in walk.paints)
    for paint in walk.paints:
        if paint.colour is not None:
            assert paint.colour[0] in ("cmyk", "gray"), f"{paint.where}: {paint.colour}"


def test_no_rgb_images_anywhere(print_pdf: bytes) -> None:
    for image in images(print_pdf):
        assert image["space"] != "rgb", image
        if image["space"] == "gray":  # only soft masks may be grey
            assert image["is_smask"], image


def test_without_brand_inks_the_band_comes_from_the_icc_transform(
    print_pdf: bytes, print_walk: tuple[Walk, list[Walk]]
) -> None:
    _, pages = print_walk
    band = fills_of(pages[0], cmyk(FOGRA39_PRIMARY))
    assert band, "the cover band is not drawn in #1F4E5F's FOGRA39 inks"
    for ink, guide in zip(band[0].colour[1], BRAND_INKS, strict=True):  # type: ignore[index]
        assert ink == pytest.approx(guide, abs=0.05)
    # Deterministic: the second rebuild draws the same inks.
    assert fills_of(walk_pdf(print_pdf)[1][0], cmyk(FOGRA39_PRIMARY))


def test_the_brand_guides_inks_are_used_exactly(brand_pdf: bytes) -> None:
    walk, pages = walk_pdf(brand_pdf)
    band = fills_of(pages[0], cmyk(BRAND_INKS))
    assert band, "the cover band is not drawn with 0.88 0.45 0.35 0.45 k"
    assert not [p for p in walk.paints if p.colour == cmyk(FOGRA39_PRIMARY)]
    # Tints of the primary are tints of the same inks (cards, fact box: 10 %).
    tint = cmyk(tuple(round(v * 0.1, 4) for v in BRAND_INKS))
    assert fills_of(walk, tint), "no card background in a 10 % tint of the brand inks"
    with pikepdf.open(io.BytesIO(brand_pdf)) as pdf:
        operators = [
            [Decimal(str(o)) for o in i.operands]
            for i in pikepdf.parse_content_stream(pdf.pages[0])
            if str(i.operator) == "k"
        ]
    assert [Decimal("0.88"), Decimal("0.45"), Decimal("0.35"), Decimal("0.45")] in operators


def test_near_black_text_prints_on_the_black_plate_only(
    print_walk: tuple[Walk, list[Walk]], sample_content: dict[str, Any]
) -> None:
    walk, _ = print_walk
    texts = [p for p in walk.paints if p.kind == "text" and p.text.strip()]
    opening = " ".join(sample_content["intro"].split()[:3]).encode()
    intro = [p for p in texts if opening in p.text]
    assert intro, "the intro's first line was not found as a text run"
    assert {p.colour for p in intro} == {cmyk((0, 0, 0, 1))}
    for paint in texts:
        assert paint.colour is not None
        c, m, y, k = paint.colour[1]
        if k >= 0.85:  # no rich black under small type
            assert c == m == y == 0, f"{paint.where}: {paint.text[:30]!r} in {paint.colour}"
    assert Counter(p.colour for p in texts).most_common(1)[0][0] == cmyk((0, 0, 0, 1))


# --- backgrounds into the bleed ------------------------------------------------------------


def test_the_cover_band_and_the_page_strip_fill_to_the_bleed_edge(
    print_pdf: bytes, print_walk: tuple[Walk, list[Walk]]
) -> None:
    _, pages = print_walk
    for number, (walk, page) in enumerate(zip(pages, boxes(print_pdf), strict=True), start=1):
        bleed, trim = page["bleed"], page["trim"]
        assert bleed is not None and trim is not None
        fills = [p.box for p in fills_of(walk, cmyk(FOGRA39_PRIMARY))]
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
    _, pages = walk_pdf(data)
    placed = [p for p in pages[0].paints if p.kind == "image"]
    found = [i for i in images(data) if not i["is_smask"]]
    assert len(placed) == len(found) == 1, "expected exactly one image (the logo)"
    x0, _, x1, _ = placed[0].box
    return [(found[0], found[0]["width"] / ((x1 - x0) / 72))]


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
    walk, _ = walk_pdf(data)
    (placed,) = [p for p in walk.paints if p.kind == "image"]
    x0, _, x1, _ = placed.box
    ppi = found[0]["width"] / ((x1 - x0) / 72)
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
    walk, _ = walk_pdf(sample_pdf)
    assert walk.operators["rg"] > 0
    assert walk.operators["k"] == walk.operators["K"] == 0
    assert not [p for p in walk.paints if p.colour is not None and p.colour[0] == "cmyk"]
    with pikepdf.open(io.BytesIO(sample_pdf)) as pdf:
        assert "/OutputIntents" not in pdf.Root
        assert pdf.pdf_version == "1.7"
        assert "pdfxid:GTS_PDFXVersion" not in pdf.open_metadata()
        assert "/GTS_PDFXVersion" not in pdf.docinfo


def test_on_screen_nothing_is_drawn_past_the_page_edge(sample_pdf: bytes) -> None:
    walk, _ = walk_pdf(sample_pdf)
    width, height = A4
    fills = [p for p in walk.paints if p.kind == "fill" and p.subpaths]
    assert fills
    for paint in fills:
        x0, y0, x1, y1 = paint.box
        assert x0 >= -EPS and y0 >= -EPS, paint
        assert x1 <= width + EPS and y1 <= height + EPS, paint


def test_a_print_file_has_no_annotations_but_keeps_the_link_text(print_pdf: bytes) -> None:
    # PDF/X allows no annotation on the printed page; the text of every link is still printed.
    with pikepdf.open(io.BytesIO(print_pdf)) as pdf:
        assert not any(page.obj.get("/Annots") for page in pdf.pages)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(print_pdf)).pages)
    assert "lumenskin.example/book" in text
