"""Folded formats on ReportLab pages: the grid, which group a block goes to, the story's order."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, FrameBreak, NextPageTemplate, PageBreak, Spacer

from brochure.layout.folding import TRIFOLD as TRIFOLD_PANELS
from brochure.layout.folding import trifold_layout
from brochure.layout.formats import FORMATS
from brochure.layout.panels import (
    BOOKLET_MARGIN,
    PANEL_MARGIN,
    TEMPLATES,
    PanelFrame,
    assemble,
    booklet_plan,
    group_of,
    grouped,
    layout_grid,
    panel_templates,
    reading_order,
    sheet_order,
    sheet_templates,
    trifold_plan,
)
from brochure.layout.paper import MM
from tests.helpers import canvas_code

TRIFOLD, BOOKLET = FORMATS["trifold"], FORMATS["booklet"]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_panel_has_the_same_text_width_centred_in_it(paper: str) -> None:
    layout = trifold_layout(paper)  # type: ignore[arg-type]
    grid = layout_grid(TRIFOLD, paper)  # type: ignore[arg-type]
    assert grid.narrow and grid.footer_height == 0
    for template in panel_templates(layout, grid, lambda canvas, doc: None):
        (frame,) = template.frames
        width = template.pagesize[0]
        assert frame.width == pytest.approx(grid.width)
        assert frame.x1 == pytest.approx((width - grid.width) / 2)
        assert frame.x1 >= PANEL_MARGIN - 0.01  # 5 mm clear, and air


def test_the_print_sheets_frames_sit_on_their_panels() -> None:
    layout = trifold_layout("a4")
    grid = layout_grid(TRIFOLD, "a4", bleed=3 * MM)
    outside, inside = sheet_templates(layout, grid, 3 * MM, lambda canvas, doc: None)
    # The outside sheet is filled front cover, flap, back cover: the print story's order.
    assert [f.id for f in outside.frames] == ["front", "flap", "back"]
    assert [f.id for f in inside.frames] == ["inside-left", "inside-middle", "inside-right"]
    for frame, panel in zip(
        outside.frames, [layout.panels[0], layout.panels[1], layout.panels[5]], strict=True
    ):
        assert frame.x1 == pytest.approx(panel.x + (panel.width - grid.width) / 2)
    clips = {f.id: f.clip for f in (*outside.frames, *inside.frames)}  # type: ignore[attr-defined]
    assert clips["front"][0] / MM == pytest.approx(197, abs=0.1)  # stops at the fold
    assert clips["front"][2] / MM == pytest.approx(300, abs=0.1)  # into the bleed at the trim
    assert clips["flap"][0] / MM == pytest.approx(-3, abs=0.1)
    assert clips["flap"][2] / MM == pytest.approx(97, abs=0.1)


def test_groups_of_a_tri_fold_and_a_booklet() -> None:
    assert group_of(TRIFOLD, ("title",)) == "cover"
    assert group_of(TRIFOLD, ("intro",)) == "flap"
    assert group_of(TRIFOLD, ("sections", 0, "body")) == "flap"
    assert group_of(TRIFOLD, ("sections", 1, "body")) == "inside"
    assert group_of(TRIFOLD, ("safety_note", "body")) == "inside"
    assert group_of(TRIFOLD, ("brand", "address")) == "back"
    assert group_of(BOOKLET, ("intro",)) == "inside"
    assert group_of(BOOKLET, ("notes",)) == "notes"


def blocks() -> list[tuple[tuple[str | int, ...], list[Spacer]]]:
    return [
        (("title",), [Spacer(1, 1)]),
        (("intro",), [Spacer(1, 2)]),
        (("benefits", 0, "body"), [Spacer(1, 3), Spacer(1, 4)]),
        (("brand", "address"), [Spacer(1, 5)]),
    ]


def test_reading_order_breaks_the_page_between_groups_on_their_templates() -> None:
    story = reading_order(TRIFOLD, grouped(TRIFOLD, blocks()))
    kinds = [type(f).__name__ for f in story]
    assert kinds == [
        "Spacer",
        "NextPageTemplate",
        "PageBreak",
        "Spacer",
        "NextPageTemplate",
        "PageBreak",
        "Spacer",
        "Spacer",
        "NextPageTemplate",
        "PageBreak",
        "Spacer",
    ]
    templates = [f.action[1] for f in story if isinstance(f, NextPageTemplate)]
    assert templates == ["flap", TEMPLATES["trifold"]["inside"], "back"]


def test_each_notes_page_is_a_page_of_its_own_before_the_back_cover() -> None:
    with_notes = [*blocks()[:3], (("notes",), [Spacer(1, 6), Spacer(1, 7)]), blocks()[3]]
    story = reading_order(BOOKLET, grouped(BOOKLET, with_notes))
    heights = [f.height for f in story if isinstance(f, Spacer)]
    assert heights == [1, 2, 3, 4, 6, 7, 5]
    breaks = [i for i, f in enumerate(story) if isinstance(f, PageBreak)]
    assert len(breaks) == 4  # after the cover, before each Notes page, before the back cover
    templates = [f.action[1] for f in story if isinstance(f, NextPageTemplate)]
    assert templates == ["page", "notes", "notes", "back"]
    # Each break comes right after its template is named, and right before its first block.
    assert all(isinstance(story[i - 1], NextPageTemplate) for i in breaks)
    assert all(isinstance(story[i + 1], Spacer) for i in breaks)


def test_the_print_story_puts_the_back_cover_on_the_outside_sheet() -> None:
    story = sheet_order(grouped(TRIFOLD, [*blocks()[:1], (("intro",), [Spacer(1, 2)]),
                                          *blocks()[2:]]))  # fmt: skip
    heights = [f.height for f in story if isinstance(f, Spacer)]
    assert heights == [1, 2, 5, 3, 4]
    # ReportLab's FrameBreak is an instance that makes more of its kind.
    assert sum(isinstance(f, type(FrameBreak)) for f in story) == 2


def test_plans_name_the_last_page_of_each_group() -> None:
    plan = trifold_plan(trifold_layout("a4"))
    assert plan.last_page("inside").page == 5
    assert plan.last_page("inside").label == "panel 5 (inside, right)"
    assert plan.last_page("back").page == 6
    booklet = booklet_plan(8)
    assert booklet.last_page("inside").page == 7 and booklet.last_page("back").page == 8


def test_the_grid_of_a_booklet_is_its_half_size_page_and_flat_formats_keep_the_paper() -> None:
    grid = layout_grid(BOOKLET, "a4", bleed=3 * MM)
    assert (grid.page_width / MM, grid.page_height / MM) == pytest.approx((148, 210))
    assert grid.narrow and grid.margin == pytest.approx(BOOKLET_MARGIN)
    assert grid.bleed == pytest.approx(3 * MM)
    letter = layout_grid(BOOKLET, "letter")
    assert (letter.page_width, letter.page_height) == pytest.approx((5.5 * 72, 8.5 * 72))
    flat = layout_grid(FORMATS["pages"], "a4")
    assert not flat.narrow and flat.page_width / MM == pytest.approx(210, abs=0.1)


def test_a_tri_fold_s_backgrounds_reach_past_the_bleed_by_the_panels_difference() -> None:
    # The grid is the narrow panel's; a wide panel's background must still reach its bleed.
    grid = layout_grid(TRIFOLD, "a4", bleed=3 * MM)
    assert grid.page_width / MM == pytest.approx(97, abs=0.1)
    assert grid.bleed / MM == pytest.approx(3 + 3, abs=0.1)
    assert layout_grid(TRIFOLD, "a4", allowance=4 * MM).page_width / MM == pytest.approx(
        (297 + 4) / 3 - 4, abs=0.1
    )


class Box(Flowable):
    """A filled rectangle, larger than any frame: what a clip must cut."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (10.0, 10.0)

    def draw(self) -> None:
        self.canv.rect(-500, -500, 2000, 2000, stroke=0, fill=1)


