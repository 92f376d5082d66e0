"""The zygote: a process forked from a batch build before the batch is planned, which imports
the renderer while the parent plans, then forks the workers on request (as Android's and
Chromium's zygotes do). Its workers start with every module imported and without what the parent
allocated after it (the plan, the manifest: a worker's resident memory counts every page it
maps, shared or not), and the parent never imports the renderer.

Linux only: it needs ``fork``. This module imports nothing heavy, so that a batch with nothing
to build pays for one fork and no more (the zygote is killed, imports and all)."""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import pickle
import signal
import socket
import sys
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from brochure.batch.pool import Handler


def forks_workers() -> bool:
    """Whether this platform forks workers (Linux); elsewhere they are spawned: forking is
    unsafe on macOS and missing on Windows."""
    return sys.platform.startswith("linux")


def import_modules(names: Iterable[str]) -> None:
    """Import ``names`` in this process (a module that is missing is left out)."""
    for name in names:
        with contextlib.suppress(ImportError):  # a module the renderer no longer uses
            importlib.import_module(name)


_MESSAGE = 1 << 16
"""Bytes a message between the parent and its zygote fits in (a pickled handler at most)."""


class Zygote:
    """A process forked from this one that imports ``modules``, then forks workers on request
    (Linux: it needs ``fork``). Started before a batch is planned, it imports the renderer
    while the parent plans; its workers have every module imported and none of what the
    parent allocated after it (the plan, the manifest), and the parent never imports the
    renderer. Each request waits until the zygote has finished importing."""

    def __init__(self, modules: Sequence[str]) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.pid = os.fork()
        """The zygote's process id."""
        if self.pid == 0:  # the zygote; it never returns
            ours.close()
            _live_as_zygote(theirs, modules)
        theirs.close()
        self._socket: socket.socket | None = ours

    def load(self, modules: Sequence[str]) -> None:
        """Import ``modules`` too before forking the next worker."""
        self._ask(("import", tuple(modules)))

    def fork(self, conn: Connection, handler: Handler) -> ZygoteChild:
        """A worker serving ``conn`` (sent to it, then closed here) with ``handler``."""
        pid = int(self._ask(("fork", handler), conn.fileno()))
        conn.close()
        return ZygoteChild(pid, self)

    def wait(self, pid: int) -> int | None:
        """The exit code of worker ``pid`` (its signal, negated), once it has ended; None if
        the zygote is gone."""
        try:
            return int(self._ask(("wait", pid)))
        except (OSError, EOFError):
            return None

    def close(self) -> None:
        """Stop the zygote at once, even while it is still importing (nothing was built)."""
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
        socket.send_fds(self._socket, [pickle.dumps(request)], [] if fd is None else [fd])
        answer = self._socket.recv(_MESSAGE)
        if not answer:
            raise EOFError("the zygote ended")
        return pickle.loads(answer)

    def __enter__(self) -> Zygote:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@dataclass
class ZygoteChild:
    """A worker the zygote forked, in place of a :class:`multiprocessing.Process`: killed by
    its process id, waited for by its parent (the zygote)."""

    pid: int
    zygote: Zygote
    exitcode: int | None = None

    def kill(self) -> None:
        """Kill it (it stays a zombie until :meth:`join`: its id is never another's)."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def join(self, timeout: float | None = None) -> None:
        """Wait for it to end (``timeout`` is not needed: it is only asked of a worker that
        has been told to stop or killed)."""
        if self.exitcode is None:
            self.exitcode = self.zygote.wait(self.pid)


def _live_as_zygote(parent: socket.socket, modules: Sequence[str]) -> None:
    """The zygote's life: import, then answer requests until the parent closes the socket."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides, as for workers
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
                answer = os.fork()
                if answer == 0:
                    parent.close()
                    _live_as_worker(fds[0], value)
                os.close(fds[0])
            else:  # "wait"
                answer = os.waitstatus_to_exitcode(os.waitpid(value, 0)[1])
            parent.send(pickle.dumps(answer))
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def _live_as_worker(fd: int, handler: Handler) -> None:
    """A worker forked by the zygote: serve ``fd``, then end (it never returns to the
    zygote's loop)."""
    from multiprocessing.connection import Connection

    from brochure.batch.pool import serve

    code = 0
    try:
        serve(Connection(fd), handler)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)
