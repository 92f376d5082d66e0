"""A job as a pure function of bytes, for workers that share no filesystem with the build (a
dask cluster): the content, brand, fonts and pictures go out as bytes, the PDFs come back as
bytes, and the build writes them and records them in its manifest.

No path crosses: files are named relative to the project's folder. The worker writes what it
received into a temporary folder of its own, builds from there with the ordinary pipeline, and
deletes the folder. Problems that name a file of that folder come back with its name relative
to the project, and the build names them as it names its own.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from brochure.batch.manifest import FileHashes
from brochure.batch.references import named_files
from brochure.batch.worker import Task
from brochure.content.source import display_name
from brochure.errors import BrochureError, Problem

HERE = "\0project\0"
"""Stands for the project's folder in the problems a parcel's job sends back."""


@dataclass(frozen=True)
class Parcel:
    """Everything one job needs, as bytes: a content file in one brand and its outputs."""

    files: dict[str, bytes]
    """Every file the job may read, by its name relative to the project (``assets/logo.svg``)."""
    content: str
    """The content file's name (a key of ``files``)."""
    brand: str | None
    """The brand file's name, or None: the brand the content names."""
    group: tuple[str, ...]
    """The other language editions it is fitted with (``fit: group``)."""
    renders: tuple[tuple[str, str, str], ...]
    """Each output's format, profile and paper."""
    timeout: float
    """Seconds loading and the first output may take, then each further output."""
    max_size: int | None = None
    """Bytes; a larger PDF is an error."""


@dataclass(frozen=True)
class Made:
    """One output of a parcel: the PDF's bytes, or why there are none."""

    index: int
    """Which of the parcel's renders."""
    problems: tuple[Problem, ...] = ()
    """Why it failed (file names relative to the project, after :data:`HERE`)."""
    pdf: bytes = b""
    """The PDF."""
    assets: tuple[tuple[str, str], ...] = ()
    """The files validation found the leaflet to use, by name, with their hash."""
    seconds: float = 0.0
    """Time spent on this output (the first includes loading)."""
    detail: str = ""
    """A traceback, when the failure is a bug in brochure."""


class JobTimeout(Exception):
    """Raised in a job's thread when it runs over its time limit."""


def pack(task: Task, hashes: FileHashes, timeout: float) -> Parcel:
    """The parcel of a task: its content, brand and group files and every file they may name
    (see references.py), read through ``hashes`` (so what is recorded is what was sent)."""
    root = task.root
    wanted: dict[Path, None] = {}
    for path in (task.content, *(() if task.brand is None else (task.brand,)), *task.group):
        wanted[path] = None
        data, _ = hashes.read(path)
        wanted.update(dict.fromkeys(named_files(path, data, root)))
    files: dict[str, bytes] = {}
    for path in wanted:
        data, _ = hashes.read(path)
        if data is not None:
            files[_name(path, root)] = data
    return Parcel(
        files,
        _name(task.content, root),
        None if task.brand is None else _name(task.brand, root),
        tuple(_name(member, root) for member in task.group),
        tuple((r.format, r.profile, r.paper) for r in task.renders),
        timeout,
        task.max_size,
    )


