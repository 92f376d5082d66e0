"""The zygote: it imports its modules once, forks the workers with them, and its workers carry
none of what the parent allocated after it started; closing it stops it at once, and a pool
whose zygote is gone forks its workers itself. (The pool's own behaviour with a zygote, time
limits and dying workers included, is in test_pool.py.)"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from brochure.batch.pool import WorkerPool
from brochure.batch.zygote import Zygote, forks_workers
from tests.helpers import running

pytestmark = pytest.mark.skipif(not forks_workers(), reason="a zygote needs fork")

UNUSED = "tabnanny"
"""A standard module nothing in brochure or its tests imports."""


def report(task: str) -> Iterator[tuple[int, bool, int]]:
    """Its parent's process id, whether ``task`` (a module) is imported, its peak memory;
    "die" ends the worker, "hang" never answers, "slow" takes a moment."""
    if task == "die":
        os._exit(7)
    if task == "hang":
        time.sleep(600)
    if task == "slow":
        time.sleep(0.3)
    yield os.getppid(), task in sys.modules, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def ask(pool: WorkerPool, tasks: list[str]) -> list[tuple[int, bool, int]]:
    answers: list[tuple[int, bool, int]] = []
    pool.run(
        tasks,
        timeout=30,
        on_message=lambda index, answer: answers.append(answer),
        on_lost=lambda index, why: pytest.fail(why),
    )
    return answers


def test_its_workers_are_its_children_with_its_modules_imported() -> None:
    assert UNUSED not in sys.modules
    with Zygote([UNUSED]) as zygote, WorkerPool(2, report, zygote=zygote) as pool:
        answers = ask(pool, [UNUSED, UNUSED, "brochure.batch.zygote"])
    assert UNUSED not in sys.modules, "the parent does not import what the zygote does"
    assert [(parent, found) for parent, found, _ in answers] == [(zygote.pid, True)] * 3


def test_it_imports_what_it_is_asked_to_load_before_forking_the_next_worker() -> None:
    with Zygote(()) as zygote:
        with WorkerPool(1, report, zygote=zygote) as pool:
            before = ask(pool, [UNUSED])
        zygote.load([UNUSED])
        with WorkerPool(1, report, zygote=zygote) as pool:
            after = ask(pool, [UNUSED])
    assert [found for _, found, _ in before + after] == [False, True]


def test_its_workers_carry_nothing_the_parent_allocated_after_it_started() -> None:
    size = 96 << 20
    with Zygote(()) as zygote:
        kept = b"x" * size  # resident in this process, after the zygote was forked
        with WorkerPool(1, report, zygote=zygote) as pool:
            ((_, _, from_zygote),) = ask(pool, ["os"])
        with WorkerPool(1, report) as pool:
            ((_, _, from_here),) = ask(pool, ["os"])
    assert len(kept) == size
    # A worker forked here maps the parent's 96 MB; the zygote's has never seen them.
    assert from_here - from_zygote > (size >> 10) // 2


def test_closing_it_stops_it_at_once_even_while_it_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, finished = tmp_path / "started", tmp_path / "finished"
    (tmp_path / "slow_to_import.py").write_text(
        "import pathlib, time\n"
        f"pathlib.Path({str(started)!r}).touch()\n"
        "time.sleep(60)\n"
        f"pathlib.Path({str(finished)!r}).touch()\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    zygote = Zygote(["slow_to_import"])
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert started.exists()
    zygote.close()
    with pytest.raises(ProcessLookupError):
        os.kill(zygote.pid, 0)
    assert not finished.exists(), "killed in the middle of its import, not waited for"
    zygote.close()  # closing twice is harmless


def test_a_pool_whose_zygote_is_gone_forks_its_workers_itself() -> None:
    with Zygote(()) as zygote:
        os.kill(zygote.pid, signal.SIGKILL)
        with WorkerPool(2, report, zygote=zygote) as pool:
            answers = ask(pool, ["os", "os"])
        assert pool.zygote is None
        assert {parent for parent, _, _ in answers} == {os.getpid()}
        assert zygote.wait(12345) is None, "a zygote that is gone knows no exit code"


def test_a_worker_is_waited_for_no_longer_than_asked_then_killed() -> None:
    with Zygote(()) as zygote:
        ours, theirs = multiprocessing.Pipe()
        child = zygote.fork(theirs, report)
        ours.send("hang")
        waiting = threading.Thread(target=child.join, args=(0.05,), daemon=True)
        waiting.start()
        waiting.join(10)
        assert not waiting.is_alive(), "join() returns once its time is up"
        assert child.exitcode is None and child.pidfd is not None, "still running"
        child.kill()
        child.join()
        assert child.exitcode == -signal.SIGKILL and child.pidfd is None
        child.kill()  # once it is waited for, its id may be another's: nothing is sent


def test_ctrl_c_is_left_to_the_parent() -> None:
    with Zygote(()) as zygote:
        os.kill(zygote.pid, signal.SIGINT)  # as Ctrl-C reaches the whole process group
        with WorkerPool(1, report, zygote=zygote) as pool:
            ((parent, _, _),) = ask(pool, ["os"])
    assert parent == zygote.pid


def test_a_worker_whose_zygote_is_gone_is_reported_as_ended() -> None:
    lost: dict[int, str] = {}
    with Zygote(()) as zygote, WorkerPool(1, report, zygote=zygote) as pool:
        ask(pool, ["os"])
        os.kill(zygote.pid, signal.SIGKILL)  # nobody can tell how its worker ends now
        pool.run(["die"], timeout=30, on_message=print, on_lost=lost.__setitem__)
    assert lost == {0: "the build process ended before it finished"}


def test_when_the_parent_dies_the_zygote_and_its_workers_end(tmp_path: Path) -> None:
    code = (
        "import os, time\n"
        "from multiprocessing import Pipe\n"
        "from brochure.batch.zygote import Zygote\n"
        "def hang(task):\n"
        "    time.sleep(600)\n"
        "    yield task\n"
        "zygote = Zygote(())\n"
        "ours, theirs = Pipe()\n"
        "child = zygote.fork(theirs, hang)\n"
        "ours.send('busy')\n"
        "print(zygote.pid, child.pid, flush=True)\n"
        "os._exit(0)  # dies without closing anything\n"
    )
    # The output goes to a file: a worker left running would hold a pipe open.
    with (tmp_path / "pids").open("w") as out:
        subprocess.run([sys.executable, "-c", code], stdout=out, check=True)
    pids = [int(pid) for pid in (tmp_path / "pids").read_text().split()]
    deadline = time.monotonic() + 20
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not any(running(pid) for pid in pids), "a busy worker is killed with its zygote"


def test_what_a_worker_prints_is_written_out() -> None:
    code = (
        "import sys\n"
        "from brochure.batch.pool import WorkerPool\n"
        "from brochure.batch.zygote import Zygote\n"
        "def say(task):\n"
        "    print('from the worker')\n"
        "    yield task\n"
        "with Zygote(()) as zygote, WorkerPool(1, say, zygote=zygote) as pool:\n"
        "    pool.run([1], timeout=30, on_message=lambda i, m: None, on_lost=print)\n"
    )
    unbuffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=unbuffered
    )
    assert done.stdout == "from the worker\n"


def test_a_busy_worker_outlives_a_zygote_that_dies_first() -> None:
    done: list[tuple[int, bool, int]] = []
    with Zygote(()) as zygote, WorkerPool(1, report, zygote=zygote) as pool:
        ask(pool, ["os"])  # the worker is forked
        os.kill(zygote.pid, signal.SIGKILL)  # the batch process still talks to its worker
        pool.run(
            ["slow", "os"],
            timeout=30,
            on_message=lambda index, answer: done.append(answer),
            on_lost=lambda index, why: pytest.fail(why),
        )
    assert len(done) == 2
