"""What a PDF page paints, read from its content streams: the colours it uses, the images it
places (with their effective resolution), its text runs, the areas it fills and the lines it
strokes, all in page coordinates. The preflight (:mod:`brochure.pdf.preflight`) judges them.

The interpreter follows the graphics state a print shop cares about: the transformation matrix
through ``q``/``Q``/``cm`` and form XObject ``/Matrix``, the clip (as a bounding box), the fill and
stroke colour spaces, the line width and the text state (``Tm``, ``Td``, ``TD``, ``T*``, ``Tf``,
``TL``, ``Tc``, ``Tw``, ``Tz``, ``Ts``, ``Tr``). Geometry is approximate by design: paths and clips
are reduced to bounding boxes and text to a box one font size tall, wide as the font's
``/Widths`` say (half an em per character when a font has none). It never renders anything.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import pikepdf
from pikepdf import Name

Matrix = tuple[float, float, float, float, float, float]
"""A PDF matrix ``[a b c d e f]``; points are row vectors: ``(x, y, 1) x M``."""
Box = tuple[float, float, float, float]
"""A rectangle ``(x0, y0, x1, y1)`` with ``x0 <= x1`` and ``y0 <= y1``, in points."""

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
"""The identity matrix."""
UNBOUNDED: Box = (-math.inf, -math.inf, math.inf, math.inf)
"""The clip of a page before any ``W`` operator: everything."""

ColourKind = Literal["rgb", "cmyk", "gray", "lab", "spot", "pattern", "unknown"]
"""What a colour space amounts to on a printing press. ``cmyk`` includes process-colour
Separation/DeviceN spaces (Cyan... Black, All, None); ``spot`` is any other named ink."""

PROCESS_COLORANTS = frozenset({"Cyan", "Magenta", "Yellow", "Black", "All", "None"})
"""Colorant names that print on the four process plates (or all of them, or none)."""

_MAX_DEPTH = 12
"""Deepest nesting of forms, patterns and colour-space references followed (cycles, bombs)."""


def multiply(first: Matrix, then: Matrix) -> Matrix:
    """The matrix applying ``first``, then ``then`` (PDF's ``first x then``)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def transform(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    """The point ``(x, y)`` mapped through ``matrix``."""
    a, b, c, d, e, f = matrix
    return (x * a + y * c + e, x * b + y * d + f)


def bounds(points: list[tuple[float, float]]) -> Box:
    """The bounding box of some points (at least one)."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def transform_box(matrix: Matrix, box: Box) -> Box:
    """The bounding box of ``box`` mapped through ``matrix``."""
    x0, y0, x1, y1 = box
    corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]
    return bounds([transform(matrix, x, y) for x, y in corners])


def intersect(first: Box, second: Box) -> Box | None:
    """The overlap of two boxes, or None when they do not overlap (touching is no overlap)."""
    x0, y0 = max(first[0], second[0]), max(first[1], second[1])
    x1, y1 = min(first[2], second[2]), min(first[3], second[3])
    return (x0, y0, x1, y1) if x0 < x1 and y0 < y1 else None


@dataclass(frozen=True)
class Space:
    """A colour space as the preflight sees it."""

    kind: ColourKind
    """What it amounts to in print."""
    label: str
    """How a person recognises it: "DeviceRGB", "ICCBased RGB", "Separation PANTONE 300 C"."""
    components: int = 1
    """Number of colour components of ``sc``/``scn`` in it."""
    base: Space | None = None
    """For an uncoloured pattern space ``[/Pattern base]``: the base space."""


DEVICE_GRAY = Space("gray", "DeviceGray", 1)
"""The initial colour space of a graphics state."""
_DEVICE = {
    "/DeviceGray": DEVICE_GRAY,
    "/G": DEVICE_GRAY,
    "/DeviceRGB": Space("rgb", "DeviceRGB", 3),
    "/RGB": Space("rgb", "DeviceRGB", 3),
    "/DeviceCMYK": Space("cmyk", "DeviceCMYK", 4),
    "/CMYK": Space("cmyk", "DeviceCMYK", 4),
    "/Pattern": Space("pattern", "Pattern", 1),
}
_UNKNOWN = Space("unknown", "unknown colour space", 1)
_ICC_KINDS: dict[int, tuple[ColourKind, str]] = {
    1: ("gray", "Gray"),
    3: ("rgb", "RGB"),
    4: ("cmyk", "CMYK"),
}


def classify_space(space: object, resources: pikepdf.Object | None, depth: int = 0) -> Space:
    """What the colour space ``space`` (a name, possibly of a ``/ColorSpace`` resource, or an
    array) amounts to in print. Indexed spaces are judged by their base space."""
    if depth > _MAX_DEPTH:
        return _UNKNOWN
    if isinstance(space, pikepdf.Name):
        name = str(space)
        if name in _DEVICE:
            return _DEVICE[name]
        named = _resource(resources, "/ColorSpace", name)
        return _UNKNOWN if named is None else classify_space(named, resources, depth + 1)
    if not isinstance(space, pikepdf.Array) or len(space) == 0:
        return _UNKNOWN
    family = str(space[0])
    if family in _DEVICE and len(space) == 1:
        return _DEVICE[family]
    if family == "/ICCBased" and len(space) > 1:
        count = _int(_get(space[1], "/N"), 0)
        icc_kind, label = _ICC_KINDS.get(count, ("unknown", f"{count} components"))
        return Space(icc_kind, f"ICCBased {label}", max(count, 1))
    if family == "/CalRGB":
        return Space("rgb", "CalRGB", 3)
    if family == "/CalGray":
        return Space("gray", "CalGray", 1)
    if family == "/Lab":
        return Space("lab", "Lab", 3)
    if family in ("/Indexed", "/I") and len(space) > 1:
        indexed = classify_space(space[1], resources, depth + 1)
        return Space(indexed.kind, f"Indexed {indexed.label}", 1)
    if family == "/Separation" and len(space) > 1:
        colorant = str(space[1]).lstrip("/")
        kind: ColourKind = "cmyk" if colorant in PROCESS_COLORANTS else "spot"
        return Space(kind, f"Separation {colorant}", 1)
    if family == "/DeviceN" and len(space) > 1 and isinstance(space[1], pikepdf.Array):
        colorants = [str(n).lstrip("/") for n in space[1]]
        spot = [n for n in colorants if n not in PROCESS_COLORANTS]
        return Space("spot" if spot else "cmyk", f"DeviceN {', '.join(colorants)}", len(colorants))
    if family == "/Pattern":
        base = classify_space(space[1], resources, depth + 1) if len(space) > 1 else None
        return Space("pattern", "Pattern", 1 + (base.components if base else 0), base)
    return Space("unknown", family.lstrip("/") or "unknown colour space", 1)


@dataclass(frozen=True)
class ColourUse:
    """One way a page paints: a colour space used for something."""

    kind: ColourKind
    """What the space amounts to in print."""
    label: str
    """The space, as a person recognises it."""
    what: str
    """What was painted with it: "fill colour", "stroke colour", "text", "image /Im1",
    "image mask", "inline image", "shading /Sh0", "transparency group"."""


@dataclass(frozen=True)
class ImagePlacement:
    """An image drawn on the page (``Do`` of an image XObject, or an inline image)."""

    name: str
    """Its resource name ("/Im1"), or "inline image"."""
    box: Box
    """Where it lands on the page (clipped), in points."""
    pixels: tuple[int, int]
    """Its size in pixels (width, height)."""
    size: tuple[float, float]
    """Its placed size in points along its own axes (width, height)."""
    ppi: float
    """Effective resolution at that size: the lower of the two axes, pixels per inch."""
    mask: bool
    """Whether it is a stencil mask (``/ImageMask true``) painted in the fill colour."""
    space: Space
    """Its colour space (for a mask: the fill colour's)."""


@dataclass(frozen=True)
class TextRun:
    """Text shown by one ``Tj``, ``TJ``, ``'`` or ``"``."""

    box: Box
    """Approximate box on the page: one font size tall, wide as the font's widths say."""
    text: str
    """The text as far as it could be decoded (for messages)."""


@dataclass(frozen=True)
class PaintedArea:
    """A filled path, an image or a shading: what could be a background."""

    box: Box
    """The painted area's bounding box, clipped, in points."""
    what: str
    """"filled area", "image /Im1", "shading"..."""
    white: bool
    """Painted white (invisible on white paper), so its extent does not matter."""


@dataclass(frozen=True)
class StrokedLine:
    """A stroked path (a rule, a border, a crop mark)."""

    box: Box
    """The path's bounding box (without the line width), in points."""
    width: float
    """The line width on the page, in points (0: the thinnest line the device can draw)."""


@dataclass
class PageContent:
    """Everything one page paints, as collected by :func:`scan_page`."""

    colours: Counter[ColourUse] = field(default_factory=Counter)
    """Each colour use and how many times it occurs."""
    images: list[ImagePlacement] = field(default_factory=list)
    """Every image placement."""
    texts: list[TextRun] = field(default_factory=list)
    """Every visible text run."""
    areas: list[PaintedArea] = field(default_factory=list)
    """Every filled area, image and shading."""
    strokes: list[StrokedLine] = field(default_factory=list)
    """Every stroked path."""
    fonts: dict[str, tuple[str, pikepdf.Object]] = field(default_factory=dict)
    """Every font in the resources of the page and its forms and patterns: key -> (name, font)."""
    shown_fonts: set[str] = field(default_factory=set)
    """Keys (as in ``fonts``) of the fonts that show visible text."""
    notes: set[str] = field(default_factory=set)
    """What could not be judged on this page (shown as "not checked")."""


def scan_page(page: pikepdf.Object) -> PageContent:
    """Interpret a page's content streams (and its forms and patterns, recursively).

    Raises :class:`pikepdf.PdfError` when a content stream cannot be parsed.
    """
    scanner = _Scanner()
    resources = inherited(page, "/Resources")
    group = _get(page, "/Group")
    if group is not None:
        scanner.check_group(group, resources)
    if _get(page, "/Contents") is not None:
        scanner.run(page, resources, _State(), depth=0)
    return scanner.content


def inherited(page: pikepdf.Object, key: str) -> pikepdf.Object | None:
    """A page attribute, looked up through the page tree's ``/Parent`` chain when absent."""
    node: pikepdf.Object | None = page
    for _ in range(_MAX_DEPTH * 4):
        if node is None:
            return None
        value = _get(node, key)
        if value is not None:
            return value
        node = _get(node, "/Parent")
    return None


@dataclass(frozen=True)
class _Colour:
    """The current fill or stroke colour."""

    space: Space = DEVICE_GRAY
    white: bool = False
    pattern: pikepdf.Object | None = None


@dataclass
class _State:
    """The part of the graphics state the preflight follows (copied on ``q``)."""

    ctm: Matrix = IDENTITY
    clip: Box = UNBOUNDED
    fill: _Colour = field(default_factory=_Colour)
    stroke: _Colour = field(default_factory=_Colour)
    line_width: float = 1.0
    font: _Font | None = None
    font_key: str = ""
    font_size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    render: int = 0


@dataclass
class _TextCursor:
    """The text matrix and text line matrix of a text object."""

    tm: Matrix = IDENTITY
    tlm: Matrix = IDENTITY

    def set(self, matrix: Matrix) -> None:
        """``BT`` and ``Tm``: both matrices become ``matrix``."""
        self.tm = self.tlm = matrix

    def move(self, tx: float, ty: float) -> None:
        """``Td``, ``TD``, ``T*``: start a line offset from the current line's start."""
        self.set(multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self.tlm))

    def advance(self, tx: float) -> None:
        """Move past shown text (text space units)."""
        self.tm = multiply((1.0, 0.0, 0.0, 1.0, tx, 0.0), self.tm)


@dataclass(frozen=True)
class _Font:
    """What the interpreter needs of a font: widths to measure text, a map to decode it."""

    widths: dict[int, float]
    default_width: float
    code_bytes: int
    unicode: dict[int, str]
    single_byte_space: bool

    def codes(self, data: bytes) -> list[int]:
        """The character codes of a string shown in this font."""
        if self.code_bytes == 2:
            return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def decode(self, codes: list[int]) -> str:
        """The text of ``codes``, as far as the font says (Latin-1 when it does not)."""
        if self.unicode:
            return "".join(self.unicode.get(code, "\ufffd") for code in codes)
        if self.code_bytes == 1:
            return bytes(codes).decode("latin-1")
        return ""


_HALF_EM_FONT = _Font({}, 0.5, 1, {}, True)
"""Stand-in for a font that cannot be read: half an em per character."""
_PATH_POINTS = {"m": 2, "l": 2, "c": 6, "v": 4, "y": 4}
"""Path-construction operators and their number of operands (coordinates)."""
_TEXT_OPERATORS = frozenset(
    {"BT", "Tf", "Tc", "Tw", "Tz", "TL", "Ts", "Tr", "Td", "TD", "Tm", "T*", "'", '"', "Tj", "TJ"}
)
"""Operators handled by the text part of the interpreter."""
_PAINTERS = {
    "f": (True, False),
    "F": (True, False),
    "f*": (True, False),
    "S": (False, True),
    "s": (False, True),
    "B": (True, True),
    "B*": (True, True),
    "b": (True, True),
    "b*": (True, True),
    "n": (False, False),
}
"""Path-painting operators: (fills, strokes)."""


class _Scanner:
    """Interprets content streams into a :class:`PageContent`."""

    def __init__(self) -> None:
        self.content = PageContent()
        self._fonts: dict[str, _Font] = {}
        self._patterns_seen: set[str] = set()
        self._stack: list[str] = []

    # -- streams -------------------------------------------------------------------------------

    def run(
        self,
        stream: pikepdf.Object,
        resources: pikepdf.Object | None,
        state: _State,
        *,
        depth: int,
        geometry: bool = True,
    ) -> None:
        """Interpret one content stream (a page, a form, a tiling pattern) from ``state``.

        Without ``geometry`` (tiling patterns: their space is not the page's) only colours and
        fonts are collected."""
        self._collect_fonts(resources)
        stack: list[_State] = []
        path: list[list[tuple[float, float]]] = []  # subpaths, in page space
        clip_pending = False
        cursor = _TextCursor()
        for instruction in pikepdf.parse_content_stream(stream):
            op = str(instruction.operator)
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                self._image(instruction.iimage.obj, "inline image", resources, state, geometry)
                continue
            args = list(instruction.operands)
            if op in _PATH_POINTS or op == "re":
                _extend_path(path, op, args, state.ctm)
            elif op in _PAINTERS:
                boxes = [bounds(points) for points in path if points]
                if boxes:
                    self._paint(boxes, *_PAINTERS[op], state, resources, geometry)
                    if clip_pending:
                        whole = bounds([corner for box in boxes for corner in _box_corners(box)])
                        state.clip = intersect(state.clip, whole) or (0.0, 0.0, 0.0, 0.0)
                path = []
                clip_pending = False
            elif op in ("W", "W*"):
                clip_pending = True
            elif op == "q":
                stack.append(replace(state))
            elif op == "Q":
                state = stack.pop() if stack else state
            elif op in _TEXT_OPERATORS:
                self._text(op, args, cursor, state, resources, geometry)
            else:
                self._graphics(op, args, state, resources, depth, geometry)

    def _graphics(
        self,
        op: str,
        args: Sequence[object],
        state: _State,
        resources: pikepdf.Object | None,
        depth: int,
        geometry: bool,
    ) -> None:
        """Graphics-state, colour and XObject operators."""
        if op == "cm" and len(args) == 6:
            state.ctm = multiply(_matrix(args), state.ctm)
        elif op == "w":
            state.line_width = _num(args, 0)
        elif op == "gs":
            self._ext_gstate(args, resources, state)
        elif op in ("g", "G", "rg", "RG", "k", "K"):
            self._device_colour(op, args, state)
        elif op in ("cs", "CS") and args:
            colour = _Colour(classify_space(args[0], resources))
            if op == "cs":
                state.fill = colour
            else:
                state.stroke = colour
        elif op in ("sc", "scn", "SC", "SCN"):
            self._set_colour(op, args, resources, state)
        elif op == "sh" and args:
            self._shading(args[0], resources, state, geometry)
        elif op == "Do" and args:
            self._do(args[0], resources, state, depth, geometry)

    def _text(
        self,
        op: str,
        args: Sequence[object],
        cursor: _TextCursor,
        state: _State,
        resources: pikepdf.Object | None,
        geometry: bool,
    ) -> None:
        """Text-object, text-state, positioning and showing operators."""
        if op == "BT":
            cursor.set(IDENTITY)
        elif op == "Tf" and len(args) >= 2:
            self._set_font(_resource(resources, "/Font", str(args[0])), _num(args, 1), state)
        elif op in ("Tc", "Tw", "Tz", "TL", "Ts", "Tr"):
            self._text_state(op, _num(args, 0), state)
        elif op in ("Td", "TD"):
            if op == "TD":
                state.leading = -_num(args, 1)
            cursor.move(_num(args, 0), _num(args, 1))
        elif op == "Tm" and len(args) == 6:
            cursor.set(_matrix(args))
        elif op in ("T*", "'", '"'):
            cursor.move(0.0, -state.leading)
            if op == '"' and len(args) == 3:
                state.word_spacing, state.char_spacing = _num(args, 0), _num(args, 1)
            if op != "T*" and args:
                self._show([args[-1]], cursor, state, resources, geometry)
        elif op == "Tj" and args:
            self._show([args[0]], cursor, state, resources, geometry)
        elif op == "TJ" and args and isinstance(args[0], pikepdf.Array):
            self._show(list(args[0]), cursor, state, resources, geometry)

    def check_group(self, group: pikepdf.Object, resources: pikepdf.Object | None) -> None:
        """Note the blending colour space of a transparency group."""
        space = _get(group, "/CS")
        if space is not None:
            found = classify_space(space, resources)
            self.content.colours[ColourUse(found.kind, found.label, "transparency group")] += 1

    # -- painting ------------------------------------------------------------------------------

    def _paint(
        self,
        boxes: list[Box],
        fills: bool,
        strokes: bool,
        state: _State,
        resources: pikepdf.Object | None,
        geometry: bool,
    ) -> None:
        """Paint a path, given as the boxes of its subpaths."""
        if fills:
            self._use(state.fill, "fill colour", resources)
            white = state.fill.white and not strokes
            for box in boxes if geometry else []:
                painted = intersect(box, state.clip)
                if painted is not None:
                    self.content.areas.append(PaintedArea(painted, "filled area", white))
        if strokes:
            self._use(state.stroke, "stroke colour", resources)
            a, b, c, d, _, _ = state.ctm
            width = state.line_width * math.sqrt(abs(a * d - b * c))
            for box in boxes if geometry else []:
                self.content.strokes.append(StrokedLine(box, width))

    def _use(self, colour: _Colour, what: str, resources: pikepdf.Object | None) -> None:
        """Count a use of ``colour``; a pattern colour counts as what its pattern paints."""
        space = colour.space
        if space.kind != "pattern":
            self.content.colours[ColourUse(space.kind, space.label, what)] += 1
            return
        pattern = colour.pattern
        if pattern is None:
            return
        if _int(_get(pattern, "/PatternType"), 0) == 2:
            shading = _get(pattern, "/Shading")
            if shading is not None:
                found = classify_space(_get(shading, "/ColorSpace"), resources)
                self.content.colours[ColourUse(found.kind, found.label, "shading pattern")] += 1
        elif _int(_get(pattern, "/PaintType"), 1) == 2:
            if space.base is not None:
                self.content.colours[ColourUse(space.base.kind, space.base.label, what)] += 1
        else:
            key = _key(pattern)
            if key in self._patterns_seen or len(self._stack) > _MAX_DEPTH:
                return
            self._patterns_seen.add(key)
            self.content.notes.add("where tiling patterns' contents land on the page")
            self._stack.append(key)
            try:
                self.run(pattern, _get(pattern, "/Resources"), _State(), depth=1, geometry=False)
            finally:
                self._stack.pop()

    def _device_colour(self, op: str, args: Sequence[object], state: _State) -> None:
        values = [_num(args, i) for i in range(len(args))]
        space = _DEVICE[{"g": "/DeviceGray", "rg": "/DeviceRGB", "k": "/DeviceCMYK"}[op.lower()]]
        colour = _Colour(space, _is_white(space, values))
        if op.islower():
            state.fill = colour
        else:
            state.stroke = colour

    def _set_colour(
        self, op: str, args: Sequence[object], resources: pikepdf.Object | None, state: _State
    ) -> None:
        current = state.fill if op.islower() else state.stroke
        pattern = None
        if args and isinstance(args[-1], pikepdf.Name):
            pattern = _resource(resources, "/Pattern", str(args[-1]))
            args = args[:-1]
        values = [_num(args, i) for i in range(len(args))]
        colour = _Colour(current.space, _is_white(current.space, values), pattern)
        if op.islower():
            state.fill = colour
        else:
            state.stroke = colour

    def _ext_gstate(
        self, args: Sequence[object], resources: pikepdf.Object | None, state: _State
    ) -> None:
        gstate = _resource(resources, "/ExtGState", str(args[0])) if args else None
        if gstate is None:
            return
        width = _get(gstate, "/LW")
        if width is not None:
            state.line_width = _float(width, state.line_width)
        if _flag(gstate, "/OP") or _flag(gstate, "/op"):
            self.content.notes.add("overprint (set on this page; not simulated)")
        font = _get(gstate, "/Font")
        if isinstance(font, pikepdf.Array) and len(font) == 2:
            self._set_font(font[0], _float(font[1], state.font_size), state)

    def _shading(
        self, name: object, resources: pikepdf.Object | None, state: _State, geometry: bool
    ) -> None:
        shading = _resource(resources, "/Shading", str(name))
        if shading is None:
            return
        found = classify_space(_get(shading, "/ColorSpace"), resources)
        self.content.colours[ColourUse(found.kind, found.label, f"shading {name}")] += 1
        if geometry:
            # A shading fills the current clip; an unclipped one, the whole page.
            self.content.areas.append(PaintedArea(state.clip, f"shading {name}", False))

    def _do(
        self,
        name: object,
        resources: pikepdf.Object | None,
        state: _State,
        depth: int,
        geometry: bool,
    ) -> None:
        xobject = _resource(resources, "/XObject", str(name))
        if xobject is None:
            return
        subtype = _get(xobject, "/Subtype")
        if subtype == Name.Image:
            self._image(xobject, str(name), resources, state, geometry)
        elif subtype == Name.Form:
            key = _key(xobject)
            if key in self._stack or depth >= _MAX_DEPTH:
                return
            inner = replace(state)
            matrix = _get(xobject, "/Matrix")
            if isinstance(matrix, pikepdf.Array) and len(matrix) == 6:
                inner.ctm = multiply(_matrix(list(matrix)), state.ctm)
            bbox = rect(_get(xobject, "/BBox"))
            if bbox is not None:
                inner.clip = intersect(inner.clip, transform_box(inner.ctm, bbox)) or (
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                )
            own = _get(xobject, "/Resources")
            group = _get(xobject, "/Group")
            if group is not None:
                self.check_group(group, own if own is not None else resources)
            self._stack.append(key)
            try:
                self.run(
                    xobject,
                    own if own is not None else resources,
                    inner,
                    depth=depth + 1,
                    geometry=geometry,
                )
            finally:
                self._stack.pop()

    def _image(
        self,
        image: pikepdf.Object,
        name: str,
        resources: pikepdf.Object | None,
        state: _State,
        geometry: bool,
    ) -> None:
        mask = _flag(image, "/ImageMask")
        if mask:
            space = state.fill.space
            self._use(state.fill, "image mask", resources)
        else:
            raw = _get(image, "/ColorSpace")
            if raw is None:
                filters = _get(image, "/Filter")
                jpx = "/JPXDecode" in (
                    [str(f) for f in filters]
                    if isinstance(filters, pikepdf.Array)
                    else [str(filters)]
                )
                space = Space("unknown", "inside the JPEG 2000 data" if jpx else "none given")
                if jpx:
                    self.content.notes.add("colour spaces inside JPEG 2000 images")
            else:
                space = classify_space(raw, resources)
            what = name if name == "inline image" else f"image {name}"
            self.content.colours[ColourUse(space.kind, space.label, what)] += 1
        if not geometry:
            return
        ctm = state.ctm
        placed = transform_box(ctm, (0.0, 0.0, 1.0, 1.0))
        box = intersect(placed, state.clip)
        if box is None:
            return
        width_px = _int(_get(image, "/Width"), 0)
        height_px = _int(_get(image, "/Height"), 0)
        across = math.hypot(ctm[0], ctm[1])
        down = math.hypot(ctm[2], ctm[3])
        if across <= 0 or down <= 0 or width_px <= 0 or height_px <= 0:
            return
        ppi = min(width_px * 72 / across, height_px * 72 / down)
        self.content.images.append(
            ImagePlacement(name, box, (width_px, height_px), (across, down), ppi, mask, space)
        )
        self.content.areas.append(PaintedArea(box, f"image {name}", False))

    # -- text ----------------------------------------------------------------------------------

    def _text_state(self, op: str, value: float, state: _State) -> None:
        if op == "Tc":
            state.char_spacing = value
        elif op == "Tw":
            state.word_spacing = value
        elif op == "Tz":
            state.scale = value / 100
        elif op == "TL":
            state.leading = value
        elif op == "Ts":
            state.rise = value
        else:
            state.render = int(value)

    def _show(
        self,
        items: list[object],
        cursor: _TextCursor,
        state: _State,
        resources: pikepdf.Object | None,
        geometry: bool,
    ) -> None:
        """Show text at the cursor, and move the cursor past it."""
        font = state.font or _HALF_EM_FONT
        size = state.font_size
        advance = 0.0
        pieces: list[str] = []
        for item in items:
            if isinstance(item, pikepdf.String):
                codes = font.codes(bytes(item))
                pieces.append(font.decode(codes))
                for code in codes:
                    width = font.widths.get(code, font.default_width) * size + state.char_spacing
                    if code == 32 and font.single_byte_space:
                        width += state.word_spacing
                    advance += width * state.scale
            else:
                advance -= _float(item, 0.0) / 1000 * size * state.scale
        render = state.render
        if render not in (3, 7) and pieces and state.font_key:
            self.content.shown_fonts.add(state.font_key)
        if render in (0, 2, 4, 6):
            self._use(state.fill, "text", resources)
        if render in (1, 2, 5, 6):
            self._use(state.stroke, "text", resources)
        if geometry and render not in (3, 7) and size != 0:
            low, high = sorted((0.0, advance))
            text_box = (low, state.rise - 0.2 * size, high, state.rise + 0.8 * size)
            box = transform_box(multiply(cursor.tm, state.ctm), text_box)
            if intersect(box, state.clip) is not None:
                self.content.texts.append(TextRun(box, "".join(pieces)))
        cursor.advance(advance)

    def _set_font(self, font: pikepdf.Object | None, size: float, state: _State) -> None:
        state.font_size = size
        if not isinstance(font, pikepdf.Dictionary):
            state.font, state.font_key = None, ""
            return
        key = _key(font)
        if key not in self._fonts:
            try:
                self._fonts[key] = read_font(font)
            except (pikepdf.PdfError, ValueError, TypeError, KeyError):
                self._fonts[key] = _HALF_EM_FONT
        state.font, state.font_key = self._fonts[key], key

    def _collect_fonts(self, resources: pikepdf.Object | None) -> None:
        fonts = _get(resources, "/Font") if resources is not None else None
        if not isinstance(fonts, pikepdf.Dictionary):
            return
        for name, font in fonts.items():
            if isinstance(font, pikepdf.Dictionary):
                self.content.fonts.setdefault(_key(font), (_font_name(font, name), font))


def read_font(font: pikepdf.Object) -> _Font:
    """Widths and ToUnicode map of a font dictionary."""
    unicode = _to_unicode(_get(font, "/ToUnicode"))
    if _get(font, "/Subtype") == Name.Type0:
        descendants = _get(font, "/DescendantFonts")
        cid = descendants[0] if isinstance(descendants, pikepdf.Array) and descendants else None
        default = _float(_get(cid, "/DW"), 1000.0) / 1000 if cid is not None else 1.0
        return _Font(_cid_widths(_get(cid, "/W")), default, 2, unicode, False)
    scale = 0.001
    matrix = _get(font, "/FontMatrix")
    if _get(font, "/Subtype") == Name.Type3 and isinstance(matrix, pikepdf.Array) and matrix:
        scale = _float(matrix[0], 0.001)
    first = _int(_get(font, "/FirstChar"), 0)
    listed = _get(font, "/Widths")
    widths: dict[int, float] = {}
    if isinstance(listed, pikepdf.Array):
        widths = {first + i: _float(w, 0.0) * scale for i, w in enumerate(listed)}
    missing = _get(_get(font, "/FontDescriptor"), "/MissingWidth")
    default = _float(missing, 0.0) * scale if missing is not None and widths else 0.5
    return _Font(widths, default, 1, unicode, True)


def _cid_widths(listed: pikepdf.Object | None) -> dict[int, float]:
    """A CIDFont's ``/W`` array: ``c [w1 w2 ...]`` and ``c_first c_last w`` entries."""
    widths: dict[int, float] = {}
    if not isinstance(listed, pikepdf.Array):
        return widths
    items = list(listed)
    i = 0
    while i + 1 < len(items):
        start = _int(items[i], 0)
        if isinstance(items[i + 1], pikepdf.Array):
            for offset, width in enumerate(items[i + 1]):
                widths[start + offset] = _float(width, 0.0) / 1000
            i += 2
        elif i + 2 < len(items):
            end = min(_int(items[i + 1], start), start + 65536)
            for code in range(start, end + 1):
                widths[code] = _float(items[i + 2], 0.0) / 1000
            i += 3
        else:
            break
    return widths


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])")


