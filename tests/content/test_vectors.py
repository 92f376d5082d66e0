"""brochure.content.vectors: drawings written as JSON and read back exactly, drawn the same, and
nothing outside the closed list of classes written or made."""

from __future__ import annotations

import copy
import io
import json
from enum import IntEnum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.graphics import renderPDF, shapes
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from svglib.svglib import svg2rlg

from brochure.content.vectors import COLORS, SHAPES, decode_drawing, encode_drawing
from tests.helpers import ROOT

SAMPLE_LOGOS = [ROOT / "assets" / "logo.svg", *sorted((ROOT / "assets" / "brands").glob("*.svg"))]
NS = 'xmlns="http://www.w3.org/2000/svg"'


def plain(value: Any) -> Any:
    """``value`` as nested tuples naming every type, floats by their exact bits: two values
    are the same drawing when their plain forms are equal (-0.0 and 0.0, 1 and 1.0 differ)."""
    if isinstance(value, float):
        return ("float", value.hex())
    if value is None or isinstance(value, bool | int | str):
        return (type(value).__name__, value)
    if isinstance(value, list | tuple):
        return (type(value).__name__, *(plain(item) for item in value))
    state = sorted((k, plain(v)) for k, v in vars(value).items() if k != "_attrMap")
    return (f"{type(value).__module__}.{type(value).__qualname__}", *state)


def pdf_commands(drawing: Any) -> bytes:
    """The page ReportLab writes for ``drawing``: uncompressed, without dates or IDs."""
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=0)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def round_trip(drawing: Any) -> Any:
    payload = encode_drawing(drawing)
    assert payload is not None
    decoded = decode_drawing(payload)
    assert decoded is not None
    return decoded


def convert(path: Path) -> Any:
    """svglib's drawing of the SVG file at ``path``."""
    drawing = svg2rlg(str(path))
    assert drawing is not None
    return drawing


def svg(tmp_path: Path, body: str, name: str = "logo.svg") -> Any:
    path = tmp_path / name
    path.write_text(f'<svg {NS} viewBox="0 0 20 20">{body}</svg>', "utf-8")
    return convert(path)


def make(cls: Any, *args: Any, **attrs: Any) -> Any:
    """``cls(*args)`` with ``attrs`` set after (ReportLab checks each one as it is set)."""
    made = cls(*args)
    for name, value in attrs.items():
        setattr(made, name, value)
    return made


def classes(drawing: Any) -> set[str]:
    """The qualified class names of every shape in ``drawing``."""
    found = {f"{type(drawing).__module__}.{type(drawing).__qualname__}"}
    for child in getattr(drawing, "contents", ()):
        found |= classes(child)
    return found


# --- strategies: every whitelisted class, with the values svglib gives it ---------------------

numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.integers(min_value=-(2**40), max_value=2**40),
)
angles = st.floats(min_value=-720, max_value=720) | st.integers(-720, 720)
unit = st.floats(min_value=0, max_value=1)
rgb = st.builds(colors.Color, unit, unit, unit, unit)
cmyk = st.one_of(
    st.builds(colors.CMYKColor, unit, unit, unit, unit),
    st.builds(colors.PCMYKColor, *[st.integers(0, 100)] * 4),
    st.builds(colors.CMYKColorSep, unit, unit, unit, unit, spotName=st.just("Gold")),
    st.builds(colors.PCMYKColorSep, *[st.integers(0, 100)] * 4, spotName=st.just("Gold")),
)
any_color = st.one_of(rgb, cmyk)


