"""Fixtures of the preflight tests: the clean print file and its report, an office file's report,
and the command line."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result

from brochure.preflight import PreflightReport, preflight_bytes
from tests.preflight.preflight_pdfs import print_pdf, rgb_pdf_from_elsewhere, zeros_deflated


@pytest.fixture(scope="session")
def clean_pdf() -> bytes:
    """A clean A4 print file."""
    return print_pdf()


@pytest.fixture(scope="session")
def clean_report(clean_pdf: bytes) -> PreflightReport:
    """The clean print file's report."""
    return preflight_bytes(clean_pdf, "clean.pdf")


@pytest.fixture(scope="session")
def flate_bomb() -> bytes:
    """100 MB of zeros, deflated to about 100 KB (built once: it takes a few tenths of a
    second)."""
    return zeros_deflated(100 << 20)


@pytest.fixture(scope="session")
def elsewhere() -> PreflightReport:
    """The report of an RGB office file with no TrimBox."""
    return preflight_bytes(rgb_pdf_from_elsewhere(), "office.pdf")


@pytest.fixture
def preflight_cli() -> Callable[..., Result]:
    """Run ``brochure preflight ARGS``."""
    from brochure.cli import main

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, ["preflight", *args], prog_name="brochure")

    return invoke
