"""brochure.lint.design: contrast of every text colour, brand colours the layout must shift,
type sizes, alt text, empty safety notes and benefits, and print resolution of pictures."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PIL import Image

from brochure.content.source import read_source
from brochure.content.validate import validate_source
from brochure.layout.fonts import register_family
from brochure.layout.paper import PAPER_SIZES
from brochure.layout.theme import Theme, TypeScale, build_theme, contrast
from brochure.lint import lint_files
from brochure.lint.design import check_design, format_ratio, planned_size
from brochure.lint.report import LintFinding
from tests.lint.seed_text import SEED_BENEFITS, line_of

if TYPE_CHECKING:  # only for annotations: pytest loads the conftest itself
    from tests.lint.conftest import Writer


def design(path: Path, change: dict[str, Any] | None = None) -> list[LintFinding]:
    """Design findings of the content file at ``path``, its theme changed by ``change``."""
    leaflet, located = validate_source(read_source(path))
    family = register_family(leaflet.brand.fonts)
    themes: list[Theme] = [
        replace(build_theme(leaflet.brand, family, paper, leaflet.locale), **(change or {}))
        for paper in PAPER_SIZES
    ]
    return check_design(leaflet, located, themes)


def themes_of(path: Path) -> list[Theme]:
    leaflet, _ = validate_source(read_source(path))
    family = register_family(leaflet.brand.fonts)
    return [build_theme(leaflet.brand, family, paper, "en") for paper in PAPER_SIZES]


def png(path: Path, width: int, height: int) -> None:
    Image.new("RGB", (width, height), (200, 180, 160)).save(path)


def test_the_sample_passes_every_design_check(write: Writer) -> None:
    assert design(write()) == []


def test_light_grey_text_on_white_fails_with_its_ratio(write: Writer) -> None:
    path = write()
    leaflet, _ = validate_source(read_source(path))
    theme = build_theme(leaflet.brand, register_family(leaflet.brand.fonts), "a4", "en")
    grey = replace(theme.palette, body_text="#BBBBBB")
    found = design(path, {"palette": grey})
    messages = [f.problem.message for f in found if f.problem.message.startswith("body on paper")]
    assert messages[0] == (
        "body on paper: text #BBBBBB on white paper (#FFFFFF) is 1.9:1, needs 4.5:1 "
        "(WCAG AA, 11.5 pt)"
    )
    assert {f.severity for f in found} == {"error"} and {f.rule for f in found} == {"contrast"}
    assert found[0].problem.file == "assets/brand.yaml"


def test_large_headings_need_only_3_to_1(write: Writer) -> None:
    path = write()
    leaflet, _ = validate_source(read_source(path))
    theme = build_theme(leaflet.brand, register_family(leaflet.brand.fonts), "a4", "en")
    colour = "#8A8A8A"  # about 3.4:1 on white
    assert 3 < contrast(colour, "#FFFFFF") < 4.5
    palette = replace(theme.palette, heading_text=colour, tint="#FFFFFF", accent_tint="#FFFFFF")
    large = replace(theme.scale, card_title=14.0)
    assert [f.problem.message for f in design(path, {"palette": palette, "scale": large})] == []
    [small] = design(path, {"palette": palette})
    assert "needs 4.5:1 (WCAG AA, 13.5 pt bold)" in small.problem.message


def test_a_light_brand_colour_is_reported_with_its_ratio(write: Writer, folder: Path) -> None:
    brand = folder / "assets/brand.yaml"
    brand.write_text(brand.read_text("utf-8").replace("#1F4E5F", "#9FC5E8"), "utf-8")
    report = lint_files([write()]).files[0]
    found = [f for f in report.findings if f.rule == "contrast"]
    assert [f.severity for f in found] == ["warning", "warning"]
    headings, white = (f.problem.message for f in found)
    assert headings.startswith(
        "#9FC5E8 is 1.6:1 on the safety box's tint (#F8F2E8), needs 4.5:1 for headings: they "
    )
    assert white.startswith("white text on #9FC5E8 is 1.8:1, needs 4.5:1: the cover and contact")
    assert found[0].problem.field == "primary_color"
    assert (found[0].problem.line, found[0].problem.column) == line_of(brand, '"#9FC5E8"')


def test_type_below_the_minimum_is_an_error(write: Writer) -> None:
    found = design(write(), {"scale": TypeScale(body=10.0, small=8.0)})
    messages = sorted(f.problem.message for f in found if f.rule == "type-size")
    assert "body text is 10 pt; running text needs at least 11.5 pt for patients" in messages
    assert "footer text is 8 pt; any text needs at least 8.5 pt for patients" in messages
    assert {f.severity for f in found if f.rule == "type-size"} == {"error"}


def test_alt_text_must_describe_the_picture(write: Writer, folder: Path) -> None:
    png(folder / "face.png", 3000, 2000)
    for alt in ("image", "face.png", "Photo."):
        [finding] = design(write(image=("face.png", alt)))
        assert finding.rule == "alt-text" and finding.problem.field == "sections[0].image.alt"
    assert design(write(image=("face.png", "A woman touching her cheek"))) == []


def test_a_picture_below_300_ppi_at_its_printed_size(write: Writer, folder: Path) -> None:
    png(folder / "small.png", 900, 600)
    [finding] = design(write(image=("small.png", "A treatment room")))
    assert finding.rule == "image-resolution" and finding.severity == "error"
    assert finding.problem.field == "sections[0].image.path"
    assert "small.png is 900x600 px and prints 180 x 120 mm: 127 ppi" in finding.problem.message
    width, height = max(planned_size((900, 600), t) for t in themes_of(folder / "content.yaml"))
    assert f"at least {math.ceil(width / 72 * 300)}x{math.ceil(height / 72 * 300)} px" in (
        finding.problem.message
    )


def test_the_planned_size_fits_the_frame_width_and_height(write: Writer) -> None:
    leaflet, _ = validate_source(read_source(write()))
    theme = build_theme(leaflet.brand, register_family(leaflet.brand.fonts), "a4", "en")
    wide = planned_size((3000, 1000), theme)
    assert wide[0] == pytest.approx(theme.grid.width)
    tall = planned_size((1000, 3000), theme)
    assert tall[0] < theme.grid.width and tall[1] == pytest.approx(wide[1] * 3, rel=0.5)


def test_an_empty_safety_note_or_benefit_is_an_error(write: Writer) -> None:
    empty = (SEED_BENEFITS[0][0], "smile", "TBD")
    found = design(write(safety="...", benefits=[SEED_BENEFITS[0], empty]))
    assert sorted((f.rule, f.problem.field) for f in found) == [
        ("benefit-body", "benefits[1].body"),
        ("safety-note", "safety_note"),
    ]


def test_ratios_are_never_rounded_up_to_what_they_need() -> None:
    assert format_ratio(2.149, 4.5) == "2.1:1"
    assert format_ratio(4.4999, 4.5) == "4.49:1"
    assert format_ratio(7.0, 4.5) == "7:1"
