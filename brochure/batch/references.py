"""The files a content or brand file may name, found without validating it: every short text of
the YAML that looks like a file name, resolved against the file's folder.

Validation alone knows for sure which files a leaflet uses (see leaflet.py); these are the
candidates, found by reading YAML only. A cluster job is sent every candidate that exists (it
shares no filesystem with the build), and a failed job records the hash of each one, missing
or not, so creating the logo a failure complained about rebuilds it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from brochure.content.source import parse_source

MAX_NAME = 255
"""Longer text is prose, not a file name."""
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,5}")
YAML_SUFFIXES = (".yaml", ".yml")
"""A named file with one of these suffixes (a brand file) is read for the files it names."""


def named_files(path: Path, data: bytes | None, root: Path) -> tuple[Path, ...]:
    """The files ``path`` (a YAML file whose bytes are ``data``) may name, inside ``root``, and
    those the YAML files among them name in turn; each once, existing or not."""
    found: dict[Path, None] = {}
    queue: list[tuple[Path, bytes | None]] = [(path, data)]
    read: set[Path] = {path}
    while queue:
        current, raw = queue.pop()
        for candidate in _candidates(current, raw, root):
            if candidate in found or candidate == path:
                continue
            found[candidate] = None
            if candidate.suffix.lower() in YAML_SUFFIXES and candidate not in read:
                read.add(candidate)
                queue.append((candidate, _read(candidate)))
    return tuple(found)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _candidates(path: Path, data: bytes | None, root: Path) -> Iterator[Path]:
    if data is None:
        return
    try:
        source = parse_source(data, str(path), path)
    except Exception:  # an unreadable file names nothing; the job reports why
        return
    folder = path.parent
    root = root.resolve()
    for text in _texts(source.data):
        name = text.strip()
        if not name or len(name) > MAX_NAME or "\n" in name or "://" in name or "@" in name:
            continue
        if "/" not in name and "." not in name:
            continue  # a word, not a file name
        candidate = Path(os.path.normpath(folder / os.path.expanduser(name)))
        try:
            if not candidate.resolve().is_relative_to(root) or candidate.is_dir():
                continue
            if candidate.exists() or _SUFFIX.fullmatch(candidate.suffix):
                yield candidate
        except (OSError, ValueError):
            continue


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
