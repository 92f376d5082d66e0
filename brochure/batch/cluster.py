"""The batch's jobs on a dask.distributed cluster (``executor: dask://HOST:PORT``).

Each task goes out as a :class:`~brochure.batch.parcel.Parcel` (bytes only) through
``Client.get_executor()``; each PDF comes back as bytes and is written here, atomically, then
recorded in the manifest by the runner, as a local build's are. dask is imported only here, and
this module only when a batch names a cluster. Futures are never pure: freshness is the
manifest's business, never dask's argument hashing.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import os
import time
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from brochure.batch.config import DASK_SCHEME
from brochure.batch.manifest import FileHashes
from brochure.batch.parcel import HERE, Made, Parcel, build_parcel, pack
from brochure.batch.versions import tool_versions
from brochure.batch.worker import Done, Task
from brochure.content.source import display_name
from brochure.errors import BrochureError, Problem
from brochure.output import write_atomic

CONNECT_SECONDS = 10.0
"""How long to wait for the scheduler to answer."""
GRACE_SECONDS = 30.0
"""Beyond a job's own limits, how long the build waits for a worker that does not answer (stuck
in one C call, or cut off) before giving the job up."""
IN_FLIGHT_PER_THREAD = 2
"""Parcels sent ahead per worker thread: enough to keep every thread busy, few enough that the
build never holds the whole batch's bytes at once."""

Function = Callable[[Parcel], tuple[Made, ...]]
"""What runs on a worker: :func:`~brochure.batch.parcel.build_parcel`."""


def scheduler_address(executor: str) -> str:
    """``dask://HOST:PORT`` -> ``tcp://HOST:PORT`` (the address dask's client takes)."""
    return "tcp://" + executor.removeprefix(DASK_SCHEME)


def worker_versions() -> dict[str, str]:
    """What a worker builds with (run on each worker when the build connects)."""
    return tool_versions()


