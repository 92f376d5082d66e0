"""What was built from what: content hashes of every input and output, kept in the output folder.

An output is up to date when its recorded inputs still have the recorded hashes and the file
itself is the one that was written (file times are never trusted: a checkout, a copy or a
hand-edit can set any time). The manifest is written atomically, and a lock file beside it keeps
two builds of the same folder from running at once.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sys
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from brochure.errors import Problem

MANIFEST_NAME = ".brochure-manifest.json"
"""The manifest's file name, in the output folder (hidden, so ``out/`` lists only PDFs)."""
LOCK_NAME = ".brochure-manifest.lock"
"""The lock file's name, beside the manifest."""
FORMAT = 1
"""The manifest's format; a manifest of another format is ignored (everything rebuilds)."""
MISSING = "missing"
"""The hash recorded for a file that does not exist or cannot be read."""

_CHUNK = 1 << 20


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes, or :data:`MISSING`."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return MISSING
    return digest.hexdigest()


StatKey = tuple[int, int, int, int, int]
"""What a file's stat says of its bytes: device, inode, size, and change and modification
times in nanoseconds. Any write changes the change time, and no tool can set it."""


def stat_key(path: Path) -> StatKey | None:
    """``path``'s :data:`StatKey`, or None when it cannot be read."""
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_dev, found.st_ino, found.st_size, found.st_ctime_ns, found.st_mtime_ns)


@dataclass
class HashMemo:
    """Hashes remembered across plans by a process that watches the files (``brochure
    watch``), and across the tasks of a batch worker (a brand's fonts, used by every leaflet in
    it): a remembered hash is used only while the file's :data:`StatKey` is unchanged. The
    watcher also forgets every file it sees change, so its hashes are never trusted on a time
    alone; a worker's are (its files are the ones the plan did not hash, and the fonts are
    loaded by the same kind of key), where a file system whose times are too coarse to tell
    two writes apart could at worst record a stale hash, which makes a later plan rebuild.
    A single build never has one: it hashes every file."""

    known: dict[Path, tuple[StatKey, str]] = field(default_factory=dict)

    def forget(self, paths: Collection[Path] | None = None) -> None:
        """Forget ``paths`` (None: every file)."""
        if paths is None:
            self.known.clear()
        for path in paths or ():
            self.known.pop(path, None)


class FileHashes:
    """Content hashes of files, each file read once per plan (logos and fonts are shared by many
    outputs). With a ``memo``, a file unchanged since an earlier plan is not read again."""

    def __init__(self, memo: HashMemo | None = None) -> None:
        self._known: dict[Path, str] = {}
        self._memo = memo

    def __call__(self, path: Path) -> str:
        """The hash of ``path`` (absolute), read now or earlier in this plan."""
        found = self._known.get(path)
        if found is None:
            found = self._known[path] = self.remembered(path) or self._hash(path)
        return found

    def known(self, path: Path) -> str | None:
        """The hash of ``path`` if it was read already, else None."""
        return self._known.get(path)

    def remembered(self, path: Path) -> str | None:
        """The memo's hash of ``path`` if the file is unchanged since, recorded as the file's
        hash in this plan; else None."""
        if self._memo is None:
            return None
        kept = self._memo.known.get(path)
        if kept is None or kept[0] != stat_key(path):
            return None
        return self._known.setdefault(path, kept[1])

    def read(self, path: Path) -> tuple[bytes | None, str]:
        """The file's bytes (None when it cannot be read) and their hash, recorded as the
        file's hash unless one was recorded earlier in this plan."""
        before = stat_key(path) if self._memo is not None else None
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        digest = MISSING if data is None else hashlib.sha256(data).hexdigest()
        self._remember(path, before, digest)
        self._known.setdefault(path, digest)
        return data, digest

    def _hash(self, path: Path) -> str:
        # The stat is taken first: a write while the file is read changes it, so the hash of
        # a half-written file is never remembered as the finished file's.
        before = stat_key(path) if self._memo is not None else None
        digest = file_hash(path)
        self._remember(path, before, digest)
        return digest

    def _remember(self, path: Path, before: StatKey | None, digest: str) -> None:
        if self._memo is not None and before is not None and stat_key(path) == before:
            self._memo.known[path] = (before, digest)


@dataclass(frozen=True)
class Entry:
    """How one output was last built."""

    key: str
    """Digest of everything known before building: options, versions, which files."""
    inputs: Mapping[str, str]
    """Every file the output depends on (content, brand, logo, fonts, images) and its hash."""
    output: str
    """Hash of the PDF as written."""
    size: int
    """Size of the PDF in bytes."""


@dataclass(frozen=True)
class Failure:
    """How one output last failed: while nothing it uses changes, the same error is reported
    again without building."""

    key: str
    """The job's key when it failed (as :attr:`Entry.key`)."""
    inputs: Mapping[str, str]
    """Every file the job read or may read (content, brand, every file they name, existing or
    not) and its hash then."""
    problems: tuple[Problem, ...]
    """What was wrong, located."""


@dataclass(frozen=True)
class TranslationRecord:
    """A translated content file and the hash its source had when the translation last
    changed."""

    hash: str
    """The translation's own hash when it was last seen."""
    source: str
    """The source content file (as recorded: relative to the manifest's folder)."""
    source_hash: str
    """The source's hash when the translation last changed."""


