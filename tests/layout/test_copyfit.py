"""The copyfitter: a ladder of knobs, trial layouts, and findings that name a field."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from brochure.content.assets import load_image
from brochure.content.model import Leaflet
from brochure.layout.copyfit import (
    LAYOUT_FIELDS,
    LOOSEST,
    SMALL_FLOOR,
    TIGHTEST,
    LayoutCache,
    fit_findings,
    fit_leaflet,
    tighten,
    trial,
)
from brochure.layout.flowables import Logo
from brochure.layout.formats import FORMATS
from brochure.layout.theme import Theme
from brochure.messages import Messages, messages_for
from tests.helpers import calls_to, copy_sample


@pytest.fixture(scope="module")
def messages(sample: Leaflet) -> Messages:
    return messages_for(sample.locale, sample.messages)


@pytest.fixture(scope="module")
def logo(sample: Leaflet) -> Logo:
    assert sample.brand.logo is not None
    image: Logo = load_image(sample.brand.logo)  # load_image returns Any
    return image


def test_the_design_is_tightness_zero(theme: Theme) -> None:
    assert tighten(theme, 0.0, 11.5) is theme


@pytest.mark.parametrize("floor", [10.0, 11.5, 12.0])
def test_type_never_goes_below_its_floors(theme: Theme, floor: float) -> None:
    scale = tighten(theme, TIGHTEST, floor).scale
    assert scale.body == (floor if floor < theme.scale.body else theme.scale.body)
    assert min(scale.card_body, scale.lede) >= min(floor, theme.scale.card_body)
    assert scale.small >= SMALL_FLOOR
    assert scale.body <= theme.scale.body and scale.title <= theme.scale.title


def test_every_knob_moves_one_way_along_the_ladder(theme: Theme) -> None:
    steps = [LOOSEST, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, TIGHTEST]
    themes = [tighten(theme, t, 10.0) for t in steps]
    for looser, tighter in itertools.pairwise(themes):
        assert tighter.fitting.spacing <= looser.fitting.spacing
        assert tighter.fitting.leading >= looser.fitting.leading
        assert tighter.card.padding <= looser.card.padding
        assert tighter.grid.picture_share <= looser.grid.picture_share
        assert tighter.scale.body <= looser.scale.body
    assert themes[0].fitting.spacing == 1.5 and themes[-1].fitting.spacing == 0.5


def test_a_tighter_theme_takes_less_room(
    sample: Leaflet, theme: Theme, messages: Messages, logo: Logo
) -> None:
    design = trial(sample, theme, messages, logo)
    tight = trial(sample, tighten(theme, TIGHTEST, 11.5), messages, logo)
    assert design.pages == 3
    assert (tight.pages, -tight.last_free) < (design.pages, -design.last_free)


def test_the_sample_keeps_its_design_as_flowing_pages(
    sample: Leaflet, theme: Theme, messages: Messages, logo: Logo
) -> None:
    fit = fit_leaflet(sample, theme, FORMATS["pages"], messages, logo)
    assert fit.tightness == 0.0 and fit.fits
    assert fit_findings(sample, fit, FORMATS["pages"], "a4", messages) == []


def test_content_too_long_for_the_sheet_is_an_overflow_naming_a_field(
    sample: Leaflet, theme: Theme, messages: Messages, logo: Logo
) -> None:
    longer = sample.model_copy(update={"benefits": sample.benefits * 2})
    fit = fit_leaflet(longer, theme, FORMATS["sheet"], messages, logo)
    assert not fit.fits and fit.body == 11.5
    (finding,) = fit_findings(longer, fit, FORMATS["sheet"], "a4", messages)
    assert finding.severity == "error"
    assert finding.field[0] in {"benefits", "closing", "safety_note", "brand"}
    assert "does not fit on the sheet (A4) at the 11.5 pt floor" in finding.message
    assert " mm (about " in finding.message and " words) too long" in finding.message


def test_a_short_leaflet_is_loosened_on_the_sheet(
    sample: Leaflet, theme: Theme, messages: Messages, logo: Logo
) -> None:
    short = sample.model_copy(
        update={"benefits": sample.benefits[:2], "sections": (), "closing": None}
    )
    fit = fit_leaflet(short, theme, FORMATS["sheet"], messages, logo)
    assert fit.fits and fit.tightness < 0
    assert fit.theme.fitting.spacing > 1.0


# --- layout once, paint many --------------------------------------------------------------------


def _rebranded(sample: Leaflet, **changes: object) -> Leaflet:
    return sample.model_copy(update={"brand": sample.brand.model_copy(update=changes)})


def test_layout_fields_are_every_field_but_the_brand_and_the_tools_own() -> None:
    assert set(LAYOUT_FIELDS) | {"brand", "translation_of", "lint"} == set(Leaflet.model_fields)


@pytest.mark.parametrize("format", ["pages", "sheet", "trifold", "booklet"])
def test_a_cached_layout_gives_byte_identical_pdfs_for_every_brand(
    sample: Leaflet, format: str
) -> None:
    from brochure.pdf.render import RenderOptions, fit_for, render_pdf

    brands = [
        sample,
        _rebranded(sample, name="Harbour Skin Clinic", primary_color=sample.brand.accent_color),
        # A name that wraps differently in the cover band: laid out on its own, not reused.
        _rebranded(sample, name="The Very Long Named Harbourside Aesthetic Skin and Laser Clinic"),
    ]
    cache = LayoutCache()
    options = RenderOptions.for_profile("print", format=format)
    for leaflet in brands:
        cached = fit_for(leaflet, options, cache=cache)
        alone = fit_for(leaflet, options)
        assert cached.tightness == alone.tightness
        assert render_pdf(leaflet, options, cached) == render_pdf(leaflet, options, alone)
    assert cache.hits > 0  # the second brand reused the first one's trials


def test_a_changed_content_is_laid_out_again(sample: Leaflet) -> None:
    from brochure.pdf.render import RenderOptions, fit_for

    cache = LayoutCache()
    options = RenderOptions.for_profile("screen", format="sheet")
    fit_for(sample, options, cache=cache)
    misses = cache.misses
    longer = sample.model_copy(update={"closing": (sample.closing or "") + " More words." * 40})
    fit_for(longer, options, cache=cache)
    assert cache.misses > misses


def test_a_brands_blocks_are_measured_once_until_its_logo_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The heights of a brand's blocks key its trials: measured for the first fit of a layout
    in the brand, looked up for the next, and measured again once the logo file is written
    anew (its shape sets the cover band's height)."""
    import brochure
    import brochure.layout.copyfit as copyfit
    from brochure.pdf.render import RenderOptions, fit_for

    leaflet = brochure.load_leaflet(copy_sample(tmp_path) / "content.yaml")
    measured = calls_to(monkeypatch, copyfit, "brand_heights")
    cache = LayoutCache()
    options = RenderOptions.for_profile("screen", format="sheet")
    first = fit_for(leaflet, options, cache=cache)
    assert measured
    measured.clear()
    assert fit_for(leaflet, options, cache=cache) == first and measured == []
    logo = leaflet.brand.logo
    assert logo is not None
    logo.write_text(logo.read_text("utf-8") + "\n", "utf-8")
    assert fit_for(leaflet, options, cache=cache).tightness == first.tightness
    assert measured


