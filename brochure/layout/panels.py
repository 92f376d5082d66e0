"""Folded formats on ReportLab pages: the grid, the page templates and the story's order.

A folded leaflet's story is in groups (:data:`brochure.layout.folding.Group`): the cover, the
flap, the inside, the back cover. Each group starts in its own frame, so a group that runs long
spills into the frame after its last one, where the copyfitter sees it (:class:`Plan`).

Two arrangements of the same frames, the same size, so the same line breaks:

- *reading order*, one page per panel (the screen PDF, and every copyfit trial);
- *sheets*, the tri-fold's print file: two landscape pages, three panels each. ReportLab fills
  a page's frames in order and never goes back a page, so the back cover, printed on the
  outside sheet, is laid out before the inside; the structure tree keeps reading order.

A booklet has pages, not panels: cover, the inside flowing over as many pages as it takes,
"Notes" pages to make a multiple of four, the back cover.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from brochure.content.source import FieldPath
from brochure.layout.folding import (
    BOOKLET_PAGES,
    SIDES,
    Group,
    Panel,
    TrifoldLayout,
    trifold_layout,
)
from brochure.layout.formats import Format
from brochure.layout.pages import Sheet, begin_page
from brochure.layout.paper import MM, PAPER_SIZES, PaperName
from brochure.layout.theme import Grid

PANEL_MARGIN = 9 * MM
"""Between a panel's text and its folds or trim: the 5 mm every fold keeps clear, and air."""
BOOKLET_MARGIN = 13 * MM
"""A booklet page's margins."""
FLAP_FIELDS = ("intro", "sections")
"""The fields a tri-fold's flap holds: the intro and the first section ("What is ...")."""


def layout_grid(
    format: Format, paper: PaperName, bleed: float = 0.0, allowance: float | None = None
) -> Grid:
    """The grid the leaflet's theme is built on: the page for flat formats; for a tri-fold the
    narrowest panel (every panel's text column is as wide); for a booklet its half-size page.
    Backgrounds reach ``bleed`` past the paper's edge, and on a tri-fold as far again as the
    panels' widths differ (each panel clips them at its folds)."""
    if format.folding == "trifold":
        layout = trifold_layout(paper, allowance)
        widest = max(panel.width for panel in layout.panels)
        return _folded_grid(
            layout.narrowest, layout.sheet_height, PANEL_MARGIN, bleed + widest - layout.narrowest
        )
    if format.folding == "booklet":
        width, height = BOOKLET_PAGES[paper]
        return _folded_grid(width, height, BOOKLET_MARGIN, bleed)
    width, height = PAPER_SIZES[paper]
    return Grid(width, height, bleed=bleed)


def _folded_grid(width: float, height: float, margin: float, bleed: float) -> Grid:
    """One column, no running footer, the same margin on every side."""
    return Grid(
        width,
        height,
        margin=margin,
        footer_height=0.0,
        bottom_margin_share=1.0,
        bleed=bleed,
        narrow=True,
    )


def group_of(format: Format, field: FieldPath) -> Group:
    """Which group a story block of ``field`` belongs to in ``format``."""
    if field == ("title",):
        return "cover"
    if field == ("brand", "address"):
        return "back"
    if field == ("notes",):
        return "notes"
    if format.folding == "trifold" and (field == ("intro",) or field[:2] == ("sections", 0)):
        return "flap"
    return "inside"


@dataclass(frozen=True)
class Region:
    """A page of the reading-order layout, and the group that must end on it or before."""

    page: int
    """Its page number, from 1."""
    group: Group
    label: str
    """How a person calls it: "panel 5 (inside, right)", "page 7"."""


@dataclass(frozen=True)
class Plan:
    """A folded format's reading-order layout: which pages each group may use."""

    regions: tuple[Region, ...]
    """The last page of each group, in reading order."""

    def last_page(self, group: Group) -> Region:
        """The last page ``group`` may reach."""
        return next(region for region in self.regions if region.group == group)


def trifold_plan(layout: TrifoldLayout) -> Plan:
    """Each panel is a page; a group ends on its last panel."""
    regions: dict[Group, Region] = {}
    for page, panel in enumerate(layout.panels, 1):
        regions[panel.spec.group] = Region(page, panel.spec.group, panel.spec.label)
    return Plan(tuple(regions.values()))


