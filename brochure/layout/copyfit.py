"""Copyfitting: the loosest setting of the design at which a leaflet fills its format's pages.

The design is tightened in a fixed order, as professional copyfitting does, each knob monotonic
and bounded: space between blocks (down to half), then leading (down to 1.25 x the size), then
paddings and picture heights (to their floors), and only then type size, never below the body
floor (headings and lede scale with the body; footer and captions never under 8.5 pt). One number,
the *tightness*, walks that ladder: 0 is the design, 1 ends the spacing stage, 2 the leading stage,
3 the padding stage, 4 the floor. Below 0 the sheet is loosened: up to half as much space again
between blocks, type never larger than the design's. A bisection over trial layouts finds the
loosest tightness that fits; same input, same tightness.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from io import BytesIO
from pathlib import Path
from typing import Any

from brochure.cache import keep_bounded
from brochure.content.model import Brand, Leaflet
from brochure.content.source import FieldPath, format_path
from brochure.errors import Severity
from brochure.layout.flowables import AtPageFoot, Logo
from brochure.layout.folding import Group, trifold_layout
from brochure.layout.formats import FORMATS, Format
from brochure.layout.pages import page_templates
from brochure.layout.panels import (
    Plan,
    booklet_plan,
    group_of,
    grouped,
    reading_order,
    reading_templates,
    trifold_plan,
)
from brochure.layout.paper import PaperName
from brochure.layout.sketch import SketchCanvas
from brochure.layout.story import StoryBlock, brand_heights, story_blocks
from brochure.layout.tagging import Untagged
from brochure.layout.theme import Theme, TypeScale
from brochure.messages import Messages
from brochure.version import __version__

MM = 72 / 25.4
LOOSEST = -1.0
"""The most air the fitter adds: half as much space again between blocks."""
LARGEST = -2.0
"""Past :data:`LOOSEST`, a format that may grow its type (a booklet filling its pages) sets it
up to :data:`GROWTH` larger, at that most air."""
GROWTH = 0.2
"""How much larger than the design a short booklet's type may grow: a fifth (12 pt to 14.4)."""
TIGHTEST = 4.0
"""The end of the ladder: everything at its floor."""
STEPS = 4
"""Bisection steps: the tightness is found to a sixteenth of the range searched (a quarter of
one step of the ladder), in four trial layouts."""
SMALL_FLOOR = 8.5
"""Footer and captions are never set smaller than this, in points."""
PADDING_FLOOR = 0.6
"""Paddings go down to this share of the design's."""
QR_FLOOR = 0.75
"""The QR code goes down to this share of its design size (72 pt, 25 mm: still easy to scan)."""
PICTURE_FLOOR = 0.35
"""Pictures go down to this share of the text frame's height (the design's is 0.6)."""
UNDERFILLED = 0.4
"""A last page emptier than this share, after loosening, is reported."""
SHORT_LAST_PAGE = 1 / 3
"""On flowing pages, a last page fuller than this is kept; an emptier one is fitted away."""


def _stage(tightness: float, stage: int) -> float:
    """How far along ``stage`` (1 to 4) of the ladder ``tightness`` is, from 0 to 1."""
    return min(max(tightness - (stage - 1), 0.0), 1.0)


def tighten(theme: Theme, tightness: float, min_body: float) -> Theme:
    """``theme`` at ``tightness`` on the ladder (see the module docstring)."""
    if tightness == 0.0:
        return theme
    if tightness < LOOSEST:
        grown = 1.0 + GROWTH * min(LOOSEST - tightness, 1.0)
        return replace(_spaced(theme, 1.5), scale=_grown(theme.scale, grown))
    spacing = 1.0 - tightness * 0.5 if tightness < 0 else 1.0 - 0.5 * _stage(tightness, 1)
    spaced = _spaced(theme, spacing)
    if tightness < 0:
        return spaced
    pad = 1.0 - (1.0 - PADDING_FLOOR) * _stage(tightness, 3)
    picture = theme.grid.picture_share
    picture -= (picture - PICTURE_FLOOR) * _stage(tightness, 3)
    return replace(
        spaced,
        fitting=replace(spaced.fitting, leading=_stage(tightness, 2)),
        scale=_scaled(theme.scale, min_body, _stage(tightness, 4)),
        grid=replace(theme.grid, picture_share=picture),
        card=replace(spaced.card, padding=theme.card.padding * pad),
        callout=replace(theme.callout, padding=theme.callout.padding * pad),
        panel=replace(
            spaced.panel,
            padding=theme.panel.padding * pad,
            qr_size=theme.panel.qr_size * (1.0 - (1.0 - QR_FLOOR) * _stage(tightness, 3)),
        ),
        fact=replace(theme.fact, padding=theme.fact.padding * pad),
    )


