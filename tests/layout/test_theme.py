"""The palette reaches WCAG AA for every text/background pair, whatever the brand colours."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brochure.colour import Inks, print_lab
from brochure.content.model import Leaflet
from brochure.layout.fonts import register_family
from brochure.layout.paper import PAPER_SIZES
from brochure.layout.theme import (
    MIN_TEXT_CONTRAST,
    CardMetrics,
    Grid,
    PanelMetrics,
    Theme,
    build_palette,
    build_theme,
    contrast,
    luminance,
    mix,
    readable,
)

hex_colors = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06X}")


def test_contrast_matches_wcag_reference_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    # WebAIM's checker gives 4.54:1 for #767676 on white, the classic AA boundary grey.
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert luminance("#FFFFFF") == pytest.approx(1.0)


def test_sample_brand_palette_pairs_all_reach_aa() -> None:
    palette = build_palette("#1F4E5F", "#C8963E")
    pairs = list(palette.text_pairs())
    assert len(pairs) >= 9
    for use, foreground, background in pairs:
        assert contrast(foreground, background) >= MIN_TEXT_CONTRAST, use
    # The sample's gold accent is too light for text: numbers get a darker shade of it.
    assert contrast(palette.accent, palette.tint) < MIN_TEXT_CONTRAST
    assert palette.number_text != palette.accent


@settings(max_examples=300, deadline=None)
@given(hex_colors, hex_colors)
def test_any_brand_colours_give_readable_text(primary: str, accent: str) -> None:
    palette = build_palette(primary, accent)
    for use, foreground, background in palette.text_pairs():
        assert contrast(foreground, background) >= MIN_TEXT_CONTRAST, (use, foreground, background)


def print_luminance(inks: Inks, color: str) -> float:
    """Relative luminance of ``color`` as printed: CIE Y from its printed L*, the paper white."""
    lightness = print_lab(inks.cmyk(color))[0]
    return ((lightness + 16) / 116) ** 3 if lightness > 8 else lightness * 27 / 24389


@pytest.mark.parametrize(
    "inks",
    [
        (None, None),  # the sample: every colour through the ICC transform or the black plate
        ((88, 45, 35, 45), (20, 40, 85, 5)),  # the brand guide's inks, as docs/print.md has them
    ],
)
def test_sample_palette_pairs_reach_aa_in_print(
    inks: tuple[tuple[float, float, float, float] | None, ...],
) -> None:
    from brochure.content.model import Brand, BrandColor

    colours: dict[str, Any] = {
        "primary_color": BrandColor("#1F4E5F", inks[0]),
        "accent_color": BrandColor("#C8963E", inks[1]),
    }
    theme = build_theme(Brand.model_construct(**colours), register_family(None), "a4", "en",
                        colour="cmyk")  # fmt: skip
    for use, foreground, background in theme.palette.text_pairs():
        high, low = sorted(
            (print_luminance(theme.inks, foreground), print_luminance(theme.inks, background)),
            reverse=True,
        )
        assert (high + 0.05) / (low + 0.05) >= MIN_TEXT_CONTRAST, (use, foreground, background)


def test_readable_keeps_a_colour_that_already_passes() -> None:
    assert readable("#1F4E5F", "#FFFFFF") == "#1F4E5F"
    darker = readable("#C8963E", "#FFFFFF")
    assert darker != "#C8963E" and contrast(darker, "#FFFFFF") >= MIN_TEXT_CONTRAST


def test_light_primary_gets_dark_text_on_the_band() -> None:
    palette = build_palette("#F4D35E", "#0B6E4F")  # a pale yellow band
    assert contrast(palette.on_primary_text, palette.primary) >= MIN_TEXT_CONTRAST
    assert palette.on_primary_text != "#FFFFFF"


def test_mix_goes_from_one_colour_to_the_other() -> None:
    assert mix("#000000", "#FFFFFF", 0) == "#000000"
    assert mix("#000000", "#FFFFFF", 1) == "#FFFFFF"
    assert mix("#000000", "#FFFFFF", 0.5) == "#808080"


@pytest.mark.parametrize("paper", sorted(PAPER_SIZES))
def test_grid_spans_add_up_to_the_text_width(paper: str) -> None:
    width, height = PAPER_SIZES[paper]  # type: ignore[index]
    grid = Grid(width, height)
    assert grid.span(12) == pytest.approx(grid.width)
    assert grid.span(6) * 2 + grid.gutter == pytest.approx(grid.width)
    assert grid.span(8) + grid.gutter + grid.span(4) == pytest.approx(grid.width)
    # Nothing but backgrounds within 10 mm of the paper edge (the brief's trim allowance).
    assert grid.bottom_margin >= 10 * 72 / 25.4
    assert grid.frame_bottom == grid.bottom_margin + grid.footer_height


def test_picture_height_and_bottom_margin_are_knobs_of_the_grid() -> None:
    grid = Grid(*PAPER_SIZES["a4"])
    smaller = replace(grid, picture_share=grid.picture_share / 2)
    assert smaller.picture_height == pytest.approx(grid.picture_height / 2)
    lower = replace(grid, bottom_margin_share=grid.bottom_margin_share / 2)
    assert lower.frame_bottom == pytest.approx(grid.frame_bottom - grid.bottom_margin / 2)
    assert lower.frame_height > grid.frame_height


def test_the_qr_codes_white_box_is_the_code_and_its_quiet_zone() -> None:
    panel = PanelMetrics(qr_size=100, qr_quiet=5, qr_gap=7)
    assert panel.qr_box == 110
    assert panel.qr_clearance == 17  # the box's quiet zone on both sides, and the gap before it


def test_the_blocks_knobs_are_carried_on_the_theme_and_frozen() -> None:
    from brochure.content.model import Brand, BrandColor

    # Only the colours, all build_theme reads; model_construct skips the other fields.
    colours: dict[str, Any] = {
        "primary_color": BrandColor("#1F4E5F"),
        "accent_color": BrandColor("#C8963E"),
    }
    brand = Brand.model_construct(**colours)
    theme = build_theme(brand, register_family(None), "a4", "en")
    assert theme.card.padding > 0 and theme.band.logo_height > 0 and theme.panel.qr_size > 0
    with pytest.raises(FrozenInstanceError):
        theme.card.padding = 1  # type: ignore[misc]
    tight = replace(theme, card=replace(theme.card, padding=7))
    assert (tight.card.padding, theme.card.padding) == (7, CardMetrics().padding)


def test_hyphenation_never_breaks_at_a_hyphen_the_word_already_has() -> None:
    from brochure.content.model import Brand, BrandColor

    # Only the colours, all build_theme reads; model_construct skips the other fields.
    colours: dict[str, Any] = {
        "primary_color": BrandColor("#1F4E5F"),
        "accent_color": BrandColor("#C8963E"),
    }
    brand = Brand.model_construct(**colours)
    theme = build_theme(brand, register_family(None), "a4", "en")
    assert theme.hyphenate is not None
    splits = theme.hyphenate("anti-inflammatory")  # typed as returning object
    assert isinstance(splits, list)
    assert splits and all(not h.endswith("-") and not t.startswith("-") for h, t in splits)
    assert build_theme(brand, register_family(None), "a4", "xx").hyphenate is None


def test_a_theme_made_again_is_equal_to_the_first(sample: Leaflet) -> None:
    """Two builds of a leaflet in the same brand, fonts, paper and language make equal themes
    (the hyphenation too is the same function): what a batch worker remembers by theme is
    found again by the next leaflet."""

    def theme() -> Theme:
        return build_theme(sample.brand, register_family(sample.brand.fonts), "a4", "es")

    first, again = theme(), theme()
    assert first.hyphenate is not None and first.hyphenate is again.hyphenate
    assert first == again
    assert build_theme(sample.brand, first.fonts, "a4", "en") != first
