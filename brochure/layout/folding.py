"""Where folded formats put their panels: one table of panels, the sizes computed from the paper.

A tri-fold (roll fold) is one landscape sheet in three panels per side. The panel that folds in
is narrower by the *fold allowance*, so it tucks inside without buckling, as print shops
specify: on A4 (297 mm) the panels are 97 / 100 / 100 mm outside and 100 / 100 / 97 mm inside;
on Letter (11 in) the fold-in panel is 1/16 in narrower. The folds of one side mirror the
other's. A booklet's pages are half the paper (A5 from A4, half-letter from Letter), in fours.

Light: importing it loads no ReportLab.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from brochure.layout.paper import MM, PAPER_SIZES, PaperName

Side = Literal["outside", "inside"]
Group = Literal["cover", "flap", "inside", "notes", "back"]
"""What a panel (or a booklet page) holds: the cover; the flap's intro and first section; the
inside's benefits, closing and safety callout; a booklet's Notes pages; the back cover's booking
panel."""

FOLD_ALLOWANCE: dict[PaperName, float] = {"a4": 3 * MM, "letter": 72 / 16}
"""How much narrower the fold-in panel is, by paper (heavier stock may need more)."""

CLEAR = 5 * MM
"""Nothing but a background comes nearer than this to a fold or the trim."""


@dataclass(frozen=True)
class PanelSpec:
    """One panel of the tri-fold table: where it sits and what it holds."""

    name: str
    """Its name (``front``, ``flap``, ``inside-left``...)."""
    label: str
    """How a person calls it in a fit report."""
    side: Side
    """The sheet's side it is printed on."""
    slot: int
    """Its place on that side, 0 to 2 from the left."""
    fold_in: bool
    """Whether it is the narrow panel that folds inside."""
    group: Group
    """What it holds."""


TRIFOLD: tuple[PanelSpec, ...] = (
    PanelSpec("front", "panel 1 (front cover)", "outside", 2, False, "cover"),
    PanelSpec("flap", "panel 2 (flap)", "outside", 0, True, "flap"),
    PanelSpec("inside-left", "panel 3 (inside, left)", "inside", 0, False, "inside"),
    PanelSpec("inside-middle", "panel 4 (inside, middle)", "inside", 1, False, "inside"),
    PanelSpec("inside-right", "panel 5 (inside, right)", "inside", 2, True, "inside"),
    PanelSpec("back", "panel 6 (back cover)", "outside", 1, False, "back"),
)
"""The six panels in reading order (the screen PDF's page order)."""

SIDES: tuple[Side, ...] = ("outside", "inside")
"""The print file's sheets, in page order."""


@dataclass(frozen=True)
class Panel:
    """A panel placed on its paper: lengths in points from the trimmed sheet's lower left."""

    spec: PanelSpec
    x: float
    """Its left edge on the sheet."""
    width: float
    height: float

    @property
    def right(self) -> float:
        """Its right edge on the sheet."""
        return self.x + self.width


@dataclass(frozen=True)
class TrifoldLayout:
    """A tri-fold on one paper: the panels and the folds of each side."""

    sheet_width: float
    sheet_height: float
    panels: tuple[Panel, ...]
    """In reading order."""

    def on_side(self, side: Side) -> tuple[Panel, ...]:
        """The panels printed on ``side``, left to right."""
        return tuple(sorted((p for p in self.panels if p.spec.side == side), key=lambda p: p.x))

    def folds(self, side: Side) -> tuple[float, ...]:
        """The fold lines' x on ``side``, from the trimmed sheet's left edge."""
        return tuple(panel.right for panel in self.on_side(side)[:-1])

    @property
    def narrowest(self) -> float:
        """The fold-in panels' width: every panel's text column is this wide less its margins,
        so type and line breaks are the same on every panel."""
        return min(panel.width for panel in self.panels)


def trifold_layout(
    paper: PaperName, allowance: float | None = None, *, mirrored: bool = False
) -> TrifoldLayout:
    """The tri-fold of a ``paper`` sheet in landscape, its fold-in panel ``allowance`` points
    narrower (default: :data:`FOLD_ALLOWANCE`); ``mirrored`` for a right-to-left leaflet, which
    opens the other way (its front cover at the outside sheet's left, the fold-in panel at the
    inside's left)."""
    short, long = PAPER_SIZES[paper]
    allowance = FOLD_ALLOWANCE[paper] if allowance is None else allowance
    full = (long + allowance) / 3
    narrow = full - allowance
    panels = []
    for spec in TRIFOLD:
        widths = [full, full, full]
        widths[0 if spec.side == "outside" else 2] = narrow
        # Mirrored, a panel's left edge is the width of the panels after it (0 for the last).
        x = sum(widths[spec.slot + 1 :]) if mirrored else sum(widths[: spec.slot])
        panels.append(Panel(spec, x, widths[spec.slot], short))
    return TrifoldLayout(long, short, tuple(panels))


BOOKLET_PAGES: dict[PaperName, tuple[float, float]] = {
    "a4": (148 * MM, 210 * MM),
    "letter": (5.5 * 72, 8.5 * 72),
}
"""A booklet page's trimmed width and height by the paper it is printed on, folded in half: A5
from A4 (148 mm, as print shops cut it), half-letter from Letter."""
