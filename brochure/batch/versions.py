"""What the outputs are built with: brochure (its version and a digest of its files) and the
installed libraries that shape a PDF's bytes. A change to any of them rebuilds every output.

Found without importing any of them: an up-to-date batch must not load ReportLab.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from brochure.version import __version__

LIBRARIES = ("reportlab", "pyphen", "svglib", "pillow", "pikepdf")
"""Distributions whose version decides the output: the renderer, hyphenation dictionaries, SVG
logos, image encoding, the print post-pass."""


def tool_versions() -> dict[str, str]:
    """Version of brochure and of each of :data:`LIBRARIES`, and a digest of brochure's files.

    The digest matters for a checkout installed in editable mode, whose version stays the same
    while its code changes; for a released install it changes with the version. It reads the
    package's files (a few milliseconds), never the clock.
    """
    found = {"brochure": __version__, "brochure-files": package_digest()}
    for name in LIBRARIES:
        found[name] = installed_version(name)
    return found


def package_digest() -> str:
    """SHA-256 over the names and bytes of every file of the brochure package."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            path = Path(folder, name)
            digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def installed_version(name: str) -> str:
    """The installed version of the distribution ``name``, without importing it.

    Read from the name of its ``.dist-info`` folder on ``sys.path``, which is what
    ``importlib.metadata.version`` finds, without that module's 50 ms import (an up-to-date
    batch has 250 ms in all); ``importlib.metadata`` is the fallback for other layouts.
    """
    prefix = name.lower().replace("-", "_") + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for item in names:
            if item.lower().startswith(prefix) and item.endswith(".dist-info"):
                return item[len(prefix) : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"
