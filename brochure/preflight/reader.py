"""What a PDF page paints, read from its content streams: the colours it uses, the images it
places (with their effective resolution), its text runs, the areas it fills and the lines it
strokes, all in page coordinates. The checks (:mod:`brochure.preflight.checks`) judge them.

Public API
----------

:func:`scan_page` (``page -> PageContent``)
    Everything one page paints: :attr:`~PageContent.images` (:class:`ImagePlacement`: where,
    pixels, effective ppi), :attr:`~PageContent.texts` (:class:`TextRun`: box, origin, font,
    font size on the page, decoded text), :attr:`~PageContent.areas` (:class:`PaintedArea`:
    fills, images and shadings, with their colour), :attr:`~PageContent.strokes`
    (:class:`StrokedLine`: box, line width, colour), :attr:`~PageContent.colours` (every
    :class:`~brochure.preflight.colour.ColourUse` counted), the fonts in its resources, and
    :attr:`~PageContent.gaps`: what could not be read (empty when the whole page was read).
:func:`walk_page` (``page -> PageContent`` with :attr:`~PageContent.operations`)
    The same, plus every operator run, in order, as an :class:`Operation`: the operator and
    its operands (pikepdf objects, kept valid by the operation itself), the CTM and the fill
    and stroke colours in force, the graphics-state depth (``q`` nesting, each form adding its
    own level), the open marked-content tags, the chain of forms being drawn and the resources
    names refer to.
    Forms are followed where they are drawn; tiling patterns where they paint (outside page
    geometry). An inline image is one ``INLINE IMAGE`` operation.
:class:`ContentReader`
    Both, for several pages of one file, sharing one :class:`~brochure.preflight.limits.Budget`
    (and a cache of the fonts read).

Matrices and boxes (:func:`~brochure.preflight.geometry.multiply`, ``transform``, ``bounds``...)
are in :mod:`brochure.preflight.geometry`.

The interpreter follows the graphics state a print shop cares about: the transformation matrix
through ``q``/``Q``/``cm`` and form XObject ``/Matrix``, the clip (as a bounding box), the fill and
stroke colours, the line width and the text state (``Tm``, ``Td``, ``TD``, ``T*``, ``Tf``, ``TL``,
``Tc``, ``Tw``, ``Tz``, ``Ts``, ``Tr``). Geometry is approximate by design: paths and clips are
reduced to bounding boxes and text to a box one font size tall, wide as the font's ``/Widths``
say (half an em per character when a font has none). It never renders anything.

Every stream is decoded and parsed within the :class:`~brochure.preflight.limits.Limits`, every
operator (in forms and patterns too, each time they run) counts against the page's operators,
and a form or pattern drawn inside itself is read once. What stops the reading becomes a
:class:`Gap`; the rest of the page is still read where it can be.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pikepdf
from pikepdf import Name

from brochure.errors import Severity
from brochure.preflight.colour import (
    DEVICE_CMYK,
    DEVICE_GRAY,
    DEVICE_RGB,
    ColourUse,
    Space,
    classify_space,
    is_white,
)
from brochure.preflight.fonts import HALF_EM_FONT, Font, FontInfo, FontRead, font_info, read_font
from brochure.preflight.geometry import (
    IDENTITY,
    NOWHERE,
    UNBOUNDED,
    Box,
    Matrix,
    bounds,
    corners,
    intersect,
    is_finite,
    multiply,
    transform,
    transform_box,
)
from brochure.preflight.limits import DEFAULT_LIMITS, Budget, LimitReached, Limits
from brochure.preflight.streams import (
    MAX_FILTERS,
    Parsed,
    StreamReader,
    UnreadableStream,
    first_problem,
    qpdf_message,
)
from brochure.preflight.values import (
    READ_ERRORS,
    clipped,
    flag,
    get,
    integer,
    matrix,
    name_of,
    name_text,
    number,
    numbers,
    object_key,
    real,
    rect,
    resource,
)

Affects = Literal["content", "text", "images", "pages", "metadata", "output-intent", "none"]
"""What a gap leaves unjudged: everything painted on a page, its text (fonts and placement),
its images' resolution, pages not read at all, the file's metadata or output intent, or nothing
the checks use (the text quoted in messages, a repaired file)."""

MAX_PARENTS = 48
"""Most ``/Parent`` links followed up the page tree for an inherited attribute."""
BYTES_PER_OPERATOR = 64
"""Running a form or pattern also counts one operator per this many bytes of its content."""
MESSAGE_LENGTH = 1000
"""The longest gap message (names from the file are quoted in them)."""
MAX_GAPS = 20
"""The most gaps listed for a page; more are counted."""
MAX_OPERANDS = 64
"""More operands than any operator takes (``scn``: 32 colour components and a name)."""


@dataclass(frozen=True)
class Gap:
    """Something that could not be read, and what that leaves unjudged."""

    message: str
    """What could not be read and why, for a person."""
    severity: Severity
    """``error`` when something painted may have been missed, else ``warning``."""
    affects: Affects
    """Which judgements it limits."""
    page: int | None = None
    """The 1-based page, or None for the whole file (set by the document reader)."""


@dataclass(frozen=True)
class Colour:
    """A fill or stroke colour: its space and its components."""

    space: Space = DEVICE_GRAY
    """The colour space."""
    values: tuple[float, ...] = (0.0,)
    """The components, as given (empty when they were not numbers, or for a pattern)."""
    white: bool = False
    """Whether it is paper white (no ink)."""


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
    origin: tuple[float, float] = (0.0, 0.0)
    """Where its baseline starts on the page, in points."""
    size: float = 0.0
    """Its font size on the page, in points (the ``Tf`` size through text matrix and CTM)."""
    font: str = ""
    """The font's resource name (``/F1``), or "" when none was set."""