def _to_unicode(cmap: pikepdf.Object | None) -> dict[int, str]:
    """Code -> text from a ToUnicode CMap (``bfchar`` and ``bfrange`` entries)."""
    if not isinstance(cmap, pikepdf.Stream):
        return {}
    try:
        data = cmap.read_bytes()
    except pikepdf.PdfError:
        return {}
    mapping: dict[int, str] = {}
    for block in _BFCHAR.finditer(data):
        hexes = _HEX.findall(block.group(1))
        for source, target in zip(hexes[::2], hexes[1::2], strict=False):
            mapping[int(source, 16)] = _utf16(target)
    for block in _BFRANGE.finditer(data):
        for low, high, target in _RANGE.findall(block.group(1)):
            start, end = int(low, 16), min(int(high, 16), int(low, 16) + 65536)
            if target.startswith(b"["):
                for offset, each in enumerate(_HEX.findall(target)):
                    mapping[start + offset] = _utf16(each)
            else:
                first = _HEX.findall(target)[0]
                base = _utf16(first)
                for code in range(start, end + 1):
                    if base:
                        mapping[code] = base[:-1] + chr(ord(base[-1]) + code - start)
    return mapping


def _utf16(hex_digits: bytes) -> str:
    digits = re.sub(rb"\s", b"", hex_digits)
    try:
        return bytes.fromhex(digits.decode("ascii")).decode("utf-16-be", "replace")
    except ValueError:
        return ""


