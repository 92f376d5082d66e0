"""Colours for each output: sRGB for screens; for print, the brand guide's inks (and their tints),
black-only greys and solid black text, else sRGB -> FOGRA39 through LittleCMS."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.lib.colors import CMYKColor, Color, HexColor, toColor

from brochure.colour import (
    PRINT_PROFILE,
    REGISTRATION,
    SCREEN_PROFILE,
    Inks,
    icc_cmyk,
    icc_profile,
    neutral_cmyk,
    print_inks,
    tint,
    to_cmyk_image,
)

hex_colors = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06X}")
greys = st.integers(0, 255).map(lambda v: f"#{v:02X}{v:02X}{v:02X}")
inks = st.tuples(*[st.floats(0, 1)] * 4)

BRAND = print_inks([("#1f4e5f", (88, 45, 35, 45), {"#E9EDEF": 0.1})])
"""The sample primary with the brand guide's inks and one tint (hex given in lower case)."""


# --- the shipped ICC profiles ----------------------------------------------------------------


@pytest.mark.parametrize(("name", "space"), [(PRINT_PROFILE, b"CMYK"), (SCREEN_PROFILE, b"RGB ")])
def test_shipped_profiles_are_icc_profiles_of_their_space(name: str, space: bytes) -> None:
    data = icc_profile(name)
    assert data[36:40] == b"acsp"
    assert data[16:20] == space
    assert int.from_bytes(data[0:4], "big") == len(data)


# --- neutral_cmyk ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("color", "expected"),
    [
        ("#000000", (0.0, 0.0, 0.0, 1.0)),
        ("#1B1F23", (0.0, 0.0, 0.0, 1.0)),  # the layout's ink: near-black prints solid black
        ("#808080", (0.0, 0.0, 0.0, 0.5)),
        ("#FFFFFF", (0.0, 0.0, 0.0, 0.0)),
        ("#E9EDEF", (0.0, 0.0, 0.0, 0.07)),
        ("#1F4E5F", None),
        ("#C8963E", None),
    ],
)
def test_neutral_cmyk(color: str, expected: tuple[float, ...] | None) -> None:
    assert neutral_cmyk(color) == expected


def test_neutral_means_channels_within_16_levels() -> None:
    assert neutral_cmyk("#707080") is not None  # 16 apart
    assert neutral_cmyk("#707081") is None  # 17 apart


@given(greys)
def test_every_grey_prints_on_the_black_plate_alone(color: str) -> None:
    result = neutral_cmyk(color)
    assert result is not None
    c, m, y, k = result
    assert c == m == y == 0
    assert 0 <= k <= 1


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
        # sRGB primaries in FOGRA39 (relative colorimetric, black-point compensation).
        ("#FF0000", (0.0, 0.97, 0.98, 0.0)),
        ("#00FF00", (0.65, 0.0, 0.96, 0.0)),
        ("#0000FF", (0.93, 0.85, 0.0, 0.0)),
        ("#FFFF00", (0.04, 0.0, 0.96, 0.0)),
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
        assert tuple(round(v / 2.55) / 100 for v in pixel) == icc_cmyk("#1F4E5F")


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
    assert BRAND.cmyk("#e9edef") == pytest.approx((0.088, 0.045, 0.035, 0.045))  # its tint
    assert BRAND.cmyk("#1B1F23") == (0.0, 0.0, 0.0, 1.0)  # near-black text: black only
    assert BRAND.cmyk("#C8963E") == icc_cmyk("#C8963E")
    color = BRAND.color("#1F4E5F")
    assert isinstance(color, CMYKColor)
    assert (color.cyan, color.magenta, color.yellow, color.black) == (0.88, 0.45, 0.35, 0.45)


def test_a_brand_colour_is_not_overridden_by_another_colours_tint() -> None:
    both = print_inks(
        [
            ("#1F4E5F", (88, 45, 35, 45), {"#C8963E": 0.1}),
            ("#C8963E", (20, 40, 80, 5), {}),
        ]
    )
    assert both.cmyk("#C8963E") == (0.2, 0.4, 0.8, 0.05)


def test_a_brand_may_define_its_own_rich_black() -> None:
    rich = print_inks([("#000000", (60, 40, 40, 100), {})])
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
    assert (0.0, 0.0, 0.0, 0.5) in values  # grey line
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
