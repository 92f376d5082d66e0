"""brochure.cache: where the user's cache folder is, entries keyed and checksummed, a damaged or
stale entry never returned, a cache that cannot be written never an error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brochure.cache import MAGIC, cache_folder, read_entry, remembered, write_entry


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("BROCHURE_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache_folder() == tmp_path / "home/.cache/brochure"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg/brochure"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the XDG spec: ignored
    assert cache_folder() == tmp_path / "home/.cache/brochure"
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_folder() == tmp_path / "mine"


def test_an_entry_is_read_back_for_its_key_only(folder: Path) -> None:
    assert read_entry("patterns", "v1") is None  # nothing yet
    assert write_entry("patterns", "v1", b"\x00payload\n")
    assert read_entry("patterns", "v1") == b"\x00payload\n"
    assert read_entry("patterns", "v2") is None  # stale: made from something else
    assert read_entry("other", "v1") is None
    assert write_entry("patterns", "v2", b"new")
    assert read_entry("patterns", "v2") == b"new"
    assert read_entry("patterns", "v1") is None
    assert [p.name for p in folder.iterdir()] == ["patterns.bin"]  # no temporary file left


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1],  # truncated
        lambda data: data[:-3] + bytes([data[-3] ^ 1]) + data[-2:],  # one bit flipped
        lambda data: data[: len(MAGIC) + 3],  # cut inside the checksum
        lambda data: b"",
        lambda data: b"not a cache entry at all",
    ],
)
def test_a_damaged_entry_is_never_returned(folder: Path, damage: object) -> None:
    assert write_entry("patterns", "v1", b"some patterns " * 50)
    path = folder / "patterns.bin"
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert read_entry("patterns", "v1") is None
    assert write_entry("patterns", "v1", b"again")  # and it is simply made again
    assert read_entry("patterns", "v1") == b"again"


def test_a_cache_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(blocker / "cache"))
    assert write_entry("patterns", "v1", b"data") is False
    assert read_entry("patterns", "v1") is None
    if os.geteuid() != 0:  # root writes through permissions
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        monkeypatch.setenv("BROCHURE_CACHE_DIR", str(locked))
        assert write_entry("patterns", "v1", b"data") is False


def test_a_remembered_value_is_made_once_and_made_again_when_not_trusted(folder: Path) -> None:
    made: list[str] = []

    def make() -> tuple[str, bytes]:
        made.append("made")
        return "value", b"payload"

    def decode(payload: bytes) -> str | None:
        return "read back" if payload == b"payload" else None

    assert remembered("entry", "key 1", decode, make) == "value"
    assert remembered("entry", "key 1", decode, make) == "read back"
    assert made == ["made"]
    assert remembered("entry", "key 1", lambda payload: None, make) == "value"  # not trusted
    assert remembered("entry", "key 2", decode, make) == "value"  # another key: stale
    assert made == ["made"] * 3


def test_a_bounded_table_forgets_its_oldest_entry_only_for_a_new_key() -> None:
    from brochure.cache import keep_bounded

    table: dict[str, int] = {}
    for number, key in enumerate("abc"):
        assert keep_bounded(table, key, number, 3) == number
    keep_bounded(table, "b", 9, 3)  # an existing key: nothing forgotten
    assert table == {"a": 0, "b": 9, "c": 2}
    keep_bounded(table, "d", 3, 3)
    assert table == {"b": 9, "c": 2, "d": 3}