def _spaced(theme: Theme, spacing: float) -> Theme:
    """``theme`` with the space between blocks, and between the parts of the cover band, the
    cards and the contact panel, at ``spacing`` times the design's."""
    band, card, panel = theme.band, theme.card, theme.panel
    return replace(
        theme,
        fitting=replace(theme.fitting, spacing=spacing),
        band=replace(
            band,
            title_space=band.title_space * spacing,
            subtitle_space=band.subtitle_space * spacing,
            rule_space=band.rule_space * spacing,
            foot_space=band.foot_space * spacing,
        ),
        card=replace(card, body_space=card.body_space * spacing),
        panel=replace(
            panel,
            heading_space=panel.heading_space * spacing,
            line_space=panel.line_space * spacing,
        ),
    )


def _scaled(scale: TypeScale, min_body: float, amount: float) -> TypeScale:
    """Type sizes moved ``amount`` of the way from the design's body size to ``min_body``, all
    in proportion; running text never under ``min_body``, small text never under 8.5 pt."""
    if amount == 0.0 or min_body >= scale.body:
        return scale
    ratio = (scale.body - (scale.body - min_body) * amount) / scale.body
    text = max(scale.body * ratio, min_body)
    return replace(
        scale,
        title=scale.title * ratio,
        subtitle=scale.subtitle * ratio,
        heading=scale.heading * ratio,
        card_title=scale.card_title * ratio,
        lede=max(scale.lede * ratio, text),
        body=text,
        card_body=max(scale.card_body * ratio, min(text, scale.card_body)),
        small=max(scale.small * ratio, SMALL_FLOOR),
        fact=scale.fact * ratio,
    )


def _grown(scale: TypeScale, factor: float) -> TypeScale:
    """Every type size ``factor`` times the design's (leading follows the sizes)."""
    return replace(
        scale,
        title=scale.title * factor,
        subtitle=scale.subtitle * factor,
        heading=scale.heading * factor,
        card_title=scale.card_title * factor,
        lede=scale.lede * factor,
        body=scale.body * factor,
        card_body=scale.card_body * factor,
        small=scale.small * factor,
        fact=scale.fact * factor,
    )


@dataclass(frozen=True)
class Spill:
    """Text that ran past the panel (or page) its group must end on."""

    field: FieldPath
    """The field of the first block laid out past it."""
    label: str
    """The panel or page, as a person calls it ("panel 5 (inside, right)")."""
    overflow: float
    """How much too long, in points."""


@dataclass(frozen=True)
class Trial:
    """One trial layout: how many pages it took and how full they are."""

    pages: int
    """Pages laid out."""
    last_free: float
    """Free height on the last page above its closing panel (a folded leaflet's: on its last
    inside panel or page), in points."""
    frame_height: float
    """The text frame's height on a following page, in points."""
    overflow: float
    """Height of what was laid out past ``limit`` pages, in points (0: it fits)."""
    first_over: FieldPath | None
    """The field of the first block laid out past ``limit`` pages."""
    spill: Spill | None = None
    """A folded leaflet's first group that ran past its last panel (None: each fits)."""

    def fits(self, limit: int | None) -> bool:
        """Whether the layout stays within ``limit`` pages (None: any number), every group on
        its own panels."""
        return (limit is None or self.pages <= limit) and self.spill is None


