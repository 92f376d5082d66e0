"""Worker processes that run tasks in parallel, each under a time limit.

A task runs in one worker and sends messages back as it goes (one per finished output). A
worker that sends nothing for ``timeout`` seconds is killed and its task reported as lost, and
so is a worker that dies (a crash, the out-of-memory killer); a fresh worker takes its place,
so one pathological input never hangs or stops the batch. Workers are forked from the parent
where the platform allows it, so the modules the parent imported are ready in every worker.

A batch built once (not ``watch``) can fork its workers from a :class:`Zygote` instead: a
process forked as soon as the plan finds something to build, which imports the renderer while
the parent finishes planning. The workers then start warm without the plan's memory, and the
parent never imports the renderer at all (:mod:`brochure.batch.zygote`). On Linux every worker
ends with the batch process, even in the middle of a task: a worker it forked itself through
the kernel, a zygote's through the zygote.

Tasks may come with kinds (a batch's: the brand's type family). A worker is given tasks of the
kind it ran last while there are any: what it keeps warm between tasks (a content laid out in
one family) then serves the next, and each worker keeps fewer families in memory.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Collection, Hashable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brochure.batch.zygote import Zygote

Handler = Callable[[Any], Iterator[Any]]
"""Runs one task in a worker, yielding the messages to send back."""

_DONE = "done"
_BYE = "bye"
_PARENT_CHECK = 1.0
"""Seconds between an idle worker's checks that its parent is still alive."""


def start_method() -> str:
    """``fork`` where the platform forks workers (they start in milliseconds with everything
    imported), else ``spawn``."""
    from brochure.batch.zygote import forks_workers

    return "fork" if forks_workers() else "spawn"


def serve(
    conn: Connection,
    handler: Handler,
    *,
    parent: int,
    inherited: Sequence[Connection] = (),
    end_with_parent: bool = False,
) -> None:
    """A worker's life: run the tasks the parent sends until told to stop, or orphaned.
    ``parent``: the id of the process that started it (0: the one it has now);
    ``inherited``: the other workers' connections, which a forked worker closes;
    ``end_with_parent``: have the kernel end it with its parent (Linux; see
    :func:`_end_with_parent`)."""
    for other in inherited:  # other workers' pipes, copied by fork: not this worker's business
        other.close()
    # Ctrl-C reaches the whole process group; the parent decides what happens to workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if end_with_parent:
        _end_with_parent()
    parent = parent or os.getppid()
    if os.getppid() != parent:
        return  # it ended before this worker started (or was asked to end with it)
    # What the worker was forked with (modules, the plan) lives as long as it does: kept out of
    # the collector's sight, its pages stay shared with the parent and each collection is quick.
    gc.freeze()
    while True:
        while not conn.poll(_PARENT_CHECK):
            if os.getppid() != parent:
                return
        task = conn.recv()
        if task is None:
            conn.send((_BYE, _peak_kb()))
            return
        for message in handler(task):
            conn.send((None, message))
        # A layout leaves cycles (document, canvas, flowables); collected after every task, a
        # worker's peak memory stays flat however many tasks it runs.
        gc.collect()
        conn.send((_DONE, None))


_PR_SET_PDEATHSIG = 1
"""Linux ``prctl`` option: the signal a process is sent when its parent ends."""


