"""Atomic output: a build replaces the previous PDF whole, or leaves it exactly as it was and
leaves no temporary file behind."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import Any

import pytest

import brochure
from brochure.errors import BrochureError, OutputError
from brochure.output import write_atomic

OLD = b"%PDF-1.4 the previous, good leaflet\n%%EOF\n"
NEW = b"%PDF-1.4 " + bytes(range(256)) * 4096 + b"\n%%EOF\n"  # 1 MiB: several write chunks


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path


@pytest.fixture
def previous(folder: Path) -> Path:
    """An existing output from an earlier build."""
    target = folder / "content.pdf"
    target.write_bytes(OLD)
    return target


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_writes_the_bytes_and_nothing_else(folder: Path) -> None:
    target = folder / "content.pdf"
    write_atomic(target, NEW)
    assert target.read_bytes() == NEW
    assert listing(folder) == ["content.pdf"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_replaces_a_previous_file_whole(previous: Path) -> None:
    write_atomic(previous, NEW)
    assert previous.read_bytes() == NEW
    assert listing(previous.parent) == ["content.pdf"]


def test_creates_missing_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "leaflet.pdf"
    write_atomic(target, NEW)
    assert target.read_bytes() == NEW


def test_public_api_accepts_a_string_path(folder: Path) -> None:
    brochure.write_atomic(str(folder / "content.pdf"), NEW)
    assert (folder / "content.pdf").read_bytes() == NEW


def test_failed_rename_keeps_the_previous_file(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: Any, dst: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError) as caught:
        write_atomic(previous, NEW)
    assert isinstance(caught.value, BrochureError)
    assert str(previous) in caught.value.format_message()
    assert "Permission denied" in caught.value.format_message()
    assert previous.read_bytes() == OLD
    assert listing(previous.parent) == ["content.pdf"], "a temporary file was left behind"


def test_disk_full_while_writing_keeps_the_previous_file(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(previous, NEW)
    assert previous.read_bytes() == OLD
    assert listing(previous.parent) == ["content.pdf"]


def test_target_is_a_folder(folder: Path) -> None:
    """A real (not simulated) failure of the final rename."""
    (folder / "content.pdf").mkdir()
    with pytest.raises(OutputError):
        write_atomic(folder / "content.pdf", NEW)
    assert listing(folder) == ["content.pdf"]
    assert (folder / "content.pdf").is_dir()


def test_parent_is_a_file(tmp_path: Path) -> None:
    """The output folder cannot be created: an OutputError, not a traceback."""
    (tmp_path / "out").write_bytes(b"not a folder")
    with pytest.raises(OutputError):
        write_atomic(tmp_path / "out" / "content.pdf", NEW)
    assert (tmp_path / "out").read_bytes() == b"not a folder"


class _InterruptedStream(io.RawIOBase):
    """Stands in for the temporary file: Ctrl-C arrives once part of the data is on disk."""

    def __init__(self, real: Any, budget: int) -> None:
        self.real = real
        self.budget = budget

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        if len(chunk) > self.budget:
            self.real.write(chunk[: self.budget])
            self.real.flush()
            self.budget = 0
            raise KeyboardInterrupt
        self.real.write(chunk)
        self.budget -= len(chunk)
        return len(chunk)

    def fileno(self) -> int:
        fileno: int = self.real.fileno()
        return fileno

    def close(self) -> None:
        self.real.close()
        super().close()


@pytest.mark.parametrize("had_previous", [True, False], ids=["previous", "first-build"])
def test_interrupted_mid_write_leaves_no_partial_file(
    had_previous: bool, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = folder / "content.pdf"
    if had_previous:
        target.write_bytes(OLD)
    real_fdopen = os.fdopen
    streams: list[_InterruptedStream] = []

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        stream = _InterruptedStream(real_fdopen(fd, *args, **kwargs), budget=len(NEW) // 2)
        streams.append(stream)
        return stream

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, NEW)
    assert streams and streams[0].budget == 0, "the write was not interrupted half-way"
    if had_previous:
        assert target.read_bytes() == OLD
        assert listing(folder) == ["content.pdf"]
    else:
        assert listing(folder) == [], "a partial or temporary file was left behind"


def test_interrupted_at_fsync_leaves_no_partial_file(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(previous, NEW)
    assert previous.read_bytes() == OLD
    assert listing(previous.parent) == ["content.pdf"]


def test_failed_build_keeps_the_previous_pdf(project: Path) -> None:
    """End to end: content that does not validate writes nothing over the last good PDF."""
    target = project / "out" / "content.pdf"
    target.parent.mkdir()
    target.write_bytes(OLD)
    content = project / "content.yaml"
    content.write_text(content.read_text("utf-8").replace("\nintro:", "\nintroduction:"), "utf-8")
    with pytest.raises(brochure.ContentError):
        brochure.build(content, target)
    assert target.read_bytes() == OLD
    assert listing(target.parent) == ["content.pdf"]