def trial(
    leaflet: Leaflet,
    theme: Theme,
    messages: Messages,
    logo: Logo | None,
    limit: int | None = None,
    format: Format = FORMATS["pages"],
    paper: PaperName = "a4",
    allowance: float | None = None,
) -> Trial:
    """Lay ``leaflet`` out on ``theme`` (untagged, on a sketch: nothing painted or saved) and
    measure it; a folded format in reading order, a page per panel
    (:mod:`brochure.layout.panels`)."""
    from reportlab.platypus import BaseDocTemplate

    folded = format.folding != "flat"
    blocks = story_blocks(leaflet, theme, messages, logo, Untagged(), folded=folded)
    plan = fold_plan(format, paper, allowance, limit) if folded else None
    measure = Measure(limit, format, plan)
    measure.follow(blocks, theme.grid.frame_height)

    class Measuring(measuring(BaseDocTemplate, measure)):  # type: ignore[misc]
        _doSave = 0  # a trial is measured, never written: skip serialising the PDF

    grid = theme.grid
    document = Measuring(
        BytesIO(), pagesize=(grid.page_width, grid.page_height), invariant=1, showBoundary=0
    )
    if folded:
        document.addPageTemplates(reading_templates(format, paper, grid, allowance))
        grouped_story = grouped(format, [(b.field, b.flowables) for b in blocks])
        document.build(reading_order(format, grouped_story), canvasmaker=SketchCanvas)
    else:
        document.addPageTemplates(page_templates(theme))
        document.build([f for block in blocks for f in block.flowables], canvasmaker=SketchCanvas)
    return measure.result()


class Measure:
    """What a trial measures as a document is laid out (:func:`measuring` calls it): the height
    used on each page, the free room above the closing panel, and what ran past ``limit``
    pages or, folded, past a group's last panel (``plan``). A render of a leaflet at the
    design can measure itself with it too, and stand for the design's trial."""

    def __init__(
        self, limit: int | None, format: Format = FORMATS["pages"], plan: Plan | None = None
    ) -> None:
        self.limit, self.format, self.plan = limit, format, plan
        self.owners: dict[int, FieldPath] = {}
        self.current: FieldPath = ()
        self.frame_height = 0.0
        self.used: dict[int, float] = {}
        self.foot_free: list[float] = []
        self.first_over: FieldPath | None = None
        # For each group that ran past its last page: its first field there, and the pages used.
        self.spilled: dict[Group, tuple[FieldPath, dict[int, float]]] = {}

    def follow(self, blocks: list[StoryBlock], frame_height: float) -> None:
        """Measure the layout of ``blocks`` on text frames ``frame_height`` points tall."""
        self.owners = {id(f): block.field for block in blocks for f in block.flowables}
        self.current = blocks[0].field
        self.frame_height = frame_height

    def starting(self, flowables: list[Any]) -> None:
        """The document is about to place ``flowables[0]``: note whose field it shows."""
        if flowables and id(flowables[0]) in self.owners:
            self.current = self.owners[id(flowables[0])]

    def placed(self, page: int, frame: Any, flowable: Any) -> None:
        """``flowable`` was placed in ``frame`` (None for an action between frames) on
        ``page``; the frame's cursor and padded edges are private attributes."""
        from reportlab.platypus.doctemplate import ActionFlowable

        if frame is None:
            return
        if self.limit is not None and page > self.limit and self.first_over is None:
            self.first_over = self.current
        if isinstance(flowable, AtPageFoot):
            self.foot_free.append(flowable.free)
            self.used[page] = frame._y2 - frame._y1p - self.foot_free[-1]
        else:
            self.used[page] = frame._y2 - frame._y
        if self.plan is not None and not isinstance(flowable, ActionFlowable):
            group = group_of(self.format, self.current)
            if page > self.plan.last_page(group).page:
                pages = self.spilled.setdefault(group, (self.current, {}))[1]
                pages[page] = frame._y2 - frame._y

    def result(self) -> Trial:
        """The trial, once the document is laid out."""
        used, limit, frame_height = self.used, self.limit, self.frame_height
        pages = max(used) if used else 1
        overflow = 0.0
        if limit is not None and pages > limit:
            # What spilled over, less the room left where it could not go: a block that does
            # not split leaves space behind it, which shortening the text before it gives back.
            spilled_height = sum(h for page, h in used.items() if page > limit)
            overflow = max(spilled_height - (frame_height - used.get(limit, 0.0)), 1.0)
        spill = None
        last_free = self.foot_free[-1] if self.foot_free else 0.0
        if self.plan is not None:
            spill = _first_spill(self.plan, self.spilled, used, frame_height)
            last_free = frame_height - used.get(pages - 1, 0.0)  # the page before the back
        return Trial(
            pages=pages,
            last_free=last_free,
            frame_height=frame_height,
            overflow=overflow if spill is None else spill.overflow,
            first_over=self.first_over or (spill.field if spill else None),
            spill=spill,
        )


