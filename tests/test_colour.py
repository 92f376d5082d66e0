"""Colours for each output: sRGB for screens; for print, the brand guide's inks (and their tints),
black-only greys and solid black text, else sRGB -> FOGRA39 through LittleCMS. Print colours are
judged as printed: CIELAB through the shipped profiles, against the screen file's colours."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.lib.colors import CMYKColor, Color, HexColor, toColor

import brochure
from brochure.colour import (
    MATCH,
    PRINT_PROFILE,
    REGISTRATION,
    SCREEN_PROFILE,
    SOLID_BLACK,
    Inks,
    delta_e,
    icc_cmyk,
    icc_profile,
    matching_tint,
    neutral_cmyk,
    print_inks,
    print_lab,
    screen_lab,
    tint,
    to_cmyk_image,
)
from brochure.pdf.render import RenderOptions
from brochure.preflight.reader import walk_page

hex_colors = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06X}")
greys = st.integers(0, 255).map(lambda v: f"#{v:02X}{v:02X}{v:02X}")
inks = st.tuples(*[st.floats(0, 1)] * 4)

BRAND_INKS = (0.88, 0.45, 0.35, 0.45)
BRAND = print_inks([("#1f4e5f", (88, 45, 35, 45), ["#E9EDEF"])])
"""The sample primary with the brand guide's inks and one tint (hex given in lower case)."""
CYAN, MAGENTA, YELLOW = (1.0, 0.0, 0.0, 0.0), (0.0, 1.0, 0.0, 0.0), (0.0, 0.0, 1.0, 0.0)


# --- the shipped ICC profiles ----------------------------------------------------------------


@pytest.mark.parametrize(("name", "space"), [(PRINT_PROFILE, b"CMYK"), (SCREEN_PROFILE, b"RGB ")])
def test_shipped_profiles_are_icc_profiles_of_their_space(name: str, space: bytes) -> None:
    data = icc_profile(name)
    assert data[36:40] == b"acsp"
    assert data[16:20] == space
    assert int.from_bytes(data[0:4], "big") == len(data)


# --- colours as seen: CIELAB through the profiles -------------------------------------------


@pytest.mark.parametrize(
    ("color", "expected"),
    [
        # sRGB's reference values under D50 (Lindbloom): the same white point as the print side.
        ("#FFFFFF", (100.0, 0.0, 0.0)),
        ("#000000", (0.0, 0.0, 0.0)),
        ("#808080", (53.59, 0.0, 0.0)),
        ("#FF0000", (54.29, 80.82, 69.88)),
        ("#0000FF", (29.57, 68.29, -112.03)),
        ("#F8F2E8", (95.76, 0.82, 5.57)),  # the safety callout's cream: warm, not grey
    ],
)
def test_screen_lab_is_cielab_under_d50(color: str, expected: tuple[float, float, float]) -> None:
    # Pillow's Lab is 8-bit: L* in steps of 0.4, a* and b* in whole units.
    assert screen_lab(color) == pytest.approx(expected, abs=1.0)


def test_print_lab_is_the_print_condition_relative_to_its_paper() -> None:
    assert print_lab((0.0, 0.0, 0.0, 0.0)) == (100.0, 0.0, 0.0)  # the paper is the white
    solid = print_lab(SOLID_BLACK)
    assert 12 < solid[0] < 20 and abs(solid[1]) <= 1 and abs(solid[2]) <= 1
    # FOGRA39's characterisation, relative to its paper (about L* 95, b* -2), near enough.
    cyan, magenta, yellow = (print_lab(inks) for inks in (CYAN, MAGENTA, YELLOW))
    assert cyan[1] < -30 and cyan[2] < -40
    assert magenta[1] > 65 and abs(magenta[2]) < 10
    assert yellow[1] < 0 and yellow[2] > 85


def test_delta_e_is_the_distance_in_lab() -> None:
    assert delta_e((50.0, 0.0, 0.0), (53.0, 4.0, 0.0)) == pytest.approx(5.0)
    assert delta_e(screen_lab("#6B6D70"), screen_lab("#6B6D70")) == 0


