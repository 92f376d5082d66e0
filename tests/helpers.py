"""Helpers shared by the test modules and conftests (one copy of each).

Tests import it as ``helpers``: pytest puts ``tests/`` on ``sys.path`` when it loads
``tests/conftest.py`` (rootdir-relative "prepend" import mode, no ``__init__.py``).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
"""The project checkout: the sample ``content.yaml``, ``assets/``, README.md, pyproject.toml."""

SAMPLE_FILES = ("content.yaml", "assets")
"""What makes up the sample project: the content file and the folder its brand file lives in."""

# Page sizes in points (width, height).
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


def copy_sample(folder: Path) -> Path:
    """Copy the sample project (content.yaml + assets/) into ``folder``; return ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy2(source, folder / name)
    return folder


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page of the PDF ``data``."""
    reader = PdfReader(io.BytesIO(data))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
