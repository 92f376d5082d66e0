"""Fixtures for the lint tests: the sample project as the working folder, and a writer of
content files made of the seed article's text (see seed_text.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import copy_sample
from tests.lint.seed_text import content_yaml

Writer = Callable[..., Path]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample project, as the working folder (messages name ``content.yaml``)."""
    root = copy_sample(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def write(folder: Path) -> Writer:
    """Write a content file into ``folder``: ``content_yaml``'s keywords, or ``text=``."""

    def writer(name: str = "content.yaml", *, text: str | None = None, **texts: Any) -> Path:
        path = folder / name
        path.write_text(content_yaml(**texts) if text is None else text, "utf-8")
        return path

    return writer