# --- neutral_cmyk ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("color", "expected"),
    [
        ("#000000", SOLID_BLACK),
        ("#1B1F23", SOLID_BLACK),  # the layout's ink: near-black prints solid black
        ("#1A1A1A", SOLID_BLACK),
        ("#808080", (0.0, 0.0, 0.0, 0.64)),  # not 50 %: the black that prints L* 54
        ("#6B6D70", (0.0, 0.0, 0.0, 0.72)),  # the footer's grey (a formula gave 57 %)
        ("#FFFFFF", (0.0, 0.0, 0.0, 0.0)),
        ("#E9EDEF", (0.0, 0.0, 0.0, 0.1)),
        ("#F8F2E8", None),  # the cream: 16 levels apart only, but ΔE 6 from any grey
        ("#707080", None),  # a blue grey
        ("#0B1A2E", None),  # a navy too dark for the black plate, and too blue for it
        ("#1F4E5F", None),
        ("#C8963E", None),
    ],
)
def test_neutral_cmyk(color: str, expected: tuple[float, ...] | None) -> None:
    assert neutral_cmyk(color) == expected


@pytest.mark.parametrize("color", ["#808080", "#6B6D70", "#E9EDEF", "#333333", "#F0F0F0"])
def test_a_grey_prints_on_the_black_plate_within_a_match(color: str) -> None:
    inks = neutral_cmyk(color)
    assert inks is not None
    assert delta_e(print_lab(inks), screen_lab(color)) <= MATCH


@given(greys)
def test_every_grey_prints_on_the_black_plate_alone(color: str) -> None:
    result = neutral_cmyk(color)
    assert result is not None
    c, m, y, k = result
    assert c == m == y == 0
    assert 0 <= k <= 1
    if result != SOLID_BLACK:
        assert delta_e(print_lab(result), screen_lab(color)) <= MATCH


@given(greys, greys)
def test_darker_greys_never_get_less_black(first: str, second: str) -> None:
    lighter, darker = sorted((first, second), reverse=True)  # "#FF..." sorts before "#00..."
    assert neutral_cmyk(darker)[3] >= neutral_cmyk(lighter)[3]  # type: ignore[index]


# --- tint ------------------------------------------------------------------------------------


def test_tint() -> None:
    assert tint((0.88, 0.45, 0.35, 0.45), 0.1) == pytest.approx((0.088, 0.045, 0.035, 0.045))
    assert tint((0.88, 0.45, 0.35, 0.45), 1.0) == (0.88, 0.45, 0.35, 0.45)
    assert tint((0.88, 0.45, 0.35, 0.45), 0.0) == (0.0, 0.0, 0.0, 0.0)


@given(inks, st.floats(0, 1))
def test_a_tint_uses_the_same_plates_and_never_more_ink(
    base: tuple[float, ...], amount: float
) -> None:
    result = tint(base, amount)  # type: ignore[arg-type]
    for ink, full in zip(result, base, strict=True):
        assert 0 <= ink <= full + 1e-4
        assert (ink == 0) <= (full * amount < 5e-5)  # a plate used by the colour stays used


def test_the_black_plate_is_found_by_lightness() -> None:
    for percent in range(0, 101, 7):
        lightness = print_lab((0.0, 0.0, 0.0, percent / 100))[0]
        assert matching_tint(SOLID_BLACK, lightness)[3] == pytest.approx(percent / 100, abs=0.011)
    assert matching_tint(SOLID_BLACK, 100) == (0.0, 0.0, 0.0, 0.0)
    assert matching_tint(SOLID_BLACK, 5) == SOLID_BLACK  # darker than solid black prints


def test_a_matching_tint_keeps_the_plates_and_meets_the_lightness() -> None:
    found = matching_tint(BRAND_INKS, screen_lab("#E9EDEF")[0])
    assert found == tint(BRAND_INKS, 0.08)  # 10 % of the inks would print 1.2 L* too dark
    assert abs(print_lab(found)[0] - screen_lab("#E9EDEF")[0]) <= 0.5


@given(inks, st.floats(0, 100), st.floats(0, 100))
def test_more_lightness_never_takes_more_ink(
    base: tuple[float, ...], first: float, second: float
) -> None:
    lighter, darker = sorted((first, second), reverse=True)
    less = matching_tint(base, lighter)  # type: ignore[arg-type]
    more = matching_tint(base, darker)  # type: ignore[arg-type]
    assert all(a <= b for a, b in zip(less, more, strict=True))


# --- the ICC transform -----------------------------------------------------------------------