@dataclass(frozen=True)
class PaintedArea:
    """A filled path, an image or a shading: what could be a background."""

    box: Box
    """The painted area's bounding box, clipped, in points."""
    what: str
    """"filled area", "image /Im1", "shading"..."""
    white: bool
    """Painted white (invisible on white paper), so its extent does not matter."""
    colour: Colour | None = None
    """The fill colour of a filled area (None for images and shadings)."""


@dataclass(frozen=True)
class StrokedLine:
    """A stroked path (a rule, a border, a crop mark)."""

    box: Box
    """The path's bounding box (without the line width), in points."""
    width: float
    """The line width on the page, in points (0: the thinnest line the device can draw)."""
    colour: Colour | None = None
    """The stroke colour."""


@dataclass(frozen=True)
class Operation:
    """One operator as the walk ran it (see :func:`walk_page`); the state is the one in force
    before it runs."""

    operator: str
    """The operator (``cm``, ``Do``, ``BDC``...); ``INLINE IMAGE`` for ``BI``...``EI``."""
    operands: tuple[object, ...]
    """Its operands as pikepdf gives them (int, Decimal, Name, String, Array, Dictionary...);
    for an inline image, its :class:`pikepdf.PdfInlineImage`."""
    ctm: Matrix
    """The current transformation matrix."""
    depth: int
    """Graphics states open: ``q`` not yet closed, plus one for each form being drawn."""
    marked: tuple[str, ...]
    """Tags of the open marked-content sequences (``P``, ``Artifact``...), outermost first."""
    forms: tuple[str, ...]
    """Resource names of the forms (and patterns) being drawn, outermost first; () on the page."""
    resources: pikepdf.Object | None
    """The resource dictionary its names refer to (it belongs to the page's PDF: read it while
    that is open)."""
    fill: Colour = field(default_factory=Colour)
    """The fill colour (its space as set by ``cs``, ``g``, ``rg``, ``k``..., and components);
    what ``f``, text and image masks paint with, and the space ``sc``/``scn`` set colours in."""
    stroke: Colour = field(default_factory=Colour)
    """The stroke colour (likewise for ``CS``, ``G``, ``RG``, ``K``, ``SC``/``SCN``)."""
    owner: pikepdf.Pdf | None = field(default=None, repr=False, compare=False)
    """The PDF the parsed operands belong to, kept alive with them (pikepdf objects outlive
    their PDF only as dangling pointers)."""


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
    fonts: dict[str, FontInfo] = field(default_factory=dict)
    """Every font in the resources of the page and its forms and patterns, by identity."""
    shown_fonts: set[str] = field(default_factory=set)
    """Keys (as in ``fonts``) of the fonts that show visible text."""
    notes: set[str] = field(default_factory=set)
    """What the preflight does not judge on this page (shown as "not checked")."""
    gaps: list[Gap] = field(default_factory=list)
    """What could not be read (each once), in the order met."""
    operations: list[Operation] | None = None
    """Every operator run, when read by :func:`walk_page` (else None)."""
    _seen: set[Gap] = field(default_factory=set, init=False, repr=False, compare=False)
    _unlisted: int = field(default=0, init=False, repr=False, compare=False)

    def gap(self, message: str, severity: Severity = "error", affects: Affects = "content") -> None:
        """Record something that could not be read (once; past :data:`MAX_GAPS`, only
        counted, and told as one more gap)."""
        found = Gap(clipped(message, MESSAGE_LENGTH), severity, affects)
        if found in self._seen:
            return
        self._seen.add(found)
        if len(self.gaps) < MAX_GAPS:
            self.gaps.append(found)
            return
        if len(self.gaps) == MAX_GAPS:
            self.gaps.append(Gap("", "error", "content"))
        self._unlisted += 1
        more = "problem" if self._unlisted == 1 else "problems"
        self.gaps[MAX_GAPS] = Gap(f"{self._unlisted:,} more {more} not listed", "error", "content")


def scan_page(
    page: pikepdf.Page | pikepdf.Object, *, limits: Limits = DEFAULT_LIMITS
) -> PageContent:
    """Interpret a page's content streams (and its forms and patterns), within ``limits``."""
    return ContentReader(Budget(limits)).scan(page)