def measuring(document: type[Any], measure: Measure) -> type[Any]:
    """A subclass of the ReportLab doc template class ``document`` that reports to
    ``measure`` as it lays out, and otherwise lays out and writes exactly as ``document``."""

    class Measured(document):  # type: ignore[misc]
        def handle_flowable(self, flowables: list[Any]) -> None:
            measure.starting(flowables)
            super().handle_flowable(flowables)

        def afterFlowable(self, flowable: Any) -> None:
            super().afterFlowable(flowable)
            measure.placed(self.page, self.frame, flowable)

    return Measured


def _first_spill(
    plan: Plan,
    spilled: dict[Group, tuple[FieldPath, dict[int, float]]],
    used: dict[int, float],
    frame_height: float,
) -> Spill | None:
    """The first group, in reading order, that ran past its last page, and by how much."""
    for region in plan.regions:
        if region.group in spilled:
            field, pages = spilled[region.group]
            room = frame_height - used.get(region.page, 0.0)
            return Spill(field, region.label, max(sum(pages.values()) - room, 1.0))
    return None


def fold_plan(
    format: Format, paper: PaperName, allowance: float | None, pages: int | None
) -> Plan | None:
    """Which pages each group of a folded ``format`` may use (a booklet's: of ``pages``
    pages; None when its page count is still open)."""
    if format.folding == "trifold":
        return trifold_plan(trifold_layout(paper, allowance))
    return booklet_plan(pages) if pages is not None else None


@dataclass(frozen=True)
class Fit:
    """The fitted design of a leaflet in one format, and how well it fits."""

    tightness: float
    """Where on the ladder the fitter stopped (0: the design; below 0: loosened)."""
    theme: Theme
    """The theme at that tightness."""
    trial: Trial
    """The layout at that tightness."""
    fits: bool
    """Whether it fits the format's pages at all (at the floor, if need be)."""
    body: float
    """The body size used, in points."""
    min_body: float
    """The floor it was fitted against, in points."""
    pages: int | None = None
    """A booklet's page count, a multiple of four: the trial's pages and the Notes pages
    added before the back cover (None: the trial's pages are the leaflet's)."""

    @property
    def page_count(self) -> int:
        """The leaflet's pages as built: the trial's, and a booklet's Notes pages."""
        return self.pages or self.trial.pages

    @property
    def notes(self) -> int:
        """How many Notes pages a booklet adds before its back cover."""
        return 0 if self.pages is None else self.pages - self.trial.pages


LAYOUT_FIELDS = (
    "title",
    "subtitle",
    "locale",
    "intro",
    "sections",
    "benefits_heading",
    "benefits",
    "closing",
    "safety_note",
    "messages",
    "fit",
)
"""The leaflet's fields a layout depends on: all but the brand (whose part is its fonts and
:func:`~brochure.layout.story.brand_heights`), ``translation_of`` and ``lint``."""


def layout_key(leaflet: Leaflet, format: Format, paper: PaperName, allowance: float | None) -> str:
    """What a trial layout depends on besides the brand's block heights, as one string: the
    content, the fonts, the paper and format, the pictures and font files as they are on disk
    now, and brochure's version (a new version may lay out differently)."""
    files = [section.image.path for section in leaflet.sections if section.image is not None]
    fonts, scripts = leaflet.brand.fonts, leaflet.brand.script_fonts
    if fonts is not None:
        files += [fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic]
    files += [path for own in scripts for path in (own.regular, own.bold)]
    parts = [__version__, format.name, paper, repr(allowance), repr(fonts), repr(scripts)]
    parts += [repr(getattr(leaflet, name)) for name in LAYOUT_FIELDS]
    parts += [_file_signature(path) for path in files]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _file_signature(path: Path) -> str:
    """A file as far as a cache needs to know it changed: its path, size and change time."""
    try:
        stat = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


TrialKey = tuple[str, float, "int | None", tuple[float, ...]]
HeightsKey = tuple[str, str, float]
"""A layout (:func:`layout_key`), the brand with its logo file as it is now
(:func:`brand_key`), the tightness."""


def brand_key(brand: Brand) -> str:
    """What the heights of a brand's blocks depend on besides the layout, as one string: the
    brand's fields, and its logo file as it is on disk now (its shape sets the band's height)."""
    logo = _file_signature(brand.logo) if brand.logo is not None else ""
    return hashlib.sha256(f"{brand!r}\n{logo}".encode()).hexdigest()