def test_icc_is_deterministic_and_close_to_the_brand_guides_values() -> None:
    first = icc_cmyk("#1F4E5F")
    icc_cmyk.cache_clear()
    assert icc_cmyk("#1F4E5F") == first
    for value, guide in zip(first, (0.88, 0.45, 0.35, 0.45), strict=True):
        assert value == pytest.approx(guide, abs=0.05)


@pytest.mark.parametrize(
    ("color", "expected"),
    [
        # sRGB primaries in FOGRA39 (relative colorimetric: the press's nearest colours).
        ("#FF0000", (0.0, 0.95, 1.0, 0.0)),
        ("#00FF00", (0.66, 0.0, 0.99, 0.0)),
        ("#0000FF", (0.95, 0.88, 0.0, 0.0)),
        ("#FFFF00", (0.04, 0.0, 0.98, 0.0)),
        ("#FFFFFF", (0.0, 0.0, 0.0, 0.0)),
    ],
)
def test_icc_values_of_the_primaries(color: str, expected: tuple[float, ...]) -> None:
    assert icc_cmyk(color) == pytest.approx(expected, abs=0.03)


@given(hex_colors)
def test_icc_gives_whole_percentages_within_range(color: str) -> None:
    for ink in icc_cmyk(color):
        assert 0 <= ink <= 1
        assert round(ink * 100) == pytest.approx(ink * 100, abs=1e-9)


PICTURE_PRIMARY = (0.85, 0.47, 0.36, 0.45)
"""#1F4E5F in a picture: sRGB -> FOGRA39 with black-point compensation."""


@pytest.mark.parametrize(
    ("mode", "color"), [("RGB", (31, 78, 95)), ("RGBA", (31, 78, 95, 255)), ("L", 0)]
)
def test_to_cmyk_image(mode: str, color: tuple[int, ...] | int) -> None:
    from PIL import Image

    converted = to_cmyk_image(Image.new(mode, (3, 2), color))
    assert converted.mode == "CMYK" and converted.size == (3, 2)
    pixel = converted.getpixel((0, 0))
    assert isinstance(pixel, tuple)
    if mode == "L":
        assert pixel[3] > 200  # black
    else:
        assert tuple(round(v / 2.55) / 100 for v in pixel) == PICTURE_PRIMARY


@pytest.mark.parametrize("color", ["#1F4E5F", "#826228", "#6B6D70", "#C8963E"])
def test_a_flat_colour_is_matched_and_a_picture_keeps_its_shadows(color: str) -> None:
    from PIL import Image

    # Black-point compensation lightens a picture's darker tones, so its shadows keep their
    # detail on a press whose black is not as deep as a screen's; a flat colour is matched.
    pixel = to_cmyk_image(Image.new("RGB", (1, 1), color)).getpixel((0, 0))
    assert isinstance(pixel, tuple)
    picture = print_lab(tuple(round(v / 2.55) / 100 for v in pixel))
    flat = print_lab(icc_cmyk(color))
    assert delta_e(flat, screen_lab(color)) <= 2
    assert picture[0] >= flat[0]


# --- Inks ------------------------------------------------------------------------------------


def test_screen_inks_are_the_hex_colours() -> None:
    screen = Inks()
    assert screen.space == "rgb"
    color = screen.color("#1F4E5F")
    assert not isinstance(color, CMYKColor)
    assert color.hexval() == HexColor("#1F4E5F").hexval()
    assert screen.markup("#1F4E5F") == "#1F4E5F"


def test_print_inks_prefer_the_brand_then_black_then_icc() -> None:
    assert BRAND.space == "cmyk"
    assert BRAND.cmyk("#1F4E5F") == (0.88, 0.45, 0.35, 0.45)  # brand, whatever the case
    assert BRAND.cmyk("#1f4e5f") == (0.88, 0.45, 0.35, 0.45)
    assert BRAND.cmyk("#e9edef") == matching_tint(BRAND_INKS, screen_lab("#E9EDEF")[0])  # tint
    assert BRAND.cmyk("#1B1F23") == (0.0, 0.0, 0.0, 1.0)  # near-black text: black only
    assert BRAND.cmyk("#C8963E") == icc_cmyk("#C8963E")
    color = BRAND.color("#1F4E5F")
    assert isinstance(color, CMYKColor)
    assert (color.cyan, color.magenta, color.yellow, color.black) == (0.88, 0.45, 0.35, 0.45)


