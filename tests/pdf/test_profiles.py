"""The profile table: one row per output variant, screen the default, each with its own file."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from brochure.content.model import parse_length
from brochure.errors import BrochureError
from brochure.pdf.profiles import DEFAULT_BLEED, PROFILES
from brochure.pdf.render import RenderOptions
from brochure.pipeline import default_output


def test_every_profile_is_filed_under_its_own_name() -> None:
    assert {"screen", "print"} <= set(PROFILES)
    for name, profile in PROFILES.items():
        assert profile.name == name


def test_every_profile_has_a_unique_suffix() -> None:
    suffixes = [profile.suffix for profile in PROFILES.values()]
    assert len(set(suffixes)) == len(suffixes)
    outputs = {default_output(Path("content.yaml"), s) for s in suffixes}
    assert len(outputs) == len(PROFILES), "two profiles would overwrite each other's file"


def test_screen_is_the_default() -> None:
    assert RenderOptions().profile == PROFILES["screen"]
    assert PROFILES["screen"].suffix == ""
    assert default_output(Path("content.yaml")) == Path("out", "content.pdf")
    assert default_output(Path("leaflets/botox.yaml"), PROFILES["print"].suffix) == Path(
        "out", "botox-print.pdf"
    )


def test_screen_and_print_differ_where_the_issue_says() -> None:
    screen, printed = PROFILES["screen"], PROFILES["print"]
    assert (screen.colour, screen.bleed, screen.marks, screen.output_intent) == (
        "rgb",
        False,
        False,
        False,
    )
    assert (printed.colour, printed.bleed, printed.marks, printed.output_intent) == (
        "cmyk",
        True,
        True,
        True,
    )
    assert screen.image_ppi is not None and screen.image_ppi >= 72
    # A press needs 300 ppi: print never downsamples below that (None keeps every pixel).
    assert printed.image_ppi is None or printed.image_ppi >= 300
    assert printed.pdf_version == "1.6"  # PDF/X-4 is based on PDF 1.6
    assert printed.preflight and not screen.preflight


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_profile_declares_a_real_pdf_version(name: str) -> None:
    assert re.fullmatch(r"1\.[3-7]|2\.0", PROFILES[name].pdf_version)


def test_default_bleed_is_3mm() -> None:
    assert parse_length(DEFAULT_BLEED) == pytest.approx(3 * 72 / 25.4)


def test_the_command_line_offers_every_profile_and_all() -> None:
    from brochure.cli.building import build

    (option,) = [p for p in build.params if p.name == "profile"]
    assert isinstance(option.type, click.Choice)
    assert set(option.type.choices) == set(PROFILES) | {"all"}


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_for_profile_picks_the_row(name: str) -> None:
    options = RenderOptions.for_profile(name, paper="letter", bleed="5mm", marks=False)
    assert options.profile is PROFILES[name]
    assert (options.paper, options.bleed, options.marks) == ("letter", "5mm", False)


def test_for_profile_rejects_an_unknown_profile_and_names_the_choices() -> None:
    with pytest.raises(BrochureError) as caught:
        RenderOptions.for_profile("press")
    message = str(caught.value.message)
    assert "'press'" in message
    for name in PROFILES:
        assert name in message


@pytest.mark.parametrize("bleed", ["3cm", "three", "-3mm", "", "3 mm extra"])
def test_for_profile_rejects_a_bleed_that_is_not_a_length(bleed: str) -> None:
    with pytest.raises(BrochureError, match="--bleed"):
        RenderOptions.for_profile("print", bleed=bleed)


@pytest.mark.parametrize("bleed", ["3mm", "0.125in", "9pt", " 3 MM "])
def test_for_profile_accepts_lengths(bleed: str) -> None:
    assert RenderOptions.for_profile("print", bleed=bleed).bleed == bleed