def booklet_plan(pages: int) -> Plan:
    """A booklet of ``pages`` pages: cover, inside up to the page before the back cover."""
    return Plan(
        (
            Region(1, "cover", "page 1 (cover)"),
            Region(pages - 1, "inside", f"page {pages - 1}"),
            Region(pages, "back", f"page {pages} (back cover)"),
        )
    )


# --- frames and templates ----------------------------------------------------------------------


class PanelFrame(Frame):
    """A frame that clips what it draws to its panel (and the bleed beyond the sheet's edges):
    a background meets a fold and stops there, never by accident."""

    def __init__(self, *args: Any, clip: tuple[float, float, float, float], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clip = clip

    def add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> Any:
        canv.saveState()
        path = canv.beginPath()
        x0, y0, x1, y1 = self.clip
        path.rect(x0, y0, x1 - x0, y1 - y0)
        canv.clipPath(path, stroke=0, fill=0)
        try:
            return super().add(flowable, canv, trySplit)
        finally:
            canv.restoreState()


def _frame(
    grid: Grid, x: float, width: float, frame_id: str, clip: tuple[float, float, float, float]
) -> PanelFrame:
    """The text frame of a panel (or page) ``width`` wide at ``x``: the grid's column, centred."""
    left = x + (width - grid.width) / 2
    return PanelFrame(
        left,
        grid.frame_bottom,
        grid.width,
        grid.page_height - grid.margin - grid.frame_bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=frame_id,
        clip=clip,
    )


PageStart = Callable[[Canvas, Any], None]


def panel_templates(layout: TrifoldLayout, grid: Grid, on_page: PageStart) -> list[PageTemplate]:
    """Reading order: a page per panel, each its panel's size; past the last inside panel an
    overflow page like it (where the copyfitter finds what did not fit)."""
    pages = [(panel.spec.name, panel) for panel in layout.panels]
    pages.append(("overflow", layout.panels[-2]))
    return [
        PageTemplate(
            name,
            [_frame(grid, 0.0, panel.width, name, _panel_clip(grid, panel))],
            onPage=on_page,
            pagesize=(panel.width, panel.height),
        )
        for name, panel in pages
    ]


def _panel_clip(grid: Grid, panel: Panel) -> tuple[float, float, float, float]:
    """A panel page's clip: the page and its bleed."""
    return (-grid.bleed, -grid.bleed, panel.width + grid.bleed, panel.height + grid.bleed)


TEMPLATES: dict[str, dict[Group, str | list[str]]] = {
    "trifold": {
        "cover": "front",
        "flap": "flap",
        # A cycle: ReportLab moves from one panel to the next at each page's end.
        "inside": ["inside-left", "inside-middle", "inside-right", "*", "overflow"],
        "notes": "overflow",
        "back": "back",
    },
    "booklet": {
        "cover": "cover",
        "flap": "page",
        "inside": "page",
        "notes": "notes",
        "back": "back",
    },
}
"""The page template (or cycle of templates) each group starts on, in reading order."""


def sheet_templates(
    layout: TrifoldLayout, grid: Grid, bleed: float, on_page: PageStart
) -> list[PageTemplate]:
    """The print file: the outside sheet (front, flap, back: laid out in that order) and the
    inside sheet, in trim coordinates. Each panel clips to itself, and to the bleed where its
    edge is the sheet's."""
    templates = []
    for side in SIDES:
        panels = layout.on_side(side)
        frames: list[Frame] = []
        for panel in _fill_order(layout, side):
            left = -bleed if panel.x == 0 else panel.x
            right = panel.right + bleed if panel is panels[-1] else panel.right
            clip = (left, -bleed, right, panel.height + bleed)
            frames.append(_frame(grid, panel.x, panel.width, panel.spec.name, clip))
        templates.append(PageTemplate(side, frames, onPage=on_page))
    return templates


def _fill_order(layout: TrifoldLayout, side: str) -> list[Panel]:
    """The panels of ``side`` in the order the print story fills them: reading order, except
    that the back cover goes with the outside sheet."""
    return [panel for panel in layout.panels if panel.spec.side == side]


def booklet_templates(grid: Grid, on_page: PageStart) -> list[PageTemplate]:
    """A booklet's pages: the cover, inside pages, "Notes" pages and the back cover, all with
    one frame inside the margins."""
    clip = (-grid.bleed, -grid.bleed, grid.page_width + grid.bleed, grid.page_height + grid.bleed)
    return [
        PageTemplate(name, [_frame(grid, 0.0, grid.page_width, name, clip)], onPage=on_page)
        for name in ("cover", "page", "notes", "back")
    ]


def _no_furniture(_canvas: Canvas, _doc: Any) -> None:
    """A page start that draws nothing (a copyfit trial's, a screen page's)."""


def reading_templates(
    format: Format,
    paper: PaperName,
    grid: Grid,
    allowance: float | None = None,
    on_page: PageStart = _no_furniture,
) -> list[PageTemplate]:
    """The page templates of a folded ``format`` in reading order: a page per panel, or the
    booklet's pages."""
    if format.folding == "trifold":
        return panel_templates(trifold_layout(paper, allowance), grid, on_page)
    return booklet_templates(grid, on_page)


# --- the story in order ------------------------------------------------------------------------


Grouped = Sequence[tuple[Group, Sequence[Flowable]]]


def reading_order(format: Format, groups: Grouped) -> list[Flowable]:
    """The story with a page break between groups, each group on its page template; each of
    a booklet's Notes pages is a page of its own."""
    templates = TEMPLATES[format.folding]
    story: list[Flowable] = []
    for group, flowables in groups:
        for index, flowable in enumerate(flowables):
            if story and (index == 0 or group == "notes"):
                story += [NextPageTemplate(templates[group]), PageBreak()]
            story.append(flowable)
    return story


def sheet_order(groups: Grouped) -> list[Flowable]:
    """The tri-fold's print story: cover, flap and back cover on the outside sheet, then the
    inside sheet's three panels."""
    by_group = dict(groups)
    return [
        *by_group["cover"],
        FrameBreak(),
        *by_group["flap"],
        FrameBreak(),
        *by_group["back"],
        NextPageTemplate("inside"),
        PageBreak(),
        *by_group["inside"],
    ]


def grouped(format: Format, blocks: Sequence[tuple[FieldPath, Sequence[Flowable]]]) -> Grouped:
    """Story blocks gathered by group, in reading order."""
    result: list[tuple[Group, list[Flowable]]] = []
    for field, flowables in blocks:
        group = group_of(format, field)
        if not result or result[-1][0] != group:
            result.append((group, []))
        result[-1][1].extend(flowables)
    return result


@dataclass(frozen=True)
class Assembly:
    """A folded leaflet ready for ReportLab: its page templates, its story in their order, the
    first page's size and, for print, the sheet the trimmed pages sit on."""

    templates: list[PageTemplate]
    story: list[Flowable]
    pagesize: tuple[float, float]
    sheet: Sheet | None


def assemble(
    format: Format,
    paper: PaperName,
    grid: Grid,
    blocks: Sequence[tuple[FieldPath, Sequence[Flowable]]],
    *,
    sheets: bool,
    bleed: float = 0.0,
    marks: bool = False,
    allowance: float | None = None,
    mirrored: bool = False,
) -> Assembly:
    """Templates and story of a folded ``format``: in reading order, a page per panel (or
    booklet page); with ``sheets``, as printed: a tri-fold's two landscape sheets with fold
    marks, a booklet's pages each with its bleed and marks."""
    groups = grouped(format, blocks)
    if not sheets:
        templates = reading_templates(format, paper, grid, allowance)
        width, height = templates[0].pagesize or (grid.page_width, grid.page_height)
        return Assembly(templates, reading_order(format, groups), (width, height), None)
    if format.folding == "trifold":
        layout = trifold_layout(paper, allowance, mirrored=mirrored)
        sheet = Sheet(
            layout.sheet_width,
            layout.sheet_height,
            bleed,
            marks=marks,
            folds=tuple(layout.folds(side) for side in SIDES),
        )
        templates = sheet_templates(layout, grid, bleed, _starting(sheet))
        return Assembly(templates, sheet_order(groups), sheet.size, sheet)
    sheet = Sheet(grid.page_width, grid.page_height, bleed, marks=marks)
    templates = booklet_templates(grid, _starting(sheet))
    return Assembly(templates, reading_order(format, groups), sheet.size, sheet)


def _starting(sheet: Sheet) -> PageStart:
    """A page start that draws in trim coordinates on ``sheet``."""

    def start(canvas: Canvas, _doc: Any) -> None:
        begin_page(canvas, sheet)

    return start