def styled(shape: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``shape`` with the colours, widths and caps svglib sets (colours may be None)."""

    def style(made: Any, fill: Any, stroke: Any, width: float, cap: int, dash: Any) -> Any:
        if "fillColor" in made._attrMap:  # a Line or PolyLine has no fill
            made.fillColor = fill
        made.strokeColor, made.strokeWidth = stroke, width
        made.strokeLineCap, made.strokeDashArray = cap, dash
        return made

    return st.builds(
        style,
        shape,
        st.none() | any_color,
        st.none() | any_color,
        st.floats(min_value=0, max_value=50),
        st.sampled_from([0, 1, 2]),
        st.none() | st.lists(st.floats(min_value=0.5, max_value=9), min_size=1, max_size=4),
    )


def path_of(points: list[float], ops: list[int], clip: int, fill_mode: int) -> Any:
    return make(shapes.Path, points, ops, isClipPath=clip, autoclose="svg", fillMode=fill_mode)


paths = st.builds(
    path_of,
    st.just([0.0, 0.0, 5.5, 1.25, 3, -0.0]),
    st.just([0, 1, 1, 3]),
    st.sampled_from([0, 1]),
    st.sampled_from([0, 1]),
)


def wedge(x: float, y: float, radius: float, start: float, sweep: float) -> shapes.Wedge:
    # Wedge's constructor adds 360 to the end angle until it passes the start one.
    return shapes.Wedge(x, y, radius, start, start + sweep)


def leaves_of(numbers: st.SearchStrategy[float]) -> st.SearchStrategy[Any]:
    """A shape of every whitelisted class but the groups, its numbers drawn from ``numbers``."""
    points = st.lists(numbers, min_size=4, max_size=12).map(lambda xs: xs[: len(xs) // 2 * 2])
    return st.one_of(
        styled(paths),
        styled(st.builds(shapes.Rect, numbers, numbers, numbers, numbers, rx=numbers, ry=numbers)),
        styled(st.builds(shapes.Circle, numbers, numbers, numbers)),
        styled(st.builds(shapes.Ellipse, numbers, numbers, numbers, numbers)),
        styled(st.builds(shapes.Line, numbers, numbers, numbers, numbers)),
        styled(st.builds(shapes.PolyLine, points)),
        styled(st.builds(shapes.Polygon, points)),
        styled(st.builds(wedge, numbers, numbers, numbers, angles, st.floats(1, 359))),
    )


leaves = leaves_of(numbers)
# ReportLab divides by sizes and draws a wedge one point a degree: drawn shapes have sane ones.
drawable_leaves = leaves_of(st.floats(min_value=0.5, max_value=500) | st.integers(1, 500))
transforms = st.tuples(*[numbers] * 6)


def group_of(children: list[Any], transform: tuple[float, ...]) -> Any:
    return make(shapes.Group, *children, transform=transform)


trees = st.recursive(
    leaves,
    lambda inner: st.builds(group_of, st.lists(inner, max_size=4), transforms),
    max_leaves=12,
)


def drawing_of(children: list[Any], width: float, height: float) -> shapes.Drawing:
    return shapes.Drawing(width, height, *children)


drawings = st.builds(
    drawing_of,
    st.lists(trees, max_size=4),
    st.floats(min_value=0.1, max_value=2000),
    st.floats(min_value=0.1, max_value=2000),
)


# --- round trips -----------------------------------------------------------------------------


@given(drawings)
def test_every_whitelisted_class_comes_back_exactly(drawing: Any) -> None:
    decoded = round_trip(drawing)
    assert plain(decoded) == plain(drawing)
    assert isinstance(decoded._attrMap, type(drawing._attrMap))
    assert decoded._attrMap is not vars(shapes.Drawing)["_attrMap"]  # its own, as __init__ does


@given(st.lists(drawable_leaves, min_size=1, max_size=4).map(lambda xs: drawing_of(xs, 50, 40)))
def test_decoded_drawings_draw_the_same_pdf(drawing: Any) -> None:
    assert pdf_commands(round_trip(drawing)) == pdf_commands(drawing)


def test_the_whitelists_name_reportlab_classes() -> None:
    assert all(isinstance(getattr(shapes, name, None), type) for name in SHAPES)
    assert all(issubclass(getattr(colors, name), colors.Color) for name in COLORS)
    drawn = {f"reportlab.graphics.shapes.{name}" for name in SHAPES}
    assert classes(drawing_of([make(shapes.Rect, 0, 0, 1, 1)], 1, 1)) <= drawn


@given(any_color)
def test_colours_keep_their_class_and_fields(color: colors.Color) -> None:
    drawing = drawing_of([make(shapes.Rect, 0, 0, 5, 5, fillColor=color)], 5, 5)
    decoded = round_trip(drawing)
    assert plain(decoded.contents[0].fillColor) == plain(color)
    assert decoded.contents[0].fillColor == color


def test_tuples_ints_and_exact_floats_survive() -> None:
    tricky = [0.1 + 0.2, -0.0, 1e-310, 2.0**60 + 1, 1 / 3, 5e300]
    path = make(shapes.Path, tricky, [0, 1, 1], fillColor=colors.Color(0.1, 1 / 3, 0.7, 1))
    group = group_of([path], (1, 0, 0, 1, -0.0, 1e-12))
    decoded = round_trip(drawing_of([group], 10, 10))
    [back] = decoded.contents[0].contents
    assert [x.hex() for x in back.points] == [x.hex() for x in tricky]
    assert type(decoded.contents[0].transform) is tuple
    assert [type(x) for x in decoded.contents[0].transform] == [int] * 4 + [float] * 2
    assert type(back.points) is list


@pytest.mark.parametrize("logo", SAMPLE_LOGOS, ids=lambda p: p.name)
def test_the_sample_logos_come_back_and_draw_the_same(logo: Path) -> None:
    drawing = convert(logo)
    decoded = round_trip(drawing)
    assert pdf_commands(decoded) == pdf_commands(drawing)
    assert all(name.startswith("reportlab.graphics.shapes.") for name in classes(decoded))


def test_svglib_paths_come_back_as_plain_paths_that_draw_the_same(tmp_path: Path) -> None:
    # An unclosed filled and stroked path becomes a NoStrokePath (the fill) and a Path; a
    # clip-path a ClippingPath.
    drawing = svg(
        tmp_path,
        '<defs><clipPath id="c"><rect width="12" height="12"/></clipPath></defs>'
        '<path d="M1 1 L9 1 L9 9" fill="#c00" stroke="#00c" stroke-width="2"/>'
        '<g clip-path="url(#c)"><circle cx="10" cy="10" r="6" fill="#0a0"/></g>',
    )
    assert {"svglib.svglib.NoStrokePath", "svglib.svglib.ClippingPath"} <= classes(drawing)
    decoded = round_trip(drawing)
    assert not any(name.startswith("svglib.") for name in classes(decoded))
    assert pdf_commands(decoded) == pdf_commands(drawing)


def test_a_copied_svglib_drawing_is_written_too() -> None:
    """Copying a drawing (as a CMYK leaflet recolours its logo) adds ``__slotnames__`` to the
    classes copied; svglib's path classes stay what they were."""
    drawing = convert(SAMPLE_LOGOS[0])
    copy.deepcopy(drawing)
    assert encode_drawing(drawing) is not None
    assert encode_drawing(copy.deepcopy(drawing)) == encode_drawing(drawing)


def test_a_no_stroke_path_keeps_its_stroke_out(tmp_path: Path) -> None:
    drawing = svg(tmp_path, '<path d="M1 1 L9 1 L9 9" fill="#c00" stroke="#00c"/>')
    decoded = round_trip(drawing)
    [filled, stroked] = decoded.contents[0].contents[0].contents
    assert (filled.strokeWidth, filled.strokeColor) == (0, None)
    assert stroked.strokeColor == colors.HexColor("#0000cc")


# --- what is not written -----------------------------------------------------------------------


class Tone(IntEnum):
    ONE = 1


class Shade(colors.Color):
    """A colour class of someone else's: not on the list, even though it is a Color."""


class Squiggle(shapes.Path):
    """A Path subclass of someone else's: it could draw anything."""


def named_child() -> shapes.Drawing:
    group = shapes.Group()
    group.add(shapes.Rect(0, 0, 1, 1), name="box")
    return drawing_of([group], 5, 5)


def with_attribute(name: str, value: Any) -> shapes.Drawing:
    rect = shapes.Rect(0, 0, 1, 1)
    vars(rect)[name] = value
    return drawing_of([rect], 5, 5)


@pytest.mark.parametrize(
    "make",
    [
        lambda: drawing_of([shapes.String(0, 0, "text")], 5, 5),
        lambda: drawing_of([shapes.Image(0, 0, 1, 1, "logo.png")], 5, 5),
        lambda: drawing_of([make(Squiggle, [0.0, 0.0], [0])], 5, 5),
        lambda: drawing_of([make(shapes.Rect, 0, 0, 1, 1, fillColor=Shade(1, 0, 0))], 5, 5),
        lambda: drawing_of([make(shapes.Rect, 0, 0, 1, 1, strokeLineCap=Tone.ONE)], 5, 5),
        lambda: with_attribute("_private", 1),
        lambda: with_attribute("unknown", 1),
        lambda: with_attribute("fillColor", {"red": 1}),
        lambda: with_attribute("strokeWidth", "wide"),  # fails ReportLab's own check
        named_child,
    ],
    ids=[
        "text", "image", "path-subclass", "colour-subclass", "int-subclass", "private",
        "undeclared", "dict", "invalid", "named-child",
    ],
)  # fmt: skip
def test_anything_else_is_not_written(make: Any) -> None:
    assert encode_drawing(make()) is None


def test_a_gradient_is_not_written(tmp_path: Path) -> None:
    drawing = svg(
        tmp_path,
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/>'
        '<stop offset="1" stop-color="#000"/></linearGradient></defs>'
        '<rect width="9" height="9" fill="url(#g)"/>',
    )
    assert any("Gradient" in name for name in classes(drawing))
    assert encode_drawing(drawing) is None


# --- what is not read --------------------------------------------------------------------------


def sample_tree() -> Any:
    payload = encode_drawing(convert(SAMPLE_LOGOS[0]))
    assert payload is not None
    return json.loads(payload)


def first_path(tree: Any) -> Any:
    """The first Path in a written drawing (depth first)."""
    if tree["shape"] == "Path":
        return tree
    found = (first_path(child) for child in tree.get("contents", ()))
    return next((path for path in found if path is not None), None)


def tampered(change: Any) -> bytes:
    tree = sample_tree()
    change(tree)
    return json.dumps(tree).encode("utf-8")


def _set(path: list[Any], value: Any) -> Any:
    def change(tree: Any) -> None:
        node = first_path(tree) if path[0] == "leaf" else tree
        for key in path[1:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def _drop(key: str) -> Any:
    return lambda tree: first_path(tree)["attrs"].pop(key)


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"\xff\xfe",
        b"not json",
        b"[]",
        b"null",
        json.dumps(sample_tree())[:-40].encode("utf-8"),  # truncated
        tampered(_set(["top", "shape"], "Group")),  # not a Drawing at the top
        tampered(_set(["leaf", "shape"], "String")),  # a class outside the list
        tampered(_set(["leaf", "shape"], "reportlab.graphics.shapes.Path")),
        tampered(_set(["leaf", "shape"], "__class__")),
        tampered(_set(["leaf", "attrs", "draw"], 1)),  # would hide a method
        tampered(_set(["leaf", "attrs", "__class__"], 1)),
        tampered(_set(["leaf", "attrs", "_attrMap"], 1)),
        tampered(_set(["leaf", "attrs", "strokeWidth"], "wide")),  # fails ReportLab's check
        tampered(_set(["leaf", "attrs", "fillColor"], {"color": "Shade", "attrs": {}})),
        tampered(_set(["leaf", "attrs", "fillColor"], {"color": "Color", "attrs": {"red": 1}})),
        tampered(_set(["leaf", "attrs", "points"], {"tuple": [1], "x": 2})),
        tampered(_set(["leaf", "attrs", "points"], {"set": [1]})),
        tampered(_set(["leaf", "contents"], [])),  # contents on a Path
        tampered(_set(["leaf", "extra"], 1)),
        tampered(_drop("operators")),  # a Path must have what its constructor gives it
        tampered(lambda tree: tree.pop("contents")),
        tampered(lambda tree: tree["contents"].append(1)),
    ],
)
def test_anything_but_what_it_writes_is_refused(payload: bytes) -> None:
    assert decode_drawing(payload) is None


def test_the_untampered_sample_is_read() -> None:
    """The cases above fail for what they change, not for the sample they start from."""
    assert decode_drawing(tampered(lambda tree: None)) is not None


@given(st.data())
def test_damaged_bytes_are_refused_or_read_but_never_raise(data: st.DataObject) -> None:
    payload = bytearray(json.dumps(sample_tree()).encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(payload) - 1))
        payload[index] = data.draw(st.integers(0, 255))
    decoded = decode_drawing(bytes(payload))
    assert decoded is None or type(decoded) is shapes.Drawing
