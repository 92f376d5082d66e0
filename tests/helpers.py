"""Helpers shared by the test modules and conftests (one copy of each).

Tests import it as ``tests.helpers``: ``tests/`` and its subfolders are packages (so the
conftests have distinct names, ``tests.conftest``, ``tests.lint.conftest``, ... for pytest and
mypy alike), and pytest's default "prepend" import mode puts the project root on ``sys.path``.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, PdfObject
from reportlab.pdfgen.canvas import Canvas

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


def pdf_dict(obj: PdfObject | None) -> DictionaryObject:
    """``obj``, an indirect reference followed, as the dictionary it must be (pypdf types the
    values of a dictionary as any PDF object)."""
    resolved = None if obj is None else obj.get_object()
    assert isinstance(resolved, DictionaryObject), f"not a PDF dictionary: {resolved!r}"
    return resolved


def canvas_code(canvas: Canvas) -> list[str]:
    """The operators ``canvas`` has written to its current page so far, one string each."""
    # Canvas._code is private to ReportLab, so types-reportlab leaves it out.
    code: list[str] = canvas._code  # type: ignore[attr-defined]
    return code


def calls_to(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[Any]:
    """The first argument of every call to ``owner.name`` from now on (the calls still go
    through): which files a plan read, which a job hashed..."""
    calls: list[Any] = []
    original = getattr(owner, name)

    def counted(first: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(first)
        return original(first, *args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def running(pid: int) -> bool:
    """Whether process ``pid`` runs (Linux; a zombie has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"
