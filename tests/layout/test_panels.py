"""Folded formats on ReportLab pages: the grid, which group a block goes to, the story's order."""

from __future__ import annotations

import pytest
from reportlab.platypus import FrameBreak, NextPageTemplate, PageBreak, Spacer

from brochure.layout.folding import trifold_layout
from brochure.layout.formats import FORMATS
from brochure.layout.panels import (
    PANEL_MARGIN,
    TEMPLATES,
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
