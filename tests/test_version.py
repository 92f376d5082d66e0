"""brochure.version: the package's version, and libraries' versions found without importing
them."""

from __future__ import annotations

import importlib.metadata

import brochure
from brochure.batch.versions import LIBRARIES
from brochure.version import UNKNOWN_VERSION, __version__, installed_version


def test_installed_version_matches_importlib_metadata() -> None:
    for name in (*LIBRARIES, "click", "PyYAML"):
        assert installed_version(name) == importlib.metadata.version(name)
    assert installed_version("no-such-distribution-here") == UNKNOWN_VERSION


def test_the_package_and_its_metadata_carry_one_version() -> None:
    assert brochure.__version__ == __version__ == importlib.metadata.version("brochure")