def _end_with_parent() -> None:
    """On Linux, have the kernel kill this worker when the process that forked it ends: a
    hung task would otherwise outlive a killed batch. (The kernel watches the thread that
    forked it: a pool is run from one thread for its whole life, as ``run`` and ``watch``
    do.) Where the C library cannot be reached, the worker still notices an orphaned idle
    moment, as elsewhere."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(ImportError, OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


class TaskQueue:
    """The tasks still to run, in order, each with its kind (see the module's docstring)."""

    def __init__(self, count: int, kinds: Sequence[Hashable] = ()) -> None:
        self._kinds = kinds
        self._all = deque(range(count))
        self._of_kind: dict[Hashable, deque[int]] = {}
        for index in range(count):
            self._of_kind.setdefault(self.kind(index), deque()).append(index)
        self._taken = [False] * count
        self._left = count

    def __len__(self) -> int:
        return self._left

    def kind(self, index: int) -> Hashable | None:
        """The kind of task ``index`` (None when the tasks have none)."""
        return self._kinds[index] if self._kinds else None

    def has(self, kind: Hashable | None) -> bool:
        """Whether a task of ``kind`` is still to run."""
        queue = self._of_kind.get(kind)
        return queue is not None and self._first(queue) is not None

    def take(self, last: Hashable | None, held: Collection[Hashable | None]) -> int:
        """The task a free worker runs next: the first of the kind it ran ``last``; else the
        first of a kind no other worker has (``held``); else the first."""
        queue = self._of_kind.get(last)
        choice = None if queue is None else self._first(queue)
        if choice is None:
            firsts = (self._first(q) for kind, q in self._of_kind.items() if kind not in held)
            choice = min((first for first in firsts if first is not None), default=None)
        if choice is None:
            choice = self._first(self._all)
        if choice is None:
            raise IndexError("no task is left")
        self._taken[choice] = True
        self._left -= 1
        return choice

    def give_back(self, index: int) -> None:
        """Put task ``index``, taken, back first in line (its worker died before it began)."""
        self._taken[index] = False
        self._left += 1
        self._all.appendleft(index)
        self._of_kind.setdefault(self.kind(index), deque()).appendleft(index)

    def _first(self, queue: deque[int]) -> int | None:
        # Tasks taken through another queue are dropped from this one as they come to its head.
        while queue and self._taken[queue[0]]:
            queue.popleft()
        return queue[0] if queue else None


def _peak_kb() -> int:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: int | None = None
    deadline: float = 0.0
    kind: Hashable | None = None
    """The kind of the last task it was given."""


def _lost(worker: _Worker) -> str:
    """Why a task was lost with ``worker`` (ended, and waited for)."""
    code = worker.process.exitcode
    if code is None:  # its zygote was gone to say how
        how = "ended"
    else:
        how = f"was killed by signal {-code}" if code < 0 else f"exited ({code})"
    return f"the build process {how} before it finished"


class WorkerPool:
    """A fixed number of worker processes, started when first needed and kept until closed
    (``watch`` keeps them warm between rebuilds). Run it from one thread: on Linux a worker
    ends with the thread that started it."""

    def __init__(self, size: int, handler: Handler, *, zygote: Zygote | None = None) -> None:
        self.size = max(1, size)
        """How many workers run at once."""
        self.handler = handler
        """What a worker does with each task."""
        self.zygote = zygote
        """Forks the workers, if given (and alive); else this process does."""
        self.peak_kb: list[int] = []
        """Peak resident memory of each worker that was closed normally (KB)."""
        self._context: Any = multiprocessing.get_context(start_method())
        self._workers: list[_Worker] = []

    def run(
        self,
        tasks: Sequence[Any],
        *,
        timeout: float,
        on_message: Callable[[int, Any], None],
        on_lost: Callable[[int, str], None],
        kinds: Sequence[Hashable] = (),
    ) -> None:
        """Run every task; call ``on_message(index, message)`` for each message a task sends,
        and ``on_lost(index, reason)`` when its worker was killed or died before finishing.
        ``kinds``: each task's kind (see the module's docstring), or empty."""
        pending = TaskQueue(len(tasks), kinds)
        given_back: set[int] = set()
        while pending or any(w.task is not None for w in self._workers):
            while pending and len(self._workers) < min(self.size, len(pending) + self._busy()):
                self._workers.append(self._start())
            free = [w for w in self._workers if w.task is None]
            free.sort(key=lambda w: not pending.has(w.kind))  # first those with their kind left
            for worker in free:
                if not pending:
                    break
                held = {w.kind for w in self._workers if w is not worker}
                taken = worker.task = pending.take(worker.kind, held)
                worker.kind = pending.kind(taken)
                worker.deadline = time.monotonic() + timeout
                try:
                    worker.conn.send(tasks[taken])
                except OSError:  # it died while idle: the task goes to the next worker, once
                    self._discard(worker)
                    if taken in given_back:
                        on_lost(taken, _lost(worker))
                    else:
                        given_back.add(taken)
                        pending.give_back(taken)
            busy = [w for w in self._workers if w.task is not None]
            if not busy:
                continue
            left = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = set(wait([w.conn for w in busy], timeout=left))
            for worker in busy:
                if worker.conn in ready:
                    self._receive(worker, timeout, on_message, on_lost)
                elif time.monotonic() >= worker.deadline:
                    index = worker.task
                    self._discard(worker)
                    assert index is not None
                    on_lost(index, f"took longer than {timeout:g} s and was stopped")

    def _busy(self) -> int:
        return sum(w.task is not None for w in self._workers)

    def _receive(
        self,
        worker: _Worker,
        timeout: float,
        on_message: Callable[[int, Any], None],
        on_lost: Callable[[int, str], None],
    ) -> None:
        index = worker.task
        assert index is not None
        try:
            tag, message = worker.conn.recv()
        except (EOFError, OSError):
            self._discard(worker)
            on_lost(index, _lost(worker))
            return
        if tag == _DONE:
            worker.task = None
        else:
            worker.deadline = time.monotonic() + timeout
            on_message(index, message)

    def _start(self) -> _Worker:
        parent_end, child_end = self._context.Pipe()
        if self.zygote is not None:
            try:
                return _Worker(self.zygote.fork(child_end, self.handler), parent_end)
            except (OSError, EOFError):
                # Gone (killed?): this process forks the workers now, on a fresh pipe (a
                # worker the zygote forked before it died may hold this one).
                self.zygote.close()
                self.zygote = None
                parent_end.close()
                child_end.close()
                parent_end, child_end = self._context.Pipe()
        forked = start_method() == "fork"
        process = self._context.Process(
            target=serve,
            args=(child_end, self.handler),
            kwargs={
                "parent": os.getpid() if forked else 0,
                "inherited": [w.conn for w in self._workers] if forked else [],
                "end_with_parent": forked,
            },
            daemon=True,
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def _discard(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self._workers.remove(worker)

    def close(self, *, kill: bool = False) -> None:
        """Stop every worker: ask them to finish (collecting their peak memory), or kill them."""
        # Every worker is told first, so that they wind down side by side.
        told = []
        for worker in list(self._workers):
            if not kill and worker.task is None:
                with contextlib.suppress(OSError, EOFError):
                    worker.conn.send(None)
                    told.append(worker)
        for worker in list(self._workers):
            if worker in told:
                with contextlib.suppress(OSError, EOFError):
                    if worker.conn.poll(5):
                        tag, peak = worker.conn.recv()
                        if tag == _BYE:
                            self.peak_kb.append(int(peak))
                worker.process.join(5)
            self._discard(worker)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close(kill=value is not None)