def test_the_cache_forgets_its_oldest_trials_past_its_capacity(
    sample: Leaflet, theme: Theme, messages: Messages, logo: Logo
) -> None:
    cache = LayoutCache(capacity=2)
    fit_leaflet(sample, theme, FORMATS["sheet"], messages, logo, cache=cache)
    assert len(cache._trials) == 2


def test_a_measured_design_stands_for_the_first_trial_of_flowing_pages(
    sample: Leaflet, theme: Theme, messages: Messages, logo: Logo
) -> None:
    from brochure.layout.copyfit import Trial

    laid_out = trial(sample, theme, messages, logo)
    # A different measurement than the real one, to see which the fitter used.
    measured = Trial(
        pages=9, last_free=1.0, frame_height=laid_out.frame_height, overflow=0.0, first_over=None
    )
    cache = LayoutCache()
    fit = fit_leaflet(
        sample, theme, FORMATS["pages"], messages, logo, cache=cache, measured=measured
    )
    assert fit.trial is measured and fit.tightness == 0.0
    again = fit_leaflet(sample, theme, FORMATS["pages"], messages, logo, cache=cache)
    assert again.trial is measured  # kept for the next brand, as a laid-out trial is
    # A format with a page limit never takes it: its first trial is measured against the limit.
    sheet = fit_leaflet(sample, theme, FORMATS["sheet"], messages, logo, measured=measured)
    assert sheet.trial is not measured


def test_a_cache_remembers_whether_a_layouts_fit_kept_the_design(
    sample: Leaflet, theme: Theme, messages: Messages, logo: Logo
) -> None:
    from brochure.layout.copyfit import layout_key

    cache = LayoutCache()
    pages, sheet = FORMATS["pages"], FORMATS["sheet"]
    assert cache.expects_design(layout_key(sample, pages, "a4", None))  # never fitted: yes
    fit_leaflet(sample, theme, pages, messages, logo, cache=cache)
    assert cache.expects_design(layout_key(sample, pages, "a4", None))
    fitted = fit_leaflet(sample, theme, sheet, messages, logo, cache=cache)
    assert fitted.tightness != 0.0
    assert not cache.expects_design(layout_key(sample, sheet, "a4", None))