def test_a_panel_frame_clips_what_it_draws_to_its_panel() -> None:
    canvas = Canvas(io.BytesIO(), pagesize=(300, 300))
    frame = PanelFrame(10, 10, 100, 200, clip=(-8.5, -8.5, 97.0, 220.0))
    frame.add(Box(), canvas)
    code = " ".join(canvas_code(canvas)).split()
    clip = code.index("W*") if "W*" in code else code.index("W")
    assert code[clip - 5 : clip] == ["-8.5", "-8.5", "105.5", "228.5", "re"]
    assert code[clip + 1] == "n"
    # The clip is set inside a saved state, before the drawing, and undone after it.
    fill = code.index("f*") if "f*" in code else code.index("f")
    assert code[0] == "q" and code[-1] == "Q"
    assert clip < fill and code.count("q") == code.count("Q")


def test_assemble_in_reading_order_gives_a_page_per_panel_and_no_sheet() -> None:
    grid = layout_grid(TRIFOLD, "a4")
    assembly = assemble(TRIFOLD, "a4", grid, blocks(), sheets=False)
    assert assembly.sheet is None
    assert assembly.pagesize[0] / MM == pytest.approx(100, abs=0.1)  # the front cover
    names = [t.id for t in assembly.templates]
    assert names == [*(p.name for p in TRIFOLD_PANELS), "overflow"]