@dataclass
class LayoutCache:
    """Trial layouts remembered between builds, so a batch lays each content out once per
    font family, paper and format however many brands it is painted in, and a watch session
    re-lays only what a save changed.

    A trial is looked up by :func:`layout_key`, the tightness, the page limit and the heights
    of the brand's blocks at that tightness (:func:`~brochure.layout.story.brand_heights`):
    everything its outcome depends on, so a hit gives exactly the trial that laying out again
    would, and every PDF is byte-identical to one built without the cache. Hold one per
    process (a batch worker, a watch or preview session); it forgets its oldest entries past
    ``capacity``."""

    capacity: int = 4096
    """Trials kept at most."""
    hits: int = 0
    """Trials answered from the cache."""
    misses: int = 0
    """Trials laid out."""
    _trials: dict[TrialKey, Trial] = field(default_factory=dict, repr=False)
    _kept_design: dict[str, bool] = field(default_factory=dict, repr=False)
    heights_kept: int = 256
    """Brand heights kept at most: a worker paints one content in its brands before the next,
    so a few hundred hold every brand of the layouts at hand."""
    _heights: dict[HeightsKey, tuple[float, ...]] = field(default_factory=dict, repr=False)

    def brand_heights(
        self, key: HeightsKey, measure: Callable[[], tuple[float, ...]]
    ) -> tuple[float, ...]:
        """The heights of a brand's blocks (:func:`~brochure.layout.story.brand_heights`) in
        the layout, brand and tightness ``key`` names, measured once: every trial a brand
        looks up starts with them."""
        found = self._heights.get(key)
        if found is None:
            found = keep_bounded(self._heights, key, measure(), self.heights_kept)
        return found

    def expects_design(self, layout: str) -> bool:
        """Whether the last fit of the layout :func:`layout_key` names kept the design (True
        when it was never fitted): a guess at where the next fit ends, to decide whether
        rendering at the design first will likely be the PDF. It never changes a PDF."""
        return self._kept_design.get(layout, True)

    def fitted(self, layout: str, tightness: float) -> None:
        """Note where the fit of the layout :func:`layout_key` names ended."""
        keep_bounded(self._kept_design, layout, tightness == 0.0, self.capacity)

    def lookup(self, key: TrialKey) -> Trial | None:
        """The trial remembered under ``key``, counting the hit or miss."""
        found = self._trials.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def store(self, key: TrialKey, result: Trial) -> None:
        """Remember ``result`` under ``key``."""
        keep_bounded(self._trials, key, result, self.capacity)