def _font_name(font: pikepdf.Object, resource_name: object) -> str:
    base = _get(font, "/BaseFont")
    return str(base).lstrip("/") if base is not None else str(resource_name).lstrip("/")


# -- small readers -----------------------------------------------------------------------------


def _get(obj: object, key: str) -> pikepdf.Object | None:
    """``obj[key]`` for a dictionary or stream, else None."""
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        value: pikepdf.Object | None = obj.get(key)
        return value
    return None


def _flag(obj: object, key: str) -> bool:
    """Whether ``obj[key]`` is the boolean true."""
    value: object = _get(obj, key)
    return value is True


def _resource(resources: pikepdf.Object | None, category: str, name: str) -> pikepdf.Object | None:
    return _get(_get(resources, category), name)


def _key(obj: pikepdf.Object) -> str:
    """An identity for caches: the object number of an indirect object, else its Python id."""
    number, generation = obj.objgen
    return f"{number} {generation}" if number else f"direct {hash(obj.unparse())}"


def _float(value: object, default: float) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return default


def _num(args: Sequence[object], index: int) -> float:
    return _float(args[index], 0.0) if index < len(args) else 0.0


def _matrix(args: Sequence[object]) -> Matrix:
    a, b, c, d, e, f = (_num(args, i) for i in range(6))
    return (a, b, c, d, e, f)