def test_assemble_as_printed_gives_two_sheets_with_their_folds() -> None:
    grid = layout_grid(TRIFOLD, "a4", bleed=3 * MM)
    assembly = assemble(TRIFOLD, "a4", grid, blocks(), sheets=True, bleed=3 * MM, marks=True)
    assert assembly.sheet is not None
    assert [t.id for t in assembly.templates] == ["outside", "inside"]
    folds = [[x / MM for x in side] for side in assembly.sheet.folds]
    assert folds == [pytest.approx([97, 197], abs=0.1), pytest.approx([100, 200], abs=0.1)]
    assert assembly.sheet.trim_width / MM == pytest.approx(297, abs=0.1)
    assert assembly.pagesize == assembly.sheet.size


def test_assemble_a_printed_booklet_gives_single_pages_without_folds() -> None:
    grid = layout_grid(BOOKLET, "a4", bleed=3 * MM)
    assembly = assemble(BOOKLET, "a4", grid, blocks(), sheets=True, bleed=3 * MM)
    assert assembly.sheet is not None and assembly.sheet.folds == ()
    assert assembly.sheet.trim_width / MM == pytest.approx(148, abs=0.1)
    assert [t.id for t in assembly.templates] == ["cover", "page", "notes", "back"]


def test_a_right_to_left_tri_fold_s_sheets_are_the_mirror_image() -> None:
    bleed = 3 * MM
    grid = layout_grid(TRIFOLD, "a4", bleed=bleed)
    assembly = assemble(
        TRIFOLD, "a4", grid, blocks(), sheets=True, bleed=bleed, marks=True, mirrored=True
    )
    outside, inside = assembly.templates
    # Filled in the same order (cover, flap, back; then the inside in reading order)...
    assert [f.id for f in outside.frames] == ["front", "flap", "back"]
    assert [f.id for f in inside.frames] == ["inside-left", "inside-middle", "inside-right"]
    # ... but set right to left: [front | back | flap] outside, [in3 | in2 | in1] inside.
    left = {f.id: f.x1 for f in (*outside.frames, *inside.frames)}
    assert left["front"] < left["back"] < left["flap"]
    assert left["inside-right"] < left["inside-middle"] < left["inside-left"]
    clips = {f.id: f.clip for f in (*outside.frames, *inside.frames)}  # type: ignore[attr-defined]
    mm = {name: (clip[0] / MM, clip[2] / MM) for name, clip in clips.items()}
    # The front cover at the trim's left, into the bleed; the narrow flap at the right.
    assert mm["front"] == (pytest.approx(-3, abs=0.1), pytest.approx(100, abs=0.1))
    assert mm["back"] == (pytest.approx(100, abs=0.1), pytest.approx(200, abs=0.1))
    assert mm["flap"] == (pytest.approx(200, abs=0.1), pytest.approx(300, abs=0.1))
    # The fold-in panel, 3 mm narrower, moves with the fold: at the inside's left.
    assert mm["inside-right"] == (pytest.approx(-3, abs=0.1), pytest.approx(97, abs=0.1))
    assert mm["inside-left"] == (pytest.approx(197, abs=0.1), pytest.approx(300, abs=0.1))
    assert assembly.sheet is not None
    folds = [[x / MM for x in side] for side in assembly.sheet.folds]
    assert folds == [pytest.approx([100, 200], abs=0.1), pytest.approx([97, 197], abs=0.1)]
    # Each frame is its panel's text column, centred on it.
    layout = trifold_layout("a4", mirrored=True)
    for panel in layout.panels:
        assert left[panel.spec.name] == pytest.approx(panel.x + (panel.width - grid.width) / 2)


def test_a_right_to_left_tri_fold_reads_in_the_same_order_on_screen() -> None:
    grid = layout_grid(TRIFOLD, "a4")
    plain = assemble(TRIFOLD, "a4", grid, blocks(), sheets=False)
    mirrored = assemble(TRIFOLD, "a4", grid, blocks(), sheets=False, mirrored=True)
    assert [t.id for t in mirrored.templates] == [t.id for t in plain.templates]
    assert [t.pagesize for t in mirrored.templates] == [t.pagesize for t in plain.templates]
    assert [type(f) for f in mirrored.story] == [type(f) for f in plain.story]
