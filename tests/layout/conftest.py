"""Shared fixtures for layout tests: the sample leaflet and its theme."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure import load_leaflet
from brochure.content.model import Leaflet
from brochure.layout.fonts import register_family
from brochure.layout.theme import Theme, build_theme

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def sample() -> Leaflet:
    return load_leaflet(ROOT / "content.yaml")


@pytest.fixture(scope="session")
def theme(sample: Leaflet) -> Theme:
    fonts = register_family(sample.brand.fonts)
    return build_theme(sample.brand, fonts, "a4", sample.locale)