def worker_peak_kb() -> int:
    """The worker process's peak resident memory (KB)."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


class ClusterPool:
    """A connection to a dask scheduler, used like :class:`~brochure.batch.pool.WorkerPool`:
    every message is a :class:`~brochure.batch.worker.Done` for a PDF already written here."""

    def __init__(
        self, executor: str, root: Path, hashes: FileHashes, function: Function = build_parcel
    ) -> None:
        from distributed import Client

        self.executor = executor
        """The ``dask://HOST:PORT`` the jobs go to."""
        self.root = root.resolve()
        """The project's folder: parcels name files relative to it."""
        self.hashes = hashes
        """The plan's hashes: each file is read once, and what is recorded is what was sent."""
        self.function = function
        """What runs on a worker."""
        self.peak_kb: list[int] = []
        """Peak resident memory of each worker when the pool was closed (KB)."""
        address = scheduler_address(executor)
        try:
            connect: Any = Client  # distributed has no type hints
            self._client: Any = connect(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise BrochureError(
                f"executor {executor}: no dask scheduler answers there ({exc}); start one "
                "with `dask scheduler` and workers with `dask worker` (docs/batch.md)"
            ) from None
        self._check_versions()

    def _check_versions(self) -> None:
        """Refuse workers that build with another brochure or library: their PDFs would not
        be the ones the manifest says."""
        mine = tool_versions()
        theirs: dict[str, dict[str, str]] = self._client.run(worker_versions)
        for worker, versions in sorted(theirs.items()):
            differ = sorted(name for name in mine if versions.get(name) != mine.get(name))
            if differ:
                self.close()
                raise BrochureError(
                    f"executor {self.executor}: worker {worker} has another "
                    f"{', '.join(differ)} than this build; install the same versions there"
                )

    def run(
        self,
        tasks: Sequence[Task],
        *,
        timeout: float,
        on_message: Callable[[int, Done], None],
        on_lost: Callable[[int, str], None],
        kinds: Sequence[Hashable] = (),
    ) -> None:
        """Send every task, a few per worker thread at a time; write each PDF that comes back
        and call ``on_message``; call ``on_lost`` for a task whose worker died, or that the
        cluster could not run or gave no answer for. ``kinds`` is taken for the local pool's
        sake: the cluster's scheduler places tasks itself."""
        pool = self._client.get_executor(pure=False)
        threads = sum(self._client.nthreads().values()) or 1
        pending = list(range(len(tasks)))
        pending.reverse()
        running: dict[concurrent.futures.Future[tuple[Made, ...]], tuple[int, float]] = {}
        while pending or running:
            while pending and len(running) < threads * IN_FLIGHT_PER_THREAD:
                index = pending.pop()
                parcel = pack(tasks[index], self.hashes, timeout)
                limit = timeout * (len(parcel.renders) + 1) + GRACE_SECONDS
                running[pool.submit(self.function, parcel)] = (index, time.monotonic() + limit)
            wait = max(0.0, min(deadline for _, deadline in running.values()) - time.monotonic())
            done, _ = concurrent.futures.wait(
                running, timeout=wait, return_when=concurrent.futures.FIRST_COMPLETED
            )
            for future in done:
                index, _ = running.pop(future)
                self._finish(future, tasks[index], index, on_message, on_lost)
            now = time.monotonic()
            for future, (index, deadline) in list(running.items()):
                if now >= deadline and not future.done():
                    future.cancel()
                    del running[future]
                    on_lost(index, "its worker gave no answer in time; it was given up")

    def _finish(
        self,
        future: concurrent.futures.Future[tuple[Made, ...]],
        task: Task,
        index: int,
        on_message: Callable[[int, Done], None],
        on_lost: Callable[[int, str], None],
    ) -> None:
        try:
            made = future.result()
        except Exception as exc:
            on_lost(index, _lost(exc))
            return
        for one in made:
            on_message(index, self._written(task, one))

    def _written(self, task: Task, made: Made) -> Done:
        """Write a PDF that came back; name the project's files as this build names them."""
        problems = tuple(self._located(problem) for problem in made.problems)
        detail = made.detail.replace(HERE, self._prefix())
        if problems or not made.pdf:
            return Done(made.index, problems, seconds=made.seconds, detail=detail)
        output = task.renders[made.index].output
        write_atomic(output, made.pdf)
        assets = tuple(
            (self.root / name, digest) for name, digest in made.assets if digest and name
        )
        digest = hashlib.sha256(made.pdf).hexdigest()
        return Done(made.index, (), digest, len(made.pdf), assets, made.seconds)

    def _prefix(self) -> str:
        name = display_name(self.root)
        return "" if name == os.curdir else name + os.sep

    def _located(self, problem: Problem) -> Problem:
        prefix = self._prefix()
        file = problem.file
        if file.startswith(HERE):
            file = display_name(self.root / file.removeprefix(HERE))
        return Problem(
            file,
            problem.line,
            problem.column,
            problem.field.replace(HERE, prefix),
            problem.message.replace(HERE, prefix),
        )

    def close(self, *, kill: bool = False) -> None:
        """Note each worker's peak memory and disconnect (the cluster keeps running)."""
        if not kill:
            try:
                peaks: dict[str, int] = self._client.run(worker_peak_kb)
                self.peak_kb = [int(kb) for _, kb in sorted(peaks.items())]
            except Exception:  # a cluster gone away has no figures to give
                self.peak_kb = []
        self._client.close()

    def __enter__(self) -> ClusterPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close(kill=value is not None)


def _lost(exc: BaseException) -> str:
    from distributed import KilledWorker

    if isinstance(exc, KilledWorker):
        return "the dask worker building it died before it finished"
    if isinstance(exc, concurrent.futures.CancelledError):
        return "the cluster cancelled it"
    return f"the cluster could not run it ({type(exc).__name__}: {exc})"