def walk_page(
    page: pikepdf.Page | pikepdf.Object, *, limits: Limits = DEFAULT_LIMITS
) -> PageContent:
    """:func:`scan_page`, also recording every operator in :attr:`PageContent.operations`."""
    return ContentReader(Budget(limits)).scan(page, operations=True)


def inherited(page: pikepdf.Object, key: str) -> pikepdf.Object | None:
    """A page attribute, looked up through the page tree's ``/Parent`` chain when absent."""
    node: pikepdf.Object | None = page
    for _ in range(MAX_PARENTS):
        if node is None:
            return None
        value = get(node, key)
        if value is not None:
            return value
        node = get(node, "/Parent")
    return None


class ContentReader:
    """Reads the pages of one file within one budget, sharing the fonts it reads."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.streams = StreamReader(budget)
        self.fonts: dict[str, FontRead] = {}
        """Fonts read so far, by identity."""

    def scan(self, page: pikepdf.Page | pikepdf.Object, *, operations: bool = False) -> PageContent:
        """What ``page`` paints (with every operator run, when ``operations``).

        A limit, an unreadable stream or a damaged object ends up in
        :attr:`PageContent.gaps`, with what was read before it."""
        obj = page.obj if isinstance(page, pikepdf.Page) else page
        self.budget.start_page()
        interpreter = _Interpreter(self, operations)
        if self.budget.operator_cap <= 0:  # the file's operators are spent: nothing to parse for
            interpreter.content.gap(f"{self.budget.operator_limit()}; the page was not read")
            return interpreter.content
        try:
            interpreter.run_page(obj)
        except LimitReached as exc:
            interpreter.content.gap(f"{exc}; the rest of the page was not read")
        except READ_ERRORS as exc:
            interpreter.content.gap(
                f"its content could not be read in full ({qpdf_message(str(exc))})"
            )
        return interpreter.content


# -- the interpreter ---------------------------------------------------------------------------


@dataclass
class _State:
    """The part of the graphics state the preflight follows (copied on ``q``)."""

    ctm: Matrix = IDENTITY
    clip: Box = UNBOUNDED
    fill: Colour = field(default_factory=Colour)
    stroke: Colour = field(default_factory=Colour)
    fill_pattern: tuple[str, pikepdf.Object] | None = None
    stroke_pattern: tuple[str, pikepdf.Object] | None = None
    line_width: float = 1.0
    font: Font | None = None
    font_key: str = ""
    font_name: str = ""
    font_size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    render: int = 0

    def copy(self) -> _State:
        """A copy to save on ``q`` (faster than :func:`dataclasses.replace`)."""
        copied = _State.__new__(_State)
        copied.__dict__.update(self.__dict__)
        return copied


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


@dataclass
class _Frame:
    """One content stream being run: the page's, a form's or a pattern's."""

    key: str
    """The stream's identity (for caches, loops and direct objects' keys)."""
    resources: pikepdf.Object | None
    forms: tuple[str, ...]
    """Names of the forms and patterns being drawn, outermost first."""
    depth: int
    """Graphics states open around this stream."""
    marked: list[str]
    """Open marked-content tags, the enclosing streams' first."""
    geometry: bool
    """Whether its space is the page's (not for tiling patterns: only colours and fonts)."""
    saved: list[_State] = field(default_factory=list)
    """Graphics states saved by its own ``q``, innermost last."""
    compatibility: int = 0
    """``BX`` sections open (unknown operators are allowed inside)."""


_PATH_POINTS = {"m": 2, "l": 2, "c": 6, "v": 4, "y": 4, "re": 4}
"""Path-construction operators and their number of operands."""
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
_GRAPHICS = frozenset({"cm", "w", "gs", "g", "G", "rg", "RG", "k", "K", "cs", "CS"})
_GRAPHICS |= frozenset({"sc", "scn", "SC", "SCN", "sh", "Do"})
"""Graphics-state, colour and XObject operators the interpreter follows."""
_KNOWN = frozenset(
    {"b", "B", "b*", "B*", "BDC", "BI", "BMC", "BT", "BX", "c", "cm", "CS", "cs", "d", "d0"}
    | {"d1", "Do", "DP", "EI", "EMC", "ET", "EX", "f", "F", "f*", "G", "g", "gs", "h", "i"}
    | {"ID", "j", "J", "K", "k", "l", "m", "M", "MP", "n", "q", "Q", "re", "RG", "rg", "ri"}
    | {"s", "S", "SC", "sc", "SCN", "scn", "sh", "T*", "Tc", "Td", "TD", "Tf", "Tj", "TJ"}
    | {"TL", "Tm", "Tr", "Ts", "Tw", "Tz", "v", "w", "W", "W*", "y", "'", '"'}
)
"""Every operator PDF defines (ISO 32000-1, annex A)."""
_NUMBER_OPERANDS = {"cm": 6, "w": 1, "Tc": 1, "Tw": 1, "Tz": 1, "TL": 1, "Ts": 1, "Tr": 1}
_NUMBER_OPERANDS |= {"Td": 2, "TD": 2, "Tm": 6, "g": 1, "G": 1, "rg": 3, "RG": 3, "k": 4, "K": 4}
"""Operators whose operands must be this many numbers (else the operator is skipped)."""
_DEVICE_SPACES = {"g": DEVICE_GRAY, "rg": DEVICE_RGB, "k": DEVICE_CMYK}


