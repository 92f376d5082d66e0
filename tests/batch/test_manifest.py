"""The manifest (hashes, atomic JSON, tolerant reading), the build lock, installed versions."""

from __future__ import annotations

import importlib.metadata
import multiprocessing
import sys
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest

import brochure.batch.manifest as manifest_module
from brochure.batch.manifest import (
    MANIFEST_NAME,
    MISSING,
    BuildLock,
    Entry,
    FileHashes,
    HashMemo,
    Manifest,
    TranslationRecord,
    file_hash,
)
from brochure.batch.versions import (
    LIBRARIES,
    PackageStamp,
    package_digest,
    tool_versions,
)
from tests.helpers import calls_to


def test_file_hash(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    assert file_hash(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert file_hash(tmp_path / "missing") == MISSING
    assert file_hash(tmp_path) == MISSING


def test_file_hashes_reads_each_file_once(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"one")
    hashes = FileHashes()
    assert hashes.known(path) is None
    first = hashes(path)
    path.write_bytes(b"two")
    assert hashes(path) == first == hashes.known(path)
    assert FileHashes()(path) != first


def test_a_memo_skips_reading_a_file_whose_stat_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"one")
    memo = HashMemo()
    first = FileHashes(memo)(path)
    assert memo.known[path][1] == first
    reads = calls_to(monkeypatch, manifest_module, "file_hash")
    assert FileHashes(memo)(path) == first and reads == []  # a later plan: not read again
    assert FileHashes(memo).remembered(path) == first
    path.write_bytes(b"two!")  # any write changes the stat: read again
    assert FileHashes(memo)(path) != first and reads == [path]


def test_a_memo_forgets_what_the_watcher_saw_change(tmp_path: Path) -> None:
    path, other = tmp_path / "a.txt", tmp_path / "b.txt"
    path.write_bytes(b"one")
    other.write_bytes(b"two")
    memo = HashMemo()
    hashes = FileHashes(memo)
    hashes(path), hashes.read(other)
    assert set(memo.known) == {path, other}
    memo.forget([path])
    assert set(memo.known) == {other} and FileHashes(memo).remembered(path) is None
    memo.forget()
    assert memo.known == {}


def test_without_a_memo_every_plan_reads_every_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"one")
    hashes = FileHashes()
    hashes(path)
    assert hashes.remembered(path) is None and FileHashes().remembered(path) is None


def test_round_trip(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path / "out")
    manifest.outputs["a/b.pdf"] = Entry("key", {"../c.yaml": "h1", "../d.svg": "h2"}, "h3", 10)
    manifest.translations["../es.yaml"] = TranslationRecord("h4", "../en.yaml", "h5")
    manifest.save()
    loaded = Manifest.load(tmp_path / "out")
    assert loaded == manifest
    assert (tmp_path / "out" / MANIFEST_NAME).read_bytes() == manifest.to_json()
    assert [p.name for p in (tmp_path / "out").iterdir()] == [MANIFEST_NAME]
    assert manifest.name(tmp_path / "c.yaml") == "../c.yaml"
    assert manifest.resolve("../c.yaml") == tmp_path / "c.yaml"


@pytest.mark.parametrize(
    "text",
    ["", "{", "[]", '{"format": 99, "outputs": {}}', '{"format": 1, "outputs": {"a": {}}}'],
)
def test_an_unusable_manifest_reads_as_empty(tmp_path: Path, text: str) -> None:
    (tmp_path / MANIFEST_NAME).write_text(text, "utf-8")
    assert Manifest.load(tmp_path) == Manifest(tmp_path)


def _hold(folder: Path, locked: Event, go: Event) -> None:
    """Hold the lock of ``folder`` until told to let go."""
    with BuildLock(folder):
        locked.set()
        go.wait(30)


@pytest.mark.skipif(sys.platform == "win32", reason="no flock")
def test_a_second_build_waits_for_the_lock(tmp_path: Path) -> None:
    context = (
        multiprocessing.get_context("fork")
        if sys.platform.startswith("linux")
        else multiprocessing.get_context("spawn")
    )
    locked, go = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(tmp_path, locked, go))
    holder.start()
    assert locked.wait(30)
    waited: list[bool] = []

    def wait_then_let_go() -> None:
        waited.append(True)
        go.set()

    lock = BuildLock(tmp_path)
    lock.acquire(on_wait=wait_then_let_go)
    lock.release()
    holder.join(30)
    assert waited == [True], "the second build did not wait"
    again = BuildLock(tmp_path)
    again.acquire(on_wait=lambda: waited.append(False))  # free now: no waiting
    again.release()
    assert waited == [True]


def test_tool_versions() -> None:
    import brochure

    found = tool_versions()
    assert found["brochure"] == brochure.__version__
    assert found["reportlab"] == importlib.metadata.version("reportlab")
    assert found["brochure-files"] == package_digest()
    assert len(found["brochure-files"]) == 64


def test_a_kept_stamp_reads_the_package_again_only_when_a_file_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import brochure.batch.versions as versions

    last = PackageStamp()
    digest = package_digest(last)
    assert last.digest == digest and last.files
    reads = calls_to(monkeypatch, Path, "read_bytes")
    assert package_digest(last) == digest and reads == []  # unchanged: nothing read
    name, size, mtime = last.files[0]
    last.files = ((name, size, mtime - 1), *last.files[1:])  # as if that file had changed
    assert package_digest(last) == digest and len(reads) == len(last.files)
    assert versions.tool_versions(last)["brochure-files"] == digest


def test_a_kept_stamp_finds_the_libraries_versions_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import brochure.batch.versions as versions

    last = PackageStamp()
    first = tool_versions(last)
    assert last.libraries == {name: first[name] for name in LIBRARIES}
    # The running process keeps the libraries it imported: a later plan does not look again.
    monkeypatch.setattr(versions, "installed_version", lambda name: "9.9")
    assert tool_versions(last) == first
    assert tool_versions()["reportlab"] == "9.9"