@dataclass
class Manifest:
    """The manifest of one output folder: output path -> :class:`Entry` (paths are relative to
    the folder, so a project can be moved or copied whole)."""

    folder: Path
    """The output folder (absolute)."""
    outputs: dict[str, Entry] = field(default_factory=dict)
    """Each output (by recorded name) and how it was last built."""
    translations: dict[str, TranslationRecord] = field(default_factory=dict)
    """Each translated content file (by recorded name) and its source's hash."""
    failures: dict[str, Failure] = field(default_factory=dict)
    """Each output (by recorded name) whose last build failed on its input, and why."""
    _names: dict[Path, str] = field(default_factory=dict, repr=False, compare=False)
    _paths: dict[str, Path] = field(default_factory=dict, repr=False, compare=False)

    @property
    def path(self) -> Path:
        """The manifest file."""
        return self.folder / MANIFEST_NAME

    def recorded_inputs(self) -> set[tuple[str, str]]:
        """Every (input name, hash) an output was last built, or failed, from."""
        recorded: list[Entry | Failure] = [*self.outputs.values(), *self.failures.values()]
        return {pair for entry in recorded for pair in entry.inputs.items()}

    def name(self, path: Path) -> str:
        """How ``path`` (absolute) is recorded: relative to the folder, with forward slashes."""
        found = self._names.get(path)
        if found is None:  # memoised: a plan names the same few files hundreds of times
            try:
                found = os.path.relpath(path, self.folder).replace(os.sep, "/")
            except ValueError:  # another drive on Windows
                found = path.as_posix()
            self._names[path] = found
        return found

    def resolve(self, name: str) -> Path:
        """The absolute path a recorded name stands for."""
        found = self._paths.get(name)
        if found is None:
            found = self._paths[name] = Path(os.path.normpath(os.path.join(self.folder, name)))
        return found

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The manifest of ``folder``; empty when there is none or it cannot be used (then
        everything is rebuilt, which is always safe)."""
        manifest = cls(folder)
        try:
            data = json.loads(manifest.path.read_bytes())
        except (OSError, ValueError):
            return manifest
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return manifest
        try:
            for name, raw in data.get("outputs", {}).items():
                manifest.outputs[name] = Entry(
                    str(raw["key"]),
                    {str(k): str(v) for k, v in raw["inputs"].items()},
                    str(raw["output"]),
                    int(raw["size"]),
                )
            for name, raw in data.get("translations", {}).items():
                manifest.translations[name] = TranslationRecord(
                    str(raw["hash"]), str(raw["source"]), str(raw["source_hash"])
                )
            for name, raw in data.get("failures", {}).items():
                problems = tuple(
                    Problem(
                        str(p["file"]),
                        None if p["line"] is None else int(p["line"]),
                        None if p["column"] is None else int(p["column"]),
                        str(p["field"]),
                        str(p["message"]),
                    )
                    for p in raw["problems"]
                )
                inputs = {str(k): str(v) for k, v in raw["inputs"].items()}
                manifest.failures[name] = Failure(str(raw["key"]), inputs, problems)
        except (AttributeError, KeyError, TypeError, ValueError):
            return cls(folder)
        return manifest

    def to_json(self) -> bytes:
        """The manifest as JSON bytes (sorted, so the file is the same for the same builds)."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "outputs": {
                name: {
                    "key": entry.key,
                    "inputs": dict(sorted(entry.inputs.items())),
                    "output": entry.output,
                    "size": entry.size,
                }
                for name, entry in sorted(self.outputs.items())
            },
            "translations": {
                name: {"hash": r.hash, "source": r.source, "source_hash": r.source_hash}
                for name, r in sorted(self.translations.items())
            },
        }
        if self.failures:  # absent when nothing failed: the file stays as it always was
            data["failures"] = {
                name: {
                    "key": failure.key,
                    "inputs": dict(sorted(failure.inputs.items())),
                    "problems": [
                        {
                            "file": p.file,
                            "line": p.line,
                            "column": p.column,
                            "field": p.field,
                            "message": p.message,
                        }
                        for p in failure.problems
                    ],
                }
                for name, failure in sorted(self.failures.items())
            }
        return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

    def save(self) -> None:
        """Write the manifest atomically (a killed build leaves the previous one whole)."""
        from brochure.output import write_atomic

        write_atomic(self.path, self.to_json())


class BuildLock:
    """An exclusive lock on an output folder, held while a batch builds and records it.

    A second build of the same folder waits for the first, then finds its work done. It is a
    POSIX record lock (``lockf``) on a file beside the manifest: the kernel releases it when the
    process ends, however it ends, so a killed build never leaves a stale lock; and unlike
    ``flock``, forked workers do not inherit it, so a worker that outlives one build (``watch``
    keeps them) never holds the next one up. (Not on Windows: there the atomic writes alone
    protect the files.)
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        """The lock file."""
        self._fd: int | None = None

    def acquire(self, on_wait: Callable[[], None] | None = None) -> None:
        """Take the lock; when another build holds it, call ``on_wait`` and wait for it."""
        if sys.platform == "win32":  # pragma: no cover - no lockf
            return
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    raise
                if on_wait is not None:
                    on_wait()
                fcntl.lockf(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        """Let the next build in."""
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