class _Interpreter:
    """Interprets one page's content streams into a :class:`PageContent`."""

    def __init__(self, reader: ContentReader, operations: bool) -> None:
        self.reader = reader
        self.budget = reader.budget
        self.limits = reader.budget.limits
        self.content = PageContent(operations=[] if operations else None)
        self._parsed: dict[str, Parsed] = {}
        self._running: list[str] = []
        self._patterns_run: set[str] = set()
        self._fonts_listed: set[str] = set()
        self._spaces: dict[str, Space] = {}

    # -- streams -------------------------------------------------------------------------------

    def run_page(self, page: pikepdf.Object) -> None:
        """Interpret the page's content streams (and its forms and patterns)."""
        resources = inherited(page, "/Resources")
        if resources is not None and not isinstance(resources, pikepdf.Dictionary):
            self.content.gap("its /Resources is not a dictionary")
            resources = None
        group = get(page, "/Group")
        if group is not None:
            self._check_group(group, resources)
        contents = get(page, "/Contents")
        if contents is None:
            return
        frame = _Frame(object_key(page, "page"), resources, (), 0, [], True)
        self._collect_fonts(frame)
        try:
            parsed = self._parse_contents(contents)
        except UnreadableStream as exc:
            self.content.gap(f"its content could not be read: {exc}")
            return
        self._note_damage(parsed, "its content")
        self._run(parsed.instructions, frame, _State())

    def _parse_contents(self, contents: pikepdf.Object) -> Parsed:
        """A page's ``/Contents`` (a stream or an array of streams, joined), parsed."""
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        self.budget.spend_tokens(len(streams))  # each stream is at least one token of work
        parts: list[bytes] = []
        size = 0
        for stream in streams:
            part = self.reader.streams.read(stream)
            size += len(part) + 1
            if size > self.limits.stream_bytes:
                raise self.budget.byte_limit()
            parts.append(part)
        return self.reader.streams.parse(b"\n".join(parts))

    def _parse(self, stream: pikepdf.Object, key: str, label: str) -> Parsed | None:
        """A form's or pattern's content, parsed once per page (None when unreadable)."""
        if key not in self._parsed:
            try:
                parsed = self.reader.streams.parse(self.reader.streams.read(stream))
            except UnreadableStream as exc:
                self.content.gap(f"{label} could not be read: {exc}")
                return None
            self._note_damage(parsed, label)
            self._parsed[key] = parsed
        return self._parsed[key]

    def _note_damage(self, parsed: Parsed, label: str) -> None:
        if parsed.damage:
            self.content.gap(f"{label} is damaged: {first_problem(parsed.damage)}")

    def _run_nested(
        self,
        stream: pikepdf.Object,
        key: str,
        label: str,
        state: _State,
        outer: _Frame,
        *,
        name: str,
        geometry: bool,
    ) -> None:
        """Run a form's or a pattern's content inside ``outer``, unless it loops or nests too
        deep."""
        if key in self._running:
            self.content.gap(f"{label} is drawn inside itself (a loop); it was read once")
            return
        if len(self._running) >= self.limits.form_depth:
            self.content.gap(
                f"forms and patterns are nested more than {self.limits.form_depth} deep; "
                "the deeper ones were not read"
            )
            return
        own = get(stream, "/Resources")
        frame = _Frame(
            key,
            own if isinstance(own, pikepdf.Dictionary) else outer.resources,
            (*outer.forms, name),
            outer.depth + len(outer.saved) + 1,
            list(outer.marked),
            geometry,
        )
        self._collect_fonts(frame)
        parsed = self._parse(stream, key, label)
        if parsed is None:
            return
        # Reading a stream costs with its length too (a megabyte-long name is copied each
        # time): a form drawn many times must not be cheap for being one huge token.
        self._spend(parsed.size // BYTES_PER_OPERATOR)
        self._running.append(key)
        try:
            self._run(parsed.instructions, frame, state)
        finally:
            self._running.pop()

    def _run(
        self,
        instructions: Sequence[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage],
        frame: _Frame,
        state: _State,
    ) -> None:
        """Interpret one parsed content stream from ``state``."""
        budget = self.budget
        operations = self.content.operations
        stack = frame.saved
        path: list[list[tuple[float, float]]] = []  # subpaths, in page space
        clip_pending = False
        cursor = _TextCursor()
        marked_base = len(frame.marked)
        for instruction in instructions:
            budget.page_operators += 1
            if budget.page_operators > budget.operator_cap:
                raise budget.operator_limit()
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                if operations is not None:
                    self._record("INLINE IMAGE", (instruction.iimage,), frame, state, len(stack))
                self._image(instruction.iimage.obj, "inline image", frame, state)
                continue
            op = str(instruction.operator)
            operands = instruction.operands
            if len(operands) > MAX_OPERANDS:
                self._spend(len(operands))  # reading them was work, each time the form runs
                self.content.gap(f"an operator {op!r} with {len(operands):,} operands was skipped")
                continue
            args = list(operands)
            if operations is not None:
                self._record(op, tuple(args), frame, state, len(stack))
            values: tuple[float, ...] = ()
            count = _NUMBER_OPERANDS.get(op)
            if count is not None:
                found = numbers(args, count)
                if found is None:
                    self._bad_operands(op, count)
                    continue
                values = found
            if op in _PATH_POINTS:
                if not self._extend_path(path, op, args, state.ctm):
                    self._bad_operands(op, _PATH_POINTS[op])
            elif op in _PAINTERS:
                boxes = [bounds(points) for points in path if points]
                if boxes:
                    self._paint(boxes, *_PAINTERS[op], state, frame)
                    if clip_pending:
                        whole = bounds([corner for box in boxes for corner in corners(box)])
                        state.clip = intersect(state.clip, whole) or NOWHERE
                path = []
                clip_pending = False
            elif op in ("W", "W*"):
                clip_pending = True
            elif op == "q":
                if frame.depth + len(stack) >= self.limits.nesting:
                    raise LimitReached(
                        f"graphics states are nested more than {self.limits.nesting} deep"
                    )
                stack.append(state.copy())
            elif op == "Q":
                state = stack.pop() if stack else state
            elif op in _TEXT_OPERATORS:
                self._text(op, args, values, cursor, state, frame)
            elif op in _GRAPHICS:
                self._graphics(op, args, values, state, frame)
            else:
                self._structure(op, args, frame, marked_base)

    def _record(
        self, op: str, operands: tuple[object, ...], frame: _Frame, state: _State, open_q: int
    ) -> None:
        assert self.content.operations is not None
        self.content.operations.append(
            Operation(
                op,
                operands,
                state.ctm,
                frame.depth + open_q,
                tuple(frame.marked),
                frame.forms,
                frame.resources,
                fill=state.fill,
                stroke=state.stroke,
                owner=self.reader.streams.scratch,
            )
        )

    def _structure(self, op: str, args: Sequence[object], frame: _Frame, marked_base: int) -> None:
        """Marked content, compatibility sections, and operators PDF does not define."""
        if op in ("BMC", "BDC"):
            if len(frame.marked) >= self.limits.nesting:
                raise LimitReached(f"marked content is nested more than {self.limits.nesting} deep")
            frame.marked.append(name_text(args[0]) if args else "")
        elif op == "EMC":
            if len(frame.marked) > marked_base:
                frame.marked.pop()
        elif op == "BX":
            frame.compatibility += 1
        elif op == "EX":
            frame.compatibility = max(0, frame.compatibility - 1)
        elif op not in _KNOWN and not frame.compatibility:
            shown = clipped(op, 20)
            self.content.gap(f"its content uses {shown!r}, which is not a PDF operator")

    def _spend(self, work: int) -> None:
        """Count work beyond one operator (glyphs shown, operands read) as operators."""
        budget = self.budget
        budget.page_operators += work
        if budget.page_operators > budget.operator_cap:
            raise budget.operator_limit()

    def _bad_operands(self, op: str, count: int) -> None:
        wanted = "a finite number" if count == 1 else f"{count} finite numbers"
        self.content.gap(f"an operator {op!r} without {wanted} as operands was skipped")

    def _graphics(
        self,
        op: str,
        args: Sequence[object],
        values: tuple[float, ...],
        state: _State,
        frame: _Frame,
    ) -> None:
        """Graphics-state, colour and XObject operators (``values``: the numbers of those in
        ``_NUMBER_OPERANDS``)."""
        if op == "cm":
            product = multiply(_matrix(values), state.ctm)
            if is_finite(product):
                state.ctm = product
            else:
                self.content.gap("a 'cm' operator made the page's coordinates overflow")
        elif op == "w":
            state.line_width = values[0]
        elif op == "gs":
            self._ext_gstate(args, frame, state)
        elif op in ("g", "G", "rg", "RG", "k", "K"):
            self._device_colour(op, values, state)
        elif op in ("cs", "CS") and args:
            space = self._space(f"{frame.key} cs {name_of(args[0])}", args[0], frame.resources)
            colour = Colour(space, ())
            if op == "cs":
                state.fill, state.fill_pattern = colour, None
            else:
                state.stroke, state.stroke_pattern = colour, None
        elif op in ("sc", "scn", "SC", "SCN"):
            self._set_colour(op, args, frame, state)
        elif op == "sh" and args:
            self._shading(name_of(args[0]), frame, state)
        elif op == "Do" and args:
            self._do(name_of(args[0]), frame, state)

    def _text(
        self,
        op: str,
        args: Sequence[object],
        values: tuple[float, ...],
        cursor: _TextCursor,
        state: _State,
        frame: _Frame,
    ) -> None:
        """Text-object, text-state, positioning and showing operators (``values`` as for
        :meth:`_graphics`)."""
        if op == "BT":
            cursor.set(IDENTITY)
        elif op == "Tf" and len(args) >= 2:
            size = number(args[1])
            if size is None:
                self._bad_operands(op, 1)
                return
            font = name_of(args[0])
            self._set_font(resource(frame.resources, "/Font", font), font, size, state, frame)
        elif op in ("Tc", "Tw", "Tz", "TL", "Ts", "Tr"):
            self._text_state(op, values[0], state)
        elif op in ("Td", "TD"):
            tx, ty = values
            if op == "TD":
                state.leading = -ty
            cursor.move(tx, ty)
        elif op == "Tm":
            cursor.set(_matrix(values))
        elif op in ("T*", "'", '"'):
            cursor.move(0.0, -state.leading)
            if op == '"' and len(args) == 3:
                state.word_spacing = real(args[0], state.word_spacing)
                state.char_spacing = real(args[1], state.char_spacing)
            if op != "T*" and args:
                self._show([args[-1]], cursor, state, frame)
        elif op == "Tj" and args:
            self._show([args[0]], cursor, state, frame)
        elif op == "TJ" and args and isinstance(args[0], pikepdf.Array):
            self._spend(len(args[0]))
            self._show(list(args[0]), cursor, state, frame)

    def _space(self, key: str, space: object, resources: pikepdf.Object | None) -> Space:
        """:func:`~brochure.preflight.colour.classify_space`, once per page for each ``key``
        (a space used a million times is read once)."""
        found = self._spaces.get(key)
        if found is None:
            found = self._spaces[key] = classify_space(space, resources)
        return found

    def _check_group(self, group: pikepdf.Object, resources: pikepdf.Object | None) -> None:
        """Note the blending colour space of a transparency group."""
        space = get(group, "/CS")
        if space is not None:
            found = classify_space(space, resources)
            self.content.colours[ColourUse(found.kind, found.label, "transparency group")] += 1

    # -- painting ------------------------------------------------------------------------------

    def _paint(
        self, boxes: list[Box], fills: bool, strokes: bool, state: _State, frame: _Frame
    ) -> None:
        """Paint a path, given as the boxes of its subpaths."""
        if fills:
            self._use(state.fill, state.fill_pattern, "fill colour", frame)
            white = state.fill.white and not strokes
            for box in boxes if frame.geometry else []:
                painted = intersect(box, state.clip)
                if painted is not None:
                    self.content.areas.append(
                        PaintedArea(painted, "filled area", white, state.fill)
                    )
        if strokes:
            self._use(state.stroke, state.stroke_pattern, "stroke colour", frame)
            a, b, c, d, _, _ = state.ctm
            width = state.line_width * math.sqrt(abs(a * d - b * c))
            for box in boxes if frame.geometry else []:
                self.content.strokes.append(StrokedLine(box, width, state.stroke))

    def _use(
        self,
        colour: Colour,
        pattern: tuple[str, pikepdf.Object] | None,
        what: str,
        frame: _Frame,
    ) -> None:
        """Count a use of ``colour``; a pattern colour counts as what its pattern paints."""
        space = colour.space
        if space.kind != "pattern":
            self.content.colours[ColourUse(space.kind, space.label, what)] += 1
            return
        if pattern is None:
            return
        name, found = pattern
        if integer(get(found, "/PatternType"), 0) == 2:
            shading = get(found, "/Shading")
            if shading is not None:
                key = f"{object_key(found, frame.key)} pattern {name}"
                used = self._space(key, get(shading, "/ColorSpace"), frame.resources)
                self.content.colours[ColourUse(used.kind, used.label, "shading pattern")] += 1
        elif integer(get(found, "/PaintType"), 1) == 2:
            if space.base is not None:
                self.content.colours[ColourUse(space.base.kind, space.base.label, what)] += 1
        elif isinstance(found, pikepdf.Stream):
            self._tiling_pattern(name, found, frame)

    def _tiling_pattern(self, name: str, pattern: pikepdf.Stream, frame: _Frame) -> None:
        """Read a coloured tiling pattern's content once per page, for its colours and fonts."""
        key = object_key(pattern, f"{frame.key} {name}")
        label = f"pattern {name}"
        if key in self._running:
            self.content.gap(f"{label} paints with itself (a loop); it was read once")
            return
        if key in self._patterns_run:
            return
        self._patterns_run.add(key)
        self.content.notes.add("where tiling patterns' contents land on the page")
        self._run_nested(pattern, key, label, _State(), frame, name=name, geometry=False)

    def _device_colour(self, op: str, values: tuple[float, ...], state: _State) -> None:
        space = _DEVICE_SPACES[op.lower()]
        colour = Colour(space, values, is_white(space, list(values)))
        if op.islower():
            state.fill, state.fill_pattern = colour, None
        else:
            state.stroke, state.stroke_pattern = colour, None

    def _set_colour(self, op: str, args: Sequence[object], frame: _Frame, state: _State) -> None:
        current = state.fill if op.islower() else state.stroke
        pattern: tuple[str, pikepdf.Object] | None = None
        if args and isinstance(args[-1], pikepdf.Name):
            name = name_of(args[-1])
            found = resource(frame.resources, "/Pattern", name)
            pattern = (name, found) if found is not None else None
            args = args[:-1]
        values = tuple(real(arg, 0.0) for arg in args)
        colour = Colour(current.space, values, is_white(current.space, list(values)))
        if op.islower():
            state.fill, state.fill_pattern = colour, pattern
        else:
            state.stroke, state.stroke_pattern = colour, pattern

    def _ext_gstate(self, args: Sequence[object], frame: _Frame, state: _State) -> None:
        gstate = resource(frame.resources, "/ExtGState", name_of(args[0])) if args else None
        if gstate is None:
            return
        width = get(gstate, "/LW")
        if width is not None:
            state.line_width = real(width, state.line_width)
        if flag(gstate, "/OP") or flag(gstate, "/op"):
            self.content.notes.add("overprint (set on this page; not simulated)")
        font = get(gstate, "/Font")
        if isinstance(font, pikepdf.Array) and len(font) == 2:
            size = real(font[1], state.font_size)
            self._set_font(font[0], f"{name_of(args[0])} font", size, state, frame)

    def _shading(self, name: str, frame: _Frame, state: _State) -> None:
        shading = resource(frame.resources, "/Shading", name)
        if shading is None:
            self.content.gap(f"it paints the shading {name}, which is not in its resources")
            return
        found = self._space(f"{frame.key} sh {name}", get(shading, "/ColorSpace"), frame.resources)
        self.content.colours[ColourUse(found.kind, found.label, f"shading {name}")] += 1
        if frame.geometry:
            # A shading fills the current clip; an unclipped one, the whole page.
            self.content.areas.append(PaintedArea(state.clip, f"shading {name}", False))

    def _do(self, name: str, frame: _Frame, state: _State) -> None:
        xobject = resource(frame.resources, "/XObject", name)
        if xobject is None:
            self.content.gap(f"it draws {name}, which is not in its resources")
            return
        subtype = get(xobject, "/Subtype")
        if subtype == Name.Image:
            self._image(xobject, name, frame, state)
        elif subtype == Name.Form:
            self._form(xobject, name, frame, state)

    def _form(self, xobject: pikepdf.Object, name: str, frame: _Frame, state: _State) -> None:
        inner = state.copy()
        found = matrix(get(xobject, "/Matrix"))
        if found is not None:
            inner.ctm = multiply(found, state.ctm)
        bbox = rect(get(xobject, "/BBox"))
        if bbox is not None:
            inner.clip = intersect(inner.clip, transform_box(inner.ctm, bbox)) or NOWHERE
        group = get(xobject, "/Group")
        if group is not None:
            own = get(xobject, "/Resources")
            self._check_group(group, own if own is not None else frame.resources)
        key = object_key(xobject, f"{frame.key} {name}")
        self._run_nested(
            xobject, key, f"form {name}", inner, frame, name=name, geometry=frame.geometry
        )

    def _image(self, image: pikepdf.Object, name: str, frame: _Frame, state: _State) -> None:
        mask = flag(image, "/ImageMask")
        if mask:
            space = state.fill.space
            self._use(state.fill, state.fill_pattern, "image mask", frame)
        else:
            space = self._image_space(image, frame)
            what = name if name == "inline image" else f"image {name}"
            self.content.colours[ColourUse(space.kind, space.label, what)] += 1
        if not frame.geometry:
            return
        ctm = state.ctm
        box = intersect(transform_box(ctm, (0.0, 0.0, 1.0, 1.0)), state.clip)
        if box is None:
            return
        width_px = integer(get(image, "/Width"), 0)
        height_px = integer(get(image, "/Height"), 0)
        if width_px <= 0 or height_px <= 0:
            shown = "an inline image" if name == "inline image" else f"the image {name}"
            self.content.gap(f"{shown} has no valid /Width and /Height", affects="images")
            return
        across = math.hypot(ctm[0], ctm[1])
        down = math.hypot(ctm[2], ctm[3])
        if across <= 0 or down <= 0:
            return
        ppi = min(width_px * 72 / across, height_px * 72 / down)
        self.content.images.append(
            ImagePlacement(name, box, (width_px, height_px), (across, down), ppi, mask, space)
        )
        self.content.areas.append(PaintedArea(box, f"image {name}", False))

    def _image_space(self, image: pikepdf.Object, frame: _Frame) -> Space:
        raw = get(image, "/ColorSpace")
        if raw is not None and not image.is_indirect:  # inline: read with the content itself
            return classify_space(raw, frame.resources)
        if raw is not None:
            return self._space(object_key(image, ""), raw, frame.resources)
        filters = get(image, "/Filter")
        listed = filters if isinstance(filters, pikepdf.Array) else [filters]
        if len(listed) <= MAX_FILTERS and any(str(f) == "/JPXDecode" for f in listed):
            self.content.notes.add("colour spaces inside JPEG 2000 images")
            return Space("unknown", "inside the JPEG 2000 data")
        return Space("unknown", "none given")

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

    def _show(self, items: list[object], cursor: _TextCursor, state: _State, frame: _Frame) -> None:
        """Show text at the cursor, and move the cursor past it."""
        font = state.font or HALF_EM_FONT
        size = state.font_size
        advance = 0.0
        pieces: list[str] = []
        for item in items:
            if isinstance(item, pikepdf.String):
                data = bytes(item)
                self._spend(len(data))
                codes = font.codes(data)
                pieces.append(font.decode(codes))
                for code in codes:
                    width = font.widths.get(code, font.default_width) * size + state.char_spacing
                    if code == 32 and font.single_byte_space:
                        width += state.word_spacing
                    advance += width * state.scale
            else:
                advance -= real(item, 0.0) / 1000 * size * state.scale
        render = state.render
        if render not in (3, 7) and pieces and state.font_key:
            self.content.shown_fonts.add(state.font_key)
        if render in (0, 2, 4, 6):
            self._use(state.fill, state.fill_pattern, "text", frame)
        if render in (1, 2, 5, 6):
            self._use(state.stroke, state.stroke_pattern, "text", frame)
        if frame.geometry and render not in (3, 7) and size != 0:
            low, high = sorted((0.0, advance))
            text_box = (low, state.rise - 0.2 * size, high, state.rise + 0.8 * size)
            placed = multiply(cursor.tm, state.ctm)
            box = transform_box(placed, text_box)
            if intersect(box, state.clip) is not None:
                origin = transform(placed, 0.0, state.rise)
                on_page = size * math.hypot(placed[2], placed[3])
                text = "".join(pieces)
                self.content.texts.append(TextRun(box, text, origin, on_page, state.font_name))
        cursor.advance(advance)

    def _set_font(
        self,
        font: pikepdf.Object | None,
        name: str,
        size: float,
        state: _State,
        frame: _Frame,
    ) -> None:
        state.font_size = size
        state.font_name = name
        if not isinstance(font, pikepdf.Dictionary):
            state.font, state.font_key = None, ""
            if font is None:
                self.content.gap(
                    f"it sets the font {name}, which is not in its resources", affects="text"
                )
            return
        key = object_key(font, f"{frame.key} {name}")
        fonts = self.reader.fonts
        if key not in fonts:
            try:
                fonts[key] = read_font(font, self.reader.streams)
                self._spend(fonts[key].work)
            except (pikepdf.PdfError, ValueError, TypeError) as exc:
                fonts[key] = FontRead(
                    HALF_EM_FONT, [f"it could not be read ({qpdf_message(str(exc))})"]
                )
        for problem in fonts[key].problems:
            self.content.gap(f"font {name}: {problem}", "warning", "text")
        state.font, state.font_key = fonts[key].font, key

    def _collect_fonts(self, frame: _Frame) -> None:
        """List the fonts of a stream's resources (once per page for each font dictionary)."""
        fonts = get(frame.resources, "/Font")
        if not isinstance(fonts, pikepdf.Dictionary):
            return
        listed = object_key(fonts, frame.key)
        if listed in self._fonts_listed:
            return
        self._fonts_listed.add(listed)
        self._spend(len(fonts))
        for resource_name, font in fonts.items():
            if isinstance(font, pikepdf.Dictionary):
                key = object_key(font, f"{frame.key} {name_of(resource_name)}")
                self.content.fonts.setdefault(key, font_info(font, name_of(resource_name)))

    # -- paths ---------------------------------------------------------------------------------

    @staticmethod
    def _extend_path(
        path: list[list[tuple[float, float]]], op: str, args: Sequence[object], ctm: Matrix
    ) -> bool:
        """Add a path-construction operator's points (in page space) to ``path``'s subpaths;
        False when its operands are not the numbers it needs."""
        values = numbers(args, _PATH_POINTS[op])
        if values is None:
            return False
        if op == "re":
            x, y, w, h = values
            path.append([transform(ctm, px, py) for px, py in _rectangle(x, y, w, h)])
            return True
        if op == "m" or not path:
            path.append([])
        path[-1].extend(transform(ctm, values[i], values[i + 1]) for i in range(0, len(values), 2))
        return True


def _matrix(values: tuple[float, ...]) -> Matrix:
    """Six numbers as a matrix."""
    a, b, c, d, e, f = values
    return (a, b, c, d, e, f)


def _rectangle(x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
    return [(x, y), (x + w, y), (x, y + h), (x + w, y + h)]
