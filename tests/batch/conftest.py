"""Fixtures for the batch tests: the sample matrix, fresh or already built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.batch.batch_helpers import OUTPUTS, build, names, new_matrix


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample matrix, nothing built; the working folder."""
    folder = new_matrix(tmp_path / "project")
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture(scope="session")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample matrix built once per session (tests copy it, never change it)."""
    folder = new_matrix(tmp_path_factory.mktemp("built") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        patch.chdir(folder)
        result = build(folder)
    assert result.ok, [str(p) for r in result.failed for p in r.problems]
    assert names(result.built, folder) == OUTPUTS
    return folder


@pytest.fixture
def built(built_once: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built sample matrix (outputs and manifest up to date); the working
    folder."""
    folder = tmp_path / "project"
    shutil.copytree(built_once, folder)
    monkeypatch.chdir(folder)
    return folder
