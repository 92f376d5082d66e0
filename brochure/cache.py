"""The user's cache folder: data brochure can always make again, kept to make the next run
faster (hyphenation patterns parsed once, not at every build).

Where: ``$BROCHURE_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/brochure``, else
``~/.cache/brochure``. Each entry is one file holding a key (what it was made from: the
versions and inputs that would change it) and a checksum of its payload: an entry whose key
differs is stale, one whose checksum fails is corrupt, and both are made again and rewritten.
A cache that cannot be read or written is never an error: the caller makes the data itself.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import TypeVar

from brochure.errors import OutputError
from brochure.output import write_atomic

T = TypeVar("T")

MAGIC = b"brochure-cache 1\n"
"""First line of every entry; a change of the entry layout changes it."""


def cache_folder() -> Path | None:
    """The cache folder, read from the environment at each call (None: no home to put it in)."""
    override = os.environ.get("BROCHURE_CACHE_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():  # the XDG spec: a relative path is to be ignored
        return Path(xdg) / "brochure"
    try:
        return Path.home() / ".cache" / "brochure"
    except RuntimeError:  # no home folder to be found
        return None


def _entry(name: str) -> Path | None:
    folder = cache_folder()
    return None if folder is None else folder / f"{name}.bin"


def read_entry(name: str, key: str) -> bytes | None:
    """The payload stored as ``name`` for ``key``; None when there is none, it was made for
    another key, or it is damaged (checksum) or unreadable."""
    path = _entry(name)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = MAGIC + key.encode("utf-8") + b"\n"
    if not data.startswith(head):
        return None
    digest, payload = data[len(head) : len(head) + 32], data[len(head) + 32 :]
    if len(digest) != 32 or hashlib.sha256(payload).digest() != digest:
        return None
    return payload


def write_entry(name: str, key: str, payload: bytes) -> bool:
    """Store ``payload`` as ``name`` for ``key``, atomically (a reader sees the old entry or
    the new one, never half of one); False when the cache cannot be written."""
    path = _entry(name)
    if path is None:
        return False
    data = MAGIC + key.encode("utf-8") + b"\n" + hashlib.sha256(payload).digest() + payload
    try:
        write_atomic(path, data)
    except OutputError:
        return False
    return True


def remembered(
    name: str,
    key: str,
    decode: Callable[[bytes], T | None],
    make: Callable[[], tuple[T, bytes]],
) -> T:
    """The value stored as ``name`` for ``key``, read back with ``decode`` (None: not what
    brochure writes, so not used); else the value ``make`` gives, whose payload is stored."""
    payload = read_entry(name, key)
    found = None if payload is None else decode(payload)
    if found is not None:
        return found
    value, payload = make()
    write_entry(name, key, payload)
    return value


K = TypeVar("K")
V = TypeVar("V")


def keep_bounded(table: MutableMapping[K, V], key: K, value: V, limit: int) -> V:
    """Put ``value`` in the in-memory ``table`` under ``key``, first forgetting the oldest entry
    when a new key would take the table past ``limit`` entries; give ``value`` back. The memos a
    long-running process keeps (trial layouts, parses) stay this size however long it runs."""
    if key not in table and len(table) >= limit:
        del table[next(iter(table))]
    table[key] = value
    return value