def fit_leaflet(
    leaflet: Leaflet,
    theme: Theme,
    format: Format,
    messages: Messages,
    logo: Logo | None,
    at: float | None = None,
    paper: PaperName = "a4",
    allowance: float | None = None,
    cache: LayoutCache | None = None,
    measured: Trial | None = None,
) -> Fit:
    """Fit ``leaflet`` to ``format``: the loosest tightness at which it fills the format's pages
    (for flowing pages: the design, unless a short last page can be fitted away). With ``at``,
    the tightness is given (a group of language editions is set alike) and only measured. A
    folded format is laid out on ``paper`` (a tri-fold's fold-in panel ``allowance`` points
    narrower). With ``cache``, trials another brand already laid out are not laid out
    again (:class:`LayoutCache`). ``measured``: the layout at the design, when a render at the
    design measured it already (it stands for the first trial of flowing pages)."""
    floor = _floor(leaflet, format)
    key = layout_key(leaflet, format, paper, allowance) if cache is not None else ""
    brand = brand_key(leaflet.brand) if cache is not None else ""
    folded = format.folding != "flat"

    def attempt(tightness: float, limit: int | None) -> tuple[Theme, Trial]:
        fitted = tighten(theme, tightness, floor)
        given = measured if tightness == 0.0 and limit == format.pages else None
        if cache is None:
            return fitted, given or trial(
                leaflet, fitted, messages, logo, limit, format, paper, allowance
            )
        heights = cache.brand_heights(
            (key, brand, tightness),
            lambda: brand_heights(leaflet, fitted, messages, logo, folded),
        )
        found = cache.lookup((key, tightness, limit, heights))
        if found is None:
            found = given or trial(leaflet, fitted, messages, logo, limit, format, paper, allowance)
            cache.store((key, tightness, limit, heights), found)
        return fitted, found

    def done(tightness: float, fitted: Theme, result: Trial, fits: bool = True) -> Fit:
        if cache is not None:
            cache.fitted(key, tightness)
        return Fit(tightness, fitted, result, fits, fitted.scale.body, floor)

    if format.folding == "booklet":
        return _fit_booklet(attempt, done, at)
    if at is not None:
        fitted, result = attempt(at, format.pages)
        return done(at, fitted, result, fits=result.fits(format.pages))
    design, first = attempt(0.0, format.pages)
    if format.pages is None:
        if not format.trim_last_page or first.pages == 1 or _fill(first) >= SHORT_LAST_PAGE:
            return done(0.0, design, first)
        limit = first.pages - 1
        found = _loosest(lambda t: attempt(t, limit), 0.0, TIGHTEST, limit)
        return done(*found) if found else done(0.0, design, first)
    if not first.fits(format.pages):
        found = _loosest(lambda t: attempt(t, format.pages), 0.0, TIGHTEST, format.pages)
        if found is None:
            fitted, result = attempt(TIGHTEST, format.pages)
            return done(TIGHTEST, fitted, result, fits=False)
        return done(*found)
    if not format.loosen:
        return done(0.0, design, first)
    loosest = attempt(LOOSEST, format.pages)
    if loosest[1].fits(format.pages):
        return done(LOOSEST, *loosest)
    found = _loosest(lambda t: attempt(t, format.pages), LOOSEST, 0.0, format.pages)
    return done(*found) if found else done(0.0, design, first)


BOOKLET_PAGES = 4
"""A booklet's pages come in fours: one sheet folded in half is four pages."""


