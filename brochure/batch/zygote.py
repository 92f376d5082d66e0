"""The zygote: a process forked from a batch build as soon as its plan finds something to
build, which imports the renderer while the parent finishes planning, then forks the workers
on request (as Android's and Chromium's zygotes do). Its workers start with every module
imported and without what the parent allocated after it (the plan, the manifest: a worker's
resident memory counts every page it maps, shared or not), and the parent never imports the
renderer.

Linux only: it needs ``fork`` and process file descriptors. This module imports nothing heavy:
the build process imports it only when there is something to build."""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import pickle
import select
import signal
import socket
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from brochure.batch.pool import Handler


def forks_workers() -> bool:
    """Whether this platform forks workers (Linux); elsewhere they are spawned: forking is
    unsafe on macOS and missing on Windows."""
    return sys.platform.startswith("linux")


def zygote_available() -> bool:
    """Whether workers can come from a :class:`Zygote` here: Linux with process file
    descriptors (kernel 5.3 on), which let the parent signal and wait for the zygote's
    children without ever mistaking a reused process id for one of them."""
    if not forks_workers() or not hasattr(os, "pidfd_open"):
        return False
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError:
        return False
    return True


def import_modules(names: Iterable[str]) -> None:
    """Import ``names`` in this process (a module that is missing is left out)."""
    for name in names:
        with contextlib.suppress(ImportError):  # a module the renderer no longer uses
            importlib.import_module(name)


_MESSAGE = 1 << 16
"""Bytes a message between the parent and its zygote fits in (a pickled handler at most)."""


class Zygote:
    """A process forked from this one that imports ``modules``, then forks workers on request
    (see :func:`zygote_available`). Started while a batch is planned, it imports the renderer
    meanwhile; its workers have every module imported and none of what the parent allocated
    after it (the plan, the manifest), and the parent never imports the renderer. Each
    request waits until the zygote has finished importing."""

    def __init__(self, modules: Sequence[str]) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        # Ctrl-C is held back until the zygote ignores it: from its first instruction it must
        # never run the parent's code (a second copy of the command, unwinding).
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.pid = os.fork()
            """The zygote's process id."""
            if self.pid == 0:  # the zygote; it never returns
                _live_as_zygote(theirs, ours, modules)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        theirs.close()
        self._socket: socket.socket | None = ours

    def load(self, modules: Sequence[str]) -> None:
        """Import ``modules`` too before forking the next worker."""
        self._ask(("import", tuple(modules)))

    def fork(self, conn: Connection, handler: Handler) -> ZygoteChild:
        """A worker serving ``conn`` (sent to it, then closed here) with ``handler``."""
        pid = int(self._ask(("fork", handler), conn.fileno()))
        # Opened before anything asks the zygote to reap it, so the worker's id is still its.
        child = ZygoteChild(pid, self, os.pidfd_open(pid))
        conn.close()
        return child

    def wait(self, pid: int) -> int | None:
        """The exit code of worker ``pid`` (its signal, negated), once it has ended; None if
        the zygote is gone."""
        try:
            return int(self._ask(("wait", pid)))
        except (OSError, EOFError):
            return None

    def close(self) -> None:
        """Stop the zygote at once, even while it is still importing. Its workers are the
        pool's to close first; one still running goes on talking to the pool."""
        if self._socket is None:
            return
        self._socket.close()
        self._socket = None
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):  # already waited for
            os.waitpid(self.pid, 0)

    def _ask(self, request: tuple[Any, ...], fd: int | None = None) -> Any:
        if self._socket is None:
            raise EOFError("the zygote was closed")
        try:
            socket.send_fds(self._socket, [pickle.dumps(request)], [] if fd is None else [fd])
            answer = self._socket.recv(_MESSAGE)
        except BaseException:
            # An answer left unread (Ctrl-C while it worked) would be taken for the next one's.
            self.close()
            raise
        if not answer:
            self.close()
            raise EOFError("the zygote ended")
        return pickle.loads(answer)

    def __enter__(self) -> Zygote:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@dataclass
class ZygoteChild:
    """A worker the zygote forked, in place of a :class:`multiprocessing.Process`: signalled
    and watched through its process file descriptor (never by an id another process may have
    been given since), and reaped by its parent, the zygote."""

    pid: int
    zygote: Zygote
    pidfd: int | None
    """Open until it has ended and been waited for."""
    exitcode: int | None = None
    """Its exit code (its signal, negated) once it has ended; None before, and when the
    zygote was gone to tell."""

    def kill(self) -> None:
        """Kill it, unless it has ended."""
        if self.pidfd is not None:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)

    def join(self, timeout: float | None = None) -> None:
        """Wait for it to end, ``timeout`` seconds at most (None: however long it takes)."""
        if self.pidfd is None:
            return
        ended, _, _ = select.select([self.pidfd], [], [], timeout)
        if ended:
            os.close(self.pidfd)
            self.pidfd = None
            self.exitcode = self.zygote.wait(self.pid)


def _live_as_zygote(parent: socket.socket, ours: socket.socket, modules: Sequence[str]) -> None:
    """The zygote's life: import, then answer requests until the parent is gone (its end of
    the socket closes), then kill the workers still running: nobody would hear them. (A
    worker outlives a zygote that dies first: the parent still talks to it.)"""
    children: set[int] = set()

    def live() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides, as for workers
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        ours.close()
        import_modules(modules)
        gc.freeze()  # shared with every worker, and out of their collector's sight
        while True:
            message, fds, flags, _ = socket.recv_fds(parent, _MESSAGE, 1)
            if not message:
                break
            if flags & socket.MSG_TRUNC:
                raise ValueError(f"a request to the zygote is over {_MESSAGE} bytes")
            kind, value = pickle.loads(message)
            if kind == "import":
                import_modules(value)
                answer: Any = None
            elif kind == "fork":
                zygote = os.getpid()
                answer = os.fork()
                if answer == 0:
                    parent.close()
                    _live_as_worker(fds[0], value, zygote)
                os.close(fds[0])
                children.add(answer)
            else:  # "wait"
                answer = os.waitstatus_to_exitcode(os.waitpid(value, 0)[1])
                children.discard(value)
            parent.send(pickle.dumps(answer))
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)  # not yet waited for: the id is still the child's

    _end_after(live)


def _live_as_worker(fd: int, handler: Handler, zygote: int) -> None:
    """A worker forked by the zygote (process ``zygote``): serve ``fd``, then end (it never
    returns to the zygote's loop)."""
    from multiprocessing.connection import Connection

    from brochure.batch.pool import serve

    _end_after(lambda: serve(Connection(fd), handler, parent=zygote))


def _end_after(life: Callable[[], None]) -> NoReturn:
    """Run ``life``, then end this forked process (status 1 if it raised), writing out what
    it printed first: it must never return into the code it was forked from."""
    code = 0
    try:
        life()
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        _flush()
        os._exit(code)


def _flush() -> None:
    """Write out what the process printed, as a normal exit would (``os._exit`` does not)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.flush()
