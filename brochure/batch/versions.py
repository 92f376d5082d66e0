"""What the outputs are built with: brochure (its version and a digest of its files) and the
installed libraries that shape a PDF's bytes. A change to any of them rebuilds every output.

Found without importing any of them: an up-to-date batch must not load ReportLab.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from brochure.version import __version__, installed_version

LIBRARIES = ("reportlab", "pyphen", "svglib", "pillow", "pikepdf")
"""Distributions whose version decides the output: the renderer, hyphenation dictionaries, SVG
logos, image encoding, the print post-pass."""


@dataclass
class PackageStamp:
    """The package's files as a digest last read them (names, sizes, modification times) and
    that digest: a watch keeps one, and reads the files again only when a stamp changed."""

    files: tuple[tuple[str, int, int], ...] = ()
    digest: str = ""
    libraries: dict[str, str] | None = None
    """Each of :data:`LIBRARIES`' versions, as first found: a running process keeps the
    libraries it imported, so a version installed since would not be the one that builds."""


def tool_versions(last: PackageStamp | None = None) -> dict[str, str]:
    """Version of brochure and of each of :data:`LIBRARIES`, and a digest of brochure's files
    (``last``: the stamp of the previous digest, updated).

    The digest matters for a checkout installed in editable mode, whose version stays the same
    while its code changes; for a released install it changes with the version. It reads the
    package's files (a few milliseconds), never the clock.
    """
    found = {"brochure": __version__, "brochure-files": package_digest(last)}
    libraries = last.libraries if last is not None else None
    if libraries is None:
        libraries = {name: installed_version(name) for name in LIBRARIES}
        if last is not None:
            last.libraries = libraries
    return found | libraries


def package_digest(last: PackageStamp | None = None) -> str:
    """SHA-256 over the names and bytes of every file of the brochure package; ``last``'s
    digest when no file's size or modification time changed since it was made (then ``last``
    is updated)."""
    root = Path(__file__).resolve().parents[1]
    files = _package_files(root)
    stamp = tuple((name, stat.st_size, stat.st_mtime_ns) for name, stat in files)
    if last is not None and last.files == stamp:
        return last.digest
    digest = hashlib.sha256()
    for name, _ in files:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update((root / name).read_bytes())
    if last is not None:
        last.files, last.digest = stamp, digest.hexdigest()
    return digest.hexdigest()


def _package_files(root: Path) -> list[tuple[str, os.stat_result]]:
    """Every file under ``root`` (caches left out), in a fixed order, with its stat."""
    found = []
    # Plain strings, not Path objects: a watch stats these ~150 files on every plan.
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        for name in sorted(files):
            found.append((prefix + name, os.stat(os.path.join(folder, name))))
    return found
