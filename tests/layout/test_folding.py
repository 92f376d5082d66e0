"""The folded formats' table: panel widths, folds, their mirror, the reading order."""

from __future__ import annotations

import itertools

import pytest

from brochure.layout.folding import (
    BOOKLET_PAGES,
    CLEAR,
    FOLD_ALLOWANCE,
    SIDES,
    TRIFOLD,
    trifold_layout,
)
from brochure.layout.paper import MM

TOLERANCE = 0.1 * MM


def widths_mm(paper: str, side: str, allowance: float | None = None) -> list[float]:
    layout = trifold_layout(paper, allowance)  # type: ignore[arg-type]
    return [round(panel.width / MM, 3) for panel in layout.on_side(side)]  # type: ignore[arg-type]


def test_a4_panels_are_97_100_100_outside_and_100_100_97_inside() -> None:
    assert widths_mm("a4", "outside") == pytest.approx([97, 100, 100], abs=0.1)
    assert widths_mm("a4", "inside") == pytest.approx([100, 100, 97], abs=0.1)


def test_letter_fold_in_panel_is_a_sixteenth_of_an_inch_narrower() -> None:
    layout = trifold_layout("letter")
    inches = sorted({round(panel.width / 72, 4) for panel in layout.panels})
    assert inches == [3.625, 3.6875]
    assert layout.sheet_width == pytest.approx(11 * 72) and layout.sheet_height == 8.5 * 72
    assert [x / 72 for x in layout.folds("outside")] == pytest.approx([3.625, 7.3125])
    assert [x / 72 for x in layout.folds("inside")] == pytest.approx([3.6875, 7.375])


def test_folds_fall_at_97_and_197_outside_and_100_and_200_inside() -> None:
    layout = trifold_layout("a4")
    assert [x / MM for x in layout.folds("outside")] == pytest.approx([97, 197], abs=0.1)
    assert [x / MM for x in layout.folds("inside")] == pytest.approx([100, 200], abs=0.1)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_folds_of_one_side_mirror_the_other_s(paper: str) -> None:
    layout = trifold_layout(paper)  # type: ignore[arg-type]
    mirrored = sorted(layout.sheet_width - x for x in layout.folds("inside"))
    assert mirrored == pytest.approx(list(layout.folds("outside")), abs=TOLERANCE)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_each_side_fills_the_sheet_exactly(paper: str) -> None:
    layout = trifold_layout(paper)  # type: ignore[arg-type]
    for side in SIDES:
        panels = layout.on_side(side)
        assert panels[0].x == 0
        assert panels[-1].right == pytest.approx(layout.sheet_width)
        for left, right in itertools.pairwise(panels):
            assert right.x == pytest.approx(left.right)


def test_a_fold_allowance_narrows_only_the_fold_in_panel() -> None:
    layout = trifold_layout("a4", 4 * MM)
    narrow = [p for p in layout.panels if p.spec.fold_in]
    full = [p for p in layout.panels if not p.spec.fold_in]
    # The sheet is still 297 mm: 100.33 + 100.33 + 96.33, the fold-in panel 4 mm narrower.
    assert [p.width / MM for p in narrow] == pytest.approx([(297 + 4) / 3 - 4] * 2)
    assert all(p.width - narrow[0].width == pytest.approx(4 * MM) for p in full)
    assert len({round(p.width, 6) for p in full}) == 1  # the other panels stay equal
    assert layout.narrowest == pytest.approx(narrow[0].width)
    assert FOLD_ALLOWANCE["a4"] == pytest.approx(3 * MM)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_default_allowance_is_the_paper_s_usual(paper: str) -> None:
    default = trifold_layout(paper)  # type: ignore[arg-type]
    assert default == trifold_layout(paper, FOLD_ALLOWANCE[paper])  # type: ignore[arg-type,index]


def test_no_allowance_makes_three_equal_panels() -> None:
    layout = trifold_layout("a4", 0.0)
    assert [p.width / MM for p in layout.panels] == pytest.approx([99] * 6)
    assert [x / MM for x in layout.folds("outside")] == pytest.approx([99, 198])


def test_reading_order_is_cover_flap_inside_then_back() -> None:
    assert [spec.name for spec in TRIFOLD] == [
        "front",
        "flap",
        "inside-left",
        "inside-middle",
        "inside-right",
        "back",
    ]
    assert [spec.group for spec in TRIFOLD] == [
        "cover",
        "flap",
        "inside",
        "inside",
        "inside",
        "back",
    ]


def test_the_flap_and_the_last_inside_panel_are_the_narrow_ones() -> None:
    assert {spec.name for spec in TRIFOLD if spec.fold_in} == {"flap", "inside-right"}


def test_the_clear_space_is_5mm() -> None:
    clear_mm = CLEAR / MM
    assert clear_mm == pytest.approx(5)


def test_booklet_pages_are_a5_and_half_letter() -> None:
    width, height = BOOKLET_PAGES["a4"]
    assert (width / MM, height / MM) == pytest.approx((148, 210))
    assert BOOKLET_PAGES["letter"] == pytest.approx((5.5 * 72, 8.5 * 72))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_right_to_left_trifold_is_the_mirror_image(paper: str) -> None:
    ltr, rtl = trifold_layout(paper), trifold_layout(paper, mirrored=True)  # type: ignore[arg-type]
    for plain, mirrored in zip(ltr.panels, rtl.panels, strict=True):
        assert mirrored.spec == plain.spec and mirrored.width == plain.width
        assert mirrored.x == pytest.approx(ltr.sheet_width - plain.right)
    assert rtl.on_side("outside")[0].spec.name == "front"  # the cover at the left
    assert rtl.on_side("inside")[0].x == 0  # each side starts at 0 exactly
    for side in SIDES:
        mirrored_folds = [ltr.sheet_width - fold for fold in reversed(ltr.folds(side))]
        assert rtl.folds(side) == pytest.approx(mirrored_folds)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_right_to_left_trifold_s_fold_in_panels_move_with_their_folds(paper: str) -> None:
    layout = trifold_layout(paper, mirrored=True)  # type: ignore[arg-type]
    panels = {panel.spec.name: panel for panel in layout.panels}
    assert [panel.spec for panel in layout.panels] == list(TRIFOLD)  # reading order kept
    outside = [panel.spec.name for panel in layout.on_side("outside")]
    inside = [panel.spec.name for panel in layout.on_side("inside")]
    assert outside == ["front", "back", "flap"]
    assert inside == ["inside-right", "inside-middle", "inside-left"]
    narrow = layout.narrowest
    # The flap tucks in from the outside's right edge, the last inside panel at the left.
    assert panels["flap"].width == narrow and panels["flap"].right == pytest.approx(
        layout.sheet_width
    )
    assert panels["inside-right"].width == narrow and panels["inside-right"].x == 0
    assert all(panels[name].width > narrow for name in ("front", "back", "inside-left"))