def _fit_booklet(
    attempt: Callable[[float, int | None], tuple[Theme, Trial]],
    done: Callable[..., Fit],
    at: float | None,
) -> Fit:
    """A booklet: the fewest pages, in fours, the text fits at the floor or above. A text short
    of them is set looser and larger (up to :data:`LARGEST`) when that fills more of them, else
    at the design; what is left over are Notes pages before the back cover."""

    def in_fours(pages: int) -> int:
        return max(BOOKLET_PAGES, -(-pages // BOOKLET_PAGES) * BOOKLET_PAGES)

    def booklet(tightness: float, theme: Theme, result: Trial, pages: int) -> Fit:
        return replace(done(tightness, theme, result, fits=result.fits(pages)), pages=pages)

    if at is not None:
        fitted, result = attempt(at, None)
        pages = in_fours(result.pages)
        fitted, result = attempt(at, pages)  # measured against its pages, for the report
        return booklet(at, fitted, result, pages)
    _, unplanned = attempt(0.0, None)
    pages = in_fours(unplanned.pages)
    if pages > BOOKLET_PAGES:  # four pages fewer, if tightening gets there
        fewer = pages - BOOKLET_PAGES
        tightened = _loosest(lambda t: attempt(t, fewer), 0.0, TIGHTEST, fewer)
        if tightened is not None:
            return booklet(*tightened, fewer)
    design_theme, design = attempt(0.0, pages)
    largest_theme, largest = attempt(LARGEST, pages)
    grown = (
        (LARGEST, largest_theme, largest)
        if largest.fits(pages)
        else _loosest(lambda t: attempt(t, pages), LARGEST, 0.0, pages)
    )
    if grown is not None and grown[2].pages > design.pages:
        return booklet(*grown, pages)
    return booklet(0.0, design_theme, design, pages)


def _loosest(
    attempt: Callable[[float], tuple[Theme, Trial]], loose: float, tight: float, limit: int
) -> tuple[float, Theme, Trial] | None:
    """The loosest tightness in [loose, tight] whose layout fits ``limit`` pages, by bisection
    (assuming tighter never needs more pages); None when even ``tight`` does not fit. ``loose``
    is known not to fit; ``tight`` is tried only when no step between fits."""
    best: tuple[float, Theme, Trial] | None = None
    low, high = loose, tight
    for _ in range(STEPS):
        middle = round((low + high) / 2, 6)
        fitted, result = attempt(middle)
        if result.fits(limit):
            high, best = middle, (middle, fitted, result)
        else:
            low = middle
    if best is None:
        fitted, result = attempt(tight)
        best = (tight, fitted, result) if result.fits(limit) else None
    return best


def _fill(result: Trial) -> float:
    return 1.0 - result.last_free / result.frame_height


def _floor(leaflet: Leaflet, format: Format) -> float:
    """The body floor: the content's own (``fit.min_body_pt``), else the format's."""
    if leaflet.fit is not None and leaflet.fit.min_body_pt is not None:
        return leaflet.fit.min_body_pt
    return format.min_body


@dataclass(frozen=True)
class FitFinding:
    """A problem (or warning) of fitting, with the field to blame."""

    field: FieldPath
    """The field to shorten (or lengthen)."""
    message: str
    """What is wrong and by how much, for a person."""
    severity: Severity
    """error (the leaflet cannot be made) or warning."""


def fit_findings(
    leaflet: Leaflet, fit: Fit, format: Format, paper: str, messages: Messages
) -> list[FitFinding]:
    """What a user should know about ``fit``, in the leaflet's language: an overflow (with how
    much to cut, and where: for a folded leaflet, which panel or page) or a page left too empty;
    a booklet's added Notes pages."""
    name = paper.upper() if paper == "a4" else paper.capitalize()
    target = messages.fit_target.format(format=format.name, paper=name)
    spill = fit.trial.spill
    if spill is not None:
        words = max(
            1, round(spill.overflow / fit.theme.scale.line * _words_per_line(leaflet, fit.theme))
        )
        message = messages.fit_panel.format(
            panel=spill.label, target=target, mm=f"{spill.overflow / MM:.0f}",
            size=f"{fit.body:g}", words=words,
        )  # fmt: skip
        return [FitFinding(spill.field, message, "error")]
    if not fit.fits:
        over = fit.trial.overflow
        lines = max(1, round(over / fit.theme.scale.line))
        words = max(1, round(lines * _words_per_line(leaflet, fit.theme)))
        blame = fit.trial.first_over or ("closing",)
        message = messages.fit_overflow.format(
            target=target, floor=f"{fit.min_body:g}", mm=f"{over / MM:.0f}", lines=lines,
            words=words,
        )  # fmt: skip
        longest = [format_path(p) for p in _longest_fields(leaflet) if p != blame][:3]
        if longest:
            message += "; " + messages.fit_longest.format(fields=", ".join(longest))
        return [FitFinding(blame, message, "error")]
    if fit.notes:
        message = messages.fit_padded.format(count=fit.notes, pages=fit.pages)
        return [FitFinding(("closing",), message, "warning")]
    count = format.pages or 0
    if format.loosen and fit.pages is None and fit.trial.pages < count:
        message = messages.fit_pages.format(pages=fit.trial.pages, count=count, target=target)
        return [FitFinding(("closing",), message, "warning")]
    empty = fit.trial.last_free / fit.trial.frame_height
    # Tightened, the space left is what blocks that do not split leave behind: no more air
    # was tried, so the message would not be true.
    if format.loosen and fit.pages is None and fit.tightness <= 0 and empty > UNDERFILLED:
        message = messages.fit_empty.format(target=target, share=f"{empty * 100:.0f}")
        return [FitFinding(("closing",), message, "warning")]
    return []


def _words_per_line(leaflet: Leaflet, theme: Theme) -> float:
    """About how many of this leaflet's words a line of running text holds."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = leaflet.intro.split()
    width = stringWidth(" ".join(words), theme.fonts.regular, theme.scale.body)
    return theme.grid.measure / (width / max(len(words), 1))


def _longest_fields(leaflet: Leaflet) -> list[FieldPath]:
    """The body fields a user could shorten, longest first."""
    found: list[tuple[int, FieldPath]] = [(len(leaflet.intro.split()), ("intro",))]
    found += [
        (len(s.body.split()), ("sections", i, "body")) for i, s in enumerate(leaflet.sections)
    ]
    found += [
        (len(b.body.split()), ("benefits", i, "body")) for i, b in enumerate(leaflet.benefits)
    ]
    if leaflet.closing:
        found.append((len(leaflet.closing.split()), ("closing",)))
    found.append((len(leaflet.safety_note.body.split()), ("safety_note", "body")))
    return [path for _, path in sorted(found, key=lambda item: -item[0])]