def rect(value: pikepdf.Object | None) -> Box | None:
    """A PDF rectangle (``[x0 y0 x1 y1]``) as a normalised :data:`Box`, or None."""
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    x0, y0, x1, y1 = (_float(v, 0.0) for v in value)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _extend_path(
    path: list[list[tuple[float, float]]], op: str, args: Sequence[object], ctm: Matrix
) -> None:
    """Add a path-construction operator's points (in page space) to ``path``'s subpaths."""
    if op == "re":
        x, y, w, h = (_num(args, i) for i in range(4))
        path.append([transform(ctm, px, py) for px, py in _corners(x, y, w, h)])
        return
    if op == "m" or not path:
        path.append([])
    path[-1].extend(
        transform(ctm, _num(args, i), _num(args, i + 1)) for i in range(0, _PATH_POINTS[op], 2)
    )


def _box_corners(box: Box) -> list[tuple[float, float]]:
    return [(box[0], box[1]), (box[2], box[3])]


def _corners(x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
    return [(x, y), (x + w, y), (x, y + h), (x + w, y + h)]


def _is_white(space: Space, values: list[float]) -> bool:
    """Whether a colour is paper white (no ink)."""
    if not values or space.label.startswith("Indexed"):
        return False
    if space.kind == "cmyk" or space.kind == "spot":
        return all(v <= 0.0 for v in values)
    if space.kind in ("gray", "rgb"):
        return all(v >= 1.0 for v in values)
    return False
