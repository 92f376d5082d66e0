"""Shared fixtures: a scratch copy of the sample project and the sample leaflet built once per
session, through the library and through the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tests.helpers import ROOT, copy_sample


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The creation date follows SOURCE_DATE_EPOCH: a value set by CI must not leak into tests
    that compare bytes or dates (tests that want it set it themselves)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("brochure-cache")


@pytest.fixture(autouse=True)
def _cache_in_a_scratch_folder(monkeypatch: pytest.MonkeyPatch, _session_cache: Path) -> None:
    """The user's cache folder (hyphenation patterns) is the session's scratch folder: tests
    never write ~/.cache (tests of the cache itself set their own)."""
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(_session_cache))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, writable copy of the sample project (content.yaml + assets/)."""
    return copy_sample(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session-wide copy of the sample project; tests must not modify it."""
    return copy_sample(tmp_path_factory.mktemp("sample") / "project")


@pytest.fixture(scope="session")
def sample_content() -> dict[str, Any]:
    """The sample content.yaml with its brand file, read as plain YAML (independently of the
    product's own loader): what the PDF is expected to say."""
    content: dict[str, Any] = yaml.safe_load((ROOT / "content.yaml").read_text("utf-8"))
    brand_path = ROOT / content["brand"]
    content["brand"] = yaml.safe_load(brand_path.read_text("utf-8"))
    return content


@pytest.fixture(scope="session")
def sample_pdf(sample_project: Path) -> bytes:
    """The sample leaflet (A4), rendered once per session through the library."""
    import brochure

    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        return brochure.render_pdf(brochure.load_leaflet(sample_project / "content.yaml"))


@pytest.fixture(scope="session")
def cli_pdf(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The sample leaflet (A4), built once per session through the CLI (CliRunner)."""
    from brochure.cli import main

    target = tmp_path_factory.mktemp("cli") / "leaflet.pdf"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        result = CliRunner().invoke(
            main, ["build", str(sample_project / "content.yaml"), "-o", str(target)]
        )
    assert result.exit_code == 0, result.output
    return target.read_bytes()


@pytest.fixture(params=["sample_pdf", "cli_pdf"], ids=["library", "cli"])
def built_pdf(request: pytest.FixtureRequest) -> bytes:
    """The sample leaflet built through the library, then through the CLI."""
    data: bytes = request.getfixturevalue(request.param)
    return data