def test_a_brand_colour_is_not_overridden_by_another_colours_tint() -> None:
    both = print_inks(
        [
            ("#1F4E5F", (88, 45, 35, 45), ["#C8963E"]),
            ("#C8963E", (20, 40, 80, 5), []),
        ]
    )
    assert both.cmyk("#C8963E") == (0.2, 0.4, 0.8, 0.05)


def test_a_brand_may_define_its_own_rich_black() -> None:
    rich = print_inks([("#000000", (60, 40, 40, 100), [])])
    assert rich.cmyk("#000000") == (0.6, 0.4, 0.4, 1.0)
    assert rich.cmyk("#111111") == (0.0, 0.0, 0.0, 1.0)


def test_markup_is_a_colour_paragraphs_understand() -> None:
    markup = BRAND.markup("#1F4E5F")
    assert markup == "cmyk(0.88,0.45,0.35,0.45)"
    parsed = toColor(markup)
    assert isinstance(parsed, CMYKColor)
    assert (parsed.cyan, parsed.magenta, parsed.yellow, parsed.black) == pytest.approx(
        (0.88, 0.45, 0.35, 0.45)
    )
    assert BRAND.markup("#1B1F23") == "cmyk(0,0,0,1)"


def test_registration_is_every_plate() -> None:
    for space in (Inks(), BRAND):
        color = space.registration()
        assert isinstance(color, CMYKColor)
        assert (color.cyan, color.magenta, color.yellow, color.black) == REGISTRATION


# --- recolor ---------------------------------------------------------------------------------


def sample_drawing() -> Drawing:
    """An SVG-like drawing: RGB fills and strokes, nested groups, a translucent shape, text
    and one shape that is already CMYK."""
    background = Rect(0, 0, 100, 50)
    background.fillColor = HexColor("#1F4E5F")
    background.strokeColor = HexColor("#1B1F23")
    inner = Rect(5, 5, 5, 5)  # keeps the default black stroke
    inner.fillColor = CMYKColor(0.1, 0.2, 0.3, 0.4)
    circle = Circle(50, 25, 10)
    circle.fillColor = Color(1, 0, 0, alpha=0.5)
    circle.strokeColor = None
    line = Line(0, 0, 100, 50)
    line.strokeColor = HexColor("#808080")
    text = String(10, 10, "Lumen")
    text.fillColor = HexColor("#C8963E")
    drawing = Drawing(100, 50)
    drawing.add(background)
    drawing.add(Group(circle, line, text, Group(inner)))
    return drawing


def colours(node: object) -> list[tuple[str, object]]:
    found = []
    stack = [node]
    while stack:
        item = stack.pop()
        for name in ("fillColor", "strokeColor"):
            value = getattr(item, name, None)
            if value is not None:
                found.append((name, value))
        stack.extend(getattr(item, "contents", ()))
    return found


def test_recolor_turns_every_colour_into_inks() -> None:
    drawing = sample_drawing()
    before = [(name, repr(value)) for name, value in colours(drawing)]
    recolored = BRAND.recolor(drawing)
    assert recolored is not drawing
    found = colours(recolored)
    assert len(found) == len(before) == 7  # the inner rectangle has a default black stroke
    for _, value in found:
        assert isinstance(value, CMYKColor), value
    values = {
        (v.cyan, v.magenta, v.yellow, v.black)  # type: ignore[attr-defined]
        for _, v in found
    }
    assert (0.88, 0.45, 0.35, 0.45) in values  # the brand's inks for #1F4E5F
    assert (0.0, 0.0, 0.0, 1.0) in values  # near-black stroke
    assert neutral_cmyk("#808080") in values  # grey line
    assert icc_cmyk("#C8963E") in values  # text colour through ICC
    assert (0.1, 0.2, 0.3, 0.4) in values  # already CMYK: kept
    (translucent,) = [v for _, v in found if getattr(v, "alpha", 1) != 1]
    assert isinstance(translucent, CMYKColor)
    assert translucent.alpha == 0.5  # the circle's opacity survives
    inks = (translucent.cyan, translucent.magenta, translucent.yellow, translucent.black)
    assert inks == icc_cmyk("#FF0000")
    # The original drawing is untouched.
    assert [(name, repr(value)) for name, value in colours(drawing)] == before


def test_recolor_for_screen_is_the_drawing_itself() -> None:
    drawing = sample_drawing()
    assert Inks().recolor(drawing) is drawing