def _name(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def build_parcel(parcel: Parcel) -> tuple[Made, ...]:
    """Build every output of ``parcel`` in a temporary folder, under its time limit; return
    each PDF's bytes or its problems. The folder is deleted afterwards."""
    made: list[Made] = []
    with tempfile.TemporaryDirectory(prefix="brochure-job-") as scratch:
        folder = Path(scratch).resolve()
        for name, data in parcel.files.items():
            target = folder / _checked(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        started = time.perf_counter()
        try:
            with time_limit(parcel.timeout) as restart:
                for one in _outputs(parcel, folder, restart):
                    made.append(one)
        except JobTimeout:
            message = f"took longer than {parcel.timeout:g} s and was stopped"
            problem = Problem(HERE + parcel.content, None, None, "", message)
            seconds = time.perf_counter() - started
            for index in range(len(made), len(parcel.renders)):
                made.append(Made(index, (problem,), seconds=seconds))
        return tuple(_relative(one, folder) for one in made)


def _checked(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BrochureError(f"{name!r}: a parcel names files relative to the project only")
    return path


def _outputs(parcel: Parcel, folder: Path, restart: Callable[[], None]) -> Iterator[Made]:
    from brochure.batch.leaflet import asset_files
    from brochure.batch.worker import problems_of
    from brochure.layout.copyfit import LayoutCache
    from brochure.pdf.render import RenderOptions
    from brochure.pipeline import Loaded, load, render_leaflet

    start = time.perf_counter()
    content = folder / parcel.content
    brand = None if parcel.brand is None else folder / parcel.brand
    path = content
    editions: list[Loaded] = []
    try:
        for path in (content, *(folder / member for member in parcel.group)):
            editions.append(load(path, brand=brand, root=folder))
        names = dict.fromkeys(asset for e in editions for asset in asset_files(e.leaflet))
        assets = tuple(_asset(asset, folder, parcel) for asset in names)
    except JobTimeout:
        raise
    except Exception as exc:
        problems, detail = problems_of(exc, path)
        for index in range(len(parcel.renders)):
            yield Made(index, problems, seconds=time.perf_counter() - start, detail=detail)
        return
    loaded, *members = editions
    group = [member.leaflet for member in members]
    cache = LayoutCache()
    for index, (format_name, profile, paper) in enumerate(parcel.renders):
        try:
            options = RenderOptions.for_profile(profile, paper=paper, format=format_name)
            data, _ = render_leaflet(
                loaded, options, max_size=parcel.max_size, group=group, cache=cache
            )
        except JobTimeout:
            raise
        except Exception as exc:
            problems, detail = problems_of(exc, content)
            yield Made(index, problems, seconds=time.perf_counter() - start, detail=detail)
        else:
            yield Made(index, (), data, assets, time.perf_counter() - start)
        restart()
        start = time.perf_counter()


def _asset(path: Path, folder: Path, parcel: Parcel) -> tuple[str, str]:
    """An asset's name and the hash of the bytes received for it."""
    try:
        name = path.resolve().relative_to(folder).as_posix()
    except ValueError:  # outside the parcel (brochure's own data): named as it is
        return path.as_posix(), ""
    data = parcel.files.get(name)
    return name, hashlib.sha256(data).hexdigest() if data is not None else ""


def _relative(made: Made, folder: Path) -> Made:
    """``made`` with the worker's folder replaced by :data:`HERE` in every problem."""
    prefixes = {str(folder) + os.sep, display_name(folder) + os.sep}

    def clean(text: str) -> str:
        for prefix in prefixes:
            text = text.replace(prefix, HERE)
        return text

    problems = tuple(
        replace(p, file=clean(p.file), field=clean(p.field), message=clean(p.message))
        for p in made.problems
    )
    return replace(made, problems=problems, detail=clean(made.detail))


@contextmanager
def time_limit(seconds: float) -> Iterator[Callable[[], None]]:
    """Raise :class:`JobTimeout` in this thread once ``seconds`` pass; yields the function that
    starts the count again.

    A cluster runs jobs in threads of its worker processes: a thread cannot be killed and a
    signal reaches only the main thread, so the limit is an exception set on this thread by a
    watcher (raised at its next Python instruction; ReportLab's layout is Python). A job stuck
    inside one C call is reached when the call returns.
    """
    target = threading.get_ident()
    lock = threading.Lock()
    finished = threading.Event()
    deadline = [time.monotonic() + seconds]

    def restart() -> None:
        deadline[0] = time.monotonic() + seconds

    def watch() -> None:
        while not finished.wait(max(0.0, deadline[0] - time.monotonic())):
            with lock:
                if finished.is_set():
                    return
                if time.monotonic() >= deadline[0]:
                    _raise_in(target, JobTimeout)
                    return

    watcher = threading.Thread(target=watch, name="brochure-time-limit", daemon=True)
    watcher.start()
    try:
        yield restart
    finally:
        with lock:
            finished.set()
            _raise_in(target, None)  # one set but not yet raised is dropped
        watcher.join()


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), ctypes.py_object(exception) if exception else None
    )