# --- the print file against the screen file --------------------------------------------------

FILLS = frozenset({"f", "F", "f*", "B", "B*", "b", "b*"})
STROKES = frozenset({"S", "s", "B", "B*", "b", "b*"})
SHOWS = frozenset({"Tj", "TJ", "'", '"'})
"""The operators that fill a path, stroke one, show text."""
GREY = 4.0
"""Chroma (C*ab) under which a screen colour reads as a grey."""


@dataclass(frozen=True)
class Paint:
    """One thing a page paints, with the colour it paints in."""

    page: int
    kind: str
    """"fill", "stroke" or "text"."""
    shown: str
    """What a text operator shows (its operands), "" for paths."""
    space: str
    values: tuple[float, ...]


def paints(data: bytes) -> list[Paint]:
    """Every fill, stroke and text a PDF paints, in painting order (forms where drawn)."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for op in walk_page(page).operations or ():
                for kind, operators, colour in (
                    ("fill", FILLS, op.fill),
                    ("stroke", STROKES, op.stroke),
                    ("text", SHOWS, op.fill),
                ):
                    if op.operator in operators:
                        shown = repr(op.operands) if kind == "text" else ""
                        found.append(Paint(number, kind, shown, colour.space.label, colour.values))
    return found


def rgb_hex(values: tuple[float, ...]) -> str:
    return "#" + "".join(f"{round(v * 255):02X}" for v in values)


def chroma(lab: tuple[float, float, float]) -> float:
    return math.hypot(lab[1], lab[2])


@pytest.fixture(scope="module")
def print_and_screen(sample_project: Path) -> list[tuple[Paint, Paint]]:
    """Each paint of the sample's print file beside the same element of its screen file."""
    leaflet = brochure.load_leaflet(sample_project / "content.yaml")
    screen = paints(brochure.render_pdf(leaflet, RenderOptions.for_profile("screen")))
    printed = [
        paint
        for paint in paints(brochure.render_pdf(leaflet, RenderOptions.for_profile("print")))
        if paint.values != REGISTRATION  # the crop marks: print only
    ]
    assert [(p.page, p.kind, p.shown) for p in printed] == [
        (p.page, p.kind, p.shown) for p in screen
    ], "the print and screen files do not paint the same things in the same order"
    assert {p.space for p in screen} == {"DeviceRGB"}
    assert {p.space for p in printed} == {"DeviceCMYK"}
    assert {p.kind for p in screen} == {"fill", "stroke", "text"}
    return list(zip(printed, screen, strict=True))


def test_every_print_colour_is_within_a_match_of_its_screen_colour(
    print_and_screen: list[tuple[Paint, Paint]],
) -> None:
    farthest: dict[tuple[str, tuple[float, ...]], float] = {}
    for printed, screen in print_and_screen:
        color, inks = rgb_hex(screen.values), printed.values
        if inks == SOLID_BLACK and screen_lab(color)[0] < print_lab(SOLID_BLACK)[0]:
            continue  # near-black, meant to print as solid black: one plate
        difference = delta_e(print_lab(inks), screen_lab(color))
        farthest[color, inks] = max(farthest.get((color, inks), 0.0), difference)
    assert len(farthest) >= 7  # the palette: primary, accent, tints, texts, white
    far = {f"{color} as {inks}": round(e, 1) for (color, inks), e in farthest.items() if e > MATCH}
    assert not far, f"ΔE76 over {MATCH}: {far}"


def test_greys_print_on_the_black_plate_and_the_cream_keeps_its_warmth(
    print_and_screen: list[tuple[Paint, Paint]],
) -> None:
    greys = {
        (rgb_hex(screen.values), printed.values)
        for printed, screen in print_and_screen
        if chroma(screen_lab(rgb_hex(screen.values))) < GREY
    }
    assert {"#6B6D70", "#1B1F23", "#FFFFFF"} <= {color for color, _ in greys}
    for color, (c, m, y, k) in greys:
        assert c == m == y == 0, f"{color} prints as {(c, m, y, k)}"
    (cream,) = {
        printed.values
        for printed, screen in print_and_screen
        if rgb_hex(screen.values) == "#F8F2E8" and printed.kind == "fill"
    }
    c, m, y, k = cream
    assert y > 0 and m > 0, f"the safety callout's cream prints as {cream}"
    assert y > c  # warm
